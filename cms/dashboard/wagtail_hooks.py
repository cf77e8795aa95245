"""The inbox and the due panel on the admin home, and the inbox's own page."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path

from cms.core.extensions import register_hook
from cms.dashboard import views
from cms.dashboard.inbox import sees_inbox
from cms.dashboard.panels import DuePanel, InboxPanel


@register_hook("construct_homepage_panels")
def add_panels(request: Any, panels: list[Any]) -> None:
    """SZ's inbox first (InboxPanel.order), then what is due."""
    panels.insert(0, DuePanel(request))
    if sees_inbox(request.user):
        panels.insert(0, InboxPanel(request))


@register_hook("register_admin_urls")
def inbox_urls() -> list[URLPattern]:
    return [path("inbox/", views.inbox_view, name="inbox")]
