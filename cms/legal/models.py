"""The accessibility statement and the privacy notice: one of each below every home page.

The statement follows the structure the act of 4 April 2019 on the digital accessibility
of public bodies' websites and mobile applications (Dz.U. 2019 poz. 848, "the act")
requires, art. 10, in the layout of the minister's template published in the BIP
("Wzór deklaracji dostępności"): the body and the site, the dates of publication and of
the last major update, the status of compliance, the content that is not accessible and
why (art. 8: a disproportionate burden; art. 3 ust. 2: outside the act), the date the
statement was prepared and last reviewed and how (self-assessment), the contact, and the
request and complaint procedure of art. 18 with the Rzecznik Praw Obywatelskich. The
procedure's wording is fixed by the act and kept in the template, in every language; the
editors fill in what is the city's own.

The privacy notice gives what GDPR art. 13 requires where the site collects personal data:
the portal publishes the contact details of coordinators only with their recorded consent
(GDPR art. 6 ust. 1 lit. a).

A field left empty shows the city's settings (contact) or the template's standard text.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.core.permissions import SitePermissions
from cms.core.stemming import STEMS, StemmedSearch


class Compliance(models.TextChoices):
    """Art. 10 ust. 1 pkt 1 with the template's three wordings."""

    COMPLIANT = "compliant", _("compliant")
    PARTIAL = "partial", _("partially compliant")
    NOT_COMPLIANT = "not-compliant", _("not compliant")


class Reason(models.TextChoices):
    """Why content is not accessible: art. 8 ust. 1 (a disproportionate burden, after the
    analysis art. 8 ust. 2 requires) or art. 3 ust. 2 (content the act does not cover)."""

    BURDEN = "burden", _("disproportionate burden (art. 8 of the act)")
    EXCLUDED = "excluded", _("outside the act's scope (art. 3 ust. 2 of the act)")
    NOT_YET = "not-yet", _("not yet made accessible")


class Method(models.TextChoices):
    SELF = "self", _("self-assessment by the public body")
    EXTERNAL = "external", _("assessment by an external party")


class InaccessibleBlock(blocks.StructBlock):
    """One piece of content that is not accessible, why, and how to get it otherwise."""

    content = blocks.CharBlock(label=_("content"), max_length=500)
    reason = blocks.ChoiceBlock(choices=Reason.choices, label=_("reason"))
    alternative = blocks.CharBlock(label=_("alternative access"), required=False, max_length=500)

    class Meta:
        icon = "warning"
        label = _("content that is not accessible")


def _today() -> date:
    return timezone.localdate()


class OnePerHome(StemmedSearch, SitePermissions, Page):
    """One page of the type below each home page (a site in one language): the admin
    offers no second (``max_count_per_parent``), and saving one elsewhere is refused."""

    max_count_per_parent = 1

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if not self.path:
            return
        siblings = type(self).objects.sibling_of(self, inclusive=False).exclude(pk=self.pk)
        if siblings.exists():
            raise ValidationError(
                _("This home page already has a %(type)s: edit that one.")
                % {"type": self._meta.verbose_name}
            )


class AccessibilityStatementPage(OnePerHome):
    """The site's accessibility statement (deklaracja dostępności), art. 10 of the act."""

    body_name = models.CharField(
        _("public body"),
        max_length=255,
        blank=True,
        help_text=_("Who is bound by the act, e.g. the city's office. Empty: the portal's name."),
    )
    published_on = models.DateField(_("site published on"), default=_today)
    updated_on = models.DateField(_("last major update of the site"), default=_today)
    compliance = models.CharField(
        _("status of compliance"),
        max_length=20,
        choices=Compliance.choices,
        default=Compliance.PARTIAL,
    )
    inaccessible = StreamField(
        [("item", InaccessibleBlock())],
        blank=True,
        verbose_name=_("content that is not accessible"),
        help_text=_(
            "Each piece of content that is not accessible and why. Required unless compliant."
        ),
    )
    burden_analysis = models.URLField(
        _("analysis of the disproportionate burden"),
        blank=True,
        help_text=_("The address of the analysis art. 8 ust. 2 requires, if a burden is cited."),
    )
    prepared_on = models.DateField(_("statement prepared on"), default=_today)
    reviewed_on = models.DateField(
        _("statement last reviewed on"),
        default=_today,
        help_text=_("Review and update the statement at least once a year, by 31 March."),
    )
    method = models.CharField(
        _("assessment method"), max_length=20, choices=Method.choices, default=Method.SELF
    )
    assessor = models.CharField(
        _("external assessor"),
        max_length=255,
        blank=True,
        help_text=_("Only for an external assessment."),
    )
    keyboard_shortcuts = RichTextField(
        _("keyboard shortcuts"), blank=True, help_text=_("Empty: the standard text.")
    )
    contact_person = models.CharField(_("contact person"), max_length=255, blank=True)
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("Empty: the city's accessibility contact.")
    )
    contact_phone = models.CharField(
        _("contact phone"), max_length=40, blank=True, help_text=_("Empty: the city's phone.")
    )
    architecture = RichTextField(
        _("architectural accessibility"),
        blank=True,
        help_text=_("The office's entrances, lifts, toilets, parking, assistance dogs."),
    )
    sign_language = RichTextField(_("sign language interpreter"), blank=True)
    mobile_apps = RichTextField(
        _("mobile applications"), blank=True, help_text=_("Empty: the body publishes none.")
    )
    additional = RichTextField(_("additional information"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("body_name"),
                FieldRowPanel([FieldPanel("published_on"), FieldPanel("updated_on")]),
            ],
            heading=_("The site"),
        ),
        MultiFieldPanel(
            [FieldPanel("compliance"), FieldPanel("inaccessible"), FieldPanel("burden_analysis")],
            heading=_("Status of compliance"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("prepared_on"), FieldPanel("reviewed_on")]),
                FieldRowPanel([FieldPanel("method"), FieldPanel("assessor")]),
            ],
            heading=_("Preparation of the statement"),
        ),
        FieldPanel("keyboard_shortcuts"),
        MultiFieldPanel(
            [
                FieldPanel("contact_person"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
            ],
            heading=_("Feedback and contact"),
        ),
        FieldPanel("architecture"),
        FieldPanel("sign_language"),
        FieldPanel("mobile_apps"),
        FieldPanel("additional"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("additional"), STEMS]
    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []

    def inaccessible_items(self) -> list[tuple[str, str, str]]:
        """(content, reason in the active language, alternative access) of each entry."""
        reasons = dict(Reason.choices)
        return [
            (
                block.value["content"],
                str(reasons.get(block.value["reason"], "")),
                block.value.get("alternative") or "",
            )
            for block in self.inaccessible
        ]

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")


class PrivacyNoticePage(OnePerHome):
    """What GDPR art. 13 requires the site to tell about the personal data it publishes."""

    controller = models.TextField(
        _("controller"),
        max_length=1000,
        blank=True,
        help_text=_("Who decides on the data: name and address. Empty: the portal's contact."),
    )
    dpo_email = models.EmailField(_("data protection officer's e-mail"), blank=True)
    dpo_address = models.CharField(
        _("data protection officer's address"), max_length=255, blank=True
    )
    purposes = RichTextField(
        _("purposes and legal basis"), blank=True, help_text=_("Empty: the standard text.")
    )
    retention = RichTextField(
        _("how long the data are kept"), blank=True, help_text=_("Empty: the standard text.")
    )
    recipients = RichTextField(_("recipients"), blank=True)
    additional = RichTextField(_("additional information"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("controller"),
        FieldRowPanel([FieldPanel("dpo_email"), FieldPanel("dpo_address")]),
        FieldPanel("purposes"),
        FieldPanel("retention"),
        FieldPanel("recipients"),
        FieldPanel("additional"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("additional"), STEMS]
    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
