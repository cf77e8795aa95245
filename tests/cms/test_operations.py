"""Running a site: setting it up, SQLite under editors, login lock-out (demo: tests/cms/demo)."""

from __future__ import annotations

import io
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import OperationalError, connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import override_settings
from wagtail.models import (
    GroupPagePermission,
    Locale,
    Page,
    PageLogEntry,
    Revision,
    Site,
    Task,
    Workflow,
    WorkflowPage,
)

from cms.core.models import HomePage
from cms.events.models import EventIndexPage
from cms.network.models import Unit, UnitIndexPage
from cms.news.models import NewsIndexPage

REPO = Path(__file__).resolve().parents[2]
LANGUAGES = {"pl", "en", "uk"}
INDEXES = (NewsIndexPage, EventIndexPage, UnitIndexPage)


# okcore_setup ------------------------------------------------------------------------


def _empty_site() -> None:
    """The database as ``migrate`` leaves it: no pages of ours, locales, groups or workflow."""
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    Locale.objects.exclude(pk=root.locale_id).delete()  # migrate makes the default one
    Group.objects.all().delete()
    WorkflowPage.objects.all().delete()
    Workflow.objects.all().delete()
    Task.objects.all().delete()


def _state() -> tuple[Any, ...]:
    return (
        sorted(Page.objects.values_list("id", "latest_revision_id", "live", "show_in_menus")),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        sorted(Group.objects.values_list("name", "permissions")),
        GroupPagePermission.objects.count(),
        sorted(WorkflowPage.objects.values_list("page_id", "workflow_id")),
        Locale.objects.count(),
        sorted(Site.objects.values_list("root_page_id", "is_default_site")),
        Task.objects.count(),
    )


@pytest.mark.django_db
def test_okcore_setup_makes_a_site_ready_for_its_first_login() -> None:
    _empty_site()
    call_command("okcore_setup", stdout=io.StringIO())

    assert set(Locale.objects.values_list("language_code", flat=True)) == LANGUAGES
    workflow = Workflow.objects.get(active=True)
    for home in HomePage.objects.live():
        for model in INDEXES:
            index = model.objects.child_of(home).live().get()
            assert index.show_in_menus
        assert home.get_workflow() == workflow
    homes = HomePage.objects.all()
    assert {home.locale.language_code for home in homes} == LANGUAGES
    assert Site.objects.get(is_default_site=True).root_page.specific.locale.language_code == "pl"
    admins = Group.objects.get(name="Portal administrators")
    assert admins.permissions.filter(codename="approve_measurement").exists()
    assert GroupPagePermission.objects.filter(group__name="Portal editors").exists()
    assert workflow.tasks.get().specific.groups.get() == admins
    # No demo data.
    assert not Unit.objects.exists()
    assert not Group.objects.filter(user__isnull=False).exists()

    before = _state()
    call_command("okcore_setup", stdout=io.StringIO())
    assert _state() == before


def test_no_database_is_committed_and_the_demo_database_is_ignored() -> None:
    """A committed database put somebody's demo accounts into every checkout, and every
    demo run changed the work tree."""
    tracked = subprocess.run(
        ["git", "ls-files", "var", "*.sqlite3", "*.sqlite3-*"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if tracked.returncode != 0:
        pytest.skip("not a git checkout")
    assert tracked.stdout == ""
    demo = ["var/demo.sqlite3", "var/demo.sqlite3-wal", "var/demo.sqlite3-shm"]
    ignored = subprocess.run(
        ["git", "check-ignore", *demo], cwd=REPO, capture_output=True, text=True
    )
    assert ignored.stdout.split() == demo


# SQLite for a small office ------------------------------------------------------------


@pytest.mark.skipif(connections["default"].vendor != "sqlite", reason="the SQLite configuration")
# Serialized like every transactional test here: the flush after a plain one recreates the
# content types under new ids on PostgreSQL, which the serialized ones then collide with.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editors_saving_at_once_never_meet_database_is_locked(tmp_path: Path) -> None:
    """Four editors, each reading then writing in a transaction, against a database file
    configured as the site configures it."""
    alias = "office"
    configured = {**connections["default"].settings_dict, "NAME": str(tmp_path / "office.sqlite3")}
    errors: list[str] = []

    def connect() -> None:
        """This thread's own connection to the office database (as each worker has)."""
        connections[alias] = DatabaseWrapper(configured, alias)

    def editor(number: int) -> None:
        connect()
        try:
            for save in range(15):
                with transaction.atomic(using=alias):
                    Group.objects.using(alias).filter(name__startswith="draft").count()
                    time.sleep(0.01)  # a page save takes a while between reading and writing
                    Group.objects.using(alias).create(name=f"draft-{number}-{save}")
        except OperationalError as error:
            errors.append(str(error))
        finally:
            connections[alias].close()

    connect()
    try:
        with connections[alias].schema_editor() as schema:
            schema.create_model(Group)
        with connections[alias].cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
        editors = [threading.Thread(target=editor, args=(n,)) for n in range(4)]
        for thread in editors:
            thread.start()
        for thread in editors:
            thread.join()
        assert errors == []
        assert Group.objects.using(alias).count() == 4 * 15
    finally:
        connections[alias].close()
        del connections[alias]


# Login lock-out ------------------------------------------------------------------------


def _fail_five_times(client: Any, username: str, **address: str) -> None:
    for _ in range(5):
        client.post("/admin/login/", {"username": username, "password": "wrong"}, **address)


def _log_in(client: Any, username: str, **address: str) -> int:
    data = {"username": username, "password": f"pw-{username}"}
    return client.post("/admin/login/", data, **address).status_code  # type: ignore[no-any-return]


@pytest.mark.django_db
def test_lockout_of_one_username_leaves_others_at_the_same_address(
    client: Any, make_user: Any
) -> None:
    make_user("sz.admin", "admins")
    make_user("redaktor", "editors")
    _fail_five_times(client, "sz.admin", REMOTE_ADDR="10.0.0.1")
    assert _log_in(client, "sz.admin", REMOTE_ADDR="10.0.0.1") == 429
    assert _log_in(client, "redaktor", REMOTE_ADDR="10.0.0.1") == 302


@pytest.mark.django_db
@override_settings(OKCORE_TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_each_forwarded_client_is_locked_out_alone(
    client: Any, make_user: Any
) -> None:
    make_user("sz.admin", "admins")
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    _fail_five_times(client, "sz.admin", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert _log_in(client, "sz.admin", HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy) == 429
    assert _log_in(client, "sz.admin", HTTP_X_FORWARDED_FOR="198.51.100.20", **proxy) == 302
    # What the client writes into the header itself stays on the left and is not believed.
    _fail_five_times(client, "sz.admin", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.20", **proxy)
    spoofed = {"HTTP_X_FORWARDED_FOR": "2.2.2.2, 198.51.100.20"}
    assert _log_in(client, "sz.admin", **spoofed, **proxy) == 429


@pytest.mark.django_db
def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(
    client: Any, make_user: Any
) -> None:
    make_user("sz.admin", "admins")
    _fail_five_times(client, "sz.admin", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert _log_in(client, "sz.admin", HTTP_X_FORWARDED_FOR="198.51.100.20") == 429
