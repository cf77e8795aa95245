"""The ICC export: catalogue, Kraków's mapping, scores, formats and refusals."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from okcore.exporters import ExportError, ExportRequest
from okcore.hookspecs import hookimpl
from okcore.registry import Registry
from okplugins.icc_export import plugin as icc
from okplugins.icc_export.model import AreaGroup

PROGRAM = "open-krakow-2024-2028"


def test_catalogue_areas_and_sources() -> None:
    catalogue = icc.catalogue()
    groups = [area.group for area in catalogue.areas]
    assert len(catalogue.areas) == 17
    assert groups.count(AreaGroup.LENS) == 6
    assert groups.count(AreaGroup.CORE) == 9
    assert [a.id for a in catalogue.areas if a.group is AreaGroup.OPTIONAL] == [
        "participation",
        "interaction",
    ]
    assert catalogue.sources
    assert "not publish" in catalogue.weights_note


def test_krakow_maps_every_task_and_indicator(registry: Registry) -> None:
    program = registry.program(PROGRAM)
    [mapping] = icc.mappings_for(registry, PROGRAM)
    mapped_tasks = {(m.goal, m.task) for m in mapping.tasks}
    assert mapped_tasks == {(g.number, t.number) for g in program.goals for t in g.tasks}
    assert {m.indicator for m in mapping.indicators} == set(program.indicators)
    assert all(m.justification.strip() for m in [*mapping.tasks, *mapping.indicators])


@pytest.fixture
def measurements(tmp_path: Path) -> Path:
    path = tmp_path / "measurements.yaml"
    data = {
        "program": PROGRAM,
        "measurements": [
            {
                "indicator": "info-point-beneficiaries",
                "period": 2024,
                "value": 3000,
                "status": "approved",
            },
            {
                "indicator": "info-point-beneficiaries",
                "period": 2025,
                "value": 4600,
                "status": "approved",
            },
            {
                "indicator": "translated-procedures",
                "period": 2025,
                "value": 30,
                "status": "approved",
            },
        ],
    }
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _json(run_cli: Any, *extra: str) -> dict[str, Any]:
    result = run_cli("export", "icc", PROGRAM, "--year", "2025", "--format", "json", *extra)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_json_export_shows_coverage_gaps_and_self_assessment(
    run_cli: Any, measurements: Path
) -> None:
    report = _json(run_cli, "--measurements", str(measurements), "--compare", "2024")
    assert "Not the official Council of Europe" in report["score_label"]
    assert report["city"] == "Kraków"
    assert report["coverage"]["gaps"] == [
        "business-labour-market",
        "public-space",
        "international-outlook",
    ]
    areas = {a["id"]: a for a in report["areas"]}
    assert areas["public-space"]["score"] == 0
    assert areas["public-space"]["active"] is False
    # welcoming-newcomers: one indicator (info point), measured and met -> 40 + 30 + 30
    assert areas["welcoming-newcomers"]["score"] == 100
    # language: one indicator, measured, progress (30-11)/(50-11) -> 40 + 30 + 30*0.487
    assert areas["language"]["score"] == round(40 + 30 + 30 * 19 / 39)
    # public-services: three indicators, two measured
    info, translated = 1.0, 19 / 39
    assert areas["public-services"]["score"] == round(
        40 + 30 * 2 / 3 + 30 * (info + translated) / 2
    )
    # commitment: its one indicator has no data -> activity only
    assert areas["commitment"]["score"] == 40
    newcomer = next(
        i
        for i in areas["welcoming-newcomers"]["indicators"]
        if i["id"] == "info-point-beneficiaries"
    )
    assert (newcomer["value"], newcomer["value_compare"], newcomer["change"]) == (4600, 3000, 1600)
    assert newcomer["status_compare"] == "not_met"
    assert areas["welcoming-newcomers"]["score_compare"] == round(40 + 30 + 30 * 0.75)
    assert "Task 1.1:" in areas["welcoming-newcomers"]["evidence"]


def test_xlsx_has_one_sheet_per_view(run_cli: Any, tmp_path: Path, measurements: Path) -> None:
    out = tmp_path / "icc.xlsx"
    result = run_cli(
        "export",
        "icc",
        PROGRAM,
        "--year",
        "2025",
        "--format",
        "xlsx",
        "--measurements",
        str(measurements),
        "-o",
        str(out),
    )
    assert result.code == 0, result.err
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["summary", "areas", "tasks", "indicators"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.bold
        assert all((sheet.column_dimensions[c].width or 0) >= 8 for c in "AB")
    areas = book["areas"]
    assert areas.max_row == 18
    assert [c.value for c in areas[1]][:3] == ["area", "name", "group"]
    tasks = book["tasks"]
    report = _json(run_cli)
    assert tasks.max_row - 1 == sum(len(a["tasks"]) for a in report["areas"])
    summary = {row[0]: row[1] for row in book["summary"].iter_rows(values_only=True)}
    assert summary["coverage gaps"] == "business-labour-market, public-space, international-outlook"
    assert "Not the official" in summary["score"]


def test_csv_is_utf8_with_polish_and_ukrainian(run_cli: Any, tmp_path: Path) -> None:
    for locale, word in (
        ("pl", "Przeciwdziałanie dyskryminacji"),
        ("uk", "Протидія дискримінації"),
    ):
        out = tmp_path / f"icc-{locale}.csv"
        result = run_cli(
            "export",
            "icc",
            PROGRAM,
            "--year",
            "2025",
            "--format",
            "csv",
            "--locale",
            locale,
            "-o",
            str(out),
        )
        assert result.code == 0, result.err
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        assert rows[0][0] == "area"
        assert len(rows) == 18
        assert word in {row[1] for row in rows}


def test_refusals_leave_no_file(run_cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "icc.json"
    out.write_text("previous export", encoding="utf-8")
    cases = [
        (("export", "icc", "warszawa", "--year", "2025", "--format", "json"), 3),
        (("export", "icc", PROGRAM, "--year", "2030", "--format", "json"), 2),
        (("export", "icc", PROGRAM, "--year", "2025", "--compare", "2019", "--format", "json"), 2),
        (("export", "icc", PROGRAM, "--year", "2025", "--format", "pdf"), 2),
    ]
    for args, code in cases:
        result = run_cli(*args, "-o", str(out))
        assert result.code == code, args
        assert result.err.startswith("okcore: ")
    assert out.read_text(encoding="utf-8") == "previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["icc.json"]


class BadMapping:
    """Another city's plugin whose mapping names an area the catalogue does not have."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @hookimpl
    def okcore_icc_mappings(self) -> list[Path]:
        return [self.path]


def test_unknown_area_in_a_mapping_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lublin-icc.yaml"
    path.write_text(
        "program: lublin-welcome-2025-2029\ncatalogue: icc-2019\n"
        "tasks:\n"
        "  - {goal: 1, task: 1, areas: [welcoming-newcomers, happiness], justification: x}\n"
        "  - {goal: 1, task: 9, areas: [language], justification: y}\n",
        encoding="utf-8",
    )
    registry = Registry.load(plugins=[BadMapping(path)])
    program = registry.program("lublin-welcome-2025-2029")
    with pytest.raises(ExportError) as caught:
        icc.render(registry, ExportRequest(program, 2026, "json"))
    message = str(caught.value)
    assert "lublin-icc.yaml: tasks[0].areas[1]: unknown ICC area 'happiness'" in message
    assert "lublin-icc.yaml: tasks[1]: lublin-welcome-2025-2029 has no task 1.9" in message


def test_another_city_adds_its_mapping(tmp_path: Path) -> None:
    path = tmp_path / "lublin-icc.yaml"
    path.write_text(
        "program: lublin-welcome-2025-2029\ncatalogue: icc-2019\n"
        "tasks:\n  - {goal: 1, task: 1, areas: [welcoming-newcomers], justification: info point}\n"
        "indicators:\n"
        "  - {indicator: lublin-translated-procedures, areas: [language], justification: t}\n",
        encoding="utf-8",
    )
    registry = Registry.load(plugins=[BadMapping(path)])
    program = registry.program("lublin-welcome-2025-2029")
    report = json.loads(icc.render(registry, ExportRequest(program, 2026, "json")))
    active = {a["id"] for a in report["areas"] if a["active"]}
    assert active == {"welcoming-newcomers", "language"}
    assert report["coverage"]["areas_active"] == 2


def test_programme_without_mapping_is_refused(run_cli: Any) -> None:
    result = run_cli(
        "export", "icc", "lublin-welcome-2025-2029", "--year", "2026", "--format", "json"
    )
    assert result.code == 1
    assert "no plugin provides an ICC mapping" in result.err
