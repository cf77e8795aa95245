"""The suite's clock: frozen at one documented day, the same for every way of asking."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

from clock import NOW, SEASON, TODAY, WARSAW, YEAR, last_sunday


def test_the_suite_runs_on_its_frozen_clock() -> None:
    assert date.today() == TODAY
    assert datetime.now(WARSAW) == NOW
    before = time.time()
    time.sleep(0.01)
    assert time.time() == before == NOW.timestamp()


def test_django_sees_the_frozen_clock() -> None:
    from django.utils import timezone

    assert timezone.localdate() == TODAY
    assert timezone.now() == NOW.astimezone(UTC)


def test_the_season_spans_both_daylight_saving_changes() -> None:
    assert SEASON.first < last_sunday(YEAR, 3) < SEASON.after_spring
    assert SEASON.moved_from < last_sunday(YEAR, 10) < SEASON.after_autumn <= SEASON.until
    assert SEASON.first.weekday() == SEASON.until.weekday() == SEASON.cancelled.weekday() == 3
    assert NOW.utcoffset() is not None
