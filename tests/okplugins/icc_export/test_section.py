"""The ICC area coverage as a section of the programme's report: the export's own numbers."""

from __future__ import annotations

from datetime import date

from okcore.program import Measurement, MeasurementStatus
from okcore.registry import Registry
from okcore.report.build import build_report
from okcore.report.model import Heading, Paragraph, Report, ReportData, Table
from okplugins.icc_export import plugin as icc
from okplugins.icc_export.report import build

PROGRAM = "open-krakow-2024-2028"
YEAR = 2025
MEASUREMENTS = [
    Measurement(indicator="staff-trained", period=YEAR, unit="sz", value=120, status="approved"),
    Measurement(
        indicator="ambassador-nominations",
        period=YEAR,
        unit="sz",
        value=5,
        status=MeasurementStatus.APPROVED,
    ),
]


def icc_section(report: Report) -> list[object]:
    start = next(
        i for i, b in enumerate(report.blocks) if isinstance(b, Heading) and b.key == "icc"
    )
    end = next(
        i
        for i, b in enumerate(report.blocks)
        if i > start and isinstance(b, Heading) and b.level == 1
    )
    return list(report.blocks[start:end])


def test_the_section_shows_each_areas_activity_and_score(registry: Registry) -> None:
    program = registry.program(PROGRAM)
    data = ReportData(program=program, year=YEAR, today=date(2026, 2, 1), measurements=MEASUREMENTS)
    report = build_report(registry, data, "pl")
    heading, intro, table, gaps = icc_section(report)
    assert isinstance(heading, Heading) and heading.text.startswith("Obszary Indeksu")
    export = build(
        registry, icc.catalogue(), program, icc.mappings_for(registry, PROGRAM), YEAR, MEASUREMENTS
    )
    assert isinstance(table, Table)
    assert len(table.rows) == len(icc.catalogue().areas) == export["coverage"]["areas_total"]
    scores = {row["id"]: row["score"] for row in export["areas"]}
    by_name = {r[0]: r for r in table.rows}
    education = by_name["Edukacja"]
    assert education[2] == str(scores["education"])
    assert education[1] == ("tak" if scores["education"] else "nie")
    # An area with evidence for the year scores above the 40 points of activity alone.
    assert max(int(r[2]) for r in table.rows) > 40
    assert isinstance(intro, Paragraph)
    assert f"{export['coverage']['areas_active']} z 17" in intro.text
    assert isinstance(gaps, Paragraph)
    gap_names = [
        a.name.get("pl") for a in icc.catalogue().areas if a.id in export["coverage"]["gaps"]
    ]
    assert gap_names and all(name in gaps.text for name in gap_names)
    assert all(by_name[name][1] == "nie" and by_name[name][2] == "0" for name in gap_names)


def test_a_programme_with_no_mapping_gets_no_section(registry: Registry) -> None:
    lublin = registry.program("lublin-welcome-2025-2029")
    data = ReportData(program=lublin, year=YEAR, today=date(2026, 2, 1))
    assert icc.okcore_report_sections(registry, data, "en") == []
    assert not any(
        isinstance(b, Heading) and b.key == "icc" for b in build_report(registry, data).blocks
    )
