"""The suite's one "today": every test runs on a frozen clock set to it.

The default is a Monday in the middle of the programme; ``OKCORE_TEST_TODAY``
moves it (``nox -s tests_future`` runs the suite years ahead), so tests must
write dates that depend on "now" relative to ``TODAY`` rather than as literals.
Dates that a legal act fixes (a deadline computed for a given day) stay literal.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WARSAW = ZoneInfo("Europe/Warsaw")

DEFAULT_TODAY = "2026-06-15"

TODAY: date = date.fromisoformat(os.environ.get("OKCORE_TEST_TODAY") or DEFAULT_TODAY)
"""The frozen day, in Warsaw."""

NOW: datetime = datetime.combine(TODAY, time(10, 0), tzinfo=WARSAW)
"""The frozen instant: 10:00 in Warsaw on ``TODAY``."""

YEAR: int = TODAY.year
"""The current year: the latest year a measurement may be entered for."""

PROGRAMME_YEAR: int = min(YEAR, 2028)
"""The latest year of Open Kraków 2024–2028 a measurement may be entered for on ``TODAY``
(the programme's last after it ends)."""


def days(n: int) -> date:
    """``TODAY`` moved by ``n`` days (negative for the past)."""
    return TODAY + timedelta(days=n)


def quarter_start(day: date = TODAY) -> date:
    """First day of the calendar quarter holding ``day``."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


THURSDAY = 3


def weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def last_sunday(year: int, month: int) -> date:
    """The last Sunday of a month: when Europe switches to and from summer time (March, October)."""
    next_month = date(year + month // 12, month % 12 + 1, 1)
    last = next_month - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 6) % 7)


@dataclass(frozen=True)
class Season:
    """Thursday evenings of ``YEAR`` from before summer time starts to after it ends.

    The dates a repeating-event test needs, computed for whichever year the clock is in.
    """

    first: date
    until: date
    cancelled: date
    moved_from: date
    moved_to: date
    after_spring: date
    after_autumn: date
    summer: date

    @classmethod
    def of(cls, year: int = YEAR) -> Season:
        first = weekday_on_or_after(date(year, 3, 19), THURSDAY)
        until = weekday_on_or_after(date(year, 10, 30), THURSDAY)
        after_autumn = weekday_on_or_after(last_sunday(year, 10), THURSDAY)
        return cls(
            first=first,
            until=until,
            cancelled=first + timedelta(weeks=7),
            moved_from=after_autumn - timedelta(weeks=1),
            moved_to=after_autumn - timedelta(days=6),
            after_spring=weekday_on_or_after(last_sunday(year, 3), THURSDAY),
            after_autumn=after_autumn,
            summer=weekday_on_or_after(date(year, 7, 1), THURSDAY),
        )


SEASON = Season.of()
