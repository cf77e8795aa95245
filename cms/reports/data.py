"""The year's data a programme's report is built from, read from the site's database.

okcore builds the report (okcore.report.build) without a database; this is the one place
that gathers what the portal holds for one programme and year and hands it over as plain
values (okcore.report.model.ReportData): approved measurements, the units' acknowledged
reporting materials (3487/2023 §3 pt 4: the deliveries whose form repeats per task), SZ's
risk re-assessments, and each of the programme's networks' compliance. Everything is
scoped to the units of the site that serves the programme (cms.core.city): unit slugs are
one namespace, so another city's unit is no implementer of this programme.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone, translation

from cms.core.city import programme_site
from cms.core.languages import in_language
from cms.core.registry import registry
from cms.deliveries.models import Delivery, Status
from cms.indicators.selectors import approved
from cms.network.compliance import network_state
from cms.network.models import Unit
from cms.risks.selectors import current_ratings
from okcore.deliveries import Repeat
from okcore.program import Program
from okcore.report.compliance import year_compliance
from okcore.report.materials import read_material
from okcore.report.model import Material, OtherActions, Reassessment, ReportData, UnitCompliance


def report_data(
    program: Program, year: int, today: date, language: str | None = None
) -> ReportData:
    """Everything the report of ``program`` for ``year`` is built from, as of ``today``;
    units are named in ``language`` (default: the active one), else in Polish."""
    language = (language or translation.get_language() or "pl")[:2]
    units = list(Unit.objects.of_site(programme_site(program)))
    names = {unit.slug: in_language(unit.names, language) for unit in units}
    materials: list[Material] = []
    other_actions: list[OtherActions] = []
    for delivery in task_materials(program, year, units):
        found, other = read_material(
            program,
            delivery.unit.slug,
            names[delivery.unit.slug],
            delivery.data,
            timezone.localdate(delivery.submitted_at) if delivery.submitted_at else None,
            {str(a.pk): a.name for a in delivery.attachments.all()},
        )
        materials.extend(found)
        other_actions.extend([other] if other is not None else [])
    return ReportData(
        program=program,
        year=year,
        today=today,
        measurements=[
            m for m in approved(program) if m.period <= year and (m.unit is None or m.unit in names)
        ],
        unit_names=names,
        materials=materials,
        other_actions=other_actions,
        reassessments=reassessments(program, year),
        compliance=year_compliances(program, year, today, units, language),
    )


def program_networks(program: Program) -> list[str]:
    """The ids of the coordinator networks that serve the programme (a network's
    ``program``): their units send the reporting materials and their compliance is
    reported."""
    return sorted(
        nid for nid, network in registry().networks.items() if network.program == program.id
    )


def task_materials(program: Program, year: int, units: list[Unit]) -> list[Delivery]:
    """The acknowledged deliveries for ``year`` of the programme's networks whose form
    repeats per task (3487/2023 §3 pt 4's reporting material), by unit."""
    deliveries = (
        Delivery.objects.filter(
            status=Status.ACKNOWLEDGED,
            network__in=program_networks(program),
            unit__in=units,
            period_end__year=year,
        )
        .select_related("unit")
        .prefetch_related("attachments")
    )
    found = []
    for delivery in deliveries.order_by("unit__slug", "due", "pk"):
        try:
            form = delivery.obligation_definition.delivery
        except (KeyError, LookupError):  # a plugin removed since: no form to read it by
            continue
        if form is not None and form.each is Repeat.TASKS:
            found.append(delivery)
    return found


def reassessments(program: Program, year: int) -> list[Reassessment]:
    """SZ's re-assessments of the programme's risks up to the end of ``year``, oldest
    first: the year's are reported, the latest gives each risk's level at the year's end."""
    found = [
        Reassessment(
            risk=rating.risk.number,
            assessed_on=assessment.assessed_on,
            rating=assessment.rating,
            note=assessment.note,
        )
        for rating in current_ratings([program])
        for assessment in rating.history
        if assessment.assessed_on.year <= year
    ]
    return sorted(found, key=lambda r: (r.risk, r.assessed_on))


def year_compliances(
    program: Program, year: int, today: date, units: list[Unit], language: str
) -> list[UnitCompliance]:
    """How the units kept each of the programme's networks' deadlines due in ``year``, as
    they stand ``today``."""
    acts = registry().legal_acts
    return [
        row
        for network_id in program_networks(program)
        for row in year_compliance(
            registry().network(network_id),
            network_state(network_id, units),
            acts,
            year,
            today,
            language,
        )
    ]
