"""Running a site: SQLite under editors, login lock-out."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import OperationalError, connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import override_settings

# SQLite for a small office ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_editors_saving_at_once_never_meet_database_is_locked(tmp_path: Path) -> None:
    """Four editors, each reading then writing in a transaction, against a database file
    configured as the site configures it."""
    if connections["default"].vendor != "sqlite":
        pytest.skip("the SQLite configuration")
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
