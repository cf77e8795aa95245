"""The programme model's own rules: targets, risk levels, measurements."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from okcore.program import Indicator, Measurement, Program, Risk, RiskLevel, Target, Task
from okcore.registry import Registry


@pytest.mark.parametrize(
    ("rating", "level"),
    [
        (1, "low"),
        (2, "low"),
        (3, "moderate"),
        (4, "moderate"),
        (5, "serious"),
        (6, "serious"),
        (7, "critical"),
    ],
)
def test_risk_level_from_rating(rating: int, level: str) -> None:
    risk = Risk(number=1, name="r", rating=rating, response="tolerate")
    assert risk.level is RiskLevel(level)
    assert risk.model_dump(mode="json")["level"] == level


@pytest.mark.parametrize("rating", [0, 8])
def test_rating_outside_scale_is_refused(rating: int) -> None:
    with pytest.raises(ValidationError):
        Risk(number=1, name="r", rating=rating, response="tolerate")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"comparator": "at_least"}, "needs a comparator and a value"),
        ({"comparator": "range", "value": 5}, "value_max >= value"),
        ({"comparator": "range", "value": 5, "value_max": 4}, "value_max >= value"),
        ({"comparator": "at_least", "value": 5, "value_max": 9}, "only for range"),
        ({"components": [{"comparator": "at_least", "value": 1}]}, "unique key"),
        (
            {
                "comparator": "at_least",
                "value": 1,
                "components": [{"key": "a", "comparator": "at_least", "value": 1}],
            },
            "instead of comparator",
        ),
    ],
)
def test_malformed_targets(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Target.model_validate(data)


def test_measurement_needs_a_value() -> None:
    with pytest.raises(ValidationError, match="needs a value"):
        Measurement(indicator="x", period=2025)
    assert Measurement(indicator="x", period=2025, components={"a": 1}).status == "draft"


def test_a_programme_document_reads_back() -> None:
    """``as_document`` leaves out derived values, so the strict loader accepts it unchanged."""
    from okcore.load import validate_data
    from okcore.program import Program
    from okcore.registry import Registry

    for program in Registry.load().programs.values():
        document = program.as_document()
        assert all("level" not in risk for risk in document["risks"])
        assert validate_data(document, Program) == program


def test_a_tasks_rows_must_add_up_to_the_task() -> None:
    row = {"measures": ["Liczba spotkań"], "products": ["Spotkanie"]}
    task = {"number": 1, "title": "t", "deadline": "continuous", "rows": [row]}
    with pytest.raises(ValidationError, match="the rows' measures, in order"):
        Task.model_validate({**task, "measures": ["Liczba gal"], "products": ["Spotkanie"]})
    with pytest.raises(ValidationError, match="every row's partners must be among"):
        Task.model_validate(
            {
                **task,
                "measures": ["Liczba spotkań"],
                "products": ["Spotkanie"],
                "rows": [{**row, "partners": [{"name": "Kancelaria"}]}],
            }
        )


def test_an_indicator_has_one_key_built_and_parsed_in_one_place(registry: Registry) -> None:
    program = registry.program("open-krakow-2024-2028")
    indicator = program.indicator("staff-trained")
    uid = program.indicator_uid(indicator)
    assert (
        uid
        == "open-krakow-2024-2028/indicator/staff-trained"
        == program.indicator_uid("staff-trained")
    )
    assert Program.parse_indicator_uid(uid) == ("open-krakow-2024-2028", "staff-trained")


@pytest.mark.parametrize(
    "key", ["open-krakow-2024-2028/staff-trained", "a/indicator/", "a/indicator/b/c", ""]
)
def test_a_key_of_another_form_is_refused_naming_the_form(key: str) -> None:
    with pytest.raises(ValueError, match="expected '<programme>/indicator/<indicator>'"):
        Program.parse_indicator_uid(key)


@pytest.mark.parametrize("bad", ["info_point", "info.point", "Info-Point", "a--b"])
def test_ids_are_what_urls_route(bad: str) -> None:
    """Ids reach URLs (Django's slug converter, the API's lookups): no '_' or '.'."""
    with pytest.raises(ValidationError, match=f"'{bad}' is not an id: use lowercase letters"):
        Indicator.model_validate(
            {"id": bad, "number": 1, "name": "n", "target": {"comparator": "at_least", "value": 1}}
        )
