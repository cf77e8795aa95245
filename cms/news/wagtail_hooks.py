"""The latest news on the home page and on a unit's page (cms.core.extensions, cms.network)."""

from __future__ import annotations

from typing import Any

from cms.core.extensions import HOME_PAGE_SECTIONS, PageSection, register_hook
from cms.network.presenters import UNIT_PAGE_SECTIONS
from cms.news.models import NewsPage


@register_hook(HOME_PAGE_SECTIONS)
def home_news(home: Any, request: Any) -> PageSection:
    """The latest news of this home page's site, between the programmes and the events."""
    news = NewsPage.objects.live().descendant_of(home).order_by("-date")[:5]
    return PageSection("news/sections/home_news.html", {"news": news}, order=20)


@register_hook(UNIT_PAGE_SECTIONS)
def unit_news(page: Any, request: Any) -> PageSection:
    """The unit's own news (the items in its section), before its events."""
    news = NewsPage.objects.live().child_of(page).order_by("-date")[:10]
    return PageSection("news/sections/unit_news.html", {"news": news}, order=10)
