"""The home page of each language tree."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.core.extensions import HOME_PAGE_SECTIONS, page_sections
from cms.core.permissions import SitePermissions


class HomePage(SitePermissions, Page):
    """The start page of the portal in one language; programmes, news and events hang below."""

    intro = RichTextField(blank=True, help_text="Shown under the title on the home page.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types = [
        "programmes.ProgrammePage",
        "news.NewsIndexPage",
        "events.EventIndexPage",
        "network.UnitIndexPage",
    ]
    max_count_per_parent = 1

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The page's own context and the sections the feature apps add (cms.core.extensions)."""
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context["sections"] = page_sections(HOME_PAGE_SECTIONS, self, request)
        return context
