"""The home page of each language tree, each city's settings (one per Wagtail Site), and the
generations of the data that readers keep what they computed from."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.core.extensions import HOME_PAGE_SECTIONS, page_sections
from cms.core.languages import PerLanguageField, validate_texts
from cms.core.permissions import SitePermissions
from cms.core.stemming import STEMS, StemmedSearch


class HomePage(StemmedSearch, SitePermissions, Page):
    """The start page of the portal in one language; programmes, news and events hang below."""

    intro = RichTextField(
        _("introduction"), blank=True, help_text=_("Shown under the title on the home page.")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), STEMS]
    subpage_types = [
        "programmes.ProgrammePage",
        "news.NewsIndexPage",
        "events.EventIndexPage",
        "network.UnitIndexPage",
        "legal.AccessibilityStatementPage",
        "legal.PrivacyNoticePage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The page's own context and the sections the feature apps add (cms.core.extensions)."""
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context["sections"] = page_sections(HOME_PAGE_SECTIONS, self, request)
        return context


class CitySettingsForm(WagtailAdminModelForm):
    """The texts as one box per language of the site."""

    city = PerLanguageField(label=_("city"))
    portal_name = PerLanguageField(label=_("portal name"))
    footer = PerLanguageField(label=_("footer text"), max_length=1000)


#: A host name (letters, digits, hyphens, dots): what follows "@" in calendar UIDs.
DOMAIN = RegexValidator(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",
    _("Give a domain name in lower case, e.g. portal.example.org."),
)


@register_setting(icon="site")
class CitySettings(BaseSiteSetting):
    """Who runs this site: everything the portal says about its city.

    Each text left empty has a default from the installed programmes (cms.core.city), so
    a city that installs only its own plugin sees its own name without filling this in.
    """

    city = models.JSONField(
        _("city"),
        default=dict,
        blank=True,
        validators=[validate_texts],
        help_text=_(
            "The city's name in each language. The programmes whose data name this city "
            "are shown on this site. Empty: taken from the programmes."
        ),
    )
    portal_name = models.JSONField(
        _("portal name"),
        default=dict,
        blank=True,
        validators=[validate_texts],
        help_text=_("In page titles, the header and calendar names. Empty: the programme's name."),
    )
    footer = models.JSONField(
        _("footer text"), default=dict, blank=True, validators=[validate_texts]
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_address = models.CharField(_("contact address"), max_length=255, blank=True)
    accessibility_contact = models.EmailField(
        _("accessibility contact"),
        blank=True,
        help_text=_(
            "Where people report content they cannot access (the accessibility statement "
            "names it). Empty: the contact e-mail."
        ),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    uid_domain = models.CharField(
        _("calendar UID domain"),
        max_length=253,
        blank=True,
        validators=[DOMAIN],
        help_text=_(
            "Ends every calendar event's UID. Keep it fixed once feeds are public, or "
            "subscribers get every event twice. Empty: the site's host name."
        ),
    )

    base_form_class = CitySettingsForm
    panels = [
        FieldPanel("city"),
        FieldPanel("portal_name"),
        FieldPanel("logo"),
        FieldPanel("footer"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                FieldPanel("contact_address"),
                FieldPanel("accessibility_contact"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("uid_domain"),
    ]

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("city settings")

    def clean(self) -> None:
        """A city's name belongs to one site: a second site naming it would silently show
        nothing of it (its programmes go to the site with the lower id, cms.core.city)."""
        super().clean()
        texts = self.city if isinstance(self.city, dict) else {}
        mine = {str(name).strip().casefold() for name in texts.values() if str(name).strip()}
        if not mine:
            return
        others = CitySettings.objects.exclude(site_id=self.site_id).select_related("site")
        for other in others.order_by("site_id"):
            for name in other.city.values() if isinstance(other.city, dict) else ():
                if str(name).strip().casefold() in mine:
                    raise ValidationError(
                        {
                            "city": _(
                                "The site %(site)s already names the city %(city)s: a city "
                                "belongs to one site. Correct the name here or in that "
                                "site's city settings."
                            )
                            % {"site": other.site.hostname, "city": str(name).strip()}
                        }
                    )


class Generation(models.Model):
    """A number the database moves, never back, in the transaction of every change of some
    data (``name`` says which). Readers that keep what they computed from that data (the
    API's indicators, the programme pages' parts) name it in their key: a new state never
    gets an earlier state's key, whatever the clock says or whichever rows a change leaves
    (a deletion and an approval can restore a count, a sum of ids and a latest time)."""

    name = models.CharField(_("data"), max_length=50, primary_key=True)
    value = models.PositiveBigIntegerField(_("value"), default=0)

    class Meta:
        verbose_name = _("generation")
        verbose_name_plural = _("generations")

    @classmethod
    def move(cls, name: str) -> None:
        """One step on, in the caller's transaction (readers see it with the change, or, in
        autocommit, just after it: never before), or in its own; the row comes with the
        first step. Call it after the change, from post_save or post_delete."""
        with transaction.atomic():
            if not cls.objects.filter(name=name).update(value=F("value") + 1):
                cls.objects.get_or_create(name=name)
                cls.objects.filter(name=name).update(value=F("value") + 1)
