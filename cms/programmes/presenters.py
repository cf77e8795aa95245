"""What the programme pages show: okcore's items from the registry, indicator status from
approved measurements (the indicators' selectors), charts and the risk register."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cms.core.registry import text
from cms.indicators.selectors import Standing, approved_rows, contributions, standings, unit_names
from cms.risks.selectors import current_ratings
from okcore.program import Goal, Indicator, Program, RiskLevel, Target, Task
from okcore.services.indicators import IndicatorStatus, Status

LEVEL_COLOURS = {  # WCAG AA contrast against white text
    RiskLevel.LOW: "#1b6e3a",
    RiskLevel.MODERATE: "#8a5a00",
    RiskLevel.SERIOUS: "#b03a00",
    RiskLevel.CRITICAL: "#9b1c1c",
}


class SyncedItem(Protocol):
    """A page that stands for an okcore item (what the presenters need of it)."""

    okcore_id: str


def target_text(target: Target) -> str:
    """The target as the document words it, else in symbols (``≥100 per year``)."""
    return text(target.label) or target.formula(" " + _("per year"))


@dataclass
class IndicatorRow:
    indicator: Indicator
    goal: Goal
    name: str
    unit: str
    target_label: str
    status: IndicatorStatus
    #: Each reporting unit's part of the combined value: (unit name, value).
    contributions: list[tuple[str, float]]

    @property
    def baseline(self) -> float | None:
        return self.indicator.baseline.value if self.indicator.baseline else None

    @property
    def target_value(self) -> float | None:
        target = self.indicator.target
        if target.is_compound:
            return None
        return target.value_max if target.comparator == "range" else target.value

    @property
    def status_label(self) -> str:
        return {
            Status.MET: _("met"),
            Status.NOT_MET: _("not met"),
            Status.NO_DATA: _("no data"),
        }[self.status.status]


def indicator_rows(
    goal: Goal, standing: Mapping[str, Standing], names: Mapping[str, str]
) -> list[IndicatorRow]:
    """One row per indicator of the goal, with the status a page shows (the selectors'
    choice of year) and each unit's contribution when several reported."""
    rows = []
    for indicator in goal.indicators:
        status = standing[indicator.id].shown
        rows.append(
            IndicatorRow(
                indicator,
                goal,
                text(indicator.name),
                text(indicator.unit),
                target_text(indicator.target),
                status,
                contributions(status, dict(names)),
            )
        )
    return rows


def _goal_rows(program: Program, goal: Goal) -> list[IndicatorRow]:
    standing = standings(program)
    return indicator_rows(goal, standing, unit_names(s.shown for s in standing.values()))


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def chart_description() -> str:
    return _(
        "Baseline (grey), latest approved value (blue) and target (black line) of each "
        "indicator; the table below gives the numbers."
    )


def _bar(y: float, width: float, height: int, colour: str, label: str, value: float) -> str:
    return (
        f'<rect x="0" y="{y}" width="{width:.1f}" height="{height}" fill="{colour}">'
        f"<title>{escape(label)}: {_number(value)}</title></rect>"
    )


def chart_id(goal_uid: str) -> str:
    """An HTML id from the goal's stable id: the same in every process and on every page."""
    return "chart-" + re.sub(r"[^a-z0-9]+", "-", goal_uid.lower()).strip("-")


def goal_chart(goal_uid: str, goal_title: str, rows: list[IndicatorRow]) -> SafeString:
    """A horizontal bar chart drawn on the server: baseline, latest value, target line."""
    bar, gap, label_width, width = 14, 10, 0, 560
    height = len(rows) * (2 * bar + 3 * gap) + 30
    title_id = chart_id(goal_uid)
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{title_id}-t {title_id}-d" '
        f'viewBox="0 0 {width} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}-t">{escape(goal_title)}</title>',
        f'<desc id="{title_id}-d">{escape(chart_description())}</desc>',
    ]
    y = 10
    for row in rows:
        values = [v for v in (row.baseline, row.status.value, row.target_value) if v is not None]
        scale = (width - label_width - 80) / max(max(values, default=1), 1)
        parts.append(
            f'<text x="0" y="{y + 10}" font-size="12" fill="#1a1a1a">{escape(row.name[:90])}</text>'
        )
        y += 14
        if row.baseline is not None:
            parts.append(_bar(y, row.baseline * scale, bar, "#6b7280", _("baseline"), row.baseline))
        if row.status.value is not None:
            parts.append(
                _bar(
                    y + bar + 2,
                    row.status.value * scale,
                    bar,
                    "#1d4ed8",
                    _("latest value"),
                    row.status.value,
                )
            )
        if row.target_value is not None:
            x = row.target_value * scale
            target = _("target")  # outside the f-string, where makemessages finds it
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 2}" y2="{y + 2 * bar + 4}" '
                f'stroke="#000" stroke-width="2">'
                f"<title>{escape(target)}: {escape(row.target_label)}</title></line>"
            )
        y += 2 * bar + 2 * gap
    parts.append("</svg>")
    return mark_safe("".join(parts))


def risk_matrix(program: Program) -> dict[str, Any]:
    rows = []
    for current in current_ratings([program]):
        risk, latest = current.risk, current.latest
        rows.append(
            {
                "risk": risk,
                "name": text(risk.name),
                "action": text(risk.action),
                "rating": current.rating,
                "document_rating": risk.rating,
                "level": current.level,
                "colour": LEVEL_COLOURS[current.level],
                "assessed_on": latest.assessed_on if latest else None,
            }
        )
    columns = [
        {
            "rating": r,
            "level": RiskLevel.for_rating(r),
            "colour": LEVEL_COLOURS[RiskLevel.for_rating(r)],
            "risks": [row for row in rows if row["rating"] == r],
        }
        for r in range(1, 8)
    ]
    return {"rows": rows, "columns": columns}


def _goal(program: Program, uid: str) -> Goal | None:
    return next((g for g in program.goals if program.goal_uid(g) == uid), None)


def programme_context(program: Program | None, goal_pages: Iterable[SyncedItem]) -> dict[str, Any]:
    if program is None:
        return {"program": None}
    standing = standings(program)
    names = unit_names(s.shown for s in standing.values())
    pages = {page.okcore_id: page for page in goal_pages}
    goals = []
    for goal in program.goals:
        rows = indicator_rows(goal, standing, names)
        title = text(goal.title)
        uid = program.goal_uid(goal)
        goals.append(
            {
                "goal": goal,
                "title": title,
                "page": pages.get(uid),
                "rows": rows,
                "chart": goal_chart(uid, title, rows) if rows else None,
            }
        )
    return {"program": program, "goals": goals, "risks": risk_matrix(program)}


def goal_context(program: Program | None, uid: str) -> dict[str, Any]:
    goal = None if program is None else _goal(program, uid)
    if program is None or goal is None:
        return {}
    rows = _goal_rows(program, goal)
    return {
        "program": program,
        "goal": goal,
        "rows": rows,
        "chart": goal_chart(uid, text(goal.title), rows) if rows else None,
    }


def task_context(program: Program | None, uid: str) -> dict[str, Any]:
    found: list[tuple[Goal, Task]] = [
        (goal, task)
        for goal in (program.goals if program else [])
        for task in goal.tasks
        if program is not None and program.task_uid(goal, task) == uid
    ]
    if not found:
        return {}
    goal, task = found[0]
    return {"program": program, "goal": goal, "task": task}


def indicator_context(program: Program | None, uid: str) -> dict[str, Any]:
    indicator_id = Program.parse_indicator_uid(uid)[1]
    if program is None or indicator_id not in program.indicators:
        return {}
    goal, indicator = program.indicators[indicator_id]
    return {
        "program": program,
        "goal": goal,
        "indicator": indicator,
        "measurements": approved_rows([uid])[uid],
    }
