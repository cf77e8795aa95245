"""The inbox and the due panel on the admin home, its page count kept, and the inbox's
own page."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path
from wagtail.admin.site_summary import PagesSummaryItem

from cms.core.extensions import register_hook
from cms.dashboard import views
from cms.dashboard.inbox import sees_inbox
from cms.dashboard.panels import DuePanel, InboxPanel
from cms.dashboard.summary import KeptPagesSummaryItem


@register_hook("construct_homepage_panels")
def add_panels(request: Any, panels: list[Any]) -> None:
    """SZ's inbox first (InboxPanel.order), then what is due."""
    panels.insert(0, DuePanel(request))
    if sees_inbox(request.user):
        panels.insert(0, InboxPanel(request))


@register_hook("construct_homepage_summary_items", order=1)  # after Wagtail adds its own
def keep_page_count(request: Any, items: list[Any]) -> None:
    """Wagtail's page count replaced by the kept one (cms.dashboard.summary), in its place."""
    items[:] = [
        KeptPagesSummaryItem(request) if type(item) is PagesSummaryItem else item for item in items
    ]


@register_hook("register_admin_urls")
def inbox_urls() -> list[URLPattern]:
    return [path("inbox/", views.inbox_view, name="inbox")]
