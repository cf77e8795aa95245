"""Every okcore hook this example needs, each a few lines."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from importlib.resources import as_file, files

from okcore import (
    Event,
    Indicator,
    IndicatorStatus,
    Measurement,
    Problem,
    Program,
    Recurrence,
    Status,
    hookimpl,
    load_program,
)
from okcore.report.model import Block, Heading, Paragraph, ReportData


def program() -> Program:
    """The programme file shipped in the package (package data in pyproject.toml)."""
    with as_file(files(__package__) / "data" / "lublin.yaml") as path:
        return load_program(path)  # validated like any file: errors name the path


@hookimpl
def okcore_register_programs() -> list[Program]:
    return [program()]


@hookimpl
def okcore_validate_program(program: Program) -> list[Problem]:
    """Lublin's own rule: every task of its programmes names an implementer."""
    if not program.id.startswith("lublin-"):
        return []
    return [
        Problem(f"goals[{g}].tasks[{t}].implementers", "Lublin requires an implementer")
        for g, goal in enumerate(program.goals)
        for t, task in enumerate(goal.tasks)
        if not task.implementers
    ]


@hookimpl
def okcore_indicator_status(
    program: Program, indicator: Indicator, measurements: Sequence[Measurement], year: int
) -> IndicatorStatus | None:
    """Lublin counts the information point's advice as met at 90% of the target."""
    if indicator.id != "lublin-info-point-visits":
        return None
    values = [
        m.value
        for m in measurements
        if m.indicator == indicator.id and m.period == year and m.status == "approved"
    ]
    value = next((v for v in values if v is not None), None)
    if value is None or indicator.target.value is None:
        return IndicatorStatus(indicator.id, year, Status.NO_DATA)
    met = value >= 0.9 * indicator.target.value
    return IndicatorStatus(
        indicator.id,
        year,
        Status.MET if met else Status.NOT_MET,
        value=value,
        progress=min(1.0, value / indicator.target.value),
        note="Lublin 90% rule",
    )


@hookimpl
def okcore_calendar_items(registry: object, start: date, end: date) -> list[Event]:
    """The programme's open consultations, every four weeks through its period, when the
    range overlaps them; ``program`` puts them in the programme's calendars."""
    last = date(2029, 12, 31)
    event = Event(
        id="lublin-open-consultation",
        title={
            "pl": "Otwarte konsultacje",
            "en": "Open consultation",
            "uk": "Відкриті консультації",
        },
        start=datetime(2025, 3, 3, 17, 0),
        end=datetime(2025, 3, 3, 19, 0),
        recurrence=Recurrence(frequency="weekly", interval=4, until=last),
        categories=["consultation"],
        program="lublin-welcome-2025-2029",
    )
    return [event] if event.start.date() <= end and start <= last else []


INFO_POINT = {
    "pl": ("Punkt informacyjny", "Porady punktu informacyjnego w roku {year}: {count}."),
    "en": ("The information point", "Advice given by the information point in {year}: {count}."),
    "uk": ("Інформаційний пункт", "Консультації інформаційного пункту у {year} році: {count}."),
}


@hookimpl
def okcore_report_sections(registry: object, data: ReportData, language: str) -> list[Block]:
    """A section of Lublin's report of its own: the information point's advice in the
    year, from the approved measurements, in the report's language (English otherwise)."""
    if data.program.id != "lublin-welcome-2025-2029":
        return []
    heading, sentence = INFO_POINT.get(language, INFO_POINT["en"])
    count = sum(
        m.value or 0
        for m in data.measurements
        if m.indicator == "lublin-info-point-visits"
        and m.period == data.year
        and m.status == "approved"
    )
    return [
        Heading(level=1, text=heading, key="lublin-info-point"),
        Paragraph(text=sentence.format(year=data.year, count=f"{count:g}")),
    ]
