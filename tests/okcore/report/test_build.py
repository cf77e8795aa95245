"""The report built from Kraków's programme and a year of data made here (2024 and 2025,
fixed past years of the programme: nothing depends on the test clock)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from okcore.hookspecs import hookimpl
from okcore.program import Measurement, MeasurementStatus, Program
from okcore.registry import Registry
from okcore.report.build import build_report, report_obligation
from okcore.report.labels import number, word
from okcore.report.model import (
    Block,
    BulletList,
    Chart,
    Heading,
    Material,
    OtherActions,
    Paragraph,
    Quote,
    Reassessment,
    Report,
    ReportData,
    Table,
    UnitCompliance,
)

KRAKOW = "open-krakow-2024-2028"
LUBLIN = "lublin-welcome-2025-2029"
YEAR = 2025
UNITS = {"sz": "Wydział Polityki Społecznej i Zdrowia", "wydzial-edukacji": "Wydział Edukacji"}


def approved(indicator: str, period: int, unit: str, value: float | None, **parts: float) -> Any:
    return Measurement(
        indicator=indicator,
        period=period,
        unit=unit,
        value=value,
        components=parts,
        status=MeasurementStatus.APPROVED,
    )


MEASUREMENTS = [
    approved("staff-trained", 2024, "sz", 90),
    approved("staff-trained", YEAR, "sz", 70),
    approved("staff-trained", YEAR, "wydzial-edukacji", 55),
    approved("consultation-meetings", YEAR, "sz", None, meetings=3, participants=12),
    # Not approved: never in the report.
    Measurement(indicator="coordinator-meetings", period=YEAR, unit="sz", value=999),
]
MATERIALS = [
    Material(
        unit="wydzial-edukacji",
        unit_name=UNITS["wydzial-edukacji"],
        goal=5,
        task=2,
        actions="Przeprowadzono 14 warsztatów międzykulturowych w szkołach.",
        figures="420 uczniów",
        attachments=("warsztaty.pdf",),
    )
]


def data(program: Program, **extra: Any) -> ReportData:
    return ReportData(
        program=program,
        year=YEAR,
        today=date(2026, 2, 10),
        unit_names=UNITS,
        **extra,
    )


def full(program: Program) -> ReportData:
    return data(
        program,
        measurements=MEASUREMENTS,
        materials=MATERIALS,
        other_actions=[OtherActions("sz", UNITS["sz"], "Dzień Otwarty Krakowa dla cudzoziemców.")],
        reassessments=[
            Reassessment(risk=6, assessed_on=date(YEAR, 3, 1), rating=5, note="więcej incydentów"),
            Reassessment(risk=6, assessed_on=date(YEAR, 9, 1), rating=7),
            Reassessment(risk=2, assessed_on=date(2024, 5, 1), rating=3),
        ],
        compliance=[
            UnitCompliance(
                "wydzial-edukacji", UNITS["wydzial-edukacji"], "net", "Sieć", met=3, late=1
            ),
            UnitCompliance("sz", UNITS["sz"], "net", "Sieć", missing=2, pending=1),
        ],
    )


def section(report: Report, key: str) -> list[Block]:
    """The blocks under the heading ``key``, up to the next heading of its level or above."""
    start = next(i for i, b in enumerate(report.blocks) if isinstance(b, Heading) and b.key == key)
    level = report.blocks[start].level  # type: ignore[union-attr]
    found: list[Block] = []
    for block in report.blocks[start + 1 :]:
        if isinstance(block, Heading) and block.level <= level:
            break
        found.append(block)
    return found


def texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Paragraph | Quote | Heading)]


def row(report: Report, first_cell: str, key: str = "indicators") -> list[str]:
    table = next(b for b in section(report, key) if isinstance(b, Table))
    return next(r for r in table.rows if r[0] == first_cell)


@pytest.fixture(scope="module")
def krakow(registry: Registry) -> Program:
    return registry.program(KRAKOW)


@pytest.fixture(scope="module")
def report(registry: Registry, krakow: Program) -> Report:
    return build_report(registry, full(krakow), "pl")


def test_every_goal_and_task_has_its_heading(report: Report, krakow: Program) -> None:
    headings = {b.key: b.text for b in report.blocks if isinstance(b, Heading)}
    for goal in krakow.goals:
        assert headings[f"goal-{goal.number}"].startswith(f"Cel {goal.number}. ")
        for task in goal.tasks:
            assert headings[f"task-{goal.number}-{task.number}"].startswith(
                f"Zadanie {goal.number}.{task.number}. "
            )


def test_table_2_has_every_indicator_with_its_combined_value_and_each_unit(
    report: Report, krakow: Program
) -> None:
    table = next(b for b in section(report, "indicators") if isinstance(b, Table))
    numbers = {r[0] for r in table.rows}
    assert {f"{g.number}.{i.number}" for g in krakow.goals for i in g.indicators} <= numbers
    # 1.3 staff trained: 70 + 55 in the year, 90 the year before; target ≥100 per year.
    assert table.header[4] == "Wartość 2025" and table.header[8] == "Wartość 2024"
    staff = row(report, "1.3")
    assert staff[2] == "150 (2023)"
    assert staff[4] == number(125, "pl") == "125"
    assert staff[5] == f"{UNITS['wydzial-edukacji']}: 55; {UNITS['sz']}: 70"
    assert staff[6:8] == ["osiągnięty", "100%"]
    assert staff[8] == "90"
    # An unapproved value counts nowhere.
    assert row(report, "2.1")[4:7] == ["–", "–", "brak danych"]


def test_a_compound_indicator_shows_each_part(report: Report) -> None:
    assert row(report, "2.2")[6] == "osiągnięty"
    assert row(report, "2.2")[3] == "2 spotkania/rok; min. 10 osób/ngo"
    # each part is named by its unit in the report's language, not by its key (an id)
    assert row(report, "2.2 (spotkania)")[4] == "3"
    assert row(report, "2.2 (osoby/ngo)")[4] == "12"
    numbers = [r[0] for b in section(report, "indicators") if isinstance(b, Table) for r in b.rows]
    assert not any("meetings" in n or "participants" in n for n in numbers)


def test_a_task_quotes_its_material_with_the_units_name(report: Report) -> None:
    blocks = section(report, "task-5-2")
    quotes = [b for b in blocks if isinstance(b, Quote)]
    assert [(q.text, q.source) for q in quotes] == [
        (MATERIALS[0].actions, UNITS["wydzial-edukacji"]),
        ("Dane liczbowe: 420 uczniów", UNITS["wydzial-edukacji"]),
    ]
    assert any("warsztaty.pdf" in b.items for b in blocks if b.kind == "list")
    # sz implements 5.2 too, but as the networks' hub it delivers nothing to itself.
    assert UNITS["sz"] not in " ".join(texts(blocks))


def hub_only(krakow: Program) -> set[str]:
    """The tasks SZ, the hub, implements alone: 'goal.task'."""
    return {
        f"{g.number}.{t.number}"
        for g in krakow.goals
        for t in g.tasks
        if {p.unit for p in t.implementers if p.unit} == {"sz"}
    }


def test_tasks_without_material_are_listed_as_such(report: Report, krakow: Program) -> None:
    owed = [
        f"{g.number}.{t.number}"
        for g in krakow.goals
        for t in g.tasks
        if f"{g.number}.{t.number}" not in hub_only(krakow) | {"5.2"}
    ]
    assert owed and hub_only(krakow)
    first = owed[0].replace(".", "-")
    assert word("no_material", "pl", year=YEAR) in texts(section(report, f"task-{first}"))
    assert word("no_material", "pl", year=YEAR) not in texts(section(report, "task-5-2"))
    listed = next(b for b in section(report, "unreported") if b.kind == "list")
    assert [item.split(" ")[1].rstrip(".") for item in listed.items] == owed


def test_the_risk_register_has_the_years_reassessments_and_the_current_level(
    report: Report, krakow: Program
) -> None:
    table = next(b for b in section(report, "risks") if isinstance(b, Table))
    assert len(table.rows) == len(krakow.risks)
    hate_speech = row(report, "6", "risks")
    assert hate_speech[2] == "4"
    assert hate_speech[3] == "1 marca 2025: 5 (więcej incydentów); 1 września 2025: 7"
    assert hate_speech[4] == "krytyczny (7)"
    assert hate_speech[5].startswith("przeciwdziałanie")
    # Re-assessed the year before: the level stands, the year's column is empty.
    assert row(report, "2", "risks")[3:5] == ["–", "umiarkowany (3)"]


def test_compliance_funding_and_legal_basis(report: Report, krakow: Program) -> None:
    table = next(b for b in section(report, "compliance") if isinstance(b, Table))
    assert table.rows == [
        [UNITS["wydzial-edukacji"], "3", "1", "0", "0"],
        [UNITS["sz"], "0", "0", "2", "1"],
    ]
    funding = next(b for b in section(report, "funding") if b.kind == "list")
    assert len(funding.items) == len(krakow.funding_sources)
    assert any("Program §6 ust. 8" in line for line in report.legal_basis)
    assert "Program §6 ust. 8" in " ".join(texts(section(report, "legal-basis")))


def test_one_chart_per_goal_with_the_years_values(report: Report, krakow: Program) -> None:
    charts = [b for b in report.blocks if isinstance(b, Chart)]
    assert [len(c.rows) for c in charts] == [len(g.indicators) for g in krakow.goals]
    staff = next(r for r in charts[0].rows if r.name.startswith("1.3 "))
    assert (staff.baseline, staff.value, staff.target) == (150, 125, 100)


def test_written_sections_come_with_an_outline_from_the_data(
    report: Report, krakow: Program
) -> None:
    written = [b.key for b in report.blocks if isinstance(b, Heading) and b.written]
    sections = [key for key in written if key and not key.startswith("task-")]
    assert sections == ["summary", "conclusions", "recommendations"]
    # And the actions of the tasks SZ implements alone: SZ writes them.
    assert {key for key in written if key and key.startswith("task-")} == {
        f"task-{number.replace('.', '-')}-actions" for number in hub_only(krakow)
    }
    summary = texts(section(report, "summary"))
    assert word("outline_indicators", "pl", year=YEAR, met=2, total=10, no_data=8) in summary
    assert word("outline_tasks", "pl", reported=1, total=25) in summary
    # Risk 6 ends the year critical: the recommendations name it.
    assert texts(section(report, "recommendations"))[0] == word(
        "outline_high_risks", "pl", names="6. Wzrost mowy nienawiści w przestrzeni publicznej"
    )


def test_a_summary_speaks_of_missing_data_only_when_some_is_missing(
    registry: Registry, krakow: Program
) -> None:
    every = [
        approved(i.id, YEAR, "sz", None, **{c.key: 1 for c in i.target.components if c.key})
        if i.target.components
        else approved(i.id, YEAR, "sz", 1)
        for g in krakow.goals
        for i in g.indicators
    ]
    for language in ("pl", "en", "uk"):
        report = build_report(registry, data(krakow, measurements=every), language)
        first = texts(section(report, "summary"))[0]
        total = sum(len(g.indicators) for g in krakow.goals)
        # every indicator has its value: no "for 0 there is no approved data"
        assert first in {
            word("outline_indicators_all_data", language, year=YEAR, met=met, total=total)
            for met in range(total + 1)
        }


def test_a_year_with_no_data_says_so_in_every_section(registry: Registry, krakow: Program) -> None:
    report = build_report(registry, data(krakow), "en")
    said = " ".join(texts(report.blocks))
    for sentence in (
        "No reporting material was delivered for this task in 2025.",
        "No indicator measurement was approved for 2025.",
        "No risk was re-assessed in 2025; the document's ratings stand.",
        "No unit described other actions for the Programme in 2025.",
        "No deadline of the programme's coordinator networks fell due in 2025.",
    ):
        assert sentence in said
    assert row(report, "1.1")[6] == "no data"
    assert report.language == "en" and report.data_date == date(2026, 2, 10)


@pytest.mark.parametrize(
    ("language", "expected", "goal"), [("uk", "uk", "Мета 1. "), ("de", "en", "Goal 1. ")]
)
def test_languages_and_the_english_fallback(
    registry: Registry, krakow: Program, language: str, expected: str, goal: str
) -> None:
    report = build_report(registry, full(krakow), language)
    assert report.language == expected
    heading = next(b for b in report.blocks if isinstance(b, Heading) and b.key == "goal-1")
    assert heading.text.startswith(goal)
    assert report.title == word("title", expected, year=YEAR)


def test_another_citys_programme_gets_its_report(registry: Registry) -> None:
    lublin = registry.program(LUBLIN)
    obligation = report_obligation(registry, lublin)
    assert obligation is not None and obligation.id == "lublin-quarterly-report"
    visits = approved("lublin-info-point-visits", YEAR, "wss", 950)
    report = build_report(registry, data(lublin, measurements=[visits]), "en")
    assert report.city == "Lublin"
    # The example plugin's own section (docs/plugins.md, okcore_report_sections).
    assert texts(section(report, "lublin-info-point")) == [
        "Advice given by the information point in 2025: 950."
    ]
    # Table 2 asks the registry: Lublin's own rule (met at 90% of 1000) decides the status.
    info_point = row(report, "1.1")
    assert (info_point[4], info_point[6]) == ("950", "met")
    assert any("Program §7 ust. 2" in line for line in report.legal_basis)
    assert not any(b.key == "icc" for b in report.blocks if isinstance(b, Heading))


def test_numbers_read_as_in_the_language() -> None:
    assert [number(v, "pl") for v in (0.5, 1234, 12345.5, None)] == [
        "0,5",
        "1234",
        "12\u00a0345,5",
        "–",
    ]
    assert [number(v, "en") for v in (0.5, 1234, 12345.5)] == ["0.5", "1234", "12,345.5"]


def test_a_year_outside_the_programme_is_refused(registry: Registry, krakow: Program) -> None:
    with pytest.raises(ValueError, match=r"2023 is outside the programme .*2024–2028"):
        build_report(registry, ReportData(program=krakow, year=2023, today=date(2026, 2, 10)))


class Section:
    """A plugin adding a section of its own."""

    @hookimpl
    def okcore_report_sections(self, registry: Registry, data: ReportData, language: str) -> Any:
        return [Heading(level=1, text=f"Extra {data.year}", key="extra")]


class Broken:
    @hookimpl
    def okcore_report_sections(self, registry: Registry, data: ReportData, language: str) -> Any:
        raise RuntimeError("boom")


class NotBlocks:
    @hookimpl
    def okcore_report_sections(self, registry: Registry, data: ReportData, language: str) -> Any:
        return ["a string"]


def test_a_failing_plugin_is_recorded_and_the_report_goes_on() -> None:
    registry = Registry.load(plugins=[Section(), Broken(), NotBlocks()])
    report = build_report(registry, data(registry.program(KRAKOW)), "pl")
    keys = [b.key for b in report.blocks if isinstance(b, Heading)]
    assert "extra" in keys and "icc" in keys
    assert keys.index("extra") < keys.index("conclusions")
    messages = [p.format() for p in registry.problems]
    assert any("Broken" in m and "RuntimeError: boom" in m for m in messages)
    assert any("NotBlocks" in m and "returned str, not report blocks" in m for m in messages)
    assert all(p.item == KRAKOW for p in registry.problems)


def test_the_hubs_own_tasks_are_sz_to_write_never_missing_material() -> None:
    """SZ delivers no material to itself (the networks' hub_exempt): a task it implements
    alone asks SZ to write its actions (kept on a new draft) and is not listed as lacking
    material; in a task it shares, SZ is never named among the units that sent nothing."""
    registry = Registry.load()
    program = registry.program("open-krakow-2024-2028")
    hub_tasks = [
        (g, t) for g in program.goals for t in g.tasks if {p.unit for p in t.implementers} == {"sz"}
    ]
    assert hub_tasks
    goal, task = hub_tasks[0]
    report = build_report(registry, ReportData(program=program, year=2025, today=date(2026, 3, 1)))
    blocks = report.blocks
    heading = next(
        i
        for i, b in enumerate(blocks)
        if getattr(b, "key", None) == f"task-{goal.number}-{task.number}-actions"
    )
    assert isinstance(blocks[heading], Heading) and blocks[heading].written
    assert "koordynator Programu" in blocks[heading + 1].text
    unreported = next(i for i, b in enumerate(blocks) if getattr(b, "key", None) == "unreported")
    listed = blocks[unreported + 1]
    assert isinstance(listed, BulletList)
    assert not any(
        item.startswith(f"Zadanie {goal.number}.{task.number}.") for item in listed.items
    )


def test_a_value_standing_from_an_earlier_year_says_so() -> None:
    """A share (not per year) keeps its latest value up to the year: Table 2 names the year
    it was measured in, so 2024's value is not read as 2025's."""
    registry = Registry.load()
    program = registry.program("open-krakow-2024-2028")
    turnout = next(i for _g, i in program.indicators.values() if i.id == "participation-turnout")
    measured = Measurement(
        indicator=turnout.id,
        period=2024,
        unit="sz",
        value=1.8,
        status=MeasurementStatus.APPROVED,
    )
    data = ReportData(program=program, year=2025, today=date(2026, 3, 1), measurements=[measured])
    report = build_report(registry, data)
    table = next(b for b in report.blocks if isinstance(b, Table) and b.header[0] == "Lp.")
    found = next(r for r in table.rows if r[1].startswith("Udział cudzoziemców"))
    assert found[4] == "1,8 (2024)"
    assert found[8] == "1,8"  # 2024's own column
