"""What the programme pages show: okcore's items from the registry, indicator status from
approved measurements (the indicators' selectors), charts and the risk register."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.template.defaultfilters import floatformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from wagtail.models import Locale, Site

from cms.core.registry import text
from cms.indicators.selectors import (
    Standing,
    approved_rows,
    contributions,
    standings,
    statuses,
    unit_names,
)
from cms.network.models import Unit, UnitPage
from cms.risks.labels import level_label, response_label
from cms.risks.selectors import current_ratings
from okcore.program import Goal, Indicator, Party, Program, RiskLevel, Target, Task
from okcore.report.chart import svg
from okcore.report.model import Chart, ChartRow
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


def status_label(status: Status) -> str:
    """The status in words, as the programme page and the indicator pages say it."""
    return {
        Status.MET: _("met"),
        Status.NOT_MET: _("not met"),
        Status.NO_DATA: _("no data"),
    }[status]


def parts_text(target: Target | None, components: Mapping[str, float]) -> str:
    """A compound value with each part named as the target names it, in the active language
    ("spotkania: 1; uczestnicy: 22"); a part the target does not know keeps its key."""
    parts = target.components if target is not None else []
    labels = {c.key: text(c.unit) or c.key for c in parts if c.key}
    return "; ".join(
        f"{labels.get(key, key)}: {floatformat(value, -1)}" for key, value in components.items()
    )


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
        return status_label(self.status.status)

    @property
    def parts(self) -> str:
        """The compound value's parts, each labelled in the active language."""
        return parts_text(self.indicator.target, self.status.components)


@dataclass(frozen=True)
class YearStatus:
    """How the indicator stood in one year of the programme (its indicator page)."""

    status: IndicatorStatus
    label: str
    target: Target

    @property
    def parts(self) -> str:
        return parts_text(self.target, self.status.components)


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


def chart_description() -> str:
    return _(
        "Baseline (grey) and latest approved value (blue) of each indicator as a "
        "percentage of its target (the black line), on one common scale, since the "
        "indicators count different things; next to each bar its value in the indicator's "
        "own unit. A compound indicator is shown part by part. The table below gives the "
        "numbers."
    )


def _part_name(component: Target) -> str:
    """A part of a compound target by what it counts ("meetings"), else by its key."""
    return text(component.unit) or str(component.key)


def chart_row(row: IndicatorRow) -> ChartRow:
    """The indicator's row of a chart; a compound one with a row per part of its target."""
    target = row.indicator.target
    return ChartRow(
        name=row.name,
        baseline=row.baseline,
        value=row.status.value,
        target=row.target_value,
        target_label=row.target_label,
        parts=[
            ChartRow(
                name=_part_name(component),
                value=row.status.components.get(str(component.key)),
                target=component.value_max if component.comparator == "range" else component.value,
                target_label=target_text(component),
            )
            for component in target.components
        ],
    )


def goal_chart(goal_uid: str, goal_title: str, rows: list[IndicatorRow]) -> SafeString:
    """The goal's bar chart (baseline, latest value, target line), drawn by okcore so the
    report embeds the same picture; its text is escaped there. Two drawings of it: the
    wide one, and the narrow one the stylesheet shows on phones instead."""
    chart = Chart(
        key=goal_uid,
        title=goal_title,
        description=chart_description(),
        rows=[chart_row(row) for row in rows],
        labels=(_("baseline"), _("latest value"), _("target")),
        axis_label=_("percentage of target"),
        no_target_label=_("no numeric target"),
    )
    return mark_safe(svg(chart) + svg(chart, narrow=True))


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
                "level_label": level_label(current.level),
                "response_label": response_label(risk.response),
                "colour": LEVEL_COLOURS[current.level],
                "assessed_on": latest.assessed_on if latest else None,
            }
        )
    columns = [
        {
            "rating": r,
            "level": RiskLevel.for_rating(r),
            "level_label": level_label(RiskLevel.for_rating(r)),
            "colour": LEVEL_COLOURS[RiskLevel.for_rating(r)],
            "risks": [row for row in rows if row["rating"] == r],
        }
        for r in range(1, 8)
    ]
    return {"rows": rows, "columns": columns}


def goal_of(program: Program, uid: str) -> Goal | None:
    """The programme's goal with the stable id ``uid``."""
    return next((g for g in program.goals if program.goal_uid(g) == uid), None)


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


def linked_parties(
    task: Task, locale: Locale, site: Site | None
) -> dict[str, list[tuple[Party, UnitPage | None]]]:
    """The task's implementers and partners, each with the live page of the unit that acts
    for it in ``locale`` on the city's own site (None when the party has no unit, or the
    unit has no page in that language)."""
    slugs = {p.unit for p in (*task.implementers, *task.partners) if p.unit}
    pages: dict[str, UnitPage] = {}
    if slugs:
        units = Unit.objects.of_site(site).filter(slug__in=slugs)
        found = UnitPage.objects.live().public().filter(locale=locale, unit__in=units)
        for page in found.select_related("unit").order_by("path"):
            pages.setdefault(page.unit.slug, page)
    return {
        kind: [(p, pages.get(p.unit) if p.unit else None) for p in getattr(task, kind)]
        for kind in ("implementers", "partners")
    }


def indicator_context(program: Program | None, uid: str) -> dict[str, Any]:
    indicator_id = Program.parse_indicator_uid(uid)[1]
    if program is None or indicator_id not in program.indicators:
        return {}
    goal, indicator = program.indicators[indicator_id]
    rows = [row for row in _goal_rows(program, goal) if row.indicator.id == indicator_id]
    measurements = approved_rows([uid])[uid]
    core = [row.as_core() for row in measurements]
    return {
        "program": program,
        "goal": goal,
        "indicator": indicator,
        "measurements": measurements,
        "rows": rows,
        "chart": goal_chart(uid, text(indicator.name), rows),
        "years": [
            YearStatus(status, status_label(status.status), indicator.target)
            for status in statuses(program, indicator, core)
        ],
    }
