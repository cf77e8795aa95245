"""The admin home's page count (cms.dashboard.summary): Wagtail's own figure, counted once
per change of the tree and kept meanwhile."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from factories import UserFactory
from wagtail.admin.site_summary import PagesSummaryItem, SiteSummaryPanel
from wagtail.models import GroupPagePermission, Page

from cms.core.cache import tree_generation
from cms.core.site import default_site, ensure_home
from cms.dashboard.summary import KeptPagesSummaryItem

pytestmark = pytest.mark.django_db


def request_of(user: Any) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def contexts(user: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Wagtail's summary item's context and the kept one's, for the same request."""
    request = request_of(user)
    return (
        PagesSummaryItem(request).get_context_data(None),
        KeptPagesSummaryItem(request).get_context_data(None),
    )


def kept_count(user: Any) -> int:
    theirs, ours = contexts(user)
    assert ours == theirs
    return int(ours["total_pages"])


def child(parent: Page, slug: str, live: bool = True) -> Page:
    page = Page(title=slug, slug=slug, live=live)
    parent.add_child(instance=page)
    return page


def fresh(page: Page) -> Page:
    """The page as stored (a move leaves the instances of its old and new parents stale)."""
    return Page.objects.get(pk=page.pk)


def section_editor(section: Page) -> Any:
    """A user whose explorable root is ``section``: their count is its pages."""
    group = Group.objects.create(name=f"editors of {section.slug}")
    GroupPagePermission.objects.create(
        group=group,
        page=section,
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="add_page"
        ),
    )
    user = UserFactory(username=f"editor-{section.slug}")
    user.groups.add(group)
    return user


@pytest.mark.parametrize("role", ["superuser", "admins"])
def test_the_count_is_wagtails_after_pages_are_added_and_deleted(role: str, make_user: Any) -> None:
    ensure_home()
    user = UserFactory(username="root", is_superuser=True) if role == "superuser" else None
    user = user or make_user("sz", "admins")
    home = default_site().root_page  # type: ignore[union-attr]
    before = kept_count(user)
    draft = child(home, "szkic", live=False)  # never published: counted all the same
    child(draft, "pod-szkicem")
    assert kept_count(user) == before + 2
    draft.delete()
    assert kept_count(user) == before


def test_the_count_follows_a_page_moved_into_and_out_of_the_users_tree() -> None:
    ensure_home()
    home = default_site().root_page  # type: ignore[union-attr]
    section, elsewhere = child(home, "sekcja"), child(home, "gdzie-indziej")
    editor = section_editor(section)
    assert kept_count(editor) == 1
    moved = child(elsewhere, "przenoszona")
    child(moved, "pod-przenoszona")
    assert kept_count(editor) == 1
    moved.move(fresh(section), pos="last-child")
    assert kept_count(editor) == 3
    fresh(moved).move(fresh(elsewhere), pos="last-child")
    assert kept_count(editor) == 1


def test_the_count_is_counted_once_while_the_tree_stands(make_user: Any) -> None:
    ensure_home()
    sz = make_user("sz", "admins")
    kept_count(sz)
    with CaptureQueriesContext(connection) as queries:
        KeptPagesSummaryItem(request_of(sz)).get_context_data(None)
    assert not [q for q in queries if "COUNT(*)" in q["sql"] and "wagtailcore_page" in q["sql"]]


def test_a_page_added_in_a_transaction_moves_the_tree_again_at_commit(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """A count read between the change and its commit (the old tree) is not kept under
    the generation that follows the commit."""
    ensure_home()
    home = default_site().root_page  # type: ignore[union-attr]
    before = tree_generation()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        child(home, "w-transakcji")
        during = tree_generation()
    assert before != during != tree_generation()


def shown_count(client: Any) -> int:
    html = client.get("/admin/").content.decode()
    found = re.search(r'href="/admin/pages/\d+/">\s*([\d,\s\xa0]+)', html)
    assert found is not None, "no page count on the admin home"
    return int(re.sub(r"\D", "", found.group(1)))


def test_the_admin_home_shows_the_kept_count_in_wagtails_place(client: Any, make_user: Any) -> None:
    ensure_home()
    sz = make_user("sz", "admins")
    items = SiteSummaryPanel(request_of(sz)).summary_items
    assert type(items[0]) is KeptPagesSummaryItem
    assert not [item for item in items if type(item) is PagesSummaryItem]
    client.force_login(sz)
    before = shown_count(client)
    assert before == Page.objects.count() - 1  # the tree's root is no page
    child(default_site().root_page, "nowa")  # type: ignore[union-attr]
    assert shown_count(client) == before + 1
