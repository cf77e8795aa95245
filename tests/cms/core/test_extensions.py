"""The base layer collects what the apps above it declare, naming none of them."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import RequestFactory
from wagtail import hooks

from cms.core.city import portal_name
from cms.core.extensions import (
    HEAD_LINKS,
    HOME_PAGE_SECTIONS,
    declared_permissions,
    page_sections,
    public_content_apps,
)
from cms.core.models import HomePage
from cms.core.site import default_site
from cms.events.wagtail_hooks import calendar_head_link, home_events
from cms.network.access import proposal_index_models
from cms.network.models import UnitPage
from cms.network.presenters import unit_context
from cms.news.wagtail_hooks import unit_news

pytestmark = pytest.mark.django_db


def test_apps_declare_the_content_the_page_cache_watches() -> None:
    assert public_content_apps() >= {
        "core",
        "programmes",
        "indicators",
        "risks",
        "network",
        "news",
        "events",
        "wagtailcore",
        "wagtailimages",
        "wagtaildocs",
    }
    assert "site_search" not in public_content_apps()


def test_apps_declare_what_each_role_gets() -> None:
    admins = declared_permissions("administrator_permissions")
    assert {"indicators.approve_measurement", "risks.change_riskassessment"} <= set(admins)
    assert {"network.add_unit", "auth.add_user", "wagtailadmin.access_admin"} <= set(admins)
    assert "indicators.approve_measurement" not in declared_permissions("unit_group_permissions")
    assert "auth.add_user" not in declared_permissions("editor_permissions")


def test_apps_declare_where_coordinators_propose() -> None:
    labels = {model._meta.label for model in proposal_index_models()}
    assert labels == {"news.NewsIndexPage", "events.EventIndexPage", "network.UnitIndexPage"}


def without_hook(monkeypatch: pytest.MonkeyPatch, removed: Any) -> None:
    """Wagtail's hooks as if the app had not registered ``removed``."""
    registered = hooks.get_hooks
    monkeypatch.setattr(
        hooks, "get_hooks", lambda name: [f for f in registered(name) if f is not removed]
    )


def headings(html: str, ids: list[str]) -> list[str]:
    """Which of the headings ``ids`` the page has, in the page's order."""
    return sorted((i for i in ids if f'id="{i}"' in html), key=lambda i: html.index(f'id="{i}"'))


def test_home_and_unit_pages_get_the_apps_sections(site: dict[str, Any]) -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    home = HomePage.objects.first()
    templates = [s.template for s in page_sections(HOME_PAGE_SECTIONS, home, request)]
    assert templates == [
        "programmes/sections/home_programmes.html",
        "news/sections/home_news.html",
        "events/sections/home_events.html",
    ]
    unit = unit_context(UnitPage.objects.first(), request)
    assert {"coordinators", "tasks"} <= set(unit)
    assert [s.template for s in unit["sections"]] == [
        "news/sections/unit_news.html",
        "events/sections/unit_events.html",
    ]


def test_home_page_renders_each_apps_section_in_order(client: Any, site: dict[str, Any]) -> None:
    html = client.get("/en/").content.decode()
    assert headings(html, ["events-h", "news-h", "programmes-h"]) == [
        "programmes-h",
        "news-h",
        "events-h",
    ]
    assert "No upcoming events." in html


def test_unit_page_renders_each_apps_section_in_order(client: Any, site: dict[str, Any]) -> None:
    html = client.get(UnitPage.objects.get(locale__language_code="en", slug="wydzial-kultury").url)
    text = html.content.decode()
    ids = ["unit-events-h", "unit-news-h", "tasks-h", "coordinators-h"]
    assert headings(text, ids) == ["coordinators-h", "tasks-h", "unit-news-h", "unit-events-h"]
    subscribe = text.index("webcal://")
    assert text.index('id="unit-news-h"') < subscribe < text.index('id="unit-events-h"')
    assert "/calendar/unit/wydzial-kultury" in text[subscribe : text.index('id="unit-events-h"')]


def test_a_removed_hook_removes_its_section(
    client: Any, site: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    without_hook(monkeypatch, home_events)
    without_hook(monkeypatch, unit_news)
    assert headings(client.get("/en/").content.decode(), ["events-h", "news-h"]) == ["news-h"]
    unit = client.get(UnitPage.objects.get(locale__language_code="en", slug="wydzial-kultury").url)
    text = unit.content.decode()
    assert headings(text, ["unit-events-h", "unit-news-h"]) == ["unit-events-h"]


def test_every_page_links_the_site_calendar_through_the_hook(
    client: Any, site: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert calendar_head_link in hooks.get_hooks(HEAD_LINKS)
    portal = portal_name(default_site(), "en")  # the portal's name, never a fixed city's
    link = f'<link rel="alternate" type="text/calendar" title="{portal}: events and deadlines"'
    for url in ("/en/", "/en/search/?q=x"):
        head = client.get(url).content.decode().split("</head>")[0]
        assert link in head
        assert head.split(link)[1].split(">")[0].endswith('/en/calendar/programme.ics"')
    without_hook(monkeypatch, calendar_head_link)
    cache.clear()  # the public pages are cached (cms.core.cache)
    assert "text/calendar" not in client.get("/en/").content.decode().split("</head>")[0]
