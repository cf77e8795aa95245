"""The stored duties under concurrency (PostgreSQL's row locks): a reader recomputing a
unit, the daily command and a unit's deletion take the unit's lock before touching its
rows, in the order of the units' ids, so none of them deadlocks with or fails another."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from clock import TODAY, days
from dashboard_world import NGO
from django.core.management import call_command
from django.db import connection
from factories import CoordinatorFactory, UnitFactory
from wagtail.models import Site

from cms.network import duties
from cms.network.duties import network_lags, refresh, stale, stored_summary
from cms.network.models import Unit, UnitDuty, UnitDutyStamp

#: Threads need committed rows: a transactional test (as tests/cms/test_working_data.py's).
pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def units() -> list[Unit]:
    kultura = UnitFactory(slug="wydzial-kultury", name="Wydział Kultury")
    edukacja = UnitFactory(slug="wydzial-edukacji", name="Wydział Edukacji")
    CoordinatorFactory(unit=kultura, network=NGO, valid_from=days(-200))
    CoordinatorFactory(unit=edukacja, network=NGO, valid_from=days(-200))
    refresh([kultura.pk, edukacja.pk], TODAY)
    return [kultura, edukacja]


class Reader:
    """A reader recomputing one unit, stopped after it locked the unit and before it
    writes its rows, until :meth:`go`."""

    def __init__(self, unit: Unit, monkeypatch: Any) -> None:
        self.computing, self.going = threading.Event(), threading.Event()
        rows = duties.duty_rows

        def slow_rows(*args: Any) -> list[UnitDuty]:
            self.computing.set()
            self.going.wait(timeout=20)
            return rows(*args)

        monkeypatch.setattr(duties, "duty_rows", slow_rows)
        self.errors: list[Exception] = []
        self.thread = start(lambda: refresh([unit.pk], TODAY, every=True), self.errors)
        assert self.computing.wait(timeout=20)

    def go(self) -> None:
        self.going.set()


def start(action: Callable[[], Any], errors: list[Exception]) -> threading.Thread:
    def run() -> None:
        try:
            action()
        except Exception as error:  # a deadlock, reported by PostgreSQL to one of them
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def wait_for_a_waiting_lock() -> None:
    """Until some connection waits for a lock, as PostgreSQL sees it (each query of this
    autocommit connection reads pg_stat_activity afresh)."""
    for _ in range(400):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("nothing waited for a lock")


def test_the_daily_command_with_all_waits_for_a_unit_being_recomputed(
    units: Any, monkeypatch: Any
) -> None:
    kultura, _edukacja = units
    reader = Reader(kultura, monkeypatch)
    errors: list[Exception] = []
    command = start(lambda: call_command("okcore_refresh_duties", "--all"), errors)
    wait_for_a_waiting_lock()
    # Nothing of the unit's rows touched while the reader holds it.
    kept = UnitDutyStamp.objects.filter(unit=kultura).exists()
    reader.go()
    for thread in (reader.thread, command):
        thread.join(timeout=30)
    assert (kept, reader.errors, errors) == (True, [], [])
    assert stale([u.pk for u in units], TODAY) == []


def test_a_unit_deleted_while_a_reader_recomputes_it_goes_with_its_rows(
    units: Any, monkeypatch: Any
) -> None:
    """Without the unit's lock first, the deletion deadlocks with the reader or finds the
    rows the reader wrote after it listed the unit's (a foreign key violation)."""
    kultura, edukacja = units
    reader = Reader(kultura, monkeypatch)
    errors: list[Exception] = []
    deletion = start(lambda: Unit.objects.get(pk=kultura.pk).delete(), errors)
    wait_for_a_waiting_lock()
    reader.go()  # it deletes and writes the unit's rows, which the deletion must not hold
    for thread in (reader.thread, deletion):
        thread.join(timeout=30)
    assert (reader.errors, errors) == ([], [])
    assert not Unit.objects.filter(pk=kultura.pk).exists()
    assert not UnitDuty.objects.filter(unit_id=kultura.pk).exists()
    assert stale([edukacja.pk], TODAY) == []


def test_two_units_computed_at_once_both_count_in_the_stored_summary(
    units: Any, monkeypatch: Any
) -> None:
    """The summary of who lags is computed from every unit's rows: without one writer at
    a time, the first to compute it (before the second wrote) would commit last and
    leave the second unit out."""
    kultura, edukacja = units
    UnitDuty.objects.filter(unit=edukacja).delete()
    UnitDutyStamp.objects.filter(unit=edukacja).delete()
    computed, going = threading.Event(), threading.Event()
    lagging = duties.lagging

    def paused(*args: Any) -> Any:
        found = lagging(*args)
        if not computed.is_set():  # the first writer, once: it waits with its summary
            computed.set()
            going.wait(timeout=20)
        return found

    monkeypatch.setattr(duties, "lagging", paused)
    errors: list[Exception] = []
    first = start(lambda: refresh([kultura.pk], TODAY, every=True), errors)
    assert computed.wait(timeout=20)
    second = start(lambda: refresh([edukacja.pk], TODAY), errors)
    wait_for_a_waiting_lock()  # the second waits for the first's summary to commit
    going.set()
    for thread in (first, second):
        thread.join(timeout=30)
    assert errors == []
    summary = stored_summary(Site.objects.all())
    assert summary.lagging == network_lags(UnitDuty.objects.all())
    assert summary.duties == UnitDuty.objects.count()
    assert {unit for _first, unit in summary.lagging[NGO].longest} == {kultura.pk, edukacja.pk}
