"""The admin's "My calendar feed" page, where coordinators get or revoke their private feed;
the upcoming events on the home page and on a unit's page (with the unit's calendar); the
site-wide calendar's link in every page's head."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem

from cms.core.city import in_site
from cms.core.extensions import HEAD_LINKS, HOME_PAGE_SECTIONS, PageSection, register_hook
from cms.events import views
from cms.events.feeds import site_feed_title
from cms.events.models import EventPage
from cms.network.presenters import UNIT_PAGE_SECTIONS


@register_hook("register_admin_urls")
def calendar_urls() -> list[URLPattern]:
    return [path("my-calendar/", views.my_calendar, name="my_calendar")]


@register_hook("register_admin_menu_item")
def calendar_menu_item() -> MenuItem:
    return MenuItem(_("My calendar feed"), reverse("my_calendar"), icon_name="date", order=900)


@register_hook(HEAD_LINKS)
def calendar_head_link(request: Any, page: Any) -> SafeString:
    """The site-wide calendar (events and deadlines), for browsers and calendar apps."""
    return format_html(
        '<link rel="alternate" type="text/calendar" title="{}" href="{}">',
        site_feed_title(request),
        request.build_absolute_uri(reverse("calendar_programme")),
    )


@register_hook(HOME_PAGE_SECTIONS)
def home_events(home: Any, request: Any) -> PageSection:
    """The next events of this home page's site in its language, after the programmes and
    the news."""
    events = EventPage.objects.live().descendant_of(home).filter(locale=home.locale)
    events = events.upcoming()[:5]
    return PageSection("events/sections/home_events.html", {"events": events}, order=30)


@register_hook(UNIT_PAGE_SECTIONS)
def unit_events(page: Any, request: Any) -> PageSection:
    """The unit's calendar and the events it organises, wherever they are filed on the
    page's site (another city's site may name the unit: not here), in the page's language;
    after its news."""
    events = EventPage.objects.live().filter(unit=page.unit, locale=page.locale)
    events = in_site(events, page.get_site())
    return PageSection(
        "events/sections/unit_events.html", {"events": events.upcoming()[:10]}, order=20
    )
