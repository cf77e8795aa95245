"""Each unit's current duties, stored: equal to a fresh computation after every kind of
change, recomputed one unit at a time, and for a new day or new rules."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from clock import NOW, TODAY, days
from dashboard_world import FUNDS, NGO, coordinator_of
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from factories import CoordinatorFactory, UnitFactory
from wagtail.models import Site

from cms.core.cache import shared_generation
from cms.deliveries import services
from cms.deliveries.models import Status as DeliveryStatus
from cms.network.compliance import DueItem, due_items
from cms.network.duties import (
    LONGEST,
    Lag,
    as_item,
    current_duties,
    refresh,
    stale,
    stored_summary,
)
from cms.network.models import ActivityRecord, Coordinator, Unit, UnitDuty, UnitDutyStamp
from okcore.services.compliance import Status

pytestmark = pytest.mark.django_db


def stored(units: list[Unit], day: Any = TODAY) -> list[DueItem]:
    query = Unit.objects.filter(pk__in=[u.pk for u in units])
    return [as_item(r) for r in current_duties(query, day).select_related("unit")]


def fresh_lagging(day: Any) -> dict[str, Lag]:
    """Per network, who lags among all the units, from compliance computed afresh."""
    everyone = list(Unit.objects.all())
    ids = {unit.slug: unit.pk for unit in everyone}
    firsts: dict[tuple[str, int], Any] = {}
    for (item,) in due_items(everyone, day):
        if item.status is Status.OVERDUE and item.network_id:
            key = (item.network_id, ids[item.unit])
            first = item.since or item.due or day
            firsts[key] = min(first, firsts.get(key, first))
    networks = {network for network, _unit in firsts}
    return {
        network: Lag(
            len([1 for n, _unit in firsts if n == network]),
            sorted((first, unit) for (n, unit), first in firsts.items() if n == network)[:LONGEST],
        )
        for network in networks
    }


def assert_current(units: list[Unit], day: Any = TODAY) -> None:
    """What the panel reads equals what compliance computes afresh, in every language,
    and so does the stored summary: how many duties, and who lags (the units given are
    all there are)."""
    for language in ("pl", "en", "uk"):
        with translation.override(language):
            assert stored(units, day) == [fresh for (fresh,) in due_items(units, day)]
    summary = stored_summary(Site.objects.all())
    assert summary.lagging == fresh_lagging(day)
    assert summary.duties == len(due_items(units, day))


@pytest.fixture
def units() -> list[Unit]:
    kultura = UnitFactory(slug="wydzial-kultury", name="Wydział Kultury")
    edukacja = UnitFactory(slug="wydzial-edukacji", name="Wydział Edukacji")
    CoordinatorFactory(unit=kultura, network=NGO, valid_from=days(-200))
    return [kultura, edukacja]


def test_the_table_is_filled_on_first_read_and_equals_a_fresh_computation(units: Any) -> None:
    assert UnitDuty.objects.count() == 0
    assert_current(units)
    assert UnitDuty.objects.exists() and stale([u.pk for u in units], TODAY) == []


def test_a_change_of_the_unit_marks_it_stale_and_leaves_the_others(units: Any) -> None:
    assert_current(units)
    kultura, edukacja = units
    kultura.dissolved = days(-1)
    kultura.save()
    assert stale([kultura.pk, edukacja.pk], TODAY) == [kultura.pk]
    assert_current(units)
    assert not [i for i in stored(units) if i.unit == kultura.slug]


def test_a_unit_deleted_goes_with_its_rows(
    units: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Its rows, and its part of the summary, in the deletion's own transaction."""
    assert_current(units)
    kultura, edukacja = units
    pk = kultura.pk
    with django_capture_on_commit_callbacks(execute=False):
        kultura.delete()
    assert not UnitDuty.objects.filter(unit_id=pk).exists()
    assert stale([edukacja.pk], TODAY) == []
    assert_current([edukacja])


def test_a_coordinator_designated_changes_the_duties(units: Any) -> None:
    assert_current(units)
    before = stored(units)
    person = CoordinatorFactory(unit=units[1], network=NGO, valid_from=days(-100))
    assert_current(units)
    assert stored(units) != before
    # Moved to the other unit (as the admin's form loads and saves it): both units change.
    person = Coordinator.objects.get(pk=person.pk)
    person.unit = units[0]
    person.save()
    assert stale([u.pk for u in units], TODAY) == sorted(u.pk for u in units)
    assert_current(units)
    person.delete()
    assert_current(units)


def test_a_record_changes_the_duties(units: Any) -> None:
    assert_current(units)
    record = ActivityRecord.objects.create(
        unit=units[0], network=NGO, kind="small_grant_funds_reported", date=days(-3)
    )
    assert stale([units[0].pk], TODAY) == [units[0].pk]
    assert_current(units)
    record.delete()
    assert_current(units)


def test_an_acknowledged_delivery_changes_the_duties(units: Any, make_user: Any) -> None:
    kultura = units[0]
    anna = make_user("anna")
    coordinator_of(kultura, anna)
    sz = make_user("sz", "admins")
    assert_current(units)
    due = next(i.open_due for i in stored(units) if i.obligation == FUNDS)
    duty = services.find_duty(kultura, FUNDS, due=due)
    delivery = services.start_delivery(anna, duty, {})
    delivery.data = {"planned": "1", "committed": "1", "remaining": "0"}
    delivery.save()
    services.submit(anna, delivery)
    services.review(sz, delivery, DeliveryStatus.ACKNOWLEDGED)
    assert stale([kultura.pk], TODAY) == [kultura.pk]  # the record it made
    assert_current(units)


def test_rows_of_another_day_are_computed_again_on_read(units: Any) -> None:
    assert_current(units)
    tomorrow = NOW + timedelta(days=1)
    with time_machine.travel(tomorrow, tick=False):
        assert stale([u.pk for u in units], TODAY + timedelta(days=1)) == sorted(
            u.pk for u in units
        )
        assert_current(units, TODAY + timedelta(days=1))


def test_other_rules_make_every_row_stale(units: Any, monkeypatch: Any) -> None:
    assert_current(units)
    monkeypatch.setattr("cms.network.duties.rules_version", lambda: "other rules")
    assert stale([u.pk for u in units], TODAY) == sorted(u.pk for u in units)
    assert_current(units)


#: The site's languages and one more, as a deploy adding a language would have them.
WITH_GERMAN = [*settings.LANGUAGES, ("de", "Deutsch")]


def test_a_language_added_makes_every_row_stale(units: Any) -> None:
    assert_current(units)
    with override_settings(LANGUAGES=WITH_GERMAN):
        assert stale([u.pk for u in units], TODAY) == sorted(u.pk for u in units)
        with translation.override("de"):
            assert stored(units) == [fresh for (fresh,) in due_items(units, TODAY)]
        assert {language for row in UnitDuty.objects.all() for language in row.texts} == {
            "pl",
            "en",
            "uk",
            "de",
        }


def test_a_new_release_makes_every_row_stale(units: Any, monkeypatch: Any) -> None:
    assert_current(units)
    monkeypatch.setattr("cms.network.duties.code_version", lambda: "the next release")
    assert stale([u.pk for u in units], TODAY) == sorted(u.pk for u in units)
    assert_current(units)


def test_a_row_without_the_active_language_shows_the_default_one(units: Any) -> None:
    """A row written under other languages (a worker of the previous release) is read in
    the site's default language until it is computed again, never a crash."""
    assert_current(units)
    with translation.override("pl"):
        polish = [as_item(r) for r in UnitDuty.objects.select_related("unit").order_by("pk")]
    with override_settings(LANGUAGES=WITH_GERMAN), translation.override("de"):
        rows = UnitDuty.objects.select_related("unit").order_by("pk")
        assert [as_item(r) for r in rows] == polish


def test_a_change_is_computed_once_it_commits(
    units: Any, django_capture_on_commit_callbacks: Any
) -> None:
    assert_current(units)
    with django_capture_on_commit_callbacks(execute=True):
        CoordinatorFactory(unit=units[1], network=NGO, valid_from=days(-100))
    assert stale([u.pk for u in units], TODAY) == []
    assert_current(units)


def test_refresh_computes_only_the_stale_units(units: Any) -> None:
    assert refresh([u.pk for u in units], TODAY) == 2
    assert refresh([u.pk for u in units], TODAY) == 0


def test_the_command_fills_the_table_for_the_day(units: Any) -> None:
    out = StringIO()
    call_command("okcore_refresh_duties", stdout=out)
    assert f"{TODAY}: computed the duties of 2 units" in out.getvalue()
    assert UnitDutyStamp.objects.filter(on=TODAY).count() == 2
    call_command("okcore_refresh_duties", stdout=out)
    assert out.getvalue().endswith("computed the duties of 0 units\n")
    # --all: after a bulk import that bypassed the signals.
    call_command("okcore_refresh_duties", "--all", stdout=out)
    assert out.getvalue().endswith("computed the duties of 2 units\n")
    assert_current(units)


def test_the_summary_follows_a_unit_to_another_site(units: Any) -> None:
    """SZ of each city counts only its own units as lagging."""
    assert_current(units)
    default = Site.objects.get(is_default_site=True)
    lublin = Site.objects.create(hostname="lublin.example", root_page=default.root_page)
    before = stored_summary([default])
    assert before.lagging[NGO].units >= 1
    moved = Unit.objects.get(pk=units[0].pk)
    moved.site = lublin
    moved.save()
    assert_current(units)
    after, in_lublin = stored_summary([default]), stored_summary([lublin])
    assert after.lagging.get(NGO) != before.lagging[NGO]
    assert in_lublin.lagging[NGO].longest[0][1] == moved.pk
    assert in_lublin.duties == len(due_items([moved], TODAY)) > 0
    assert after.duties + in_lublin.duties == before.duties


def test_computing_duties_keeps_the_public_pages_cached(units: Any) -> None:
    """The stored duties are the admin's: writing them again (a new day, every unit
    with --all) must not empty every city's cached pages."""
    assert_current(units)
    before = shared_generation()
    assert refresh([u.pk for u in units], TODAY, every=True) == 2
    assert shared_generation() == before
