"""``report_data``: what the portal holds for a programme's year, as the report's builder
reads it — approved values, acknowledged reporting materials (3487/2023 §3 pt 4), SZ's
re-assessments of the year, the network's compliance — and only the programme's city's."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from clock import TODAY
from factories import CoordinatorFactory, MeasurementFactory, UnitFactory
from wagtail.models import Page, Site

from cms.core.registry import registry
from cms.core.site import ensure_home
from cms.deliveries import services
from cms.deliveries.models import Delivery, Status
from cms.indicators.models import Status as MeasurementStatus
from cms.reports.data import report_data
from cms.risks.models import RiskAssessment

pytestmark = pytest.mark.django_db
PROGRAM = "open-krakow-2024-2028"
NETWORK = "open-krakow-coordinators"
MATERIALS = "3487-2023-reporting-materials"
YEAR = 2025
REACHED = f"{PROGRAM}/indicator/schools-and-residents-reached"
#: Wydział Bezpieczeństwa implements tasks 6.1–6.3 (the programme's Table 1).
SAFETY_TASKS = {
    "task_6_1_actions": "Kampania „Kraków bez nienawiści” w komunikacji miejskiej.",
    "task_6_1_figures": "450 plakatów",
    "task_6_2_actions": "Mapa ryzyka konfliktów zaktualizowana z Policją.",
    "task_6_3_actions": "Szkolenia z komunikacji międzykulturowej dla straży miejskiej.",
    "other_actions": "Dyżury tłumaczy w punktach obsługi mieszkańców.",
}


@pytest.fixture
def program() -> Any:
    return registry().programs[PROGRAM]


@pytest.fixture
def lublin() -> Site:
    """Another city's site, with a unit of its own."""
    page = Page(title="lublin", slug="lublin")
    Page.get_first_root_node().add_child(instance=page)
    return Site.objects.create(hostname="lublin.example", port=80, root_page=page)


def acknowledged_materials(make_user: Any, slug: str, name: str, data: dict[str, str]) -> Delivery:
    """The unit's reporting material for YEAR, delivered by its coordinator and acknowledged
    by SZ the way the admin does it."""
    unit = UnitFactory(slug=slug, name=name)
    anna = make_user(f"coordinator-{slug}")
    CoordinatorFactory(unit=unit, network=NETWORK, user=anna)
    duty = services.find_duty(unit, MATERIALS, period_end=date(YEAR, 12, 31))
    delivery = services.start_delivery(anna, duty, data)
    services.submit(anna, delivery)
    services.review(make_user(f"sz-{slug}", "admins"), delivery, Status.ACKNOWLEDGED)
    return delivery


def test_the_years_approved_values_of_the_citys_units(program: Any, lublin: Site) -> None:
    ensure_home()
    education = UnitFactory(slug="wydzial-edukacji", name="Wydział Edukacji")
    MeasurementFactory(unit=education, period=YEAR - 1, status=MeasurementStatus.APPROVED)
    MeasurementFactory(unit=education, period=YEAR, status=MeasurementStatus.APPROVED)
    MeasurementFactory(unit=education, period=YEAR + 1, status=MeasurementStatus.APPROVED)
    MeasurementFactory(
        unit=education,
        period=YEAR,
        indicator=REACHED.replace("schools-and-residents-reached", "staff-trained"),
    )  # a draft: not a value yet
    foreign = UnitFactory(slug="wss", name="Wojewódzki Szpital", site=lublin)
    MeasurementFactory(unit=foreign, period=YEAR, status=MeasurementStatus.APPROVED)

    data = report_data(program, YEAR, TODAY, "pl")

    assert (data.program, data.year, data.today) == (program, YEAR, TODAY)
    # Earlier years for comparison; none after the report's year; no other city's unit.
    assert sorted((m.indicator, m.period, m.unit) for m in data.measurements) == [
        ("schools-and-residents-reached", YEAR - 1, "wydzial-edukacji"),
        ("schools-and-residents-reached", YEAR, "wydzial-edukacji"),
    ]
    assert data.unit_names["wydzial-edukacji"] == "Wydział Edukacji"
    assert "wss" not in data.unit_names


def test_units_are_named_in_the_reports_language(program: Any) -> None:
    UnitFactory(slug="wydzial-kultury", names={"pl": "Wydział Kultury", "en": "Culture Department"})
    UnitFactory(slug="mops", names={"pl": "Miejski Ośrodek Pomocy Społecznej"})

    names = report_data(program, YEAR, TODAY, "en").unit_names

    assert names["wydzial-kultury"] == "Culture Department"
    assert names["mops"] == "Miejski Ośrodek Pomocy Społecznej"  # no English name: Polish


def test_risk_reassessments_up_to_the_years_end(program: Any) -> None:
    first, second = program.risks[0], program.risks[1]
    RiskAssessment.objects.create(
        risk=program.risk_uid(second), rating=6, assessed_on=date(YEAR, 9, 1), note="Mniej kadr."
    )
    RiskAssessment.objects.create(
        risk=program.risk_uid(first), rating=5, assessed_on=date(YEAR, 3, 1)
    )
    RiskAssessment.objects.create(
        risk=program.risk_uid(first), rating=2, assessed_on=date(YEAR - 1, 12, 31)
    )
    RiskAssessment.objects.create(
        risk=program.risk_uid(first), rating=7, assessed_on=date(YEAR + 1, 1, 1)
    )

    found = report_data(program, YEAR, TODAY).reassessments

    # The earlier years' too: the latest up to the year's end gives the risk's level then.
    assert [(r.risk, r.assessed_on, r.rating, r.note) for r in found] == [
        (first.number, date(YEAR - 1, 12, 31), 2, ""),
        (first.number, date(YEAR, 3, 1), 5, ""),
        (second.number, date(YEAR, 9, 1), 6, "Mniej kadr."),
    ]


def test_acknowledged_reporting_materials_of_the_year_quoted_per_task(
    program: Any, make_user: Any, lublin: Site
) -> None:
    ensure_home()
    acknowledged_materials(
        make_user, "wydzial-bezpieczenstwa", "Wydział Bezpieczeństwa", SAFETY_TASKS
    )
    # Submitted, not yet acknowledged by SZ: not the unit's word for the report yet.
    culture = UnitFactory(slug="wydzial-kultury", name="Wydział Kultury")
    ewa = make_user("ewa")
    CoordinatorFactory(unit=culture, network=NETWORK, user=ewa)
    duty = services.find_duty(culture, MATERIALS, period_end=date(YEAR, 12, 31))
    fields = services.duty_fields(culture, NETWORK, duty.obligation, TODAY)
    waiting = services.start_delivery(
        ewa, duty, {f.name: "Działanie." for f in fields if f.required}
    )
    services.submit(ewa, waiting)

    data = report_data(program, YEAR, TODAY, "pl")

    assert [(m.unit_name, m.goal, m.task, m.actions, m.figures) for m in data.materials] == [
        ("Wydział Bezpieczeństwa", 6, 1, SAFETY_TASKS["task_6_1_actions"], "450 plakatów"),
        ("Wydział Bezpieczeństwa", 6, 2, SAFETY_TASKS["task_6_2_actions"], ""),
        ("Wydział Bezpieczeństwa", 6, 3, SAFETY_TASKS["task_6_3_actions"], ""),
    ]
    assert {m.submitted for m in data.materials} == {TODAY}
    assert [(o.unit, o.text) for o in data.other_actions] == [
        ("wydzial-bezpieczenstwa", SAFETY_TASKS["other_actions"])
    ]
    # The material for YEAR is the year's, not the next one's (its period, not its due date).
    later = report_data(program, YEAR + 1, TODAY, "pl")
    assert (later.materials, later.other_actions) == ([], [])


def test_the_networks_compliance_in_the_year_of_the_citys_units(
    program: Any, make_user: Any, lublin: Site
) -> None:
    """The material for YEAR falls due on 31 January of the next year (the network's
    policy for 3487/2023 §3 pt 4): sent now, it is late there; not sent, it is missing."""
    ensure_home()
    acknowledged_materials(
        make_user, "wydzial-bezpieczenstwa", "Wydział Bezpieczeństwa", SAFETY_TASKS
    )
    culture = UnitFactory(slug="wydzial-kultury", name="Wydział Kultury")
    CoordinatorFactory(unit=culture, network=NETWORK, user=make_user("ewa"))
    foreign = UnitFactory(slug="wss", name="Wojewódzki Szpital", site=lublin)
    CoordinatorFactory(unit=foreign, network=NETWORK, user=make_user("olga"))

    rows = {r.unit: r for r in report_data(program, YEAR + 1, TODAY, "pl").compliance}

    assert "wss" not in rows
    delivered, silent = rows["wydzial-bezpieczenstwa"], rows["wydzial-kultury"]
    assert (delivered.network, delivered.unit_name) == (NETWORK, "Wydział Bezpieczeństwa")
    assert delivered.late - silent.late == 1
    assert silent.missing - delivered.missing == 1
