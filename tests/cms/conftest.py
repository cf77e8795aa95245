"""The site's tests: a test database with the programme synced once per session."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from factories import UserFactory

PROGRAM_ID = "open-krakow-2024-2028"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        call_command("okcore_sync", PROGRAM_ID, verbosity=0)


@pytest.fixture
def client() -> Client:
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def make_user(db: Any) -> Any:
    from cms.core.roles import ensure_groups

    def make(username: str, group: str | None = None, **extra: Any) -> Any:
        user = UserFactory(username=username, **extra)
        if group:
            groups = dict(zip(("admins", "editors", "coordinators"), ensure_groups(), strict=True))
            user.groups.add(groups[group])
        return user

    return make
