"""Indicator status for a year from approved measurements.

Progress respects the comparator and the baseline: for "at least 100" from a
baseline of 40, a value of 70 is half way; for a "keep at least 4000" target
below a baseline of 5132, any value from 4000 up is met.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import fmean

from okcore.hookspecs import hookimpl
from okcore.program import (
    Combine,
    Comparator,
    Indicator,
    Measurement,
    MeasurementStatus,
    Period,
    Program,
    Target,
    TargetPer,
)


class YearRefusal(enum.StrEnum):
    """Why a measurement cannot be given for a year (:func:`year_refusal`)."""

    OUTSIDE_PERIOD = "outside_period"
    NOT_BEGUN = "not_begun"


def entry_years(period: Period, today: date) -> range:
    """The years a measurement may be given for: the programme's, from its first year up
    to the current one. The programme is monitored with the domain indicators of its
    Table 2 (Programme 2024–2028 §6 pt 6) and reported on year by year ("z danego roku",
    §6 pt 8), within its period; a year not yet begun has nothing measured. The admin's
    form, the API and the status per year all ask here."""
    return range(period.start, min(period.end, today.year) + 1)


def year_refusal(period: Period, year: int, today: date) -> YearRefusal | None:
    """Why ``year`` is no year of :func:`entry_years`, or None when it is one."""
    if year not in period:
        return YearRefusal.OUTSIDE_PERIOD
    if year > today.year:
        return YearRefusal.NOT_BEGUN
    return None


class Status(enum.StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NO_DATA = "no_data"


@dataclass(frozen=True)
class IndicatorStatus:
    indicator: str
    year: int
    status: Status
    value: float | None = None
    components: dict[str, float] = field(default_factory=dict)
    progress: float | None = None
    measured_period: int | None = None
    note: str | None = None
    #: Each unit's value ('' for rows without a unit), for the indicator page.
    contributions: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "indicator": self.indicator,
            "year": self.year,
            "status": self.status.value,
            "value": self.value,
            "components": self.components,
            "progress": None if self.progress is None else round(self.progress, 4),
            "measured_period": self.measured_period,
            "note": self.note,
            "contributions": self.contributions,
        }


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def _towards(value: float, start: float | None, goal: float, higher_is_better: bool) -> float:
    """Share of the way from ``start`` (the baseline) to ``goal``; 1 when reached."""
    reached = value >= goal if higher_is_better else value <= goal
    if reached:
        return 1.0
    moving_away = start is None or (start >= goal if higher_is_better else start <= goal)
    if moving_away:
        # "keep at least X" below the baseline, or no baseline: scale from zero.
        if higher_is_better:
            return _clamp(value / goal) if goal > 0 else 0.0
        return _clamp(goal / value) if value > 0 else 0.0
    assert start is not None
    return _clamp((value - start) / (goal - start))


def target_progress(target: Target, value: float, baseline: float | None) -> tuple[bool, float]:
    """Whether a simple target is met by ``value`` and the progress towards it (0..1)."""
    assert target.comparator is not None
    assert target.value is not None
    goal = target.value
    match target.comparator:
        case Comparator.AT_LEAST:
            progress = _towards(value, baseline, goal, higher_is_better=True)
            return value >= goal, progress
        case Comparator.AT_MOST:
            progress = _towards(value, baseline, goal, higher_is_better=False)
            return value <= goal, progress
        case Comparator.EXACTLY:
            if value == goal:
                return True, 1.0
            if baseline is None or baseline == goal:
                return False, 0.0
            return False, _clamp(1 - abs(value - goal) / abs(baseline - goal))
        case Comparator.RANGE:
            assert target.value_max is not None
            if goal <= value <= target.value_max:
                return True, 1.0
            if value < goal:
                return False, _towards(value, baseline, goal, higher_is_better=True)
            return False, _towards(value, baseline, target.value_max, higher_is_better=False)
    raise AssertionError(target.comparator)  # pragma: no cover


def _select(
    measurements: Iterable[Measurement], indicator: Indicator, year: int
) -> list[Measurement]:
    """One approved measurement per unit: the year's, or for cumulative targets the latest."""
    approved = [
        m
        for m in measurements
        if m.indicator == indicator.id and m.status is MeasurementStatus.APPROVED
    ]
    if indicator.combine is Combine.SINGLE:
        approved = [m for m in approved if m.unit == indicator.reporting_unit]
    if indicator.target.per is TargetPer.YEAR:
        approved = [m for m in approved if m.period == year]
    else:  # cumulative values: the latest one up to the year counts
        approved = [m for m in approved if m.period <= year]
    latest: dict[str | None, Measurement] = {}
    for m in sorted(approved, key=lambda m: m.period):
        latest[m.unit] = m
    chosen = list(latest.values())
    if indicator.combine is not Combine.SUM and chosen:
        # A share or a maximum describes one moment: units' latest values from different
        # years are not averaged together, only those of the latest year measured.
        newest = max(m.period for m in chosen)
        chosen = [m for m in chosen if m.period == newest]
    return chosen


def _combined(rule: Combine, values: list[float]) -> float | None:
    """One value from the units' values; 'single' has one unit's value left to take."""
    if not values:
        return None
    if rule is Combine.SUM:
        return float(sum(values))
    if rule is Combine.MEAN:
        return fmean(values)
    return float(max(values))


def builtin_status(
    indicator: Indicator, measurements: Sequence[Measurement], year: int
) -> IndicatorStatus:
    target = indicator.target
    chosen = _select(measurements, indicator, year)
    if not chosen:
        return IndicatorStatus(indicator.id, year, Status.NO_DATA)
    rule = indicator.combine
    period = max(m.period for m in chosen)
    baseline = indicator.baseline.value if indicator.baseline else None
    if not target.is_compound:
        contributions = {m.unit or "": m.value for m in chosen if m.value is not None}
        value = _combined(rule, list(contributions.values()))
        if value is None:
            return IndicatorStatus(indicator.id, year, Status.NO_DATA, note="no single value")
        met, progress = target_progress(target, value, baseline)
        return IndicatorStatus(
            indicator.id,
            year,
            Status.MET if met else Status.NOT_MET,
            value=value,
            progress=progress,
            measured_period=period,
            contributions=contributions,
        )
    results: list[tuple[bool, float]] = []
    missing: list[str] = []
    components: dict[str, float] = {}
    for component in target.components:
        assert component.key is not None
        part = _combined(
            rule, [m.components[component.key] for m in chosen if component.key in m.components]
        )
        if part is None:
            missing.append(component.key)
            results.append((False, 0.0))
        else:
            components[component.key] = part
            results.append(target_progress(component, part, None))
    if len(missing) == len(target.components):
        return IndicatorStatus(indicator.id, year, Status.NO_DATA, note="no component values")
    totals = [m.value for m in chosen if m.value is not None]
    return IndicatorStatus(
        indicator.id,
        year,
        Status.MET if all(met for met, _ in results) else Status.NOT_MET,
        value=_combined(rule, totals),
        components=components,
        progress=min(progress for _, progress in results),
        measured_period=period,
        note=f"missing components: {', '.join(missing)}" if missing else None,
        contributions={m.unit or "": m.value for m in chosen if m.value is not None},
    )


@hookimpl(trylast=True)
def okcore_indicator_status(
    program: Program, indicator: Indicator, measurements: Sequence[Measurement], year: int
) -> IndicatorStatus:
    """The built-in rule, shipped as a default plugin: it runs last, so a plugin's own
    rule for an indicator (any answer other than None) wins."""
    return builtin_status(indicator, measurements, year)
