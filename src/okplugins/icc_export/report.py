"""The ICC export: per area, what the programme does, how its indicators stand, a score.

The score is a **self-assessment** by this rule, never the official Council of Europe
Index (whose weights are not published). Per area, 0–100:

- 40 points if any task or indicator of the programme is mapped to the area (activity);
- up to 30 points for the share of its mapped indicators that have an approved
  measurement for the year (evidence);
- up to 30 points for the mean progress towards target of those indicators (results).

An area with nothing mapped scores 0 and is listed as a coverage gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from okcore.program import Goal, Indicator, Measurement, Program, Task
from okcore.registry import Registry
from okcore.services.indicators import IndicatorStatus, Status
from okplugins.icc_export.model import Area, Catalogue, Mapping

RULE = "okcore ICC self-assessment rule v1"
SCORE_LABEL = (
    "Self-assessment score (okcore rule v1: activity 40 + evidence 30 + results 30). "
    "Not the official Council of Europe Intercultural Cities Index score."
)
ACTIVITY_POINTS, EVIDENCE_POINTS, RESULT_POINTS = 40, 30, 30


@dataclass
class AreaReport:
    area: Area
    tasks: list[tuple[Goal, Task, str]] = field(default_factory=list)
    indicators: list[tuple[Indicator, str]] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.tasks or self.indicators)


def area_score(report: AreaReport, statuses: dict[str, IndicatorStatus]) -> int:
    if not report.active:
        return 0
    score = float(ACTIVITY_POINTS)
    if report.indicators:
        found = [statuses[i.id] for i, _ in report.indicators]
        with_data = [s for s in found if s.status is not Status.NO_DATA]
        score += EVIDENCE_POINTS * len(with_data) / len(found)
        if with_data:
            score += RESULT_POINTS * sum(s.progress or 0.0 for s in with_data) / len(with_data)
    return round(score)


def collect(
    catalogue: Catalogue, program: Program, mappings: Sequence[Mapping]
) -> list[AreaReport]:
    reports = {area.id: AreaReport(area) for area in catalogue.areas}
    for mapping in mappings:
        for task_map in mapping.tasks:
            goal = program.goal(task_map.goal)
            task = next(t for t in goal.tasks if t.number == task_map.task)
            for area in task_map.areas:
                reports[area].tasks.append((goal, task, task_map.justification))
        for indicator_map in mapping.indicators:
            indicator = program.indicator(indicator_map.indicator)
            for area in indicator_map.areas:
                reports[area].indicators.append((indicator, indicator_map.justification))
    return list(reports.values())


def _statuses(
    registry: Registry, program: Program, measurements: Sequence[Measurement], year: int
) -> dict[str, IndicatorStatus]:
    return {
        indicator.id: registry.indicator_status(program, indicator, measurements, year)
        for goal in program.goals
        for indicator in goal.indicators
    }


def _change(now: float | int | None, before: float | int | None) -> float | None:
    if now is None or before is None:
        return None
    return round(now - before, 4)


def build(
    registry: Registry,
    catalogue: Catalogue,
    program: Program,
    mappings: Sequence[Mapping],
    year: int,
    measurements: Sequence[Measurement] = (),
    compare_year: int | None = None,
    locale: str | None = "en",
) -> dict[str, Any]:
    """The whole export as plain data; every format renders this."""

    def t(text: Any) -> str | None:
        return None if text is None else str(text.get(locale))

    areas = collect(catalogue, program, mappings)
    now = _statuses(registry, program, measurements, year)
    before = _statuses(registry, program, measurements, compare_year) if compare_year else None
    acts = [registry.legal_acts[a] for a in program.legal_basis if a in registry.legal_acts]
    area_rows = []
    for report in areas:
        score = area_score(report, now)
        score_before = area_score(report, before) if before is not None else None
        evidence = [f"Task {g.number}.{task.number}: {why}" for g, task, why in report.tasks]
        evidence += [f"Indicator {i.id}: {why}" for i, why in report.indicators]
        area_rows.append(
            {
                "id": report.area.id,
                "name": t(report.area.name),
                "group": report.area.group.value,
                "active": report.active,
                "score": score,
                "score_compare": score_before,
                "score_change": _change(score, score_before),
                "tasks": [
                    {
                        "uid": program.task_uid(goal, task),
                        "goal": goal.number,
                        "task": task.number,
                        "title": t(task.title),
                        "deadline": "continuous" if task.is_continuous else str(task.deadline),
                        "implementers": "; ".join(t(p.name) or "" for p in task.implementers),
                        "justification": why,
                    }
                    for goal, task, why in report.tasks
                ],
                "indicators": [
                    _indicator_row(program, indicator, why, now, before, t)
                    for indicator, why in report.indicators
                ],
                "evidence": "\n".join(evidence),
            }
        )
    gaps = [row["id"] for row in area_rows if not row["active"]]
    return {
        "export": "icc",
        "rule": RULE,
        "score_label": SCORE_LABEL,
        "catalogue": {
            "version": catalogue.version,
            "title": catalogue.title,
            "sources": catalogue.sources,
            "weights_note": catalogue.weights_note,
        },
        "city": t(program.city),
        "program": {
            "id": program.id,
            "title": t(program.title),
            "period": f"{program.period.start}–{program.period.end}",
            "legal_basis": [t(act.title) for act in acts],
        },
        "year": year,
        "compare_year": compare_year,
        "coverage": {
            "areas_total": len(area_rows),
            "areas_active": len(area_rows) - len(gaps),
            "gaps": gaps,
        },
        "areas": area_rows,
    }


def _indicator_row(
    program: Program,
    indicator: Indicator,
    why: str,
    now: dict[str, IndicatorStatus],
    before: dict[str, IndicatorStatus] | None,
    t: Any,
) -> dict[str, Any]:
    status = now[indicator.id]
    earlier = before[indicator.id] if before is not None else None
    return {
        "uid": program.indicator_uid(indicator),
        "id": indicator.id,
        "name": t(indicator.name),
        "baseline": indicator.baseline.value if indicator.baseline else None,
        "baseline_year": indicator.baseline.year if indicator.baseline else None,
        "target": t(indicator.target.label),
        "value": status.value,
        "components": status.components or None,
        "measured_period": status.measured_period,
        "status": status.status.value,
        "progress": None if status.progress is None else round(status.progress, 4),
        "value_compare": earlier.value if earlier else None,
        "status_compare": earlier.status.value if earlier else None,
        "change": _change(status.value, earlier.value if earlier else None),
        "justification": why,
    }
