"""The admin's "My calendar feed" page, where coordinators get or revoke their private feed;
the upcoming events on the home page and on a unit's page."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem

from cms.core.extensions import HOME_PAGE_CONTEXT, register_hook
from cms.events import views
from cms.events.models import EventPage
from cms.network.presenters import UNIT_PAGE_CONTEXT


@register_hook("register_admin_urls")
def calendar_urls() -> list[URLPattern]:
    return [path("my-calendar/", views.my_calendar, name="my_calendar")]


@register_hook("register_admin_menu_item")
def calendar_menu_item() -> MenuItem:
    return MenuItem(_("My calendar feed"), reverse("my_calendar"), icon_name="date", order=900)


@register_hook(HOME_PAGE_CONTEXT)
def home_events(home: Any, request: Any) -> dict[str, Any]:
    return {"events": EventPage.objects.live().filter(locale=home.locale).upcoming()[:5]}


@register_hook(UNIT_PAGE_CONTEXT)
def unit_events(page: Any, request: Any) -> dict[str, Any]:
    """The events the unit organises, wherever they are filed, in the page's language."""
    events = EventPage.objects.live().filter(unit=page.unit, locale=page.locale)
    return {"events": events.upcoming()[:10]}
