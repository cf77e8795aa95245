"""The worked example of docs/plugins.md, installed from tests/example_plugin, end to end."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import icalendar

from okcore.deliveries import FieldType
from okcore.registry import Registry
from okcore.services.calendar import build_calendar
from okcore.services.deliveries import check_delivery, form_fields

EXAMPLE = Path(__file__).resolve().parent / "example_plugin/src/okcore_lublin/data/lublin.yaml"


def test_installed_through_the_entry_point(run_cli: Any) -> None:
    result = run_cli("programs")
    assert "lublin-welcome-2025-2029" in result.out


def test_show_and_deadlines(run_cli: Any) -> None:
    shown = json.loads(run_cli("show", "lublin-welcome-2025-2029", "--format", "json").out)
    assert shown["risks"][0]["level"] == "serious"
    items = json.loads(
        run_cli("deadlines", "lublin-welcome-2025-2029", "--year", "2026", "--format", "json").out
    )
    assert [i["due"] for i in items] == [
        "2026-01-30",
        "2026-01-31",  # the information point's data for 2025
        "2026-04-30",
        "2026-07-30",
        "2026-10-30",
    ]


def test_city_validation_rule_applies_to_files(run_cli: Any, tmp_path: Path) -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(line for line in lines if "unit: bom" not in line)
    path = tmp_path / "lublin.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("validate", str(path))
    assert result.code == 1
    assert (
        "lublin.yaml: goals[0].tasks[1].implementers: Lublin requires an implementer" in result.err
    )


def test_calendar_items_become_a_calendar(registry: Registry) -> None:
    events = registry.calendar_items(date(2025, 1, 1), date(2025, 12, 31))
    calendar = icalendar.Calendar.from_ical(build_calendar("Lublin", events=events, locale="en"))
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Open consultation"
    assert event["RRULE"]["INTERVAL"] == [4]


def _obligation(registry: Registry, obligation_id: str) -> Any:
    program = registry.program("lublin-welcome-2025-2029")
    return next(o for o in program.obligations if o.id == obligation_id)


def test_another_city_s_duties_get_forms_from_its_data_alone(registry: Registry) -> None:
    """Lublin declares its forms in lublin.yaml (docs/plugins.md, section 2): no Python."""
    report = form_fields(_obligation(registry, "lublin-quarterly-report"))
    assert [(f.name, f.type, f.required) for f in report] == [
        ("summary", FieldType.TEXT, True),
        ("spent", FieldType.MONEY, False),
        ("report", FieldType.FILE, False),
    ]
    assert report[1].as_dict("uk")["label"] == "Витрати за квартал (злотих)"
    data = form_fields(_obligation(registry, "lublin-info-point-yearly-data"))
    language = next(f for f in data if f.name == "main_language")
    assert language.as_dict("en")["choices"][1] == {"value": "be", "label": "Belarusian"}
    assert not check_delivery(data, {"visits": "1020", "main_language": "uk"}, complete=True).errors
    assert check_delivery(data, {"visits": 1020, "main_language": "ru"}, complete=True).errors == {
        "main_language": "'ru' is not one of: uk, be, other"
    }
