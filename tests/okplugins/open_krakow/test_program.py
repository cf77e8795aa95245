"""The encoded programme against its source, document 002, read at test time."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import seed_document as document

from okcore.program import CONTINUOUS, Comparator, Program, RiskLevel, RiskResponse, TargetPer
from okcore.registry import Registry

RESPONSES = {
    "Tolerowanie": RiskResponse.TOLERATE,
    "Przeniesienie": RiskResponse.TRANSFER,
    "Wycofanie się": RiskResponse.WITHDRAW,
    "Przeciwdziałanie": RiskResponse.COUNTERACT,
}
MONTHS = {"grudnia": 12}
PROGRAM_ID = "open-krakow-2024-2028"


@pytest.fixture(scope="module")
def text(seeds: Path) -> str:
    return document.read(seeds)


@pytest.fixture(scope="module")
def program(registry: Registry) -> Program:
    return registry.program(PROGRAM_ID)


def pl(value: object) -> str:
    return document.normalise(value.get("pl"))  # type: ignore[attr-defined]


def test_goals_tasks_and_outcomes_match_paragraph_3(program: Program, text: str) -> None:
    source = document.goals(text)
    assert [g.number for g in program.goals] == [g.number for g in source] == [1, 2, 3, 4, 5, 6]
    for goal, expected in zip(program.goals, source, strict=True):
        assert pl(goal.title) == document.normalise(expected.title)
        assert [pl(t.title) for t in goal.tasks] == [document.normalise(t) for t in expected.tasks]
        assert [pl(o.title) for o in goal.outcomes] == [
            document.normalise(o) for o in expected.outcomes
        ]
    assert [len(g.tasks) for g in program.goals] == [6, 3, 4, 3, 5, 4]


def _deadline(cell: str) -> object:
    if cell.startswith("działanie o charakterze ciągłym"):
        return CONTINUOUS
    match = re.match(r"^do (\d+) (\w+) (\d{4})", cell)
    assert match, cell
    return date(int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)))


def test_task_measures_and_deadlines_match_table_1(program: Program, text: str) -> None:
    rows = document.task_rows(text)
    encoded = [
        (goal.number, task.number, pl(measure), task.deadline)
        for goal in program.goals
        for task in goal.tasks
        for measure in task.measures
    ]
    # A cell's measures on separate lines (";" then a line break) are separate measures.
    expected = [
        (row.goal, row.task, document.normalise(measure), _deadline(row.deadline))
        for row in rows
        for measure in re.split(r";\s*\n", row.measure)
    ]
    assert encoded == expected
    # Goal 4 task 2 has two rows (two measures) in Table 1, task 3.1 two measures in one.
    assert len(program.goal(4).tasks[1].measures) == 2
    assert len(program.goal(3).tasks[0].measures) == 2


def test_implementers_and_partners_are_read_one_way(program: Program) -> None:
    """'wraz z' and 'przy współpracy' name partners; the nominative names implementers."""

    def names(parties: Any) -> list[str]:
        return [p.name.get("pl") for p in parties]

    for number in ((1, 1), (1, 6), (2, 1), (3, 1)):
        task = program.goal(number[0]).tasks[number[1] - 1]
        assert names(task.implementers) == ["Koordynator Programu"], number
    assert "organizacje pozarządowe" in names(program.goal(1).tasks[0].partners)
    safety = program.goal(6).tasks[2]
    assert "komórka Urzędu właściwa ds. bezpieczeństwa w Gminie" in names(safety.implementers)
    gala, meeting = program.goal(4).tasks[1].rows
    assert (names(gala.implementers), names(gala.partners)) == (["Koordynator Programu"], [])
    assert names(meeting.partners) == ["Kancelaria Prezydenta"]
    assert meeting.products[0].get("pl").startswith("Spotkanie Krakowskich Ambasadorów")


def test_every_task_has_products_and_implementers(program: Program) -> None:
    for goal in program.goals:
        for task in goal.tasks:
            assert task.products, f"task {goal.number}.{task.number}"
            assert task.implementers, f"task {goal.number}.{task.number}"
            # Task details stand in Table 1 (§6 ust. 2 points to it).
            assert task.source == f"Program Tabela 1 poz. {goal.number}.{task.number}"


def _parse_target(cell: str) -> tuple[Comparator, float, TargetPer]:
    """'Nie mniej niż' and bare counts are floors for each year; a share is the latest value."""
    cell = document.normalise(cell)
    match = re.match(r"^nie mniej niż (\d+)( rocznie)?$", cell)
    if match:
        return Comparator.AT_LEAST, float(match.group(1)), TargetPer.YEAR
    match = re.match(r"^(\d+)(%?)$", cell)
    assert match, f"unexpected target {cell!r}"
    per = TargetPer.PERIOD if match.group(2) else TargetPer.YEAR
    return Comparator.AT_LEAST, float(match.group(1)), per


def test_indicators_match_chapter_8(program: Program, text: str) -> None:
    rows = document.indicator_rows(text)
    encoded = [(g.number, i) for g in program.goals for i in g.indicators]
    assert len(rows) == len(encoded) == 10
    for row, (goal_number, indicator) in zip(rows, encoded, strict=True):
        where = f"indicator {goal_number}.{indicator.number}"
        assert (goal_number, indicator.number) == (row.goal, row.number), where
        assert pl(indicator.name) == document.normalise(row.name), where
        assert indicator.weight is None, where
        assert row.weight == "", where
        assert indicator.baseline is not None
        assert indicator.baseline.value == float(row.baseline), where
        assert indicator.baseline.year == int(document.normalise(row.year)[:4]), where
        assert indicator.target.label is not None
        assert pl(indicator.target.label) == document.normalise(row.target), where
        # Indicators stand in Table 2 / chapter VIII (§6 ust. 6 points to it).
        assert indicator.source == f"Program Tabela 2 poz. {goal_number}.{indicator.number}"
        if indicator.target.is_compound:
            continue
        comparator, value, per = _parse_target(row.target)
        assert (indicator.target.comparator, indicator.target.value, indicator.target.per) == (
            comparator,
            value,
            per,
        ), where


def test_compound_target_keeps_both_parts(program: Program) -> None:
    target = program.indicator("consultation-meetings").target
    assert target.is_compound
    parts = {c.key: (c.comparator, c.value, c.per) for c in target.components}
    assert parts == {
        "meetings": (Comparator.AT_LEAST, 2, TargetPer.YEAR),
        "participants": (Comparator.AT_LEAST, 10, TargetPer.YEAR),
    }


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_risks_match_chapter_9(program: Program, text: str) -> None:
    rows = document.risk_rows(text)
    assert len(rows) == len(program.risks) == 6
    titles = {g.number: pl(g.title) for g in program.goals}
    for row, risk in zip(rows, program.risks, strict=True):
        assert risk.number == row.number
        assert pl(risk.name) == document.normalise(row.name)
        assert risk.rating == int(row.rating.strip())
        assert risk.goal is not None
        # Table 3 repeats the goal titles with slightly different punctuation.
        assert _words(titles[risk.goal]) == _words(document.normalise(row.goal_title))
        word, _, action = document.normalise(row.response).partition("(")
        assert risk.response is RESPONSES[word.strip()]
        assert risk.action is not None
        assert pl(risk.action) == action.rstrip(")").strip()
        assert risk.level is RiskLevel.for_rating(risk.rating)
    assert [r.level for r in program.risks].count(RiskLevel.MODERATE) == 5


def test_programme_frame(program: Program, registry: Registry) -> None:
    assert program.period.start == 2024
    assert program.period.end == 2028
    assert program.main_goal_source == "Program §3 ust. 1"
    assert "Strategii Rozwoju Krakowa" in program.strategy_link.get("pl")  # type: ignore[union-attr]
    assert [s.source for s in program.funding_sources][:2] == [
        "Program §5 ust. 1",
        "Program §5 ust. 2 pt 1",
    ]
    assert len(program.funding_sources) == 7
    sources = [p.source or "" for p in program.partners]
    assert sum(s.startswith("Program §6 ust. 4 ") for s in sources) == 12
    assert sum(s.startswith("Program §6 ust. 5 ") for s in sources) == 12
    act = registry.legal_acts[program.legal_basis[0]]
    assert act.signed == date(2024, 11, 20)
    old = registry.legal_acts["krakow-resolution-lii-964-16"]
    assert old.signed == date(2016, 9, 14)
    # No source says the 2016 resolution was repealed (issue 14, point 15).
    assert (old.repealed_by, old.repealed_on, act.repeals) == (None, None, [])


def test_outputs_say_the_text_is_the_adopted_draft(run_cli: Any) -> None:
    out = run_cli("show", "open-krakow-2024-2028", "--locale", "en").out
    assert (
        "text: The text of the draft of 23 May 2024, adopted by the City Council on 20 November"
        in out
    )


def test_translations_where_residents_look_first(program: Program) -> None:
    for text in [program.title, program.main_goal, *(g.title for g in program.goals)]:
        assert {"pl", "en", "uk"} <= set(text.locales())
    for goal in program.goals:
        for indicator in goal.indicators:
            assert {"pl", "en", "uk"} <= set(indicator.name.locales())
        for item in [*goal.outcomes, *goal.tasks]:
            assert "en" in item.title.locales()
    for risk in program.risks:
        assert "en" in risk.name.locales()


def test_ambiguities_are_recorded_as_notes(program: Program) -> None:
    about = " ".join(note.about for note in program.notes)
    for place in [
        "goals[1].indicators[1].target",
        "goals[2].indicators[0].outcome",
        "risks[*].owner",
    ]:
        assert place in about


def test_data_cite_where_they_stand_and_what_chapter_6_and_9_add(
    program: Program, registry: Registry
) -> None:
    assert [r.source for r in program.risks] == [f"Program Tabela 3 poz. {n}" for n in range(1, 7)]
    scale = {step.level: step.consequence.get("pl") for step in program.risk_scale}
    assert set(scale) == set(RiskLevel)
    assert "nie powinno być odkładane" in scale[RiskLevel.CRITICAL]
    assert "może być odłożone" in scale[RiskLevel.MODERATE]
    promised = [s for s in program.funding_sources if s.source == "Program §5 ust. 1"]
    possible = [s for s in program.funding_sources if s.source != "Program §5 ust. 1"]
    assert all(s.qualifier is None for s in promised)
    assert all(s.qualifier and s.qualifier.get("pl") == "w ramach możliwości" for s in possible)
    cited = {(o.source, o.bearer.value) for o in program.obligations}
    assert {
        ("Program §6 ust. 1", "programme_coordinator"),
        ("Program §6 ust. 1", "supervisor"),
        ("Program §6 ust. 3", "mayor"),
    } <= cited
    for network, source in [
        ("open-krakow-coordinators", "3487/2023 §7 ust. 1"),
        ("ngo-cooperation-coordinators", "351/2026 §7 ust. 1"),
    ]:
        assert source in {o.source for o in registry.network(network).obligations}


def test_per_year_reading_of_min_10_people_is_marked_an_interpretation(program: Program) -> None:
    """Indicator 2.2's 'min. 10 osób/ngo' has no '/rok' (issue 14, point 14)."""
    note = next(n for n in program.notes if n.about == "goals[1].indicators[1].target")
    assert "interpretation" in note.text.get("en")
    assert "nie ma „/rok”" in " ".join(note.text.get("pl").split())
