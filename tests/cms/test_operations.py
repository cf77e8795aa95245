"""Running a site: SQLite under editors."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import OperationalError, connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

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
