"""When obligations fall due, for any date range, respecting when acts are in force."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from okcore.legal import (
    AfterEvent,
    Deadline,
    Frequency,
    LegalAct,
    Obligation,
    OnDate,
    Recurring,
    Timing,
)
from okcore.network import DEFAULT_WITHOUT_DELAY_DAYS

ENTRY_INTO_FORCE = "entry_into_force"
COORDINATOR_CHANGE = "coordinator_change"
#: Events okcore derives itself; activity records cannot claim them.
BUILTIN_EVENTS = frozenset({ENTRY_INTO_FORCE, COORDINATOR_CHANGE})

_MONTHS = {Frequency.YEARLY: 12, Frequency.QUARTERLY: 3, Frequency.MONTHLY: 1}


@dataclass(frozen=True)
class Rules:
    """The timing settings in force for a set of obligations (a network's policy)."""

    without_delay_days: int = DEFAULT_WITHOUT_DELAY_DAYS
    timing_overrides: Mapping[str, Timing] | None = None

    def timing(self, obligation: Obligation) -> Timing:
        if self.timing_overrides and obligation.id in self.timing_overrides:
            return self.timing_overrides[obligation.id]
        return obligation.timing

    def days_after(self, timing: AfterEvent) -> int:
        return self.without_delay_days if timing.days is None else timing.days


def periods(frequency: Frequency, first: date, last: date) -> Iterator[tuple[date, date]]:
    """Calendar periods (years, quarters, months) overlapping ``first``..``last``."""
    months = _MONTHS[frequency]
    start = date(first.year, (first.month - 1) // months * months + 1, 1)
    while start <= last:
        end = start + relativedelta(months=months) - timedelta(days=1)
        yield start, end
        start = end + timedelta(days=1)


def recurring_due(timing: Recurring, period_end: date) -> date:
    """Period end plus the offset; whole months land on month ends (Feb 28 + 1 month = Mar 31)."""
    next_start = period_end + timedelta(days=1)
    month_end: date = next_start + relativedelta(months=timing.after.months) - timedelta(days=1)
    return month_end + timedelta(days=timing.after.days)


def active_window(act: LegalAct, timing: Recurring) -> tuple[date, date | None] | None:
    """Days whose periods the obligation covers: the act's force within the timing's bounds."""
    if act.in_force_from is None:
        return None
    first = max(act.in_force_from, timing.periods_from or act.in_force_from)
    last_candidates = [
        d
        for d in (act.repealed_on and act.repealed_on - timedelta(days=1), timing.periods_until)
        if d
    ]
    last = min(last_candidates) if last_candidates else None
    if last is not None and last < first:
        return None
    return first, last


def deadline(
    obligation: Obligation,
    due: date,
    owner: str | None,
    period: tuple[date, date] | None = None,
    unit: str | None = None,
) -> Deadline:
    return Deadline(
        obligation=obligation.id,
        due=due,
        title=obligation.title,
        source=obligation.source,
        bearer=obligation.bearer,
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        unit=unit,
        owner=owner or None,
    )


def obligation_deadlines(
    obligation: Obligation,
    act: LegalAct,
    start: date,
    end: date,
    rules: Rules = Rules(),
    owner: str | None = None,
) -> list[Deadline]:
    """Deadlines of one obligation due between ``start`` and ``end`` (inclusive).

    Events other than the act's entry into force (a change of coordinator)
    depend on a network's state; :mod:`okcore.services.compliance` handles them.
    """
    timing = rules.timing(obligation)
    found: list[Deadline] = []
    if isinstance(timing, OnDate):
        if act.in_force_on(timing.due) and start <= timing.due <= end:
            found.append(deadline(obligation, timing.due, owner))
    elif isinstance(timing, AfterEvent):
        if timing.event == ENTRY_INTO_FORCE and act.in_force_from is not None:
            due = act.in_force_from + timedelta(days=rules.days_after(timing))
            if start <= due <= end:
                found.append(deadline(obligation, due, owner))
    elif isinstance(timing, Recurring):
        window = active_window(act, timing)
        if window is not None:
            first, last = window
            # Periods due in the range end at most a few months before it.
            horizon = min(last, end) if last else end
            for period in periods(timing.frequency, first, horizon):
                due = recurring_due(timing, period[1])
                if start <= due <= end:
                    found.append(deadline(obligation, due, owner, period))
    return found


def all_deadlines(
    obligations: Mapping[str, Obligation],
    acts: Mapping[str, LegalAct],
    start: date,
    end: date,
    rules_for: Mapping[str, Rules] | None = None,
    owners: Mapping[str, str] | None = None,
) -> list[Deadline]:
    """Deadlines of many obligations, sorted by due date then source."""
    found: list[Deadline] = []
    for obligation in obligations.values():
        owner = (owners or {}).get(obligation.id, "")
        rules = (rules_for or {}).get(owner, Rules())
        found.extend(
            obligation_deadlines(obligation, acts[obligation.act], start, end, rules, owner)
        )
    return sorted(found, key=lambda d: (d.due, d.source, d.obligation))
