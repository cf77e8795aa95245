"""Programme events: meetings, consultations, trainings, festivals, the Ambassador gala."""

from __future__ import annotations

import secrets
from datetime import datetime, time

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cms.core.permissions import SitePermissions


class Category(models.TextChoices):
    COORDINATORS_MEETING = "coordinators-meeting", _("meeting of coordinators")
    CONSULTATION = "consultation", _("consultation")
    TRAINING = "training", _("training")
    FESTIVAL = "festival", _("festival")
    AMBASSADOR_GALA = "ambassador-gala", _("gala of the Kraków Ambassador of Multiculturalism")
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
        return self.filter(start_date__gte=timezone.localdate()).order_by(
            "start_date", "start_time"
        )


class EventIndexPage(SitePermissions, Page):
    intro = RichTextField(blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context(request, *args, **kwargs)
        events = EventPage.objects.live().filter(locale=self.locale)
        context["upcoming"] = events.upcoming()
        context["past"] = events.filter(start_date__lt=timezone.localdate()).order_by(
            "-start_date"
        )[:20]
        context["categories"] = [*Category.choices, ("deadline", _("deadlines"))]
        return context


class EventPage(SitePermissions, Page):
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
    task = models.CharField(_("programme task"), max_length=255, blank=True)
    category = models.CharField(
        _("category"), max_length=40, choices=Category.choices, default=Category.OTHER
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.CONFIRMED
    )
    body = RichTextField(blank=True)
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
        default=0, editable=False, help_text="iCalendar SEQUENCE"
    )

    objects = PageManager.from_queryset(EventQuerySet)()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
            ],
            heading=_("When (Kraków time; leave times empty for all-day events)"),
        ),
        FieldRowPanel([FieldPanel("location"), FieldPanel("online_url")]),
        FieldRowPanel([FieldPanel("category"), FieldPanel("status"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("goal"), FieldPanel("task")]),
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
    search_fields = [*Page.search_fields, index.SearchField("body"), index.SearchField("location")]
    parent_page_types = ["events.EventIndexPage", "network.UnitPage"]
    subpage_types: list[str] = []

    @property
    def all_day(self) -> bool:
        return self.start_time is None

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if self.repeat_until and self.repeat_count:
            raise ValidationError(
                {"repeat_count": _("Give an end date or a number of times, not both.")}
            )
        if self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The event ends before it starts.")})
        if self.end_time and not self.start_time:
            raise ValidationError({"start_time": _("Give a start time too, or neither.")})

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        """Count changes of time or place, so calendar apps update their copies."""
        if self.pk:
            before = EventPage.objects.filter(pk=self.pk).values(*SCHEDULE_FIELDS).first()
            if before and any(before[f] != getattr(self, f) for f in SCHEDULE_FIELDS):
                self.sequence += 1
        return super().save(*args, **kwargs)

    @property
    def starts(self) -> datetime:
        return datetime.combine(self.start_date, self.start_time or time())

    def get_context(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        from cms.events.feeds import page_occurrences

        context = super().get_context(request, *args, **kwargs)
        context["occurrences"] = page_occurrences(self)
        context["cancelled_dates"] = [c.date for c in self.cancellations.all()]
        return context


class EventCancellation(Orderable):
    """One occurrence of a repeating event that will not take place."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="cancellations")
    date = models.DateField(_("date"))

    panels = [FieldPanel("date")]


class EventMove(Orderable):
    """One occurrence of a repeating event held on another day or at another time."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="moves")
    original_date = models.DateField(_("original date"))
    new_date = models.DateField(_("new date"))
    new_start_time = models.TimeField(_("new start time"), null=True, blank=True)
    new_end_time = models.TimeField(_("new end time"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("original_date"), FieldPanel("new_date")]),
        FieldRowPanel([FieldPanel("new_start_time"), FieldPanel("new_end_time")]),
    ]


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """An unguessable key to a person's private feed of their units' deadlines and events."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({'revoked' if self.revoked_at else 'active'})"
