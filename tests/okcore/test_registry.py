"""Plugin discovery through the `okcore` entry point group, and the registry."""

from __future__ import annotations

from datetime import date
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any

import pytest

from okcore.base import Problem
from okcore.events import Event
from okcore.exporters import Exporter
from okcore.hookspecs import hookimpl
from okcore.legal import Bearer
from okcore.load import load_network
from okcore.program import Program
from okcore.registry import PluginError, PluginProblem, Registry, plugin_manager


def test_project_plugins_use_the_public_entry_point() -> None:
    names = {ep.name: ep.value for ep in entry_points(group="okcore")}
    assert names["open_krakow"] == "okplugins.open_krakow.plugin"
    assert names["ngo_cooperation"] == "okplugins.ngo_cooperation.plugin"
    assert names["lublin"] == "okcore_lublin.plugin"


def test_registry_collects_everything(registry: Registry) -> None:
    assert {"open-krakow-2024-2028", "lublin-welcome-2025-2029"} <= set(registry.programs)
    assert {"open-krakow-coordinators", "ngo-cooperation-coordinators"} <= set(registry.networks)
    assert registry.obligation_owner["open-krakow-annual-report"] == "open-krakow-2024-2028"


def test_env_restricts_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKCORE_PLUGINS", "ngo_cooperation")
    registry = Registry.load()
    assert registry.programs == {}
    assert set(registry.networks) == {"ngo-cooperation-coordinators"}
    monkeypatch.setenv("OKCORE_PLUGINS", "")
    assert Registry.load().networks == {}


def test_an_unknown_plugin_name_stops_with_the_known_ones(
    monkeypatch: pytest.MonkeyPatch, run_cli: Any
) -> None:
    monkeypatch.setenv("OKCORE_PLUGINS", "ngo_cooperation, lubin")
    known = "icc_export, lublin, ngo_cooperation, open_krakow"
    with pytest.raises(
        PluginError,
        match=f"^plugin 'lubin': not installed, yet OKCORE_PLUGINS names it \\(known: {known}\\)$",
    ):
        Registry.load()
    result = run_cli("programs")
    assert (result.code, result.out) == (4, "")
    assert "plugin 'lubin': not installed, yet OKCORE_PLUGINS names it" in result.err
    with pytest.raises(PluginError, match=r"^plugin 'a': not installed, yet only names it"):
        Registry.load(only=["b", "a", "lublin"])


def test_unknown_ids_name_the_known_ones(registry: Registry) -> None:
    with pytest.raises(KeyError, match="known: lublin-welcome-2025-2029, open-krakow-2024-2028"):
        registry.program("warszawa")


class Duplicate:
    """A plugin that registers a programme under an id someone else uses."""

    @hookimpl
    def okcore_register_programs(self) -> list[Program]:
        return [
            Program.model_validate(
                {
                    "id": "open-krakow-2024-2028",
                    "title": "x",
                    "period": {"start": 2024, "end": 2024},
                    "main_goal": "x",
                }
            )
        ]


def test_a_second_registration_of_an_id_is_a_problem_naming_both_plugins() -> None:
    """Pluggy calls the last registered plugin first: here the directly given one."""
    loaded = Registry.load(plugins=[Duplicate()])
    assert loaded.programs["open-krakow-2024-2028"].period.end == 2024
    assert [p.format() for p in loaded.problems] == [
        "plugin 'open_krakow': registers programme 'open-krakow-2024-2028', as 'Duplicate' does"
    ]
    assert loaded.problems_about("programme", "open-krakow-2024-2028") == loaded.problems
    assert loaded.problems_about("programme", "lublin-welcome-2025-2029") == []


class Rule:
    @hookimpl
    def okcore_validate_program(self, program: Program) -> list[Problem]:
        return [Problem("goals", "needs seven goals")] if len(program.goals) != 7 else []


def test_validation_hook_runs_on_installed_programmes() -> None:
    problems = [p.format() for p in Registry.load(plugins=[Rule()]).problems]
    assert (
        "plugin 'lublin': programme 'lublin-welcome-2025-2029': goals: needs seven goals"
        in problems
    )


class Raises:
    """A plugin whose every hook fails, as a bug in a third-party package would."""

    @hookimpl
    def okcore_register_programs(self) -> list[Program]:
        raise RuntimeError("boom")

    @hookimpl
    def okcore_register_exporters(self) -> list[object]:
        return ["not an exporter"]

    @hookimpl
    def okcore_validate_program(self, program: Program) -> list[Problem]:
        raise ValueError(f"cannot judge {program.id}")


def test_a_failing_plugin_is_named_and_the_others_keep_working(registry: Registry) -> None:
    loaded = Registry.load(plugins=[Raises()])
    assert loaded.programs.keys() == registry.programs.keys()
    assert loaded.networks.keys() == registry.networks.keys()
    lines = [p.format() for p in loaded.problems]
    assert lines[0].startswith(
        "plugin 'Raises': okcore_register_programs failed: RuntimeError: boom (at test_registry.py:"
    )
    assert "plugin 'Raises': okcore_register_exporters returned str, not Exporter" in lines
    assert any("ValueError: cannot judge open-krakow-2024-2028" in line for line in lines)
    assert {p.plugin for p in loaded.problems} == {"Raises"}


class BadExporterName:
    @hookimpl
    def okcore_register_exporters(self) -> list[Exporter]:
        return [Exporter(name="icc_v2", description="", formats=("csv",), render=lambda r, q: b"")]


def test_an_exporter_name_that_is_no_id_is_the_plugins_problem() -> None:
    """The name is in the API's addresses, which route ids only (docs/file-format.md, "Ids")."""
    loaded = Registry.load(only=[], plugins=[BadExporterName()])
    assert loaded.exporters == {}
    [problem] = [p.format() for p in loaded.problems]
    assert "ValueError: exporter name 'icc_v2' is not an id" in problem


def test_a_hook_that_fails_while_a_command_runs_is_a_plugin_error(registry: Registry) -> None:
    loaded = Registry.load(only=[], plugins=[Raises()])
    with pytest.raises(PluginError, match="plugin 'Raises': okcore_validate_program failed"):
        loaded.validate_program(registry.program("open-krakow-2024-2028"))


class BadData:
    """A plugin whose data file does not load: the problem names the plugin and the file."""

    @hookimpl
    def okcore_register_networks(self) -> list[object]:
        return [load_network(Path(__file__).with_name("no-such-network.yaml"))]


def test_a_data_file_that_does_not_load_names_the_plugin_and_the_file() -> None:
    (problem,) = Registry.load(only=["ngo_cooperation"], plugins=[BadData()]).problems
    assert problem == PluginProblem("BadData", "file not found", file="no-such-network.yaml")
    assert problem.format() == "plugin 'BadData': no-such-network.yaml: file not found"


def test_a_plugin_that_cannot_be_imported_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = EntryPoint("broken", "okcore_no_such_module.plugin", "okcore")
    monkeypatch.setattr(
        "okcore.registry.entry_points", lambda group: [*entry_points(group=group), broken]
    )
    loaded = Registry.load(only=["broken", "ngo_cooperation"])
    assert set(loaded.networks) == {"ngo-cooperation-coordinators"}
    (problem,) = loaded.problems
    assert problem.format() == (
        "plugin 'broken': loading the plugin failed: ModuleNotFoundError: "
        "No module named 'okcore_no_such_module'"
        + problem.format().partition("'okcore_no_such_module'")[2]
    )
    with pytest.raises(PluginError, match="plugin 'broken': loading the plugin failed"):
        plugin_manager(only=["broken"])


def test_plugins_registered_directly_get_readable_distinct_names() -> None:
    manager = Registry.load(only=[], plugins=[Rule(), Rule()]).manager
    assert {"Rule", "Rule-2"} <= {name for name, _ in manager.list_name_plugin()}


def test_calendar_items_hook(registry: Registry) -> None:
    events = registry.calendar_items(date(2025, 1, 1), date(2025, 12, 31))
    assert [e.id for e in events] == ["lublin-open-consultation"]
    assert registry.calendar_items(date(2030, 1, 1), date(2030, 12, 31)) == []
    lublin = registry.calendar_items(
        date(2025, 1, 1), date(2025, 12, 31), ["lublin-welcome-2025-2029"]
    )
    assert lublin == events
    assert (
        registry.calendar_items(date(2025, 1, 1), date(2025, 12, 31), ["open-krakow-2024-2028"])
        == []
    )


class StrayItems:
    """A plugin whose calendar items name no installed programme, or are not events."""

    @hookimpl
    def okcore_calendar_items(self, registry: Any, start: date, end: date) -> list[Any]:
        return [Event(id="stray", title="Stray", start=start, program="warszawa-2030"), "text"]


def test_calendar_items_that_do_not_fit_are_problems_naming_the_plugin() -> None:
    loaded = Registry.load(only=[], plugins=[StrayItems()])
    assert loaded.calendar_items(date(2025, 1, 1), date(2025, 12, 31)) == []
    assert [p.format() for p in loaded.problems] == [
        "plugin 'StrayItems': event 'stray': "
        "unknown programme 'warszawa-2030' (known: none installed)",
        "plugin 'StrayItems': okcore_calendar_items returned str, not Event",
    ]


def test_public_deadlines_follow_the_public_field_not_the_bearer(registry: Registry) -> None:
    """Program §6 ust. 8 (annual report) is ``public: true``; the networks' duties of units
    and coordinators towards SZ are not, nor is a mayor's duty once the data says so."""
    window = (date(2026, 1, 1), date(2026, 12, 31))
    found = registry.public_deadlines(["open-krakow-2024-2028"], *window)
    assert [(d.due, d.source) for d in found] == [(date(2026, 4, 30), "Program §6 ust. 8")]
    hidden = Registry.load()
    report = hidden.obligations["open-krakow-annual-report"]
    assert report.bearer is Bearer.MAYOR
    hidden.obligations["open-krakow-annual-report"] = report.model_copy(update={"public": False})
    assert hidden.public_deadlines(["open-krakow-2024-2028"], *window) == []
    # A duty of the network that serves the programme shows once the data makes it public.
    contact = "3487-2023-contact-data"
    assert hidden.obligation_owner[contact] == "open-krakow-coordinators"
    year_2023 = (date(2023, 1, 1), date(2023, 12, 31))
    assert hidden.public_deadlines(["open-krakow-2024-2028"], *year_2023) == []
    made_public = hidden.obligations[contact].model_copy(update={"public": True})
    hidden.obligations[contact] = made_public
    shown = hidden.public_deadlines(["open-krakow-2024-2028"], *year_2023)
    assert [(d.due, d.source) for d in shown] == [(date(2023, 12, 8), "3487/2023 §2 pt 2")]
    lublin = registry.public_deadlines(["lublin-welcome-2025-2029"], *window)
    assert {d.obligation for d in lublin} == {"lublin-quarterly-report"}
    assert registry.public_deadlines([], *window) == []


class RaisingRules:
    """A plugin whose status and validation rules raise, for every programme."""

    @hookimpl(tryfirst=True)
    def okcore_indicator_status(
        self, program: Any, indicator: Any, measurements: Any, year: int
    ) -> Any:
        raise ZeroDivisionError("division by zero")

    @hookimpl(tryfirst=True)
    def okcore_validate_program(self, program: Any) -> Any:
        raise KeyError("missing")


def test_a_raising_rule_is_recorded_and_the_others_answer() -> None:
    registry = Registry.load(plugins=[RaisingRules()])
    program = registry.program("open-krakow-2024-2028")
    about = registry.problems_about("programme", program.id)
    assert any("okcore_validate_program failed: KeyError" in p.message for p in about)
    _goal, indicator = program.indicators["staff-trained"]
    status = registry.indicator_status(program, indicator, [], 2025)
    assert status.status == "no_data"  # the built-in rule answered
    failures = [p for p in registry.problems if "okcore_indicator_status failed" in p.message]
    assert [p.item for p in failures] == [program.id]
    registry.indicator_status(program, indicator, [], 2026)
    assert len([p for p in registry.problems if "okcore_indicator_status" in p.message]) == 1


class Wrapper:
    @hookimpl(wrapper=True)
    def okcore_register_programs(self) -> Any:
        return (yield)


def test_a_hook_wrapper_is_reported_not_silently_skipped() -> None:
    registry = Registry.load(plugins=[Wrapper()])
    assert any("hook wrappers are not supported" in p.message for p in registry.problems)
    assert "open-krakow-2024-2028" in registry.programs
