"""Programme events: meetings, consultations, trainings, festivals, the Ambassador gala."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.core.city import in_site
from cms.core.delivery import AgreedDelivery
from cms.core.permissions import SitePermissions
from cms.core.roles import is_portal_editor_or_administrator
from cms.core.stemming import STEMS, StemmedSearch
from cms.events.links import page_links
from cms.events.occurrences import Schedule, page_occurrences
from cms.network.compliance import units_for
from cms.network.models import Unit


class Category(models.TextChoices):
    COORDINATORS_MEETING = "coordinators-meeting", _("meeting of coordinators")
    CONSULTATION = "consultation", _("consultation")
    TRAINING = "training", _("training")
    FESTIVAL = "festival", _("festival")
    AMBASSADOR_GALA = "ambassador-gala", _("award gala")
    SECTOR_MEETING = "sector-meeting", _("sector meeting for NGOs")
    OTHER = "other", _("other")


class EventStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    TENTATIVE = "tentative", _("tentative")
    CANCELLED = "cancelled", _("cancelled")


class Repeat(models.TextChoices):
    NONE = "", _("does not repeat")
    DAILY = "daily", _("daily")
    WEEKLY = "weekly", _("weekly")
    MONTHLY = "monthly", _("monthly")
    YEARLY = "yearly", _("yearly")


#: The days an event may fall on: a date outside is a typing slip, and no calendar
#: library copes with years near 9999. Documented in docs/calendars.md.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)
#: Bounds of a series, so one event cannot expand into thousands of occurrences.
MAX_REPEAT_COUNT = 500
MAX_REPEAT_YEARS = 10
MAX_REPEAT_INTERVAL = 100


def date_problem(day: date | None) -> str | None:
    """Why a day cannot be an event's date, if it cannot."""
    if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
        return _("Give a date between %(first)s and %(last)s.") % {
            "first": EARLIEST_DATE.isoformat(),
            "last": LATEST_DATE.isoformat(),
        }
    return None


def validate_event_date(day: date) -> None:
    """The bound as a validator, for form fields and the API's query parameters."""
    problem = date_problem(day)
    if problem:
        raise ValidationError(problem)


def last_allowed_repeat(start: date) -> date:
    """The last day a series starting on ``start`` may run until."""
    try:
        return start.replace(year=start.year + MAX_REPEAT_YEARS)
    except ValueError:  # 29 February
        return start.replace(year=start.year + MAX_REPEAT_YEARS, day=28)


def schedule_problems(event: Schedule) -> dict[str, str | Promise]:
    """What is wrong with an event's dates and repetition, by field (a page's, or a feed's
    row of one)."""
    problems: dict[str, str | Promise] = {}
    for field in ("start_date", "end_date", "repeat_until"):
        problem = date_problem(getattr(event, field))
        if problem:
            problems[field] = problem
    if problems:
        return problems
    if event.repeat_until and event.repeat_count:
        problems["repeat_count"] = _("Give an end date or a number of times, not both.")
    if event.end_date and event.end_date < event.start_date:
        problems["end_date"] = _("The event ends before it starts.")
    if event.end_time and not event.start_time:
        problems["start_time"] = _("Give a start time too, or neither.")
    if event.repeat_count and event.repeat_count > MAX_REPEAT_COUNT:
        problems["repeat_count"] = _("At most %(n)d times.") % {"n": MAX_REPEAT_COUNT}
    if event.repeat_interval and event.repeat_interval > MAX_REPEAT_INTERVAL:
        problems["repeat_interval"] = _("At most every %(n)d.") % {"n": MAX_REPEAT_INTERVAL}
    if event.repeat_until and event.repeat_until > (last := last_allowed_repeat(event.start_date)):
        problems["repeat_until"] = _(
            "A series may run at most %(years)d years: until %(last)s at the latest."
        ) % {"years": MAX_REPEAT_YEARS, "last": last.isoformat()}
    if event.repeat_until and event.repeat_until < event.start_date:
        problems["repeat_until"] = _("The series ends before it starts.")
    return problems


#: Fields whose change moves an event in subscribers' calendars (RFC 5545 SEQUENCE).
SCHEDULE_FIELDS = (
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "location",
    "online_url",
    "status",
    "repeat",
    "repeat_interval",
    "repeat_until",
    "repeat_count",
)


class EventQuerySet(PageQuerySet):
    def upcoming(self) -> EventQuerySet:
        upcoming: EventQuerySet = self.filter(start_date__gte=timezone.localdate()).order_by(
            "start_date", "start_time"
        )
        return upcoming


class EventPageForm(WagtailAdminPageForm):
    """Offers only units of the event's own city's site as organiser, and a coordinator
    only their own units, in a list.

    An event shows on its organising unit's page and in that unit's feed, so naming
    another unit would publish there without that unit's say (another city's unit,
    without that city's). A unit of the city saved earlier (by SZ) stays selectable, so
    editing such an event does not fail.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "unit" not in self.fields:
            return
        field = self.fields["unit"]
        place = self.parent_page if self.instance._state.adding else self.instance
        site = place.get_site() if place is not None else None
        field.queryset = Unit.objects.of_site(site)
        user = self.for_user
        if user is None or is_portal_editor_or_administrator(user):
            return
        allowed = Q(pk__in=[unit.pk for unit in units_for(user)])
        if self.instance.unit_id is not None:
            allowed |= Q(pk=self.instance.unit_id)
        field.widget = forms.Select()  # a short list in place of the chooser of every unit
        field.queryset = Unit.objects.of_site(site).filter(allowed)
        field.error_messages["invalid_choice"] = _(
            "Name one of the units you coordinate as the organiser."
        )


class EventIndexPage(SitePermissions, Page):
    intro = RichTextField(_("introduction"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("events page")
        verbose_name_plural = _("events pages")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        # This city's events only: the index's site, every page of it in this language.
        events = in_site(EventPage.objects.live(), self.get_site()).filter(locale=self.locale)
        context["upcoming"] = events.upcoming()
        context["past"] = events.filter(start_date__lt=timezone.localdate()).order_by(
            "-start_date"
        )[:20]
        context["categories"] = [*Category.choices, ("deadline", _("deadlines"))]
        return context


class EventPage(StemmedSearch, SitePermissions, AgreedDelivery, Page):
    """An event; times are wall-clock times in Europe/Warsaw. No time means all day."""

    start_date = models.DateField(_("start date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=255, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    unit = models.ForeignKey(
        "network.Unit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("organising unit"),
    )
    goal = models.CharField(_("programme goal"), max_length=255, blank=True)
    category = models.CharField(
        _("category"), max_length=40, choices=Category.choices, default=Category.OTHER
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.CONFIRMED
    )
    body = RichTextField(_("body"), blank=True)
    repeat = models.CharField(_("repeats"), max_length=10, choices=Repeat.choices, blank=True)
    repeat_interval = models.PositiveSmallIntegerField(
        _("every"), default=1, help_text=_("1 = every day/week/month/year, 2 = every other, …")
    )
    repeat_until = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Last day it may happen")
    )
    repeat_count = models.PositiveSmallIntegerField(
        _("times"), null=True, blank=True, help_text=_("Or: how many times")
    )
    sequence = models.PositiveIntegerField(
        _("version"), default=0, editable=False, help_text=_("iCalendar SEQUENCE")
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    objects = PageManager.from_queryset(EventQuerySet)()
    base_form_class = EventPageForm

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
            ],
            heading=_("When (local time; leave times empty for all-day events)"),
        ),
        FieldRowPanel([FieldPanel("location"), FieldPanel("online_url")]),
        FieldRowPanel([FieldPanel("category"), FieldPanel("status"), FieldPanel("unit")]),
        FieldPanel("goal"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("repeat"), FieldPanel("repeat_interval")]),
                FieldRowPanel([FieldPanel("repeat_until"), FieldPanel("repeat_count")]),
                InlinePanel("cancellations", label=_("Cancelled dates")),
                InlinePanel("moves", label=_("Moved dates")),
            ],
            heading=_("Repeating"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.SearchField("location"),
        STEMS,
    ]
    parent_page_types = ["events.EventIndexPage", "network.UnitPage"]
    subpage_types: list[str] = []

    @property
    def all_day(self) -> bool:
        return self.start_time is None

    def clean(self) -> None:
        super().clean()
        problems = self.schedule_problems()
        if problems:
            raise ValidationError(problems)

    def schedule_problems(self) -> dict[str, str | Promise]:
        """What is wrong with the dates and repetition, by field; feeds leave such events out."""
        return schedule_problems(self)

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Count changes of time or place, so calendar apps update their copies."""
        if self.pk:
            before = EventPage.objects.filter(pk=self.pk).values(*SCHEDULE_FIELDS).first()
            if before and any(before[f] != getattr(self, f) for f in SCHEDULE_FIELDS):
                self.sequence += 1
        super().save(*args, **kwargs)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context["occurrences"] = page_occurrences(self)
        context["cancelled_dates"] = [c.date for c in self.cancellations.all()]
        context["add_links"] = page_links(self, context["occurrences"], request)
        return context


class EventCancellation(Orderable):
    """One occurrence of a repeating event that will not take place."""

    page = ParentalKey(
        EventPage, on_delete=models.CASCADE, related_name="cancellations", verbose_name=_("event")
    )
    date = models.DateField(_("date"))

    panels = [FieldPanel("date")]

    class Meta(Orderable.Meta):
        verbose_name = _("cancelled occurrence")
        verbose_name_plural = _("cancelled occurrences")

    def clean(self) -> None:
        super().clean()
        problem = date_problem(self.date)
        if problem:
            raise ValidationError({"date": problem})


class EventMove(Orderable):
    """One occurrence of a repeating event held on another day or at another time."""

    page = ParentalKey(
        EventPage, on_delete=models.CASCADE, related_name="moves", verbose_name=_("event")
    )
    original_date = models.DateField(_("original date"))
    new_date = models.DateField(_("new date"))
    new_start_time = models.TimeField(_("new start time"), null=True, blank=True)
    new_end_time = models.TimeField(_("new end time"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("original_date"), FieldPanel("new_date")]),
        FieldRowPanel([FieldPanel("new_start_time"), FieldPanel("new_end_time")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("moved occurrence")
        verbose_name_plural = _("moved occurrences")

    def clean(self) -> None:
        super().clean()
        problems = {
            field: problem
            for field in ("original_date", "new_date")
            if (problem := date_problem(getattr(self, field)))
        }
        if problems:
            raise ValidationError(problems)


class EventTextQuerySet(models.QuerySet["EventText"]):
    def forget(self) -> int:
        """Delete these texts in one query, however many: ``delete()`` would load every
        row first, because a receiver of every model's deletion exists
        (cms.core.signals.content_changed), and a text derived from a page needs none."""
        return self._raw_delete(self.db)


class EventText(models.Model):
    """An event page's published version written as iCalendar, for a feed in one language
    with UIDs in one domain: a feed from an empty cache joins these instead of writing
    every event (docs/calendars.md).

    Written from the page's row, which holds the live version (a draft lives in its
    revisions), when the page is published; ``published_at``, ``sequence`` and
    ``url_path`` say which publication at which address it was written from, ``writer``
    by which code, and a feed rewrites a text that differs from its page or the code in any.
    """

    page = models.ForeignKey(
        EventPage, on_delete=models.CASCADE, related_name="texts", verbose_name=_("event")
    )
    language = models.CharField(_("language"), max_length=16)
    domain = models.CharField(_("UID domain"), max_length=255)
    published_at = models.DateTimeField(_("published at"), null=True)
    sequence = models.PositiveIntegerField(_("sequence"))
    #: The page's path when written: a move or a new slug above it changes the event's
    #: address without a publish (Wagtail rewrites the descendants' paths in bulk).
    url_path = models.TextField(_("page's path"))
    #: The version of the code that wrote it (cms.events.feeds.WRITER).
    writer = models.CharField(_("writer's version"), max_length=64)
    #: The last day the event may happen: a feed reads no text of an event long past.
    last_day = models.DateField(_("last day"))
    year = models.PositiveSmallIntegerField(_("year"))
    #: The TZID the text's times refer to; empty for an all-day event.
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    text = models.TextField(_("iCalendar text"))

    objects = EventTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("event's calendar text")
        verbose_name_plural = _("events' calendar texts")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language", "domain"], name="events_one_text_per_feed_kind"
            )
        ]

    def shown_to_visitors(self) -> bool:
        """Derived from a published page, whose publication already refreshes cached feeds."""
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """An unguessable key to a person's private feed of their units' deadlines and events."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
        verbose_name=_("user"),
    )
    token = models.CharField(
        _("key"), max_length=64, unique=True, default=new_token, editable=False
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed key")
        verbose_name_plural = _("calendar feed keys")

    def __str__(self) -> str:
        return f"{self.user} ({'revoked' if self.revoked_at else 'active'})"
