"""The base layer collects what the apps above it declare, naming none of them."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from cms.core.extensions import declared_permissions, home_page_context, public_content_apps
from cms.core.models import HomePage
from cms.network.access import proposal_index_models
from cms.network.models import UnitPage
from cms.network.presenters import unit_context

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


def test_home_and_unit_pages_get_the_apps_lists(site: dict[str, Any]) -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    home = HomePage.objects.first()
    assert {"programmes", "news", "events"} <= set(home_page_context(home, request))
    section = UnitPage.objects.first()
    assert {"news", "events", "coordinators", "tasks"} <= set(unit_context(section, request))
