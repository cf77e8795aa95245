"""The `okcore` command: every subcommand, its output formats and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import icalendar
import jsonschema
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DATA_FILES = [
    REPO / "src/okplugins/open_krakow/data/program.yaml",
    REPO / "tests/example_plugin/src/okcore_lublin/data/lublin.yaml",
]


def test_programs(run_cli: Any) -> None:
    result = run_cli("programs")
    assert result.code == 0
    assert "open-krakow-2024-2028" in result.out
    listed = json.loads(run_cli("programs", "--format", "json").out)
    assert {p["id"] for p in listed} >= {"open-krakow-2024-2028", "lublin-welcome-2025-2029"}


def test_show_json_has_the_published_keys(run_cli: Any) -> None:
    result = run_cli("show", "open-krakow-2024-2028", "--format", "json")
    assert result.code == 0
    data = json.loads(result.out)
    assert {"id", "title", "goals", "risks"} <= data.keys()
    goal = data["goals"][0]
    assert {"number", "tasks", "indicators"} <= goal.keys()
    indicator = goal["indicators"][0]
    assert indicator["baseline"] == {"value": 5132.0, "year": 2023}
    assert indicator["target"]["comparator"] == "at_least"
    assert {"rating", "level", "response"} <= data["risks"][0].keys()
    assert data["risks"][5]["level"] == "moderate"


def test_show_text_in_english(run_cli: Any) -> None:
    result = run_cli("show", "open-krakow-2024-2028", "--locale", "en")
    assert "The “Open Kraków” Programme 2024–2028" in result.out
    assert "Goal 6." in result.out


def test_show_unknown_programme(run_cli: Any) -> None:
    result = run_cli("show", "warszawa")
    assert result.code == 3
    assert "unknown programme 'warszawa'" in result.err


@pytest.mark.parametrize("kind", ["program", "network", "state", "measurements"])
def test_schema_is_valid_json_schema(run_cli: Any, kind: str) -> None:
    schema = json.loads(run_cli("schema", kind).out)
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_shipped_files_satisfy_the_published_schema(run_cli: Any, path: Path) -> None:
    schema = json.loads(run_cli("schema").out)
    data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())


def test_schema_rejects_what_the_loader_rejects(run_cli: Any) -> None:
    schema = json.loads(run_cli("schema").out)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"id": "Bad Id", "title": "t", "period": {"start": 1, "end": 2}}, schema
        )


def test_validate_reports_all_problems_without_traceback(run_cli: Any, tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(DATA_FILES[1].read_text(encoding="utf-8"), encoding="utf-8")
    bad = tmp_path / "lublin.yaml"
    bad.write_text(
        "id: lublin\ntitle: x\nperiod: {start: 2025, end: 2029}\nmain_goal: x\n"
        "goals:\n  - number: 1\n    title: x\n  - number: 2\n    title: y\n  - number: 3\n"
        "    title: z\n    tasks:\n      - {number: 1, title: t, deadline: '2028-13-01'}\n",
        encoding="utf-8",
    )
    result = run_cli("validate", str(good), str(bad))
    assert result.code == 1
    assert "good.yaml: ok (program)" in result.out
    assert "lublin.yaml: goals[2].tasks[0].deadline: '2028-13-01' is not a date" in result.err
    assert "Traceback" not in result.err


def test_validate_state_and_network_files(run_cli: Any) -> None:
    result = run_cli(
        "validate",
        str(REPO / "docs/examples/state.yaml"),
        str(REPO / "src/okplugins/ngo_cooperation/data/network-351-2026.yaml"),
    )
    assert result.code == 0, result.err
    assert "state.yaml: ok (state)" in result.out
    assert "network-351-2026.yaml: ok (network)" in result.out


def test_status_with_measurements(run_cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "program": "open-krakow-2024-2028",
                "measurements": [
                    {
                        "indicator": "info-point-beneficiaries",
                        "period": 2025,
                        "value": 4200,
                        "status": "approved",
                    },
                    {
                        "indicator": "translated-procedures",
                        "period": 2025,
                        "value": 30,
                        "status": "approved",
                    },
                    {
                        "indicator": "staff-trained",
                        "period": 2025,
                        "value": 500,
                        "status": "submitted",
                    },
                    {
                        "indicator": "consultation-meetings",
                        "period": 2025,
                        "components": {"meetings": 2, "participants": 14},
                        "status": "approved",
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    result = run_cli(
        "status",
        "open-krakow-2024-2028",
        "--year",
        "2025",
        "--measurements",
        str(path),
        "--format",
        "json",
    )
    assert result.code == 0, result.err
    rows = {r["indicator"]: r for r in json.loads(result.out)["indicators"]}
    assert rows["info-point-beneficiaries"]["status"] == "met"
    assert rows["translated-procedures"]["status"] == "not_met"
    assert rows["translated-procedures"]["progress"] == pytest.approx(
        (30 - 11) / (50 - 11), abs=1e-4
    )
    assert rows["staff-trained"]["status"] == "no_data"
    assert rows["consultation-meetings"]["status"] == "met"
    text = run_cli("status", "open-krakow-2024-2028", "--year", "2025", "--measurements", str(path))
    assert "info-point-beneficiaries" in text.out


def test_status_text_shows_every_target_whole(run_cli: Any) -> None:
    result = run_cli("status", "open-krakow-2024-2028", "--year", "2025")
    assert result.code == 0
    assert " ≥4000 per year " in result.out
    assert " ≥2 per year; ≥10 per year " in result.out


def test_status_refuses_unknown_indicators_and_years(run_cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "program: open-krakow-2024-2028\n"
        "measurements:\n  - {indicator: nope, period: 2025, value: 1}\n",
        encoding="utf-8",
    )
    result = run_cli(
        "status", "open-krakow-2024-2028", "--year", "2025", "--measurements", str(path)
    )
    assert result.code == 1
    assert "m.yaml: measurements[0].indicator: no indicator 'nope'" in result.err
    outside = run_cli("status", "open-krakow-2024-2028", "--year", "2031")
    assert outside.code == 2
    assert "outside the programme period 2024–2028" in outside.err


MISFITTING_MEASUREMENTS = """\
program: open-krakow-2024-2028
measurements:
  - {indicator: consultation-meetings, period: 2025, components: {meetings: 2, participnts: 14}}
  - {indicator: consultation-meetings, period: 2025, unit: sz, value: 2}
  - {indicator: info-point-beneficiaries, period: 2025, components: {visits: 4200}}
  - {indicator: info-point-beneficiaries, period: 2031, value: 4200}
  - {indicator: nope, period: 2025, value: 1}
"""


def test_measurements_that_do_not_fit_their_indicator_are_refused(
    run_cli: Any, tmp_path: Path
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(MISFITTING_MEASUREMENTS, encoding="utf-8")
    expected = [
        "m.yaml: measurements[0].components.participnts: 'consultation-meetings' has no part "
        "'participnts' (its parts: meetings, participants)",
        "m.yaml: measurements[1].components: 'consultation-meetings' has a compound target: "
        "give the value of each part (meetings, participants)",
        "m.yaml: measurements[2].components: 'info-point-beneficiaries' has a single target: "
        "give its value, not components",
        "m.yaml: measurements[3].period: 2031 is outside the programme period 2024–2028",
        "m.yaml: measurements[4].indicator: no indicator 'nope'",
    ]
    for args in (["validate", str(path)], ["validate", "--kind", "measurements", str(path)]):
        result = run_cli(*args)
        assert (result.code, result.err.splitlines()) == (1, expected)
    status = run_cli(
        "status", "open-krakow-2024-2028", "--year", "2025", "--measurements", str(path)
    )
    assert (status.code, status.err.splitlines(), status.out) == (1, expected, "")


def test_measurements_name_an_installed_programme(run_cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("program: warszawa\nmeasurements: []\n", encoding="utf-8")
    result = run_cli("validate", "--kind", "measurements", str(path))
    assert result.code == 1
    assert result.err.startswith("m.yaml: program: unknown programme 'warszawa' (known: ")
    fine = tmp_path / "fine.yaml"
    fine.write_text(
        "program: open-krakow-2024-2028\nmeasurements:\n  - {indicator: consultation-meetings, "
        "period: 2025, components: {meetings: 2, participants: 14}}\n",
        encoding="utf-8",
    )
    assert run_cli("validate", str(fine)).out == "fine.yaml: ok (measurements)\n"


def test_plugin_hook_overrides_status(run_cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "program: lublin-welcome-2025-2029\nmeasurements:\n"
        "  - {indicator: lublin-info-point-visits, period: 2026, value: 950, status: approved}\n",
        encoding="utf-8",
    )
    result = run_cli(
        "status",
        "lublin-welcome-2025-2029",
        "--year",
        "2026",
        "--measurements",
        str(path),
        "--format",
        "json",
    )
    row = json.loads(result.out)["indicators"][0]
    assert (row["status"], row["note"]) == ("met", "Lublin 90% rule")


def test_deadlines_ics_parses(run_cli: Any) -> None:
    result = run_cli(
        "deadlines", "ngo-cooperation-coordinators", "--year", "2027", "--format", "ics"
    )
    calendar = icalendar.Calendar.from_ical(result.out)
    events = calendar.walk("VEVENT")
    assert len(events) == 6  # four quarterly, the sector meeting, the proposals
    assert len({e["UID"] for e in events}) == 6


def test_deadlines_unknown_id(run_cli: Any) -> None:
    result = run_cli("deadlines", "nope", "--year", "2027")
    assert result.code == 3


def test_calendar_holds_the_public_deadlines_and_the_plugins_items(run_cli: Any) -> None:
    """Lublin's quarterly report is public (``public: true``) and its consultations are
    its items; Kraków's coordinators' duties towards SZ are not public."""
    result = run_cli(
        "calendar", "lublin-welcome-2025-2029", "--from", "2026-01-01", "--to", "2026-03-31"
    )
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert "2026-01-30" in lines[1] and "Program §7 ust. 2" in lines[1]
    assert lines[0].startswith("2026-01-05 17:00 – 2026-01-05 19:00 event")
    assert len([line for line in lines if " event " in line]) == 4  # every four weeks
    krakow = run_cli(
        "calendar",
        "open-krakow-2024-2028",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--format",
        "json",
    )
    found = json.loads(krakow.out)
    assert [(d["when"], d["kind"]) for d in found] == [("2026-04-30", "deadline")]  # §6 ust. 8
    assert "Konsultacje" not in krakow.out and "Otwarte" not in krakow.out  # Lublin's own


def test_calendar_ics_has_stable_uids(run_cli: Any) -> None:
    args = ("calendar", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "ics")
    first, again = run_cli(*args), run_cli(*args)
    calendar = icalendar.Calendar.from_ical(first.out)
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert "event-lublin-open-consultation@okcore.invalid" in uids
    assert uids == [str(e["UID"]) for e in icalendar.Calendar.from_ical(again.out).walk("VEVENT")]


def test_calendar_usage_and_unknown_programme(run_cli: Any) -> None:
    assert run_cli("calendar", "nope").code == 3
    backwards = run_cli("calendar", "--from", "2026-02-01", "--to", "2026-01-01")
    assert (backwards.code, backwards.err) == (
        2,
        "okcore: --to 2026-01-01 is before --from 2026-02-01\n",
    )


def test_compliance_exit_codes(run_cli: Any, tmp_path: Path) -> None:
    clean = tmp_path / "clean.yaml"
    clean.write_text(
        "network: open-krakow-coordinators\nunits: [{id: wz, name: Wydział}]\ncoordinators:\n"
        "  - {unit: wz, role: coordinator, name: A, function: inspektor, phone: '+48 1',"
        " email: a@example.org, valid_from: 2023-11-27}\n"
        "  - {unit: wz, role: deputy, name: B, valid_from: 2023-11-27}\n"
        "records: [{unit: wz, kind: contact_data_sent, date: 2023-12-01},\n"
        "  {unit: wz, kind: reporting_materials_sent, date: 2024-01-15}]\n",
        encoding="utf-8",
    )
    assert run_cli("compliance", str(clean), "--on", "2024-06-01").code == 0
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("network: nope\n", encoding="utf-8")
    result = run_cli("compliance", str(wrong), "--on", "2024-06-01")
    assert result.code == 1
    assert "wrong.yaml: network: unknown network 'nope'" in result.err


def test_export_unknown(run_cli: Any) -> None:
    result = run_cli(
        "export", "nothing", "open-krakow-2024-2028", "--year", "2025", "--format", "json"
    )
    assert result.code == 3


def test_bad_arguments_exit_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "okcore.cli", "status", "x", "--year", "20x5"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "is not a year" in result.stderr


def test_help_on_every_command() -> None:
    for command in [
        "programs",
        "show",
        "validate",
        "schema",
        "status",
        "deadlines",
        "compliance",
        "export",
    ]:
        result = subprocess.run(
            [sys.executable, "-m", "okcore.cli", command, "--help"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, command
        assert "usage: okcore" in result.stdout
