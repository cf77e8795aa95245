"""Deadlines respect when acts are in force, and periods are calendar periods."""

from __future__ import annotations

from datetime import date
from typing import Any

from okcore.legal import Frequency, LegalAct, Obligation
from okcore.services.deadlines import Rules, obligation_deadlines, periods

ACT = LegalAct(
    id="act",
    kind="ordinance",
    label="1/2026",
    title="t",
    in_force_from=date(2026, 2, 24),
    repealed_on=date(2027, 7, 1),
)


def obligation(timing: dict[str, Any]) -> Obligation:
    return Obligation.model_validate(
        {
            "id": "o",
            "act": "act",
            "source": "1/2026 §1 pt 1",
            "bearer": "coordinator",
            "title": "t",
            "timing": timing,
        }
    )


def dues(timing: dict[str, Any], start: date, end: date, rules: Rules | None = None) -> list[date]:
    found = obligation_deadlines(obligation(timing), ACT, start, end, rules or Rules())
    return [d.due for d in found]


def test_quarters() -> None:
    assert list(periods(Frequency.QUARTERLY, date(2026, 2, 24), date(2026, 8, 1))) == [
        (date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 7, 1), date(2026, 9, 30)),
    ]


def test_recurring_stops_with_the_repeal() -> None:
    quarterly = {"kind": "recurring", "frequency": "quarterly"}
    assert dues(quarterly, date(2027, 1, 1), date(2027, 12, 31)) == [
        date(2027, 3, 31),
        date(2027, 6, 30),
    ]


def test_offset_after_the_period_clamps_to_month_end() -> None:
    yearly = {"kind": "recurring", "frequency": "yearly", "after": {"months": 4}}
    assert dues(yearly, date(2027, 1, 1), date(2027, 12, 31)) == [date(2027, 4, 30)]
    monthly = {"kind": "recurring", "frequency": "monthly", "after": {"months": 1}}
    assert date(2026, 3, 31) in dues(monthly, date(2026, 3, 1), date(2026, 3, 31))


def test_after_entry_into_force_and_without_delay() -> None:
    assert dues(
        {"kind": "after_event", "event": "entry_into_force", "days": 14},
        date(2026, 1, 1),
        date(2026, 12, 31),
    ) == [date(2026, 3, 10)]
    without_delay = {"kind": "after_event", "event": "entry_into_force"}
    assert dues(
        without_delay, date(2026, 1, 1), date(2026, 12, 31), Rules(without_delay_days=3)
    ) == [date(2026, 2, 27)]


def test_fixed_date_only_while_in_force() -> None:
    assert dues({"kind": "date", "due": "2026-05-01"}, date(2026, 1, 1), date(2026, 12, 31)) == [
        date(2026, 5, 1)
    ]
    assert dues({"kind": "date", "due": "2027-08-01"}, date(2027, 1, 1), date(2027, 12, 31)) == []


def test_ongoing_and_external_have_no_dates_unless_overridden() -> None:
    assert dues({"kind": "ongoing"}, date(2026, 1, 1), date(2026, 12, 31)) == []
    external = {"kind": "external", "reference": "quality book"}
    assert dues(external, date(2026, 1, 1), date(2026, 12, 31)) == []
    rules = Rules(timing_overrides={"o": obligation({"kind": "date", "due": "2026-09-15"}).timing})
    assert dues(external, date(2026, 1, 1), date(2026, 12, 31), rules) == [date(2026, 9, 15)]
