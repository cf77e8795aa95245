"""News items: the programme's news, and each unit's news in its own section."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.core.city import in_site
from cms.core.delivery import AgreedDelivery
from cms.core.permissions import SitePermissions
from cms.core.stemming import STEMS, StemmedSearch
from cms.network.models import Unit, UnitPage


class NewsIndexPage(SitePermissions, Page):
    intro = RichTextField(_("introduction"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index page")
        verbose_name_plural = _("news index pages")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        # This city's news only (its site's trees), and none a login restricts.
        news = in_site(NewsPage.objects.live().public(), self.get_site())
        context["items"] = news.filter(locale=self.locale).order_by("-date")
        return context


class NewsPage(StemmedSearch, SitePermissions, AgreedDelivery, Page):
    """A news item; under a unit's page it belongs to that unit's section."""

    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.CharField(_("lead"), max_length=300, blank=True)
    body = RichTextField(_("body"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        STEMS,
    ]
    parent_page_types = ["news.NewsIndexPage", "network.UnitPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    @property
    def unit(self) -> Unit | None:
        parent = self.get_parent().specific
        return parent.unit if isinstance(parent, UnitPage) else None
