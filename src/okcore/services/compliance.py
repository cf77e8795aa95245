"""Which obligations each unit has met, has due, or has let go overdue, on a given day."""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from okcore.checks import DESIGNATION
from okcore.legal import AfterEvent, Bearer, LegalAct, Obligation, OnDate, Recurring
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

    @property
    def overdue(self) -> list[ObligationState]:
        return [o for o in self.obligations if o.status is Status.OVERDUE]


def rules_for(network: CoordinatorNetwork, state: NetworkState | None = None) -> Rules:
    overrides = dict(network.settings.timing_overrides)
    days = network.settings.without_delay_days
    if state is not None:
        overrides.update(state.settings.timing_overrides)
        if state.settings.without_delay_days is not None:
            days = state.settings.without_delay_days
    return Rules(without_delay_days=days, timing_overrides=overrides)


def coordinator_changes(people: Sequence[Coordinator], after: date, on: date) -> list[date]:
    """Days the unit's line-up changed (someone started or left), after the initial designation."""
    days = set()
    for person in people:
        if person.valid_from and after < person.valid_from <= on:
            days.add(person.valid_from)
        if person.valid_to and after < person.valid_to + timedelta(days=1) <= on:
            days.add(person.valid_to + timedelta(days=1))
    return sorted(days)


def _record_state(
    records: Sequence[ActivityRecord], window_start: date, due: date, on: date
) -> DeadlineState:
    dates = sorted(r.date for r in records if window_start <= r.date <= on)
    in_time = [d for d in dates if d <= due]
    if in_time:
        return DeadlineState(due, Status.MET, fulfilled_on=in_time[0])
    if dates:
        return DeadlineState(due, Status.MET_LATE, fulfilled_on=dates[0])
    if due < on:
        return DeadlineState(due, Status.OVERDUE, since=due + timedelta(days=1))
    return DeadlineState(due, Status.PENDING)


def _last_gap_start(people: Sequence[Coordinator], role: Role, on: date) -> date | None:
    """First day of the current gap with nobody in ``role``, or None if someone holds it."""
    holders = [p for p in people if p.role is role]
    if any(p.valid_on(on) for p in holders):
        return None
    ended = [p.valid_to for p in holders if p.valid_to and p.valid_to < on]
    return max(ended) + timedelta(days=1) if ended else date.min


def _designation_state(people: Sequence[Coordinator], due: date, on: date) -> DeadlineState:
    missing = {role: gap for role in Role if (gap := _last_gap_start(people, role, on)) is not None}
    if not missing:
        return DeadlineState(due, Status.MET)
    detail = "no " + " and no ".join(role.value for role in missing) + " designated"
    roles = tuple(missing)
    if on <= due:
        return DeadlineState(due, Status.PENDING, detail=detail, missing_roles=roles)
    since = max(max(missing.values()), due + timedelta(days=1))
    return DeadlineState(due, Status.OVERDUE, since=since, detail=detail, missing_roles=roles)


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
    # A unit set up after the act came into force gets the same time from its start.
    start = max(act.in_force_from, unit.established or act.in_force_from)
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
            due = event_day + timedelta(days=days)
            if obligation.evidence == DESIGNATION:
                yield _designation_state(people, due, on)
            else:
                state = _record_state(records, event_day, due, on)
                yield DeadlineState(**{**state.__dict__, "event": event})
    elif isinstance(timing, Recurring):
        window = active_window(act, timing)
        if window is None:
            return
        first = max(window[0], start)
        last = min(window[1], on) if window[1] else on
        for period_start, period_end in periods(timing.frequency, first, last):
            due = recurring_due(timing, period_end)
            state = _record_state(records, period_start, due, on)
            yield DeadlineState(
                **{**state.__dict__, "period_start": period_start, "period_end": period_end}
            )
    elif isinstance(timing, OnDate) and timing.due >= start:
        yield _record_state(records, start, timing.due, on)


def applies_to(obligation: Obligation, unit: Unit, network: CoordinatorNetwork) -> bool:
    """Unit heads' and coordinators' duties bind every unit but the hub; the hub's bind it."""
    if obligation.bearer.per_unit:
        return unit.id != network.hub
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
        for obligation in network.obligations:
            act = acts[obligation.act]
            if act.in_force_from is None or act.in_force_from > on:
                continue
            if not applies_to(obligation, unit, network):
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
        table.append(UnitCompliance(unit, states))
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
                            }
                            for d in item.deadlines
                        ],
                    }
                    for item in row.obligations
                ],
            }
            for row in table
        ],
    }
