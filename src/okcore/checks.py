"""Checks across a document that a schema alone cannot express.

Each returns problems with the path of the offending value; none raises.
"""

from __future__ import annotations

import datetime
import enum
import functools
import typing
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pydantic import BaseModel

from okcore.base import Problem, format_path
from okcore.citation import Citation
from okcore.legal import AfterEvent, LegalAct, Obligation
from okcore.network import CoordinatorNetwork, NetworkState
from okcore.program import MeasurementSet, Program
from okcore.services.deadlines import BUILTIN_EVENTS
from okcore.text import LocalizedText

#: Evidence kind checked from the network's line-up rather than from records.
DESIGNATION = "designation"


def _duplicates(
    items: Sequence[Any], key: str, path: tuple[int | str, ...], what: str
) -> Iterator[Problem]:
    counts = Counter(getattr(item, key) for item in items)
    for index, item in enumerate(items):
        value = getattr(item, key)
        if counts[value] > 1:
            yield Problem(format_path((*path, index, key)), f"duplicate {what} {value!r}")


def iter_texts(
    value: Any, path: tuple[int | str, ...] = ()
) -> Iterator[tuple[tuple[int | str, ...], LocalizedText]]:
    """Every translatable text in a model, with its path."""
    if isinstance(value, LocalizedText):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in _text_fields(type(value)):
            yield from iter_texts(getattr(value, name), (*path, name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from iter_texts(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from iter_texts(item, (*path, str(key)))


@functools.cache
def _text_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model that can hold a text: the walk skips numbers, dates and ids,
    most of a programme's values."""
    return tuple(
        name for name, field in model.model_fields.items() if _may_hold_text(field.annotation)
    )


#: Values that never hold a text (``date`` covers ``datetime``).
_PLAIN = (str, int, float, bool, bytes, datetime.date, enum.Enum, type(None))


def _may_hold_text(annotation: Any) -> bool:
    """Whether a value so annotated can be or contain a text; anything not known to be
    plain (a model, ``Any``) is walked."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _may_hold_text(typing.get_args(annotation)[0])
    if origin is typing.Literal:
        return False
    if origin is not None:  # list[…], dict[…, …], X | None
        return any(_may_hold_text(argument) for argument in typing.get_args(annotation))
    return not (isinstance(annotation, type) and issubclass(annotation, _PLAIN))


def check_source_locale(document: BaseModel, source_locale: str) -> Iterator[Problem]:
    """Translations must include the source text, so nothing shows up empty."""
    for path, text in iter_texts(document):
        if text.locales() and not text.has(source_locale):
            yield Problem(
                format_path(path),
                f"translations lack the source locale {source_locale!r} "
                f"(has {', '.join(text.locales())})",
            )


def check_obligations(
    obligations: Sequence[Obligation],
    acts: Iterable[LegalAct],
    path: tuple[int | str, ...] = ("obligations",),
) -> Iterator[Problem]:
    acts_by_id = {act.id: act for act in acts}
    yield from _duplicates(obligations, "id", path, "obligation id")
    for index, obligation in enumerate(obligations):
        act = acts_by_id.get(obligation.act)
        if act is None:
            yield Problem(
                format_path((*path, index, "act")), f"unknown legal act {obligation.act!r}"
            )
            continue
        cited = Citation.parse(obligation.source).act
        if cited != act.label:
            yield Problem(
                format_path((*path, index, "source")),
                f"cites {cited!r} but the obligation comes from {act.label!r}",
            )


def check_acts(acts: Sequence[LegalAct], path: tuple[int | str, ...]) -> Iterator[Problem]:
    yield from _duplicates(acts, "id", path, "legal act id")
    ids = {act.id for act in acts}
    for index, act in enumerate(acts):
        if act.repealed_by and act.repealed_by in ids and act.repealed_on is None:
            yield Problem(
                format_path((*path, index, "repealed_on")),
                "a repealed act needs the date it stopped being in force",
            )


def check_program(program: Program, known_acts: Iterable[LegalAct] = ()) -> Iterator[Problem]:
    yield from check_source_locale(program, program.source_locale)
    yield from _duplicates(program.goals, "number", ("goals",), "goal number")
    yield from _duplicates(program.risks, "number", ("risks",), "risk number")
    yield from check_acts(program.legal_acts, ("legal_acts",))
    acts = [*program.legal_acts, *known_acts]
    act_ids = {act.id for act in acts}
    for index, act_id in enumerate(program.legal_basis):
        if act_id not in act_ids:
            yield Problem(format_path(("legal_basis", index)), f"unknown legal act {act_id!r}")
    yield from check_obligations(program.obligations, acts)

    all_indicators = [(g, i) for g in program.goals for i in g.indicators]
    seen: Counter[str] = Counter(indicator.id for _, indicator in all_indicators)
    goal_numbers = {goal.number for goal in program.goals}
    for g_index, goal in enumerate(program.goals):
        base: tuple[int | str, ...] = ("goals", g_index)
        yield from _duplicates(goal.tasks, "number", (*base, "tasks"), "task number")
        yield from _duplicates(goal.outcomes, "number", (*base, "outcomes"), "outcome number")
        yield from _duplicates(goal.indicators, "number", (*base, "indicators"), "number")
        tasks = {task.number for task in goal.tasks}
        outcomes = {outcome.number for outcome in goal.outcomes}
        for i_index, indicator in enumerate(goal.indicators):
            here = (*base, "indicators", i_index)
            if seen[indicator.id] > 1:
                yield Problem(
                    format_path((*here, "id")), f"duplicate indicator id {indicator.id!r}"
                )
            if indicator.outcome is not None and indicator.outcome not in outcomes:
                yield Problem(
                    format_path((*here, "outcome")),
                    f"goal {goal.number} has no outcome {indicator.outcome}",
                )
            for t_index, number in enumerate(indicator.tasks):
                if number not in tasks:
                    yield Problem(
                        format_path((*here, "tasks", t_index)),
                        f"goal {goal.number} has no task {number}",
                    )
            if indicator.baseline and indicator.baseline.year > program.period.end:
                yield Problem(
                    format_path((*here, "baseline", "year")),
                    f"baseline year {indicator.baseline.year} is after the programme period",
                )
    for r_index, risk in enumerate(program.risks):
        if risk.goal is not None and risk.goal not in goal_numbers:
            yield Problem(format_path(("risks", r_index, "goal")), f"no goal {risk.goal}")


def check_network(
    network: CoordinatorNetwork, known_acts: Iterable[LegalAct] = ()
) -> Iterator[Problem]:
    yield from check_source_locale(network, "pl")
    yield from check_acts(network.legal_acts, ("legal_acts",))
    acts = [*network.legal_acts, *known_acts]
    if network.legal_act not in {act.id for act in acts}:
        yield Problem("legal_act", f"unknown legal act {network.legal_act!r}")
    yield from check_obligations(network.obligations, acts)
    obligation_ids = {o.id for o in network.obligations}
    for key in network.settings.timing_overrides:
        if key not in obligation_ids:
            yield Problem(
                format_path(("settings", "timing_overrides", key)), f"no obligation {key!r}"
            )
    yield from _check_people(network.units, network.coordinators)


def _check_people(units: Sequence[Any], coordinators: Sequence[Any]) -> Iterator[Problem]:
    yield from _duplicates(units, "id", ("units",), "unit id")
    unit_ids = {unit.id for unit in units}
    for index, person in enumerate(coordinators):
        if person.unit not in unit_ids:
            yield Problem(format_path(("coordinators", index, "unit")), f"no unit {person.unit!r}")


def check_state(state: NetworkState, network: CoordinatorNetwork) -> Iterator[Problem]:
    """A state file against the network it describes."""
    yield from check_source_locale(state, "pl")
    units = [*network.units, *state.units]
    yield from _check_people(units, state.coordinators)
    unit_ids = {unit.id for unit in units}
    evidence = {o.evidence for o in network.obligations if o.evidence} - {DESIGNATION}
    evidence |= {
        o.timing.event
        for o in network.obligations
        if isinstance(o.timing, AfterEvent) and o.timing.event not in BUILTIN_EVENTS
    }
    obligation_ids = {o.id for o in network.obligations}
    for index, record in enumerate(state.records):
        here = ("records", index)
        if record.unit not in unit_ids:
            yield Problem(format_path((*here, "unit")), f"no unit {record.unit!r}")
        if record.kind not in evidence:
            yield Problem(
                format_path((*here, "kind")),
                f"{record.kind!r} fulfils no obligation of {network.id}; "
                f"known kinds: {', '.join(sorted(evidence))}",
            )
        if record.obligation is not None and record.obligation not in obligation_ids:
            yield Problem(
                format_path((*here, "obligation")), f"no obligation {record.obligation!r}"
            )
    for key in state.settings.timing_overrides:
        if key not in obligation_ids:
            yield Problem(
                format_path(("settings", "timing_overrides", key)), f"no obligation {key!r}"
            )


def check_measurements(data: MeasurementSet, program: Program) -> Iterator[Problem]:
    """A measurements file against its programme: every value must fit its indicator, or
    a status would be computed from a misspelt part or a year the programme never had."""
    if data.program != program.id:
        yield Problem("program", f"measurements are for {data.program!r}, not {program.id!r}")
        return
    for index, measurement in enumerate(data.measurements):
        here: tuple[int | str, ...] = ("measurements", index)
        if measurement.period not in program.period:
            yield Problem(
                format_path((*here, "period")),
                f"{measurement.period} is outside the programme period "
                f"{program.period.start}–{program.period.end}",
            )
        if measurement.indicator not in program.indicators:
            yield Problem(
                format_path((*here, "indicator")), f"no indicator {measurement.indicator!r}"
            )
            continue
        target = program.indicator(measurement.indicator).target
        keys = [component.key for component in target.components]
        if not target.is_compound and measurement.components:
            yield Problem(
                format_path((*here, "components")),
                f"{measurement.indicator!r} has a single target: give its value, not components",
            )
        elif target.is_compound and not measurement.components:
            yield Problem(
                format_path((*here, "components")),
                f"{measurement.indicator!r} has a compound target: give the value of each "
                f"part ({', '.join(map(str, keys))})",
            )
        for key in measurement.components:
            if target.is_compound and key not in keys:
                yield Problem(
                    format_path((*here, "components", key)),
                    f"{measurement.indicator!r} has no part {key!r} "
                    f"(its parts: {', '.join(map(str, keys))})",
                )
