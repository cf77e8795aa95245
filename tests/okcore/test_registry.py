"""Plugin discovery through the `okcore` entry point group, and the registry."""

from __future__ import annotations

from datetime import date
from importlib.metadata import entry_points
from typing import Any

import pytest

from okcore.hookspecs import hookimpl
from okcore.program import Program
from okcore.registry import PluginError, Registry


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
        PluginError, match=f"^OKCORE_PLUGINS: unknown plugin 'lubin' \\(known: {known}\\)$"
    ):
        Registry.load()
    result = run_cli("programs")
    assert (result.code, result.out) == (4, "")
    assert "unknown plugin 'lubin'" in result.err
    with pytest.raises(PluginError, match=r"^only: unknown plugin 'a', 'b' "):
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


def test_conflicting_registrations_are_refused() -> None:
    with pytest.raises(PluginError, match="two plugins register programme 'open-krakow-2024-2028'"):
        Registry.load(plugins=[Duplicate()])


class Rule:
    @hookimpl
    def okcore_validate_program(self, program: Program) -> list[object]:
        from okcore.base import Problem

        return [Problem("goals", "needs seven goals")] if len(program.goals) != 7 else []


def test_validation_hook_runs_on_installed_programmes() -> None:
    with pytest.raises(PluginError, match="goals: needs seven goals"):
        Registry.load(plugins=[Rule()])


def test_calendar_items_hook(registry: Registry) -> None:
    events = registry.calendar_items(date(2025, 1, 1), date(2025, 12, 31))
    assert [e.id for e in events] == ["lublin-open-consultation"]
    assert registry.calendar_items(date(2027, 1, 1), date(2027, 12, 31)) == []
