"""Programme events: meetings, consultations, trainings, festivals, the Ambassador gala."""

from __future__ import annotations

from datetime import datetime, time

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index


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


class EventQuerySet(PageQuerySet):
    def upcoming(self) -> EventQuerySet:
        return self.filter(start_date__gte=timezone.localdate()).order_by(
            "start_date", "start_time"
        )


class EventIndexPage(Page):
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
        return context


class EventPage(Page):
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
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body"), index.SearchField("location")]
    parent_page_types = ["events.EventIndexPage", "network.UnitPage"]
    subpage_types: list[str] = []

    @property
    def all_day(self) -> bool:
        return self.start_time is None

    @property
    def starts(self) -> datetime:
        return datetime.combine(self.start_date, self.start_time or time())
