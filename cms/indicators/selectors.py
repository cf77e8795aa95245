"""The one read path for measurements: what counts, and how indicators stand.

Pages, charts, the API, feeds and exports ask here, never the Measurement table
themselves: "approved measurements" is written once, and so is the choice of years a
status is given for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import BigIntegerField, Count, DateTimeField, Max, Sum, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core.models import Generation
from cms.core.registry import registry, text
from cms.core.values import measured, number
from cms.indicators.models import (
    SHOWN_VALUES,
    Measurement,
    Status,
    countable,
    indicator_label,
    lookup,
)
from cms.network.models import Unit
from okcore.program import Indicator, Program
from okcore.program import Measurement as CoreMeasurement
from okcore.services.indicators import IndicatorStatus, entry_years


def approved_rows(keys: Iterable[str]) -> dict[str, list[Measurement]]:
    """The approved rows that keep the rules, by indicator key, oldest year first (one query)."""
    rows = Measurement.objects.filter(status=Status.APPROVED, indicator__in=set(keys))
    found: dict[str, list[Measurement]] = defaultdict(list)
    for row in countable(rows.select_related("unit").order_by("period", "unit__slug", "id")):
        found[row.indicator].append(row)
    return found


@dataclass(frozen=True)
class Version:
    """What a programme's statuses and approved values depend on besides the registry: the
    generation of the values visitors read (cms.core.models.Generation, moved in the
    transaction of every approval, return, deletion or edit of an approved value and every
    edit of a unit: cms.indicators.signals), those of any other inputs the reader names,
    the approved rows' count, id sum and latest change (which also see a change made past
    the models, in SQL), and the year, which decides the years given a status and the
    rows that count (none of a year not begun). The generations never come back, so
    neither does a version; a draft or a submitted value moves nothing."""

    generations: tuple[int, ...]
    rows: int
    ids: int
    changed: object
    year: int


def approved_versions(programs: Iterable[Program], *others: str) -> dict[str, Version]:
    """The :class:`Version` of each programme, by id, in one query (grouped per indicator,
    added up here, with the generations: :data:`SHOWN_VALUES`, then ``others``' in their
    order): readers keep what they computed from the approved values under it, read
    before they compute and again after, and keep it only if both are the same."""
    programs = list(programs)
    owner = {
        program.indicator_uid(indicator): program.id
        for program in programs
        for _goal, indicator in program.indicators.values()
    }
    names = (SHOWN_VALUES, *others)
    generations = dict.fromkeys(names, 0)
    found: dict[str, list[Any]] = {program.id: [0, 0, None] for program in programs}
    with connection.cursor() as cursor:
        cursor.execute(*_version_query(tuple(sorted(owner)), names))
        for key, rows, ids, changed in cursor.fetchall():
            if key in generations:  # a generation's row: its name and value
                generations[key] = rows
                continue
            totals = found[owner[key]]
            totals[0] += rows
            totals[1] += ids
            totals[2] = changed if totals[2] is None else max(totals[2], changed)
    year = timezone.localdate().year
    return {
        program_id: Version(tuple(generations.values()), rows, ids, changed, year)
        for program_id, (rows, ids, changed) in found.items()
    }


@cache
def _version_query(keys: tuple[str, ...], names: tuple[str, ...]) -> tuple[str, tuple[Any, ...]]:
    """The SQL of :func:`approved_versions` for these indicators and generations, compiled
    once per process (the programmes' indicators do not change while it runs): Django's
    compiling of the grouped query costs more than the database's answer. The latest
    change is the database's own value (text in SQLite), compared only with others of its
    kind. Without indicators (a site that serves no programme) only the generations are
    read: the union leaves out the empty part."""
    rows = (
        Measurement.objects.filter(status=Status.APPROVED, indicator__in=keys)
        .values_list("indicator")
        .annotate(rows=Count("id"), ids=Sum("id"), changed=Max("updated_at"))
        .order_by()
    )
    generations = (
        Generation.objects.filter(name__in=names)
        .annotate(
            ids=Value(None, output_field=BigIntegerField()),
            changed=Value(None, output_field=DateTimeField()),
        )
        .values_list("name", "value", "ids", "changed")
        .order_by()
    )
    sql, params = rows.union(generations, all=True).query.sql_with_params()
    return sql, tuple(params)


def approved(program: Program) -> list[CoreMeasurement]:
    """A programme's approved measurements as okcore reads them (for exports)."""
    return [m for found in approved_by_indicator(program).values() for m in found]


def approved_by_indicator(program: Program) -> dict[str, list[CoreMeasurement]]:
    """A programme's approved measurements as okcore reads them, by indicator id."""
    keys = {program.indicator_uid(i): i.id for _goal, i in program.indicators.values()}
    return {keys[key]: [row.as_core() for row in rows] for key, rows in approved_rows(keys).items()}


def status_years(program: Program) -> range:
    """The years a status is given for: the programme's, up to this year."""
    return entry_years(program.period, timezone.localdate())


def statuses(
    program: Program,
    indicator: Indicator,
    measurements: Sequence[CoreMeasurement],
    year: int | None = None,
) -> list[IndicatorStatus]:
    """The indicator's combined status for ``year``, or for every year of
    :func:`status_years`; none for a year outside the programme's period."""
    years = status_years(program) if year is None else [year]
    return [
        registry().indicator_status(program, indicator, measurements, y)
        for y in years
        if y in program.period
    ]


def shown_year(program: Program, measurements: Sequence[CoreMeasurement]) -> int:
    """The year a page shows: the latest year with an approved value, so a page never
    reports 'no data' while a value stands; before any, this year clamped into the
    programme's period (a programme not yet begun shows its first year, an ended one its
    last)."""
    if measurements:
        return max(m.period for m in measurements)
    this_year = timezone.localdate().year
    return max(program.period.start, min(this_year, program.period.end))


@dataclass(frozen=True)
class Standing:
    """How one indicator stands: the status a page shows (for :func:`shown_year`)."""

    indicator: Indicator
    shown: IndicatorStatus


def standings(program: Program) -> dict[str, Standing]:
    """Every indicator of the programme, by id, in one pass over one query's measurements."""
    measurements = approved_by_indicator(program)
    found = {}
    for _goal, indicator in program.indicators.values():
        own = measurements.get(indicator.id, [])
        year = shown_year(program, own)
        shown = registry().indicator_status(program, indicator, own, year)
        found[indicator.id] = Standing(indicator, shown)
    return found


def unit_names(statuses: Iterable[IndicatorStatus]) -> dict[str, str]:
    """The names of the units that contributed, by slug ('' for values without a unit)."""
    slugs = {slug for status in statuses for slug in status.contributions if slug}
    names = {unit.slug: unit.name for unit in Unit.objects.filter(slug__in=slugs)}
    return {"": str(_("no unit")), **names}


def contributions(status: IndicatorStatus, names: dict[str, str]) -> list[tuple[str, float]]:
    """Each unit's part of the combined value, when several units reported."""
    if len(status.contributions) < 2:
        return []
    return [(names.get(slug, slug), value) for slug, value in status.contributions.items()]


def measurement_details(measurement: Measurement) -> dict[str, Any]:
    """What SZ reads before deciding on a value, and the unit before submitting it: the
    indicator's name and unit of measure (in the reader's language), its target and
    baseline, the value as a reader reads it, and the approved values of earlier years,
    the unit's and the total, so one sees whether the new value fits. A value of an
    indicator the installed programme no longer has (a newer plugin dropped it) shows its
    key and value, not a server error."""
    found = lookup(measurement.indicator)
    if found is None:
        return {
            "indicator": measurement.indicator,
            "unit_of_measure": "",
            "target": "",
            "baseline": "",
            "earlier": [],
            "value": measured(measurement.value, measurement.components),
        }
    program, goal, indicator = found
    target = text(indicator.target.label) or indicator.target.formula(" " + _("per year"))
    baseline = indicator.baseline
    rows = approved_rows([measurement.indicator]).get(measurement.indicator, [])
    unit_key = measurement.unit.slug if measurement.unit else ""
    earlier = [
        (
            status.year,
            number(status.contributions.get(unit_key)),
            measured(status.value, status.components, indicator.target),
        )
        for status in statuses(program, indicator, [r.as_core() for r in rows])
        if status.year < measurement.period
    ]
    return {
        "indicator": indicator_label(goal, indicator),
        "unit_of_measure": text(indicator.unit),
        "target": target,
        "baseline": f"{number(baseline.value)} ({baseline.year})" if baseline else "",
        "earlier": earlier,
        "value": measured(measurement.value, measurement.components, indicator.target),
    }
