"""Plugin discovery and the registry of everything the plugins contribute."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import entry_points
from types import ModuleType
from typing import Any

import pluggy

from okcore import hookspecs
from okcore.base import Problem
from okcore.checks import check_state
from okcore.events import Event
from okcore.exporters import Exporter
from okcore.legal import LegalAct, Obligation
from okcore.network import CoordinatorNetwork, NetworkState
from okcore.program import Indicator, Measurement, Program
from okcore.services import indicators
from okcore.services.indicators import IndicatorStatus

ENTRY_POINT_GROUP = "okcore"
#: okcore's own rules, registered as plugins the way Datasette ships its defaults: each
#: implementation is ``trylast``, so an installed plugin's answer wins.
DEFAULT_PLUGINS: tuple[ModuleType, ...] = (indicators,)
#: Comma-separated entry point names to load; unset loads all, empty loads none.
PLUGINS_ENV = "OKCORE_PLUGINS"


class PluginError(Exception):
    """A plugin failed to load or contributed something inconsistent."""


def plugin_manager(
    only: Iterable[str] | None = None, plugins: Sequence[object] = ()
) -> pluggy.PluginManager:
    """A manager with the entry-point plugins (filtered by ``only`` or ``OKCORE_PLUGINS``).

    ``plugins`` registers extra objects directly, as tests and embedding code do.
    """
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    for default in DEFAULT_PLUGINS:
        manager.register(default, name=f"okcore.default.{default.__name__.rpartition('.')[2]}")
    wanted = select_plugins(only)
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        if wanted is not None and entry_point.name not in wanted:
            continue
        if manager.has_plugin(entry_point.name):
            continue
        try:
            plugin = entry_point.load()
        except Exception as error:  # a broken third-party package must not crash the CLI
            raise PluginError(
                f"plugin {entry_point.name!r} ({entry_point.value}) failed to load: {error}"
            ) from error
        manager.register(plugin, name=entry_point.name)
    for plugin in plugins:
        manager.register(plugin)
    manager.hook.okcore_add_hookspecs.call_historic(kwargs={"plugin_manager": manager})
    return manager


def _unknown(what: str, key: str, known: dict[str, Any]) -> str:
    return f"unknown {what} {key!r} (known: {', '.join(sorted(known)) or 'none installed'})"


def _flatten(results: Iterable[Iterable[Any] | None]) -> list[Any]:
    return [item for result in results if result for item in result]


@dataclass
class Registry:
    """Everything the installed plugins contribute, by stable id."""

    manager: pluggy.PluginManager
    programs: dict[str, Program] = field(default_factory=dict)
    legal_acts: dict[str, LegalAct] = field(default_factory=dict)
    networks: dict[str, CoordinatorNetwork] = field(default_factory=dict)
    obligations: dict[str, Obligation] = field(default_factory=dict)
    obligation_owner: dict[str, str] = field(default_factory=dict)
    exporters: dict[str, Exporter] = field(default_factory=dict)

    @classmethod
    def load(cls, only: Iterable[str] | None = None, plugins: Sequence[object] = ()) -> Registry:
        registry = cls(plugin_manager(only, plugins))
        registry._collect()
        return registry

    def _collect(self) -> None:
        hook = self.manager.hook
        problems: list[str] = []

        def add(target: dict[str, Any], key: str, item: Any, what: str) -> None:
            if key in target and target[key] != item:
                problems.append(f"two plugins register {what} {key!r}")
            target[key] = item

        for program in _flatten(hook.okcore_register_programs()):
            add(self.programs, program.id, program, "programme")
            for act in program.legal_acts:
                add(self.legal_acts, act.id, act, "legal act")
        for network in _flatten(hook.okcore_register_networks()):
            add(self.networks, network.id, network, "network")
            for act in network.legal_acts:
                add(self.legal_acts, act.id, act, "legal act")
        for act in _flatten(hook.okcore_register_legal_acts()):
            add(self.legal_acts, act.id, act, "legal act")
        for owner, obligations in [
            *((p.id, p.obligations) for p in self.programs.values()),
            *((n.id, n.obligations) for n in self.networks.values()),
            ("", _flatten(hook.okcore_register_obligations())),
        ]:
            for obligation in obligations:
                add(self.obligations, obligation.id, obligation, "obligation")
                self.obligation_owner[obligation.id] = owner
        for exporter in _flatten(hook.okcore_register_exporters()):
            add(self.exporters, exporter.name, exporter, "exporter")
        for obligation in self.obligations.values():
            if obligation.act not in self.legal_acts:
                problems.append(
                    f"obligation {obligation.id!r} cites unknown act {obligation.act!r}"
                )
        for program in self.programs.values():
            problems.extend(
                f"programme {program.id!r}: {problem.format()}"
                for problem in self.validate_program(program)
            )
        if problems:
            raise PluginError("; ".join(problems))

    def validate_program(self, program: Program) -> list[Problem]:
        """The plugins' own rules on a programme (the ``okcore_validate_program`` hook)."""
        return _flatten(self.manager.hook.okcore_validate_program(program=program))

    def program(self, program_id: str) -> Program:
        if program_id not in self.programs:
            raise KeyError(_unknown("programme", program_id, self.programs))
        return self.programs[program_id]

    def network(self, network_id: str) -> CoordinatorNetwork:
        if network_id not in self.networks:
            raise KeyError(_unknown("network", network_id, self.networks))
        return self.networks[network_id]

    def check_state(self, state: NetworkState) -> list[Problem]:
        if state.network not in self.networks:
            return [Problem("network", _unknown("network", state.network, self.networks))]
        return list(check_state(state, self.networks[state.network]))

    def indicator_status(
        self,
        program: Program,
        indicator: Indicator,
        measurements: Sequence[Measurement],
        year: int,
    ) -> IndicatorStatus:
        """The indicator's status for ``year``: the first plugin that answers, else the
        built-in rule (``okcore.services.indicators``, the ``trylast`` default)."""
        status: IndicatorStatus = self.manager.hook.okcore_indicator_status(
            program=program, indicator=indicator, measurements=measurements, year=year
        )
        return status

    def calendar_items(self, start: date, end: date) -> list[Event]:
        return _flatten(
            self.manager.hook.okcore_calendar_items(registry=self, start=start, end=end)
        )


def select_plugins(only: Iterable[str] | None) -> set[str] | None:
    """The entry point names to load: ``only``, else ``OKCORE_PLUGINS``; ``None`` for all.

    A name that no installed plugin has (a typo, a package not installed) stops here,
    naming the installed ones, rather than loading less than was asked for.
    """
    source = "only"
    if only is None and PLUGINS_ENV in os.environ:
        only = [name.strip() for name in os.environ[PLUGINS_ENV].split(",") if name.strip()]
        source = PLUGINS_ENV
    if only is None:
        return None
    wanted = set(only)
    installed = {entry_point.name for entry_point in entry_points(group=ENTRY_POINT_GROUP)}
    if unknown := wanted - installed:
        names = ", ".join(map(repr, sorted(unknown)))
        raise PluginError(
            f"{source}: unknown plugin {names} "
            f"(known: {', '.join(sorted(installed)) or 'none installed'})"
        )
    return wanted
