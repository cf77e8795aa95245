"""Outside their own unit's section coordinators and deputies only propose; only portal
administrators make unit sections (3487/2023 §4 pt 2, 351/2026 §4 ust. 1 pt 2).

Wagtail lets whoever may add pages somewhere delete and move the unpublished pages there;
these tests try each of those doors through the admin URLs, as the person would.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from admin_forms import form_data
from clock import YEAR
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from site_setup import client_for
from wagtail.models import GroupPagePermission, Page, get_page_models

from cms.core.permissions import SitePermissions
from cms.network.access import group_for, provision_unit
from cms.network.models import UnitIndexPage, UnitPage
from cms.news.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db
User = get_user_model()


def draft(parent: Page, title: str, owner: Any = None) -> NewsPage:
    """A page nobody published yet: a proposal being written or waiting in moderation."""
    page = NewsPage(
        title=title, date=date(YEAR, 5, 1), live=False, owner=owner, locale=parent.locale
    )
    parent.add_child(instance=page)
    page.save_revision(user=owner)
    return page


def exists(page: Page) -> bool:
    return Page.objects.filter(pk=page.pk).exists()


def parent_of(page: Page) -> Page:
    return Page.objects.get(pk=page.pk).get_parent()


def refused(response: Any) -> bool:
    """Wagtail answers a refused admin view with a redirect to the dashboard and a message."""
    return response.status_code == 302 and response["Location"] == "/admin/"


@pytest.fixture
def own_section(site: dict[str, Any]) -> UnitPage:
    return UnitPage.objects.get(unit=site["education"], locale__language_code="pl")


@pytest.fixture
def other_section(site: dict[str, Any]) -> UnitPage:
    return site["culture_page"]


@pytest.fixture
def news_index(site: dict[str, Any]) -> NewsIndexPage:
    return NewsIndexPage.objects.get(locale__language_code="pl")


@pytest.mark.parametrize("role", ["coordinator", "deputy"])
def test_coordinator_cannot_delete_another_units_draft(
    role: str, site: dict[str, Any], other_section: UnitPage
) -> None:
    page = draft(other_section, "Szkic Wydziału Kultury")
    client = client_for(role, site)
    assert refused(client.get(f"/admin/pages/{page.pk}/delete/"))
    client.post(f"/admin/pages/{page.pk}/delete/", {})
    assert exists(page)


def test_coordinator_cannot_delete_an_editors_draft_in_programme_news(
    site: dict[str, Any], news_index: NewsIndexPage, make_user: Any
) -> None:
    page = draft(news_index, "Zapowiedź redakcji", owner=make_user("redaktorka", "editors"))
    client = client_for("coordinator", site)
    client.post(f"/admin/pages/{page.pk}/delete/", {})
    client.post("/admin/bulk/wagtailcore/page/delete/?" + f"id={page.pk}&next=/admin/", {})
    assert exists(page)


def test_coordinator_cannot_delete_own_proposal_outside_own_section(
    site: dict[str, Any], news_index: NewsIndexPage
) -> None:
    """Even a proposal of one's own: once it is outside the section it is moderation's."""
    client = client_for("coordinator", site)
    coordinator = User.objects.get(username="coordinator")
    page = draft(news_index, "Moja propozycja", owner=coordinator)
    client.post(f"/admin/pages/{page.pk}/delete/", {})
    assert exists(page)


@pytest.mark.parametrize("role", ["coordinator", "deputy"])
def test_coordinator_cannot_move_another_units_draft_into_own_section(
    role: str, site: dict[str, Any], own_section: UnitPage, other_section: UnitPage
) -> None:
    page = draft(other_section, "Szkic do przeniesienia")
    client = client_for(role, site)
    assert refused(client.get(f"/admin/pages/{page.pk}/move/"))
    client.post(f"/admin/pages/{page.pk}/move/{own_section.pk}/confirm/", {})
    client.post(
        f"/admin/bulk/wagtailcore/page/move/?id={page.pk}&next=/admin/",
        {"chooser": str(own_section.pk)},
    )
    assert parent_of(page).pk == other_section.pk


def test_coordinator_cannot_move_a_news_proposal_into_own_section(
    site: dict[str, Any], own_section: UnitPage, news_index: NewsIndexPage
) -> None:
    page = draft(news_index, "Propozycja w aktualnościach")
    client = client_for("coordinator", site)
    client.post(f"/admin/pages/{page.pk}/move/{own_section.pk}/confirm/", {})
    assert parent_of(page).pk == news_index.pk


def test_coordinator_cannot_move_own_page_out_to_where_they_only_propose(
    site: dict[str, Any], own_section: UnitPage, other_section: UnitPage
) -> None:
    """Moving restructures the site: only between places where one publishes."""
    page = draft(own_section, "Szkic we własnej sekcji")
    client = client_for("coordinator", site)
    client.post(f"/admin/pages/{page.pk}/move/{other_section.pk}/confirm/", {})
    assert parent_of(page).pk == own_section.pk


def test_coordinator_cannot_copy_another_units_draft_into_own_section_to_publish(
    site: dict[str, Any], own_section: UnitPage, other_section: UnitPage
) -> None:
    page = draft(other_section, "Szkic do skopiowania")
    client = client_for("coordinator", site)
    client.post(
        f"/admin/pages/{page.pk}/copy/",
        {
            "new_title": "Kopia",
            "new_slug": "kopia",
            "new_parent_page": str(own_section.pk),
            "publish_copies": "on",
        },
    )
    assert not Page.objects.filter(slug="kopia").exists()


def test_coordinator_still_deletes_and_copies_within_own_section(
    site: dict[str, Any], own_section: UnitPage
) -> None:
    """The rule takes nothing away in the unit's own section."""
    page = draft(own_section, "Szkic do usunięcia")
    client = client_for("coordinator", site)
    client.post(
        f"/admin/pages/{page.pk}/copy/",
        {"new_title": "Kopia", "new_slug": "kopia", "new_parent_page": str(own_section.pk)},
    )
    client.post(f"/admin/pages/{page.pk}/delete/", {})
    assert not exists(page)
    assert Page.objects.child_of(own_section).filter(slug="kopia").exists()


def test_the_admin_offers_no_delete_or_move_outside_own_section(
    site: dict[str, Any], own_section: UnitPage, other_section: UnitPage
) -> None:
    mine = draft(own_section, "Mój szkic")
    theirs = draft(other_section, "Ich szkic")
    client = client_for("coordinator", site)
    own_listing = client.get(f"/admin/pages/{own_section.pk}/").content.decode()
    other_listing = client.get(f"/admin/pages/{other_section.pk}/").content.decode()
    assert f"/admin/pages/{mine.pk}/delete/" in own_listing
    assert f"/admin/pages/{mine.pk}/move/" in own_listing
    assert f"/admin/pages/{theirs.pk}/edit/" in other_listing
    assert f"/admin/pages/{theirs.pk}/delete/" not in other_listing
    assert f"/admin/pages/{theirs.pk}/move/" not in other_listing


@pytest.mark.parametrize("role", ["coordinator", "deputy", "editor"])
def test_only_portal_administrators_add_unit_sections(role: str, site: dict[str, Any]) -> None:
    index = UnitIndexPage.objects.get(locale__language_code="pl")
    client = client_for(role, site)
    add = f"/admin/pages/add/network/unitpage/{index.pk}/"
    assert refused(client.get(add))
    client.post(
        add,
        {
            "title": "Nowa sekcja",
            "slug": "nowa-sekcja",
            "unit": str(site["education"].pk),
            "body": "",
            "action-publish": "1",
        },
    )
    assert not UnitPage.objects.filter(slug="nowa-sekcja").exists()
    assert f"/admin/pages/{index.pk}/add_subpage/" not in (
        client.get(f"/admin/pages/{index.pk}/").content.decode()
    )


def test_portal_administrator_adds_a_unit_section_its_coordinators_publish_in(
    site: dict[str, Any],
) -> None:
    index = UnitIndexPage.objects.get(locale__language_code="pl")
    client = client_for("admin", site)
    add = f"/admin/pages/add/network/unitpage/{index.pk}/"
    response = client.get(add)
    assert response.status_code == 200
    data = form_data(
        response.content.decode(),
        "page-edit-form",
        title="Wydział Edukacji – projekty",
        slug="edukacja-projekty",
        unit=str(site["education"].pk),
        **{"action-publish": "1"},
    )
    client.post(add, data)
    section = UnitPage.objects.get(slug="edukacja-projekty")
    assert section.live
    assert GroupPagePermission.objects.filter(
        group=group_for(site["education"]), page=section, permission__codename="publish_page"
    ).exists()


def test_a_unit_page_a_coordinator_made_grants_no_publish(site: dict[str, Any]) -> None:
    """A section that got in before the rule (or by any other door) is not theirs to publish."""
    client_for("coordinator", site)
    coordinator = User.objects.get(username="coordinator")
    index = UnitIndexPage.objects.get(locale__language_code="pl")
    made = UnitPage(
        title="Sekcja na skróty", slug="na-skroty", unit=site["education"], owner=coordinator
    )
    index.add_child(instance=made)
    provision_unit(site["education"])
    publish = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
    group = group_for(site["education"])
    assert not GroupPagePermission.objects.filter(
        group=group, page=made, permission=publish
    ).exists()
    assert GroupPagePermission.objects.filter(
        group=group, page=site["pages"]["own"]["pl"].get_parent(), permission=publish
    ).exists()


@pytest.mark.parametrize("role", ["coordinator", "editor"])
def test_unit_section_is_not_deleted_by_its_coordinators_or_editors(
    role: str, site: dict[str, Any]
) -> None:
    # Without subpages Wagtail would let whoever publishes in a section delete it.
    section = UnitPage.objects.get(unit=site["education"], locale__language_code="en")
    for child in section.get_children():
        child.delete()
    client = client_for(role, site)
    client.post(f"/admin/pages/{section.pk}/delete/", {})
    assert exists(section)


def test_coordinator_cannot_hand_own_section_to_another_unit(
    site: dict[str, Any], own_section: UnitPage
) -> None:
    client: Client = client_for("coordinator", site)
    html = client.get(f"/admin/pages/{own_section.pk}/edit/").content.decode()
    assert 'name="unit"' not in html
    assert (
        'name="unit"'
        in client_for("admin", site).get(f"/admin/pages/{own_section.pk}/edit/").content.decode()
    )


def test_every_page_type_asks_the_sites_tester() -> None:
    """A page type without the mixin would fall back to Wagtail's looser rules."""
    loose = [m.__name__ for m in get_page_models() if not issubclass(m, SitePermissions)]
    assert loose == ["Page"]
