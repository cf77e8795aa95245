"""Indicator status: comparators, baselines, yearly vs cumulative targets, compound targets."""

from __future__ import annotations

from typing import Any

import pytest

from okcore.hookspecs import hookimpl
from okcore.program import Indicator, Measurement, MeasurementSet, Target
from okcore.registry import Registry
from okcore.services.indicators import IndicatorStatus, Status, builtin_status, target_progress


def indicator(target: dict[str, Any], baseline: float | None = None) -> Indicator:
    data: dict[str, Any] = {"id": "i", "number": 1, "name": "n", "target": target}
    if baseline is not None:
        data["baseline"] = {"value": baseline, "year": 2023}
    return Indicator.model_validate(data)


def m(
    period: int, value: float | None = None, status: str = "approved", **parts: float
) -> Measurement:
    return Measurement(indicator="i", period=period, value=value, components=parts, status=status)


@pytest.mark.parametrize(
    ("target", "value", "baseline", "met", "progress"),
    [
        ({"comparator": "at_least", "value": 100}, 70, 40, False, 0.5),
        ({"comparator": "at_least", "value": 100}, 120, 40, True, 1.0),
        ({"comparator": "at_least", "value": 100}, 30, 40, False, 0.0),
        # "keep at least 4000" below a baseline of 5132
        ({"comparator": "at_least", "value": 4000}, 4100, 5132, True, 1.0),
        ({"comparator": "at_least", "value": 4000}, 3000, 5132, False, 0.75),
        ({"comparator": "at_least", "value": 50}, 25, None, False, 0.5),
        ({"comparator": "at_most", "value": 10}, 15, 20, False, 0.5),
        ({"comparator": "at_most", "value": 10}, 8, 20, True, 1.0),
        ({"comparator": "exactly", "value": 10}, 10, 0, True, 1.0),
        ({"comparator": "exactly", "value": 10}, 5, 0, False, 0.5),
        ({"comparator": "range", "value": 20, "value_max": 40}, 30, 5, True, 1.0),
        ({"comparator": "range", "value": 20, "value_max": 40}, 10, 0, False, 0.5),
        ({"comparator": "range", "value": 20, "value_max": 40}, 50, 60, False, 0.5),
    ],
)
def test_target_progress(
    target: dict[str, Any], value: float, baseline: float | None, met: bool, progress: float
) -> None:
    assert target_progress(Target.model_validate(target), value, baseline) == (
        met,
        pytest.approx(progress),
    )


def test_yearly_target_uses_that_year_only() -> None:
    ind = indicator({"comparator": "at_least", "value": 4000, "per": "year"}, 5132)
    data = [m(2024, 4500), m(2025, 3000)]
    assert builtin_status(ind, data, 2024).status is Status.MET
    assert builtin_status(ind, data, 2025).status is Status.NOT_MET
    assert builtin_status(ind, data, 2026).status is Status.NO_DATA


def test_whole_period_target_uses_the_latest_cumulative_value() -> None:
    ind = indicator({"comparator": "at_least", "value": 50}, 11)
    data = [m(2024, 20), m(2025, 55)]
    assert builtin_status(ind, data, 2024).progress == pytest.approx(9 / 39)
    status = builtin_status(ind, data, 2026)
    assert (status.status, status.measured_period) == (Status.MET, 2025)


def test_only_approved_measurements_count() -> None:
    ind = indicator({"comparator": "at_least", "value": 10})
    for state in ("draft", "submitted", "returned"):
        assert builtin_status(ind, [m(2025, 99, status=state)], 2025).status is Status.NO_DATA


def test_compound_target_needs_every_part() -> None:
    target = {
        "per": "year",
        "components": [
            {"key": "meetings", "comparator": "at_least", "value": 2, "per": "year"},
            {"key": "participants", "comparator": "at_least", "value": 10, "per": "year"},
        ],
    }
    ind = indicator(target, 0)
    assert builtin_status(ind, [m(2025, meetings=2, participants=12)], 2025).status is Status.MET
    partial = builtin_status(ind, [m(2025, meetings=3, participants=5)], 2025)
    assert partial.status is Status.NOT_MET
    assert partial.progress == pytest.approx(0.5)
    missing = builtin_status(ind, [m(2025, meetings=3)], 2025)
    assert missing.status is Status.NOT_MET
    assert missing.note == "missing components: participants"


OVERRIDDEN = IndicatorStatus("i", 2025, Status.MET, note="overridden")


class Override:
    """A plugin's own rule: it answers for 2025 only, and leaves other years to the default."""

    @hookimpl
    def okcore_indicator_status(self, year: int) -> IndicatorStatus | None:
        return OVERRIDDEN if year == 2025 else None


def test_plugin_override_wins_when_it_answers(registry: Registry) -> None:
    program = registry.program("open-krakow-2024-2028")
    ind = indicator({"comparator": "at_least", "value": 10})
    plain = Registry.load(only=[])
    with_override = Registry.load(only=[], plugins=[Override()])
    assert with_override.indicator_status(program, ind, [], 2025) is OVERRIDDEN
    assert with_override.indicator_status(program, ind, [], 2024).status is Status.NO_DATA
    assert plain.indicator_status(program, ind, [m(2025, 12)], 2025).status is Status.MET


def test_the_builtin_rule_is_a_default_plugin_that_runs_last() -> None:
    """The way Datasette ships its defaults: registered by the manager, ``trylast``."""
    manager = Registry.load(only=[]).manager
    (impl,) = manager.hook.okcore_indicator_status.get_hookimpls()
    assert impl.plugin_name == "okcore.default.indicators"
    assert impl.trylast


def test_a_floor_of_the_programme_is_kept_each_year(registry: Any) -> None:
    """'Nie mniej niż 100' (1.3): one approved 120 in 2024 says nothing about 2027."""
    program = registry.program("open-krakow-2024-2028")
    staff = program.indicator("staff-trained")
    approved = [Measurement(indicator="staff-trained", period=2024, value=120, status="approved")]
    assert builtin_status(staff, approved, 2024).status is Status.MET
    assert builtin_status(staff, approved, 2027).status is Status.NO_DATA
    floors = ["translated-procedures", "staff-trained", "coordinator-meetings"]
    floors += ["multicultural-centre-events", "ambassador-nominations"]
    floors += ["schools-and-residents-reached", "exclusion-support-actions"]
    assert {i: program.indicator(i).target.per.value for i in floors} == dict.fromkeys(
        floors, "year"
    )


def test_several_implementer_units_combine_into_one_value(registry: Any) -> None:
    program = registry.program("open-krakow-2024-2028")
    reached = program.indicator("schools-and-residents-reached")
    assert reached.combine.value == "sum"  # a count: the default
    values = [
        Measurement(indicator=reached.id, period=2026, unit="sz", value=100, status="approved"),
        Measurement(
            indicator=reached.id, period=2026, unit="wydzial-edukacji", value=50, status="approved"
        ),
    ]
    status = builtin_status(reached, values, 2026)
    assert (status.value, status.status) == (150, Status.MET)
    assert status.contributions == {"sz": 100, "wydzial-edukacji": 50}
    turnout = program.indicator("participation-turnout")
    shares = [
        Measurement(indicator=turnout.id, period=2026, unit="sz", value=4, status="approved"),
        Measurement(indicator=turnout.id, period=2026, unit="mops", value=8, status="approved"),
    ]
    assert builtin_status(turnout, shares, 2026).value == 6
    # A share is a moment: a unit's older share is not averaged with another's newer one.
    apart = [
        Measurement(indicator=turnout.id, period=2024, unit="sz", value=4, status="approved"),
        Measurement(indicator=turnout.id, period=2026, unit="mops", value=8, status="approved"),
    ]
    latest = builtin_status(turnout, apart, 2026)
    assert (latest.value, latest.measured_period, latest.contributions) == (8, 2026, {"mops": 8})


def test_one_reporting_unit_counts_for_a_single_indicator() -> None:
    single = Indicator.model_validate(
        {
            "id": "i",
            "number": 1,
            "name": "n",
            "target": {"comparator": "at_least", "value": 10, "per": "year"},
            "combine": "single",
            "reporting_unit": "sz",
        }
    )
    values = [
        Measurement(indicator="i", period=2026, unit="sz", value=12, status="approved"),
        Measurement(indicator="i", period=2026, unit="mops", value=90, status="approved"),
    ]
    assert builtin_status(single, values, 2026).value == 12
    with pytest.raises(ValueError, match="reporting_unit is required"):
        Indicator.model_validate({**single.model_dump(), "reporting_unit": None})


def test_rows_without_a_unit_do_not_bypass_uniqueness() -> None:
    row = {"indicator": "i", "period": 2026, "value": 1}
    MeasurementSet.model_validate({"program": "p", "measurements": [row, {**row, "unit": "sz"}]})
    with pytest.raises(ValueError, match="a second value of 'i' for 2026 from no unit"):
        MeasurementSet.model_validate({"program": "p", "measurements": [row, row]})


def test_percent_targets_print_as_percent(run_cli: Any) -> None:
    out = run_cli("status", "open-krakow-2024-2028", "--year", "2026").out
    line = next(x for x in out.splitlines() if x.startswith("3    participation-turnout"))
    assert "≥5%" in line
