"""The home page of each language tree."""

from __future__ import annotations

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

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

    def get_context(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        from cms.events.models import EventPage
        from cms.news.models import NewsPage
        from cms.programmes.models import ProgrammePage

        context = super().get_context(request, *args, **kwargs)
        locale = self.locale
        context["programmes"] = ProgrammePage.objects.live().filter(locale=locale)
        context["news"] = NewsPage.objects.live().filter(locale=locale).order_by("-date")[:5]
        context["events"] = EventPage.objects.live().filter(locale=locale).upcoming()[:5]
        return context
