"""The loader reports every problem with file and path, and never anything else."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from small_programme import VALID, write

from okcore.checks import check_program
from okcore.load import LoadError, load_program, parse_text, validate_data
from okcore.program import Program


def test_valid_document_loads(tmp_path: Path) -> None:
    program = load_program(write(tmp_path, "lublin.yaml", VALID))
    assert program.goals[0].indicators[0].target.value == 5


def test_every_problem_at_once_with_file_and_path(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["goals"][0]["tasks"][0]["deadline"] = "2028-13-01"
    data["goals"][0]["indicators"][0]["baseline"]["year"] = "last year"
    data["risks"][0]["rating"] = 9
    data["risks"][0]["respons"] = "x"
    with pytest.raises(LoadError) as caught:
        load_program(write(tmp_path, "lublin.yaml", data))
    lines = caught.value.lines()
    assert "lublin.yaml: goals[0].tasks[0].deadline: '2028-13-01' is not a date" in lines[0]
    assert (
        "lublin.yaml: goals[0].indicators[0].baseline.year: 'last year' is not a whole number"
        in lines
    )
    assert "lublin.yaml: risks[0].rating: 9: should be less than or equal to 7" in lines
    assert any(line.startswith("lublin.yaml: risks[0].respons: unknown field") for line in lines)


def test_cross_reference_problems(tmp_path: Path) -> None:
    data = copy.deepcopy(VALID)
    data["goals"][0]["indicators"][0]["tasks"] = [7]
    data["goals"][0]["indicators"][0]["outcome"] = 3
    data["goals"].append(copy.deepcopy(data["goals"][0]))
    data["risks"][0]["goal"] = 9
    data["title"] = {"en": "Only English"}
    with pytest.raises(LoadError) as caught:
        load_program(write(tmp_path, "x.yaml", data))
    text = str(caught.value)
    assert "goals[0].indicators[0].tasks[0]: goal 1 has no task 7" in text
    assert "goals[0].indicators[0].outcome: goal 1 has no outcome 3" in text
    assert "goals[1].number: duplicate goal number 1" in text
    assert "goals[1].indicators[0].id: duplicate indicator id 'wsk'" in text
    assert "risks[0].goal: no goal 9" in text
    assert "title: translations lack the source locale 'pl'" in text


SEVEN_MISTAKES = """\
id: lublin-test
title: Program
period: {start: 2025, end: 2029}
main_goal: Cel
legal_basis: [no-such-act]
goals:
  - number: 1
    titel: Cel 1
    tasks:
      - {number: 1, title: a, deadline: continuous}
      - {number: 1, title: b, deadline: continuous}
      - {number: 3, title: c, deadline: 2028-13-01}
    indicators:
      - id: wsk
        number: 1
        name: Wskaźnik
        tasks: [9]
        target: {comparator: at_least}
risks:
  - {number: 1, goal: 1, name: r, rating: 9, response: counteract}
"""


def test_seven_mistakes_are_reported_in_one_pass(tmp_path: Path) -> None:
    """Seven mistakes: a misspelt key (so also a missing one), an unquoted impossible date,
    a target without a value, a rating out of range, an unknown act, a duplicate task
    number and a dangling task reference. Schema and cross-reference errors come together:
    the checks run on what the schema could read (docs/file-format.md)."""
    path = tmp_path / "lublin.yaml"
    path.write_text(SEVEN_MISTAKES, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_program(path)
    assert sorted(caught.value.lines()) == sorted(
        f"lublin.yaml: {line}"
        for line in [
            "goals[0].title: required field is missing",
            "goals[0].titel: unknown field (check the spelling against `okcore schema`)",
            "goals[0].tasks[2].deadline: '2028-13-01' is not a date "
            "(expected YYYY-MM-DD or 'continuous')",
            "goals[0].indicators[0].target: a target needs a comparator and a value "
            "(or components)",
            "risks[0].rating: 9: should be less than or equal to 7",
            "legal_basis[0]: unknown legal act 'no-such-act'",
            "goals[0].tasks[0].number: duplicate task number 1",
            "goals[0].tasks[1].number: duplicate task number 1",
            "goals[0].indicators[0].tasks[0]: goal 1 has no task 9",
        ]
    )


def test_unquoted_dates_are_read_as_text_and_parsed_by_the_models() -> None:
    assert parse_text("due: 2026-05-01\nat: 2026-05-01 10:00:00\n", ".yaml") == {
        "due": "2026-05-01",
        "at": "2026-05-01 10:00:00",
    }


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.yaml", "id: [unclosed", "line 1"),
        ("a.yaml", "id: a\nid: b\n", "duplicate key 'id'"),
        ("a.yaml", "- just\n- a list\n", "the document is a list, expected a mapping"),
        ("a.yaml", "", "the document is empty"),
        ("a.json", '{"id": NaN}', "invalid JSON"),
        ("a.json", "{", "invalid JSON"),
    ],
)
def test_unreadable_documents(tmp_path: Path, name: str, content: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LoadError, match=message):
        load_program(path)


def test_missing_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"nope\.yaml: file not found"):
        load_program(tmp_path / "nope.yaml")
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(LoadError, match="not UTF-8"):
        load_program(binary)


def test_json_documents_load(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(VALID), encoding="utf-8")
    assert load_program(path).id == "lublin-test"


# --- property-based: malformed documents only ever give validation errors ----

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


ALL_PATHS = _paths(VALID)[1:]


def _expect_only_load_errors(data: Any) -> None:
    try:
        validate_data(data, Program, [check_program])
    except LoadError as error:
        problems = error.problems
    else:
        return
    assert problems, "a LoadError always names at least one problem"
    assert all(problem.message for problem in problems)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ALL_PATHS), json_values)
def test_mutated_documents_give_validation_errors_only(path: tuple[Any, ...], junk: Any) -> None:
    data = copy.deepcopy(VALID)
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = junk
    _expect_only_load_errors(data)


@settings(max_examples=200)
@given(json_values)
def test_arbitrary_values_give_validation_errors_only(junk: Any) -> None:
    _expect_only_load_errors(junk)


@settings(max_examples=200)
@given(st.text(max_size=200))
def test_arbitrary_text_parses_or_fails_cleanly(text: str) -> None:
    for suffix in (".yaml", ".json"):
        try:
            data = parse_text(text, suffix)
        except ValueError as error:
            message = str(error)
        else:
            _expect_only_load_errors(data)
            continue
        assert message
