"""What the programme pages show: indicator status from approved measurements, charts, risks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cms.core.registry import registry, text
from cms.network.models import Unit
from okcore.program import Goal, Indicator, Program, RiskLevel
from okcore.services.indicators import IndicatorStatus, Status, indicator_status

LEVEL_COLOURS = {  # WCAG AA contrast against white text
    RiskLevel.LOW: "#1b6e3a",
    RiskLevel.MODERATE: "#8a5a00",
    RiskLevel.SERIOUS: "#b03a00",
    RiskLevel.CRITICAL: "#9b1c1c",
}


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
    page_url: str | None = None

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


def approved_measurements(program: Program) -> list[Any]:
    from cms.indicators.models import Measurement, countable
    from cms.indicators.models import Status as MeasurementStatus

    rows = Measurement.objects.filter(
        indicator__startswith=program.id + "/", status=MeasurementStatus.APPROVED
    ).select_related("unit")
    return [m.as_core() for m in countable(rows)]


def unit_names(measurements: list[Any]) -> dict[str, str]:
    """The names of the units that reported, by slug ('' for values without a unit)."""
    slugs = {m.unit for m in measurements if m.unit}
    names = {unit.slug: unit.name for unit in Unit.objects.filter(slug__in=slugs)}
    return {"": _("no unit"), **names}


def indicator_rows(program: Program, goal: Goal, measurements: list[Any]) -> list[IndicatorRow]:
    """One row per indicator of the goal; the status combines the units' values by the
    indicator's rule (okcore), and the row lists each unit's contribution when several
    reported."""
    hook = registry().manager.hook
    names = unit_names(measurements)
    rows = []
    for indicator in goal.indicators:
        own = [m for m in measurements if m.indicator == indicator.id]
        year = max((m.period for m in own), default=min(program.period.end, program.period.start))
        status = indicator_status(program, indicator, own, year, hook)
        rows.append(
            IndicatorRow(
                indicator,
                goal,
                text(indicator.name),
                text(indicator.unit),
                text(indicator.target.label) or "",
                status,
                [(names.get(slug, slug), value) for slug, value in status.contributions.items()]
                if len(status.contributions) > 1
                else [],
            )
        )
    return rows


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


def goal_chart(goal_title: str, rows: list[IndicatorRow]) -> SafeString:
    """A horizontal bar chart drawn on the server: baseline, latest value, target line."""
    bar, gap, label_width, width = 14, 10, 0, 560
    height = len(rows) * (2 * bar + 3 * gap) + 30
    title_id = f"chart-{abs(hash(goal_title)) % 10**8}"
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
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 2}" y2="{y + 2 * bar + 4}" '
                f'stroke="#000" stroke-width="2">'
                f"<title>{escape(_('target'))}: {escape(row.target_label)}</title></line>"
            )
        y += 2 * bar + 2 * gap
    parts.append("</svg>")
    return mark_safe("".join(parts))


def risk_matrix(program: Program) -> dict[str, Any]:
    from cms.risks.models import current_ratings

    rows = []
    for risk, rating, assessment in current_ratings(program):
        level = RiskLevel.for_rating(rating)
        rows.append(
            {
                "risk": risk,
                "name": text(risk.name),
                "action": text(risk.action),
                "rating": rating,
                "document_rating": risk.rating,
                "level": level,
                "colour": LEVEL_COLOURS[level],
                "assessed_on": assessment.assessed_on if assessment else None,
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


def programme_context(page: Any) -> dict[str, Any]:
    program = registry().programs.get(page.okcore_id)
    if program is None:
        return {"program": None}
    from cms.programmes.models import GoalPage

    measurements = approved_measurements(program)
    goal_pages = {g.okcore_id: g for g in GoalPage.objects.child_of(page).live()}
    goals = []
    for goal in program.goals:
        rows = indicator_rows(program, goal, measurements)
        title = text(goal.title)
        goals.append(
            {
                "goal": goal,
                "title": title,
                "page": goal_pages.get(program.goal_uid(goal)),
                "rows": rows,
                "chart": goal_chart(title, rows) if rows else None,
            }
        )
    return {"program": program, "goals": goals, "risks": risk_matrix(program)}


def goal_context(page: Any) -> dict[str, Any]:
    program_page = page.get_parent().specific
    program = registry().programs.get(program_page.okcore_id)
    if program is None:
        return {}
    goal = program.goal(page.data.get("number"))
    rows = indicator_rows(program, goal, approved_measurements(program))
    from cms.programmes.models import IndicatorPage, TaskPage

    return {
        "tasks": TaskPage.objects.child_of(page).live(),
        "indicator_pages": IndicatorPage.objects.child_of(page).live(),
        "rows": rows,
        "chart": goal_chart(text(goal.title), rows) if rows else None,
    }


def indicator_context(page: Any) -> dict[str, Any]:
    from cms.indicators.models import Measurement, countable
    from cms.indicators.models import Status as MeasurementStatus

    program_id = page.okcore_id.split("/", 1)[0]
    approved = (
        Measurement.objects.filter(
            indicator=f"{program_id}/{page.data.get('id')}", status=MeasurementStatus.APPROVED
        )
        .select_related("unit")
        .order_by("period", "unit__slug")
    )
    return {"measurements": countable(approved)}
