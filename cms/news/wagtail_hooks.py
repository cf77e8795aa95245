"""The latest news on the home page and on a unit's page (cms.core.extensions, cms.network)."""

from __future__ import annotations

from typing import Any

from cms.core.extensions import HOME_PAGE_CONTEXT, register_hook
from cms.network.presenters import UNIT_PAGE_CONTEXT
from cms.news.models import NewsPage


@register_hook(HOME_PAGE_CONTEXT)
def home_news(home: Any, request: Any) -> dict[str, Any]:
    return {"news": NewsPage.objects.live().filter(locale=home.locale).order_by("-date")[:5]}


@register_hook(UNIT_PAGE_CONTEXT)
def unit_news(page: Any, request: Any) -> dict[str, Any]:
    """The unit's own news: the items in its section."""
    return {"news": NewsPage.objects.live().child_of(page).order_by("-date")[:10]}
