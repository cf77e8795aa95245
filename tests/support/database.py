"""The test database back as the session set it up, after tests that had to flush it.

A transactional test (live server, row locks) commits, so pytest-django empties every
table after it. Run alone, pytest-django orders those tests last; run in parallel
(pytest-xdist), a worker takes other modules after them, and they need the data back.
"""

from __future__ import annotations

from django.core.management import call_command
from django.db import connection


def keep_session_contents() -> None:
    """What :func:`restore_session_contents` brings back: the database as it is now."""
    connection._test_serialized_contents = connection.creation.serialize_db_to_string()


def restore_session_contents() -> None:
    """Empty the tables and load the kept contents, as Django's serialized rollback does.

    The contents come back with their content types, so post_migrate must not make them
    first; the sequences stay where they are, ahead of every kept row (PostgreSQL).
    """
    serialized = getattr(connection, "_test_serialized_contents", None)
    call_command(
        "flush",
        interactive=False,
        verbosity=0,
        reset_sequences=False,
        inhibit_post_migrate=bool(serialized),
    )
    if serialized:
        connection.creation.deserialize_db_from_string(serialized)
