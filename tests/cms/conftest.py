"""The site's tests: a test database with the programme synced once per session."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from typing import Any

import pytest
from clock import SEASON
from database import keep_session_contents, restore_session_contents
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from factories import CoordinatorFactory, UnitFactory, UserFactory

from cms.api.prepared import ANSWERS
from cms.core.cache import clear_memory

PROGRAM_ID = "open-krakow-2024-2028"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        call_command("okcore_sync", PROGRAM_ID, verbosity=0)
        keep_session_contents()


def _flushes(item: pytest.Item) -> bool:
    """Whether the test commits, so that pytest-django empties the tables after it."""
    marker = item.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    fixtures = set(getattr(item, "fixturenames", ()))
    return transactional or bool({"transactional_db", "live_server"} & fixtures)


@pytest.fixture(scope="module", autouse=True)
def _session_contents_back(
    request: pytest.FixtureRequest, django_db_blocker: Any
) -> Iterator[None]:
    """After a module whose tests flushed the database, its contents as the session made
    them, for the modules the same process runs next (tests/support/database.py)."""
    yield
    module = request.module
    if any(
        _flushes(item) for item in request.session.items if getattr(item, "module", None) is module
    ):
        with django_db_blocker.unblock():
            restore_session_contents()


@pytest.fixture(scope="module")
def demo_for_module(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The demo loaded once for a module's tests and rolled back after its last one.

    Loading takes seconds; each test still runs in a savepoint of its own inside this
    transaction (pytest-django's ``db``), so what one test changes the next never sees.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", "--force", verbosity=0, stdout=None)
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with no cached pages, feeds or throttle counters, and no copies,
    kept values or API answers in the process (a rolled-back test's ids and frozen clock
    come back in the next)."""
    from django.core.cache import cache

    cache.clear()
    clear_memory()
    ANSWERS.clear()


@pytest.fixture
def client() -> Client:
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def make_user(db: Any) -> Any:
    """A user in a role: 'admins' (SZ), 'editors', or 'coordinators' / 'deputies' of a unit.

    Coordinators and deputies get their access the way real ones do: a designation
    in the network, from which the unit's group is provisioned.
    """
    from cms.core.roles import ensure_groups
    from cms.network.models import Role, Unit

    def make(
        username: str, group: str | None = None, unit: str = "wydzial-edukacji", **extra: Any
    ) -> Any:
        user = UserFactory(username=username, **extra)
        if group in ("admins", "editors"):
            admins, editors = ensure_groups()
            user.groups.add(admins if group == "admins" else editors)
        elif group in ("coordinators", "deputies"):
            ensure_groups()
            place = Unit.objects.filter(slug=unit).first() or UnitFactory(slug=unit, name=unit)
            role = Role.COORDINATOR if group == "coordinators" else Role.DEPUTY
            CoordinatorFactory(unit=place, role=role, user=user, valid_from=date(2023, 11, 27))
        return user

    return make


@pytest.fixture
def site(db: Any) -> dict[str, Any]:
    """Two units' sections, programme news and the programme, in every language."""
    from site_setup import build_site

    return build_site()


@pytest.fixture
def events_index(db: Any) -> Any:
    from cms.core.site import ensure_child, ensure_home
    from cms.events.models import EventIndexPage

    homes = ensure_home()
    return ensure_child(homes["pl"], EventIndexPage, "Wydarzenia", "events")


@pytest.fixture
def weekly(events_index: Any) -> Any:
    """Thursdays 18:00 across both DST changes of this year (clock.SEASON), one off, one moved."""
    from cms.core.site import publish
    from cms.events.models import EventCancellation, EventMove, EventPage

    unit = UnitFactory(slug="wydzial-kultury", name="Wydział Kultury")
    page = EventPage(
        title="Spotkanie koordynatorów",
        start_date=SEASON.first,
        start_time=time(18),
        end_time=time(19, 30),
        repeat="weekly",
        repeat_until=SEASON.until,
        location="Centrum Wielokulturowe",
        category="coordinators-meeting",
        unit=unit,
        goal="open-krakow-2024-2028/goal-2",
    )
    events_index.add_child(instance=page)
    page.cancellations.add(EventCancellation(date=SEASON.cancelled))
    page.moves.add(
        EventMove(
            original_date=SEASON.moved_from, new_date=SEASON.moved_to, new_start_time=time(17)
        )
    )
    publish(page)
    return EventPage.objects.get(pk=page.pk)
