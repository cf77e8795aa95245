"""When obligations fall due, for any date range, respecting when acts are in force."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from okcore.legal import (
    AfterEvent,
    Basis,
    Bearer,
    Deadline,
    Frequency,
    LegalAct,
    Obligation,
    OnDate,
    Recurring,
    Timing,
)
from okcore.network import DEFAULT_WITHOUT_DELAY_DAYS
from okcore.program import Program
from okcore.text import LocalizedText

ENTRY_INTO_FORCE = "entry_into_force"
COORDINATOR_CHANGE = "coordinator_change"
#: Events okcore derives itself; activity records cannot claim them.
BUILTIN_EVENTS = frozenset({ENTRY_INTO_FORCE, COORDINATOR_CHANGE})

_MONTHS = {Frequency.YEARLY: 12, Frequency.QUARTERLY: 3, Frequency.MONTHLY: 1}

#: Why a date set in ``timing_overrides`` is policy, whatever the obligation's own basis.
OVERRIDE_NOTE = LocalizedText(
    {
        "pl": "Termin zmieniony w zasadach sieci – decyzja organizacyjna.",
        "en": "Date changed in the network's rules – a policy choice.",
        "uk": "Термін змінено в правилах мережі – організаційне рішення.",
    }
)
#: Why 'niezwłocznie' (without delay) became a number of days, when the data give no note.
WITHOUT_DELAY_NOTE = LocalizedText(
    {
        "pl": (
            "„Niezwłocznie” liczy się jako stała liczba dni ustalona dla sieci – akt jej nie"
            " podaje, to decyzja organizacyjna."
        ),
        "en": (
            "“Without delay” counts as a fixed number of days set for the network – the act"
            " gives none, a policy choice."
        ),
        "uk": (
            "«Невідкладно» рахується як фіксована кількість днів, установлена для мережі –"
            " акт її не визначає, це організаційне рішення."
        ),
    }
)
#: Why a unit's own start moves a date: neither ordinance covers units set up later.
UNIT_START_NOTE = LocalizedText(
    {
        "pl": (
            "Jednostka utworzona po wejściu aktu w życie: termin liczony od dnia jej utworzenia"
            " – akt tego nie reguluje, to decyzja organizacyjna."
        ),
        "en": (
            "A unit set up after the act came into force: the time runs from the unit's"
            " establishment – the act does not cover this, a policy choice."
        ),
    }
)


@dataclass(frozen=True)
class Rules:
    """The timing settings in force for a set of obligations (a network's policy)."""

    without_delay_days: int = DEFAULT_WITHOUT_DELAY_DAYS
    timing_overrides: Mapping[str, Timing] | None = None
    vacancy_grace_days: int | None = None

    @property
    def vacancy_grace(self) -> int:
        """Days to fill a vacated post; by default the 'without delay' of a change."""
        return (
            self.without_delay_days if self.vacancy_grace_days is None else self.vacancy_grace_days
        )

    def timing(self, obligation: Obligation) -> Timing:
        if self.timing_overrides and obligation.id in self.timing_overrides:
            return self.timing_overrides[obligation.id]
        return obligation.timing

    def days_after(self, timing: AfterEvent) -> int:
        return self.without_delay_days if timing.days is None else timing.days

    def basis(self, obligation: Obligation) -> tuple[Basis, LocalizedText | None]:
        """Law when the act's own words set the date; policy (with its note) otherwise."""
        if self.timing_overrides and obligation.id in self.timing_overrides:
            return Basis.POLICY, OVERRIDE_NOTE
        if obligation.date_basis is Basis.POLICY:
            return Basis.POLICY, obligation.policy_note or WITHOUT_DELAY_NOTE
        return Basis.LAW, None


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
    rules: Rules,
    period: tuple[date, date] | None = None,
) -> Deadline:
    basis, note = rules.basis(obligation)
    return Deadline(
        obligation=obligation.id,
        due=due,
        title=obligation.title,
        source=obligation.source,
        bearer=obligation.bearer,
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        owner=owner or None,
        basis=basis,
        policy_note=note,
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
            found.append(deadline(obligation, timing.due, owner, rules))
    elif isinstance(timing, AfterEvent):
        if timing.event == ENTRY_INTO_FORCE and act.in_force_from is not None:
            due = act.in_force_from + timedelta(days=rules.days_after(timing))
            if start <= due <= end:
                found.append(deadline(obligation, due, owner, rules))
    elif isinstance(timing, Recurring):
        window = active_window(act, timing)
        if window is not None:
            first, last = window
            # Periods due in the range end at most a few months before it.
            horizon = min(last, end) if last else end
            for period_start, period_end in periods(timing.frequency, first, horizon):
                due = recurring_due(timing, period_end)
                if start <= due <= end:
                    # The first period runs from the act's (or the timing's) first day.
                    period = (max(period_start, first), period_end)
                    found.append(deadline(obligation, due, owner, rules, period))
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


def task_source(goal_number: int, task_number: int) -> str:
    """Where a task's details stand: Table 1 (§6 ust. 2 points to it)."""
    return f"Program Tabela 1 poz. {goal_number}.{task_number}"


def task_deadlines(program: Program, start: date, end: date) -> list[Deadline]:
    """Table 1's dated tasks as deadlines of their implementers; continuous tasks have none."""
    found: list[Deadline] = []
    for goal in program.goals:
        for task in goal.tasks:
            if task.is_continuous or not start <= task.deadline <= end:  # type: ignore[operator]
                continue
            found.append(
                Deadline(
                    obligation=f"{program.id}-task-{goal.number}-{task.number}",
                    due=task.deadline,
                    title=task.title,
                    source=task.source or task_source(goal.number, task.number),
                    bearer=Bearer.IMPLEMENTER,
                    owner=program.id,
                    implementers=sorted({p.unit for p in task.implementers if p.unit}),
                )
            )
    return found
