"""The demo's year 2025: what the report on it (Program §6 ust. 8) is made from, and the
report itself, published.

The units' reporting material for 2025 (3487/2023 §3 pt 4, due 31 January 2026), the
year's approved measurements and risk re-assessments, and the network's compliance. 2025
is a fixed past year, so none of this moves with the clock (``OKCORE_TEST_TODAY``).
"""

from __future__ import annotations

import io
from datetime import date
from html import unescape
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Locale

from cms.core.registry import registry
from cms.deliveries.models import Delivery
from cms.demo.data import read_demo
from cms.indicators.models import Measurement
from cms.network.compliance import unit_obligations
from cms.network.models import Coordinator, Unit
from cms.reports import services
from cms.reports.convert import page_report
from cms.reports.models import ReportFile
from cms.risks.models import RiskAssessment
from okcore.report.model import Heading, Paragraph, Report
from okcore.services.compliance import Status
from okcore.services.deliveries import implemented_tasks

pytestmark = pytest.mark.django_db

PROGRAM = "open-krakow-2024-2028"
NETWORK = "open-krakow-coordinators"
MATERIALS = "3487-2023-reporting-materials"


@pytest.fixture
def demo(demo_for_module: None, db: None) -> None:
    """The demo, loaded once for this module; what a test changes is rolled back after it."""


def _materials(year: int) -> dict[str, Delivery]:
    """The reporting material for ``year`` by unit: due 31 January of the year after."""
    found = Delivery.objects.filter(obligation=MATERIALS, due=date(year + 1, 1, 31))
    return {d.unit.slug: d for d in found.select_related("unit")}


def test_the_2025_material_of_every_implementing_unit_is_acknowledged(demo: None) -> None:
    """Each unit of the network that implements a task (Table 1) reported on each of its
    tasks, and SZ acknowledged it: that is what the report quotes."""
    program = registry().program(PROGRAM)
    materials = _materials(2025)
    implementers = {
        slug
        for slug in Coordinator.objects.filter(network=NETWORK).values_list("unit__slug", flat=True)
        if slug != registry().network(NETWORK).hub and implemented_tasks(program, slug)
    }
    assert implementers == {
        "kancelaria-prezydenta",
        "wydzial-edukacji",
        "wydzial-kultury",
        "wydzial-bezpieczenstwa",
    }
    assert implementers < set(materials)
    for slug, delivery in materials.items():
        assert delivery.status == "acknowledged", slug
        assert delivery.record is not None and delivery.record.due == delivery.due
        assert (delivery.period_start, delivery.period_end) == (
            date(2025, 1, 1),
            date(2025, 12, 31),
        )
        tasks = implemented_tasks(program, slug)
        for goal, task in tasks:
            assert delivery.data[f"task_{goal.number}_{task.number}_actions"].strip(), slug
        assert tasks or delivery.data["other_actions"].strip()  # MOPS implements no task
    assert (
        materials["wydzial-edukacji"]
        .data["task_5_5_actions"]
        .startswith("Asystenci międzykulturowi")
    )
    assert "Biblioteka Kraków" in materials["wydzial-kultury"].data["task_5_3_actions"]


def test_the_materials_name_units_never_people(demo: None) -> None:
    """People's data never goes into the report: the units' texts name no coordinator."""
    people = set(Coordinator.objects.values_list("name", flat=True))
    texts = [
        str(value)
        for d in Delivery.objects.filter(obligation=MATERIALS)
        for value in d.data.values()
    ]
    assert texts
    assert not [name for name in people for text in texts if name in text]


def test_the_networks_compliance_has_units_on_time_late_and_missing(demo: None) -> None:
    """The 2025 deadline (the material for 2024) and the 2026 one (for 2025), per unit."""
    statuses: dict[tuple[str, date], Status] = {}
    for _network, _definition, unit, item in unit_obligations(
        Unit.objects.all(), date(2026, 6, 15)
    ):
        if item.obligation.id == MATERIALS:
            for deadline in item.deadlines:
                if deadline.due is not None:
                    statuses[unit.id, deadline.due] = deadline.status
    in_2025 = {unit: s for (unit, due), s in statuses.items() if due == date(2025, 1, 31)}
    assert in_2025 == {
        "wydzial-edukacji": Status.MET,
        "wydzial-bezpieczenstwa": Status.MET,
        "wydzial-kultury": Status.MET_LATE,
        "kancelaria-prezydenta": Status.OVERDUE,
        "mops": Status.OVERDUE,
    }
    assert statuses["kancelaria-prezydenta", date(2026, 1, 31)] == Status.MET_LATE


def test_2025_has_approved_measurements_and_risk_reassessments(demo: None) -> None:
    program = registry().program(PROGRAM)
    approved = Measurement.objects.filter(period=2025, status="approved")
    indicators = {m.indicator for m in approved}
    assert len(indicators) >= len(program.indicators) - 1
    # A combined value: two units' parts of one indicator.
    reached = approved.filter(indicator=program.indicator_uid("schools-and-residents-reached"))
    assert {m.unit.slug for m in reached} == {"wydzial-edukacji", "wydzial-kultury"}
    in_2025 = RiskAssessment.objects.filter(assessed_on__year=2025)
    assert in_2025.values("risk").distinct().count() >= 3
    assert len(read_demo().risks.assessments) == RiskAssessment.objects.count()


def test_the_report_on_2025_is_published_with_its_files(demo: None, client: Any) -> None:
    """Generated from the demo's data, approved and published by the demo's SZ account:
    on the portal below the programme's page, with its files for anyone to download."""
    page = services.report_page(PROGRAM, 2025)
    assert page is not None and page.live
    assert services.state(PROGRAM, 2025) is services.State.PUBLISHED
    assert page.approved_by.username == "sz.admin"  # type: ignore[union-attr]
    files = {f.format: f for f in ReportFile.objects.filter(page=page)}
    assert set(files) == {"html", "pdf", "docx", "odt"}
    assert all(f.revision_id == page.approved_revision_id for f in files.values())

    html = unescape(client.get(page.url).content.decode())
    assert "2025" in html
    # The units' material, quoted with the unit's name; a unit's name, never a person's.
    assert "Asystenci międzykulturowi pracowali w 41 szkołach" in html
    assert "Biblioteka Kraków" in html and "Wydział Kultury i Dziedzictwa Narodowego" in html
    assert "Beata Kowalska" not in html
    for found in files.values():
        assert f'href="{reverse("report_file", args=[found.pk])}"' in html
    pdf = client.get(reverse("report_file", args=[files["pdf"].pk]))
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_the_published_report_carries_what_sz_wrote_not_the_outline(demo: None) -> None:
    """SZ's summary, conclusions and recommendations (reports.yaml) replace the outline's
    "[To write: …]" prompts before approval: nothing unfinished reaches the portal."""
    page = services.report_page(PROGRAM, 2025)
    assert page is not None
    report = page_report(page)
    entry = read_demo().reports.reports[0]
    assert set(entry.written) == {"summary", "conclusions", "recommendations"}
    for key in entry.written:
        words = " ".join(texts_of_section(report, key))
        assert "[" not in words
        assert entry.written[key].pl.split("\n\n")[0].split()[-1] in words
    assert report == Report.model_validate(page.snapshot)


@pytest.mark.parametrize("code", ["en", "uk"])
def test_the_report_is_published_in_english_and_ukrainian_too(
    demo: None, client: Any, code: str
) -> None:
    """Each translation is okcore's report in its language with SZ's written sections in
    it (reports.yaml), published with its files in that language."""
    original = services.report_page(PROGRAM, 2025)
    assert original is not None
    page = original.get_translation(Locale.objects.get(language_code=code)).specific
    assert page.live
    assert page.url == f"/{code}/open-krakow-2024-2028/report-2025/"
    report = page_report(page)
    assert report.language == code and report.title != original.title
    entry = read_demo().reports.reports[0]
    for key, text in entry.written_in(code).items():
        words = " ".join(texts_of_section(report, key))
        assert "[" not in words
        assert text.split("\n\n")[0].split()[-1] in words
    files = {f.format: f for f in ReportFile.objects.filter(page=page)}
    assert set(files) == {"html", "pdf", "docx", "odt"}
    assert all(f.locale.language_code == code for f in files.values())
    assert all(f.revision_id == page.live_revision_id for f in files.values())
    assert f'lang="{code}"'.encode() in files["html"].file.open("rb").read()
    html = unescape(client.get(page.url).content.decode())
    assert entry.written_in(code)["summary"].split()[3] in html


def texts_of_section(report: Report, key: str) -> list[str]:
    start = next(i for i, b in enumerate(report.blocks) if isinstance(b, Heading) and b.key == key)
    level = report.blocks[start].level  # type: ignore[union-attr]
    found = []
    for block in report.blocks[start + 1 :]:
        if isinstance(block, Heading) and block.level <= level:
            break
        if isinstance(block, Paragraph):
            found.append(block.text)
    return found


def test_a_second_run_leaves_the_report_as_sz_left_it(demo: None) -> None:
    page = services.report_page(PROGRAM, 2025)
    assert page is not None
    translations = {t.pk: t.revisions.count() for t in page.get_translations()}
    assert len(translations) == 2
    revisions = page.revisions.count()
    call_command("load_demo", "--force", stdout=io.StringIO())
    assert services.report_page(PROGRAM, 2025) == page
    assert page.revisions.count() == revisions
    assert {t.pk: t.revisions.count() for t in page.get_translations()} == translations


def test_a_run_translates_a_report_published_before_without_translations(demo: None) -> None:
    """A demo loaded before the report had translations gets them on the next run."""
    page = services.report_page(PROGRAM, 2025)
    assert page is not None
    for translation in page.get_translations():
        translation.delete()
    call_command("load_demo", "--force", stdout=io.StringIO())
    assert {t.locale.language_code for t in page.get_translations().live()} == {"en", "uk"}
