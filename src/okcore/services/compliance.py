"""Which obligations each unit has met, has due, or has let go overdue, on a given day."""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from okcore.checks import DESIGNATION
from okcore.legal import AfterEvent, Basis, Bearer, LegalAct, Obligation, OnDate, Recurring
from okcore.network import (
    ActivityRecord,
    Coordinator,
    CoordinatorNetwork,
    NetworkState,
    Role,
    Unit,
)
from okcore.services.deadlines import (
    COORDINATOR_CHANGE,
    ENTRY_INTO_FORCE,
    UNIT_START_NOTE,
    Rules,
    active_window,
    periods,
    recurring_due,
)
from okcore.text import LocalizedText


class Status(enum.StrEnum):
    MET = "met"
    MET_LATE = "met_late"
    PENDING = "pending"
    OVERDUE = "overdue"
    ONGOING = "ongoing"

    @property
    def severity(self) -> int:
        return [Status.ONGOING, Status.MET, Status.MET_LATE, Status.PENDING, Status.OVERDUE].index(
            self
        )


@dataclass(frozen=True)
class DeadlineState:
    due: date | None
    status: Status
    since: date | None = None
    period_start: date | None = None
    period_end: date | None = None
    event: str | None = None
    fulfilled_on: date | None = None
    detail: str | None = None
    missing_roles: tuple[Role, ...] = ()
    missing_data: tuple[str, ...] = ()
    basis: Basis = Basis.LAW
    policy_note: LocalizedText | None = None

    @property
    def days_late(self) -> int | None:
        if self.status is Status.MET_LATE and self.due and self.fulfilled_on:
            return (self.fulfilled_on - self.due).days
        return None


@dataclass(frozen=True)
class ObligationState:
    obligation: Obligation
    deadlines: list[DeadlineState]

    @property
    def status(self) -> Status:
        if not self.deadlines:
            return Status.ONGOING
        return max((d.status for d in self.deadlines), key=lambda s: s.severity)

    @property
    def since(self) -> date | None:
        """For overdue: the first day of the oldest lapse still open."""
        overdue = [d.since for d in self.deadlines if d.status is Status.OVERDUE and d.since]
        return min(overdue, default=None)

    @property
    def next_due(self) -> date | None:
        pending = [d.due for d in self.deadlines if d.status is Status.PENDING and d.due]
        return min(pending, default=None)


@dataclass(frozen=True)
class UnitCompliance:
    unit: Unit
    obligations: list[ObligationState] = field(default_factory=list)
    #: Per-unit duties the hub does not bear, each with its reason (a policy).
    exempt: list[Obligation] = field(default_factory=list)

    @property
    def overdue(self) -> list[ObligationState]:
        return [o for o in self.obligations if o.status is Status.OVERDUE]


def rules_for(network: CoordinatorNetwork, state: NetworkState | None = None) -> Rules:
    overrides = dict(network.settings.timing_overrides)
    days = network.settings.without_delay_days
    grace = network.settings.vacancy_grace_days
    if state is not None:
        overrides.update(state.settings.timing_overrides)
        if state.settings.without_delay_days is not None:
            days = state.settings.without_delay_days
        if state.settings.vacancy_grace_days is not None:
            grace = state.settings.vacancy_grace_days
    return Rules(without_delay_days=days, timing_overrides=overrides, vacancy_grace_days=grace)


#: Why a vacated post has some days before it is overdue: the acts set none.
VACANCY_NOTE = LocalizedText(
    {
        "pl": (
            "Wakat: czas na wyznaczenie następcy ustalono dla sieci (domyślnie tyle, ile"
            " „niezwłocznie”) – akt go nie określa, to decyzja organizacyjna."
        ),
        "en": (
            "A vacancy: the time to designate a successor is set for the network (by default"
            " as long as “without delay”) – the act sets none, a policy choice."
        ),
        "uk": (
            "Вакансія: час на призначення наступника встановлено для мережі (за замовчуванням"
            " стільки ж, скільки «невідкладно») – акт його не визначає, це організаційне"
            " рішення."
        ),
    }
)


def _first_starts(people: Sequence[Coordinator]) -> dict[Role, date]:
    """Day each role was first held (``date.min`` when the record has no start)."""
    first: dict[Role, date] = {}
    for person in people:
        begun = person.valid_from or date.min
        first[person.role] = min(first.get(person.role, begun), begun)
    return first


def coordinator_changes(people: Sequence[Coordinator], after: date, on: date) -> list[date]:
    """Days the unit's line-up changed after its initial window.

    A role's first holder taking up the post is the first designation
    (3487/2023 §2 pt 1, 351/2026 §2 pt 1), not a change (§2 pt 2 of both).
    """
    first = _first_starts(people)
    days = set()
    for person in people:
        begun = person.valid_from
        if begun and after < begun <= on and begun > first[person.role]:
            days.add(begun)
        if person.valid_to and after < person.valid_to + timedelta(days=1) <= on:
            days.add(person.valid_to + timedelta(days=1))
    return sorted(days)


def _missing_data(
    people: Sequence[Coordinator], fields: Sequence[str], day: date
) -> tuple[str, ...]:
    """Required contact fields the coordinators in post on ``day`` lack, as 'phone (Name)'.

    With nobody in post, there is no one whose data the delivery could carry.
    """
    if not fields:
        return ()
    in_post = [p for p in people if p.role is Role.COORDINATOR and p.valid_on(day)]
    if not in_post:
        return ("a coordinator in post",)
    return tuple(
        f"{name} ({person.name})"
        for person in in_post
        for name in fields
        if not getattr(person, name)
    )


def _record_state(
    records: Sequence[ActivityRecord],
    window_start: date,
    due: date,
    on: date,
    incomplete: Callable[[date], tuple[str, ...]] = lambda day: (),
) -> DeadlineState:
    """Met by the first complete record from ``window_start``; late if after ``due``."""
    lacking: tuple[str, ...] = ()
    mine = [r for r in records if r.due is None or r.due == due]
    for day in sorted(r.date for r in mine if window_start <= r.date <= on):
        lacking = incomplete(day)
        if not lacking:
            status = Status.MET if day <= due else Status.MET_LATE
            return DeadlineState(due, status, fulfilled_on=day)
    detail = "delivery lacks " + ", ".join(lacking) if lacking else None
    if due < on:
        return DeadlineState(
            due, Status.OVERDUE, since=due + timedelta(days=1), detail=detail, missing_data=lacking
        )
    return DeadlineState(due, Status.PENDING, detail=detail, missing_data=lacking)


def _allocate(
    records: Sequence[ActivityRecord], windows: Sequence[tuple[date, date]], on: date
) -> list[date | None]:
    """Each record fulfils exactly one period: the one whose due date it names (an
    acknowledged delivery's), else the earliest still open whose window has begun.

    ``windows`` are (first day a record may count, due date), in order.
    """
    fulfilled: list[date | None] = [None] * len(windows)
    dues = {due: index for index, (_opens, due) in enumerate(windows)}
    pinned = sorted((r.date, r.due) for r in records if r.due is not None and r.date <= on)
    for day, due in pinned:
        index = dues.get(due)
        if index is not None and fulfilled[index] is None:
            fulfilled[index] = day
    for day in sorted(r.date for r in records if r.due is None and r.date <= on):
        for index, (opens, _due) in enumerate(windows):
            if fulfilled[index] is None and opens <= day:
                fulfilled[index] = day
                break
    return fulfilled


def _period_state(due: date, fulfilled_on: date | None, on: date) -> DeadlineState:
    if fulfilled_on is not None:
        status = Status.MET if fulfilled_on <= due else Status.MET_LATE
        return DeadlineState(due, status, fulfilled_on=fulfilled_on)
    if due < on:
        return DeadlineState(due, Status.OVERDUE, since=due + timedelta(days=1))
    return DeadlineState(due, Status.PENDING)


def _designation_state(
    people: Sequence[Coordinator],
    start: date,
    due: date,
    on: date,
    grace: int,
    repealed_on: date | None = None,
) -> DeadlineState:
    """Coordinator and deputy designated, on time or late, and any post vacant now.

    A post vacated on or after the act's repeal opens no duty: the act binds nobody then.
    """
    first = _first_starts(people)
    never = [role for role in Role if role not in first or first[role] > on]
    vacant: dict[Role, date] = {}
    for role in Role:
        holders = [p for p in people if p.role is role]
        if role in never or any(p.valid_on(on) for p in holders):
            continue
        left = max(p.valid_to for p in holders if p.valid_to and p.valid_to < on)
        if repealed_on is None or left + timedelta(days=1) < repealed_on:
            vacant[role] = left
    missing = (*never, *vacant)
    if missing:
        detail = "no " + " and no ".join(role.value for role in missing) + " designated"
        # A vacated post has the grace days (a policy) to be filled, never less than the first time.
        limit = max([due, *(left + timedelta(days=grace) for left in vacant.values())])
        basis, note = (Basis.POLICY, VACANCY_NOTE) if limit > due else (Basis.LAW, None)
        state = DeadlineState(
            limit,
            Status.PENDING,
            detail=detail,
            missing_roles=missing,
            basis=basis,
            policy_note=note,
        )
        if on <= limit:
            return state
        return _with(state, status=Status.OVERDUE, since=limit + timedelta(days=1))
    designated = max(max(first.values()), start)
    if designated <= due:
        return DeadlineState(due, Status.MET, fulfilled_on=designated)
    late = (designated - due).days
    return DeadlineState(
        due, Status.MET_LATE, fulfilled_on=designated, detail=f"designated {late} days late"
    )


def _with(state: DeadlineState, **changes: Any) -> DeadlineState:
    return replace(state, **changes)


def _unit_deadlines(
    obligation: Obligation,
    act: LegalAct,
    unit: Unit,
    people: Sequence[Coordinator],
    records: Sequence[ActivityRecord],
    rules: Rules,
    on: date,
    initial_days: int,
) -> Iterator[DeadlineState]:
    timing = rules.timing(obligation)
    assert act.in_force_from is not None
    unit_records = records
    records = [
        r
        for r in unit_records
        if r.kind == obligation.evidence and r.obligation in (None, obligation.id)
    ]
    basis, note = rules.basis(obligation)
    # Dates run from the unit's start when it was set up after the act came into force
    # (a policy: the acts do not cover it) ...
    start = max(act.in_force_from, unit.established or act.in_force_from)
    unit_later = start > act.in_force_from
    # ... and a coordinator's duties from the day the unit first had a coordinator or deputy.
    if obligation.bearer is Bearer.COORDINATOR:
        if not people:
            return
        start = max(start, min(p.valid_from or date.min for p in people))
    started = {"basis": Basis.POLICY, "policy_note": UNIT_START_NOTE} if unit_later else {}
    labelled = {"basis": basis, "policy_note": note}

    def incomplete(day: date) -> tuple[str, ...]:
        return _missing_data(people, obligation.required_data, day)

    if isinstance(timing, AfterEvent):
        days = rules.days_after(timing)
        if timing.event == ENTRY_INTO_FORCE:
            events = [(start, ENTRY_INTO_FORCE)]
        elif timing.event == COORDINATOR_CHANGE:
            # Line-ups set within the unit's initial window are the first designation.
            after = start + timedelta(days=initial_days)
            events = [(d, COORDINATOR_CHANGE) for d in coordinator_changes(people, after, on)]
        else:
            events = [
                (r.date, timing.event)
                for r in unit_records
                if r.kind == timing.event and r.date <= on
            ]
        for event_day, event in events:
            if not act.in_force_on(event_day):
                continue  # an event after the repeal (or before force) owes nothing
            due = event_day + timedelta(days=days)
            at_start = started if event == ENTRY_INTO_FORCE else {}
            if obligation.evidence == DESIGNATION:
                state = _designation_state(
                    people, start, due, on, rules.vacancy_grace, act.repealed_on
                )
                yield (
                    state
                    if state.basis is Basis.POLICY
                    else _with(state, **{**labelled, **at_start})
                )
            else:
                state = _record_state(records, event_day, due, on, incomplete)
                yield _with(state, event=event, **{**labelled, **at_start})
    elif isinstance(timing, Recurring):
        window = active_window(act, timing)
        if window is None:
            return
        first = max(window[0], start)
        last = min(window[1], on) if window[1] else on
        owed = [
            (max(period_start, first), period_end, recurring_due(timing, period_end))
            for period_start, period_end in periods(timing.frequency, first, last)
        ]
        # No period falls due before the unit (or its coordinator) was there.
        owed = [(begins, ends, due) for begins, ends, due in owed if due >= start]
        fulfilled = _allocate(records, [(begins, due) for begins, _, due in owed], on)
        for (begins, ends, due), day in zip(owed, fulfilled, strict=True):
            yield _with(
                _period_state(due, day, on),
                period_start=begins,
                period_end=ends,
                **{**labelled, **(started if begins == start and unit_later else {})},
            )
    elif isinstance(timing, OnDate) and timing.due >= start:
        yield _with(_record_state(records, start, timing.due, on, incomplete), **labelled)


def applies_to(obligation: Obligation, unit: Unit, network: CoordinatorNetwork) -> bool:
    """Per-unit duties bind the hub too unless it is exempted (a policy, with its reason)."""
    if obligation.bearer.per_unit:
        return unit.id != network.hub or obligation.hub_exempt is None
    return obligation.bearer is Bearer.HUB and unit.id == network.hub


def initial_window(network: CoordinatorNetwork, evidence: str | None, rules: Rules) -> int:
    """Days a unit has for its first designation: the entry-into-force rule of that evidence."""
    for obligation in network.obligations:
        timing = rules.timing(obligation)
        if (
            obligation.evidence == evidence
            and isinstance(timing, AfterEvent)
            and timing.event == ENTRY_INTO_FORCE
        ):
            return rules.days_after(timing)
    return rules.without_delay_days


def compliance(
    network: CoordinatorNetwork,
    state: NetworkState,
    acts: Mapping[str, LegalAct],
    on: date,
) -> list[UnitCompliance]:
    """Per unit existing on ``on``: each obligation's deadlines and their status."""
    rules = rules_for(network, state)
    units = {u.id: u for u in [*network.units, *state.units]}
    # Grouped once: a city-wide network has thousands of units and people.
    people: dict[str, list[Any]] = defaultdict(list)
    for person in [*network.coordinators, *state.coordinators]:
        people[person.unit].append(person)
    records: dict[str, list[Any]] = defaultdict(list)
    for record in state.records:
        records[record.unit].append(record)
    windows = {o.id: initial_window(network, o.evidence, rules) for o in network.obligations}
    table: list[UnitCompliance] = []
    for unit in units.values():
        if not unit.exists_on(on):
            continue
        unit_people = people[unit.id]
        states: list[ObligationState] = []
        exempt: list[Obligation] = []
        for obligation in network.obligations:
            act = acts[obligation.act]
            if act.in_force_from is None or act.in_force_from > on:
                continue
            if not applies_to(obligation, unit, network):
                if unit.id == network.hub and obligation.hub_exempt is not None:
                    exempt.append(obligation)
                continue
            deadlines = list(
                _unit_deadlines(
                    obligation,
                    act,
                    unit,
                    unit_people,
                    records[unit.id],
                    rules,
                    on,
                    windows[obligation.id],
                )
            )
            states.append(ObligationState(obligation, deadlines))
        table.append(UnitCompliance(unit, states, exempt))
    return table


def as_dict(
    table: Sequence[UnitCompliance], on: date, locale: str | None = None
) -> dict[str, object]:
    def text(value: LocalizedText) -> str:
        return value.get(locale)

    return {
        "on": on.isoformat(),
        "units": [
            {
                "unit": row.unit.id,
                "name": text(row.unit.name),
                "obligations": [
                    {
                        "obligation": item.obligation.id,
                        "source": item.obligation.source,
                        "title": text(item.obligation.title),
                        "status": item.status.value,
                        "since": item.since.isoformat() if item.since else None,
                        "next_due": item.next_due.isoformat() if item.next_due else None,
                        "deadlines": [
                            {
                                "due": d.due.isoformat() if d.due else None,
                                "status": d.status.value,
                                "since": d.since.isoformat() if d.since else None,
                                "period_start": d.period_start.isoformat()
                                if d.period_start
                                else None,
                                "period_end": d.period_end.isoformat() if d.period_end else None,
                                "event": d.event,
                                "fulfilled_on": d.fulfilled_on.isoformat()
                                if d.fulfilled_on
                                else None,
                                "detail": d.detail,
                                "days_late": d.days_late,
                                "missing_data": list(d.missing_data),
                                "basis": d.basis.value,
                                "policy_note": text(d.policy_note) if d.policy_note else None,
                            }
                            for d in item.deadlines
                        ],
                    }
                    for item in row.obligations
                ],
                "exempt": [
                    {
                        "obligation": o.id,
                        "source": o.source,
                        "basis": "policy",
                        "reason": text(o.hub_exempt) if o.hub_exempt else None,
                    }
                    for o in row.exempt
                ],
            }
            for row in table
        ],
    }
