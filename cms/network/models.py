"""Units, their coordinators and deputies, and what the units did (activity records).

This is working data people enter as they work; the rules about it come from the
okcore networks (Ordinances 3487/2023 and 351/2026).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.json import KeyTextTransform
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, Site
from wagtail.search import index

from cms.core.delivery import AgreedDelivery
from cms.core.languages import in_language, validate_texts
from cms.core.permissions import SitePermissions
from cms.core.registry import choices_registry, text
from cms.core.stemming import STEMS, StemmedSearch
from cms.network.permissions import (
    MANAGE_SECTIONS,
    UnitIndexPermissionTester,
    UnitSectionPermissionTester,
)
from cms.network.presenters import unit_context

#: Units are listed by their Polish name (SQLite and PostgreSQL alike).
POLISH_NAME = KeyTextTransform("pl", "names")


def validate_names(names: Any) -> None:
    """A name in Polish, and only in the site's languages (settings.LANGUAGES)."""
    validate_texts(names)
    if not str(names.get("pl", "")).strip():
        raise ValidationError(_("Give the name in Polish."))


def network_choices() -> list[tuple[str, str]]:
    return [
        (n.id, text(n.title))
        for n in sorted(choices_registry().networks.values(), key=lambda n: n.id)
    ]


def of_sites_condition(sites: Collection[Site]) -> models.Q:
    """What belongs to these sites, by its ``site``: none means the default site's."""
    mine = models.Q(site_id__in=[site.pk for site in sites])
    if any(site.is_default_site for site in sites):
        mine |= models.Q(site__isnull=True)
    return mine


class UnitQuerySet(models.QuerySet["Unit"]):
    def of_sites(self, sites: Collection[Site]) -> UnitQuerySet:
        """The units of these sites; a unit with no site belongs to the default site."""
        return self.filter(of_sites_condition(sites))

    def of_site(self, site: Site | None) -> UnitQuerySet:
        """The units a site shows (cms.core.city.site_of(request)); none without a site."""
        return self.of_sites([site] if site is not None else [])


class Unit(index.Indexed, models.Model):
    """A department of the City Office or a municipal body (jednostka).

    Its slug is unique in the whole installation, whichever city it serves: feeds and the
    API name a unit by it. ``site`` says which city's site shows it; empty means the
    default site, so a single-city installation (and every unit made before several
    cities were possible) needs no data migration and no choice in the form.
    """

    slug = models.SlugField(_("slug"), unique=True, help_text=_("Stable id, e.g. wydzial-edukacji"))
    code = models.CharField(
        _("code"), max_length=20, blank=True, help_text=_("The office's code, e.g. SZ")
    )
    #: The name in each language, by language code: Polish always, others where known.
    names = models.JSONField(_("names"), default=dict, validators=[validate_names])
    established = models.DateField(_("established"), null=True, blank=True)
    dissolved = models.DateField(
        _("dissolved"), null=True, blank=True, help_text=_("First day it no longer exists")
    )
    contact_public = models.BooleanField(
        _("contact data public"),
        default=False,
        help_text=_(
            "Show the unit's own e-mail and phone to the public (staff always see them). "
            "Coordinators are shown only with their own consent."
        ),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    #: Where the unit's group keeps its images and documents (cms.network.access); a link,
    #: not the name, so a renamed unit keeps its collection.
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("collection"),
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("site"),
        help_text=_("The city's site that shows the unit; empty: the default site"),
    )

    objects = UnitQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("slug"), FieldPanel("code")]),
        FieldPanel("site"),  # cms.network.forms.UnitForm: only where there is a choice
        FieldPanel("names"),
        FieldRowPanel([FieldPanel("established"), FieldPanel("dissolved")]),
        MultiFieldPanel(
            [FieldPanel("contact_public"), FieldPanel("email"), FieldPanel("phone")],
            heading=_("Contact"),
        ),
    ]
    search_fields = [index.SearchField("all_names"), index.SearchField("code")]

    class Meta:
        ordering = [POLISH_NAME]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the current language, else the Polish name."""
        return in_language(self.names, translation.get_language())

    @property
    def all_names(self) -> str:
        """Every language's name, for search: a unit is found by any of them."""
        return " ".join(str(name) for name in self.names.values())

    def shown_on(self) -> Site | None:
        """The site that shows the unit: its own, else the default site."""
        return self.site or Site.objects.filter(is_default_site=True).first()

    def exists_on(self, day: date) -> bool:
        return (self.established is None or self.established <= day) and (
            self.dissolved is None or day < self.dissolved
        )


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("coordinator")
    DEPUTY = "deputy", _("deputy")


class CoordinatorQuerySet(models.QuerySet["Coordinator"]):
    def valid_on(self, day: date) -> CoordinatorQuerySet:
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day),
        )

    def public_contacts(self, day: date) -> CoordinatorQuerySet:
        """Designated on ``day`` and agreed by then to be a public contact point."""
        return self.valid_on(day).filter(public_contact_consent_on__lte=day)


class Coordinator(models.Model):
    """A person a unit head designated, for a network, between two dates.

    Personal data: the public sees a person's name, function, work e-mail and phone only
    while they are designated and have agreed to be a public contact point for NGOs
    (351/2026 §5 pt 1–2: coordinators inform NGOs and answer their questions). Clearing
    the date withdraws the consent; signed-in city staff always see everyone.
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="coordinators", verbose_name=_("unit")
    )
    network = models.CharField(_("network"), max_length=120, choices=network_choices)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    name = models.CharField(_("first name and surname"), max_length=255)
    function = models.CharField(_("position"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True, help_text=_("Last day (inclusive)"))
    public_contact_consent_on = models.DateField(
        _("public contact since"),
        null=True,
        blank=True,
        help_text=_(
            "The day the person agreed to be shown to the public, with their name, function, "
            "work e-mail and phone, as a contact point for NGOs. Empty: not public. "
            "Clear it when they withdraw their consent."
        ),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinator_roles",
        verbose_name=_("account"),
        help_text=_("The person's account on the portal, for their permissions"),
    )

    objects = CoordinatorQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("unit"), FieldPanel("network"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("name"), FieldPanel("function")]),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
        FieldPanel("public_contact_consent_on"),
        FieldPanel("user"),
    ]

    class Meta:
        ordering = [KeyTextTransform("pl", "unit__names"), "network", "role", "-valid_from"]
        verbose_name = _("coordinator")
        verbose_name_plural = _("coordinators and deputies")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()}, {self.unit})"

    def clean(self) -> None:
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The last day is before the first day.")})

    #: The unit as loaded, so that a move to another unit re-provisions both (signals).
    _previous_unit_id: int | None

    @classmethod
    def from_db(
        cls,
        db: str | None,
        field_names: Collection[str],
        values: Collection[Any],
        **kwargs: Any,
    ) -> Coordinator:
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._previous_unit_id = instance.unit_id  # a move to another unit re-provisions both
        return instance


#: The kinds of record the installed networks' obligations name (their data's ``evidence``
#: and ``timing.event``), in the reader's language; a kind a new plugin adds shows its id.
RECORD_KINDS = {
    "contact_data_sent": _("contact data sent"),
    "cooperation_proposals_sent": _("cooperation proposals sent"),
    "grant_statistics_sent": _("grant statistics sent"),
    "open_call_announced": _("open call announced"),
    "open_call_info_sent": _("open call information sent"),
    "reporting_materials_sent": _("reporting materials sent"),
    "sector_meeting_held": _("sector meeting held"),
    "small_grant_funds_reported": _("small grant funds reported"),
}


def record_kind_choices() -> list[tuple[str, str]]:
    kinds: set[str] = set()
    for network in choices_registry().networks.values():
        for obligation in network.obligations:
            if obligation.evidence and obligation.evidence != "designation":
                kinds.add(obligation.evidence)
            event = getattr(obligation.timing, "event", None)
            if event and event not in {"entry_into_force", "coordinator_change"}:
                kinds.add(event)
    return [(kind, str(RECORD_KINDS.get(kind, kind.replace("_", " ")))) for kind in sorted(kinds)]


class ActivityRecord(models.Model):
    """Something a unit did that fulfils an obligation: contact data sent, a meeting held.

    A record counts towards its unit's legal duties. The system makes one when SZ
    acknowledges a unit's delivery (cms.deliveries), naming the obligation and the due date
    it fulfils; SZ may still enter one by hand, with a reason (cms.network.forms). Either
    way it says who entered it and when.
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="records", verbose_name=_("unit")
    )
    network = models.CharField(_("network"), max_length=120, choices=network_choices)
    kind = models.CharField(_("kind"), max_length=80, choices=record_kind_choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    obligation = models.CharField(
        _("obligation"),
        max_length=120,
        blank=True,
        help_text=_("The one obligation it fulfils; empty: every obligation of its kind"),
    )
    due = models.DateField(
        _("fulfils the deadline of"),
        null=True,
        blank=True,
        help_text=_("The due date of the one deadline it fulfils; empty: the earliest open one"),
    )
    reason = models.CharField(
        _("reason"),
        max_length=500,
        blank=True,
        help_text=_("Why the record is entered by hand rather than by acknowledging a delivery"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
    )
    #: Empty for records entered before it was kept.
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True, null=True)

    panels = [
        FieldRowPanel([FieldPanel("unit"), FieldPanel("network")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
        FieldRowPanel([FieldPanel("obligation"), FieldPanel("due")]),
        FieldPanel("reason"),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["-date"]
        verbose_name = _("activity record")
        verbose_name_plural = _("activity records")

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_kind_display()} {self.date}"


class UnitIndexPage(SitePermissions, Page):
    """The list of units taking part in the programme."""

    intro = RichTextField(_("introduction"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["network.UnitPage"]
    max_count_per_parent = 1
    permission_tester_class = UnitIndexPermissionTester

    class Meta:
        verbose_name = _("units page")
        verbose_name_plural = _("units pages")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context["units"] = UnitPage.objects.child_of(self).live().select_related("unit")
        return context


class UnitPageForm(WagtailAdminPageForm):
    """A unit's section names a unit of its own city's site, never another city's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        place = self.parent_page if self.instance._state.adding else self.instance
        site = place.get_site() if place is not None else None
        if "unit" in self.fields and site is not None:
            self.fields["unit"].queryset = Unit.objects.of_site(site)


class UnitPage(StemmedSearch, SitePermissions, AgreedDelivery, Page):
    """A unit's own section: its description, activities and its news below."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="pages", verbose_name=_("unit")
    )
    body = RichTextField(_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        # Whose section it is decides who publishes in it (cms.network.access).
        FieldPanel("unit", permission=MANAGE_SECTIONS),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body"), STEMS]
    parent_page_types = ["network.UnitIndexPage"]
    subpage_types = ["news.NewsPage", "events.EventPage"]
    permission_tester_class = UnitSectionPermissionTester
    base_form_class = UnitPageForm

    class Meta:
        verbose_name = _("unit's section")
        verbose_name_plural = _("units' sections")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context.update(unit_context(self, request))
        return context


class AdminOnly(models.Model):
    """What only the admin shows (the due panel's stored state): writing it keeps the
    public pages' cached copies (cms.core.signals.shown_to_visitors), or every refresh
    of a unit's duties would empty every city's cache."""

    class Meta:
        abstract = True

    def shown_to_visitors(self) -> bool:
        return False


class UnitDutyStamp(AdminOnly):
    """That a unit's current duties (:class:`UnitDuty`) were computed, for which day and
    under which rules (cms.network.duties.rules_version). A change to the unit, its people
    or its records deletes the stamp in the same transaction, so a missing or old stamp
    always means: compute again before showing."""

    unit = models.OneToOneField(
        Unit,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="duty_stamp",
        verbose_name=_("unit"),
    )
    on = models.DateField(_("computed for the day"))
    rules = models.CharField(_("rules version"), max_length=64)

    class Meta:
        verbose_name = _("current duties' stamp")
        verbose_name_plural = _("current duties' stamps")


class UnitDuty(AdminOnly):
    """One row of the due panel, stored: a unit's duty overdue or due within 60 days on the
    day of its unit's stamp, with its texts in every language of the site, so the panel
    reads a few rows instead of computing compliance for every unit (cms.network.duties)."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="duties", verbose_name=_("unit")
    )
    #: The unit's slug, copied: the panel's order within a day (compliance.urgency) read
    #: from an index, not sorted through a join. A unit's save recomputes its rows.
    unit_slug = models.SlugField(_("unit's slug"), db_index=False, default="")
    overdue = models.BooleanField(_("overdue"))
    #: The day it is overdue since or due on: the panel's order after ``overdue``.
    urgency = models.DateField(_("overdue since or due on"))
    source = models.CharField(_("source"), max_length=255)
    due = models.DateField(_("due on"), null=True)
    since = models.DateField(_("overdue since"), null=True)
    open_due = models.DateField(_("open deadline"), null=True)
    basis = models.CharField(_("basis of the date"), max_length=10)
    #: Empty for a programme's dated task.
    network_id = models.CharField(_("network"), max_length=120, blank=True)
    obligation = models.CharField(_("obligation"), max_length=120, blank=True)
    has_form = models.BooleanField(_("has a delivery form"), default=False)
    act_url = models.CharField(_("act's address"), max_length=500, blank=True)
    #: By language code: the texts of cms.network.compliance.DueItem in that language.
    texts = models.JSONField(_("texts by language"), default=dict)

    class Meta:
        indexes = [
            # the panel's most urgent rows in the index's order: it stops after 100
            models.Index(
                fields=["-overdue", "urgency", "unit_slug", "id"], name="unitduty_most_urgent"
            ),
            # per network, the units overdue the longest (SZ's count of who lags)
            models.Index(
                fields=["network_id", "since", "unit"],
                condition=models.Q(overdue=True),
                name="unitduty_lagging",
            ),
        ]
        verbose_name = _("current duty")
        verbose_name_plural = _("current duties")


class DutySummary(AdminOnly):
    """Per site and network, how many duties the site's units have stored, how many of
    those units have something overdue and the few overdue the longest, as the stored
    duties (:class:`UnitDuty`) stand: written in the transaction that writes them
    (cms.network.duties.summarise), so SZ's due panel reads a row per network whether
    20 units answer to SZ or 3,000."""

    #: None: the units without a site (the default site's).
    site = models.ForeignKey(
        "wagtailcore.Site",
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("site"),
    )
    #: Empty: the duties of no network (a programme's task, an act's own deadline).
    network_id = models.CharField(_("network"), max_length=120, blank=True)
    duties = models.PositiveIntegerField(_("duties"))
    lagging = models.PositiveIntegerField(_("units with something overdue"))
    #: ``[unit id, first day overdue (ISO)]`` of those overdue the longest, longest first.
    longest = models.JSONField(_("units overdue the longest"), default=list)

    class Meta:
        verbose_name = _("summary of the duties")
        verbose_name_plural = _("summaries of the duties")
