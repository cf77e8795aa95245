"""The suite's one "today": every test runs on a frozen clock set to it.

The default is a Monday in the middle of the programme; ``OKCORE_TEST_TODAY``
moves it (``nox -s tests_future`` runs the suite years ahead), so tests must
write dates that depend on "now" relative to ``TODAY`` rather than as literals.
Dates that a legal act fixes (a deadline computed for a given day) stay literal.
"""

from __future__ import annotations

import os
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


def days(n: int) -> date:
    """``TODAY`` moved by ``n`` days (negative for the past)."""
    return TODAY + timedelta(days=n)


def quarter_start(day: date = TODAY) -> date:
    """First day of the calendar quarter holding ``day``."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
