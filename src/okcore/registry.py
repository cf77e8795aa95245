"""Plugin discovery and the registry of everything the plugins contribute."""

from __future__ import annotations

import itertools
import os
import sys
import traceback
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import pluggy
from pluggy import HookCaller, HookImpl

from okcore import hookspecs
from okcore.base import Problem
from okcore.checks import check_state
from okcore.events import Event
from okcore.exporters import Exporter, ExportError, ExportRequest
from okcore.legal import Deadline, LegalAct, Obligation
from okcore.load import LoadError
from okcore.network import CoordinatorNetwork, NetworkState
from okcore.program import Indicator, Measurement, Program
from okcore.report.model import BLOCK_TYPES, Block, ReportData
from okcore.services import compliance, indicators
from okcore.services.deadlines import all_deadlines, task_deadlines
from okcore.services.indicators import IndicatorStatus

ENTRY_POINT_GROUP = "okcore"
#: okcore's own rules, registered as plugins the way Datasette ships its defaults: each
#: implementation is ``trylast``, so an installed plugin's answer wins.
DEFAULT_PLUGINS: tuple[ModuleType, ...] = (indicators,)
#: Comma-separated entry point names to load; unset loads all, empty loads none.
PLUGINS_ENV = "OKCORE_PLUGINS"
T = TypeVar("T")


@dataclass(frozen=True)
class PluginProblem:
    """Something a plugin failed to contribute, or contributed inconsistently.

    ``plugin`` is the plugin's name (its entry point's, or pluggy's ``plugin_name``),
    ``file`` the data file a loader named, ``item`` the id of what the problem concerns
    (a programme, network, legal act, obligation or exporter) when it concerns one.
    """

    plugin: str
    message: str
    file: str | None = None
    item: str | None = None

    def format(self) -> str:
        return f"plugin {self.plugin!r}: " + ": ".join(p for p in (self.file, self.message) if p)


class PluginError(Exception):
    """A plugin failed, or contributed something inconsistent; carries what went wrong."""

    def __init__(self, problems: Sequence[PluginProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(problem.format() for problem in self.problems))


def _failure(plugin: str, what: str, error: Exception, code: object = None) -> list[PluginProblem]:
    """What a plugin's exception says, without a traceback: a data file's every problem
    (a :class:`LoadError` names the file), or the exception and, where ``code`` (the
    plugin or its function) tells its package, the line of that package that raised it."""
    if isinstance(error, PluginError):
        return error.problems
    if isinstance(error, LoadError):
        return [PluginProblem(plugin, p.format(), file=error.source) for p in error.problems]
    return [
        PluginProblem(
            plugin, f"{what} failed: {type(error).__name__}: {error}{_where(error, code)}"
        )
    ]


def _where(error: Exception, code: object) -> str:
    """`` (at plugin.py:12)``: the innermost frame in the package ``code`` comes from."""
    module = code.__name__ if isinstance(code, ModuleType) else getattr(code, "__module__", "")
    top = sys.modules.get(str(module).partition(".")[0])
    if top is None:
        return ""
    # A package's folders (a namespace package has several), or a lone module's own folder.
    roots = [Path(p) for p in getattr(top, "__path__", [])]
    roots += [Path(top.__file__).parent] if top.__file__ and not roots else []
    own = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if any(Path(frame.filename).is_relative_to(root) for root in roots)
    ]
    return f" (at {Path(own[-1].filename).name}:{own[-1].lineno})" if own else ""


def _name(manager: pluggy.PluginManager, plugin: object) -> str:
    """A readable, unique name for a plugin registered directly (pluggy's is its id number)."""
    base = getattr(plugin, "__name__", None) or type(plugin).__name__
    candidates = itertools.chain([base], (f"{base}-{n}" for n in itertools.count(2)))
    return next(name for name in candidates if not manager.has_plugin(name))


def plugin_manager(
    only: Iterable[str] | None = None,
    plugins: Sequence[object] = (),
    problems: list[PluginProblem] | None = None,
) -> pluggy.PluginManager:
    """A manager with the entry-point plugins (filtered by ``only`` or ``OKCORE_PLUGINS``).

    ``plugins`` registers extra objects directly, as tests and embedding code do. A
    plugin that cannot be imported or registered is left out and reported in
    ``problems``; without that list, it raises :class:`PluginError`.
    """
    found: list[PluginProblem] = []
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    for default in DEFAULT_PLUGINS:
        manager.register(default, name=f"okcore.default.{default.__name__.rpartition('.')[2]}")
    wanted = select_plugins(only)

    def register(name: str, plugin: EntryPoint | object) -> None:
        try:  # a broken third-party package must not stop the others
            manager.register(plugin.load() if isinstance(plugin, EntryPoint) else plugin, name=name)
        except Exception as error:
            found.extend(_failure(name, "loading the plugin", error))

    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        if (wanted is None or entry_point.name in wanted) and not manager.has_plugin(
            entry_point.name
        ):
            register(entry_point.name, entry_point)
    for plugin in plugins:
        register(_name(manager, plugin), plugin)
    # The historic hook, one plugin at a time, so that a failing one is named and skipped.
    hook = manager.hook.okcore_add_hookspecs
    for impl in _implementations(hook):
        try:
            _call(impl, "okcore_add_hookspecs", {"plugin_manager": manager})
        except PluginError as error:
            found += error.problems
    # okcore calls implementations one by one, so a wrapper would never run: say so.
    found += [
        PluginProblem(impl.plugin_name, f"{caller.name}: hook wrappers are not supported")
        for caller in vars(manager.hook).values()
        if isinstance(caller, HookCaller)
        for impl in caller.get_hookimpls()
        if impl.hookwrapper or impl.wrapper
    ]
    if found and problems is None:
        raise PluginError(found)
    if problems is not None:
        problems += found
    return manager


def _implementations(hook: HookCaller) -> list[HookImpl]:
    """A hook's implementations in pluggy's calling order (``tryfirst`` first, defaults last).

    okcore calls them one by one, so that one plugin's failure is its own: hook
    wrappers are not supported on okcore's hooks.
    """
    return [
        impl for impl in reversed(hook.get_hookimpls()) if not (impl.hookwrapper or impl.wrapper)
    ]


def _call(impl: HookImpl, hook: str, kwargs: dict[str, Any], many: bool = False) -> Any:
    """One plugin's answer to a hook (``many``: its items, as a list); its exception, also
    one raised while its items are read, becomes a :class:`PluginError` naming it."""
    try:
        answer: Any = impl.function(*(kwargs[name] for name in impl.argnames))
        return list(answer or []) if many else answer
    except Exception as error:
        raise PluginError(_failure(impl.plugin_name, hook, error, impl.plugin)) from error


def _unknown(what: str, key: str, known: dict[str, Any]) -> str:
    return f"unknown {what} {key!r} (known: {', '.join(sorted(known)) or 'none installed'})"


@dataclass
class Registry:
    """Everything the installed plugins contribute, by stable id.

    A plugin that fails (an exception in a hook, a data file that does not load) or
    contributes something inconsistent (an id another plugin registered, an obligation
    citing an unknown act, a programme its rules refuse) does not stop the others: its
    ``problems`` are listed, each naming the plugin, and what it did contribute stays.
    """

    manager: pluggy.PluginManager
    programs: dict[str, Program] = field(default_factory=dict)
    legal_acts: dict[str, LegalAct] = field(default_factory=dict)
    networks: dict[str, CoordinatorNetwork] = field(default_factory=dict)
    obligations: dict[str, Obligation] = field(default_factory=dict)
    obligation_owner: dict[str, str] = field(default_factory=dict)
    exporters: dict[str, Exporter] = field(default_factory=dict)
    problems: list[PluginProblem] = field(default_factory=list)
    #: Which plugin contributed each item: ``(what, id)`` → plugin name.
    provided_by: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def load(cls, only: Iterable[str] | None = None, plugins: Sequence[object] = ()) -> Registry:
        problems: list[PluginProblem] = []
        registry = cls(plugin_manager(only, plugins, problems), problems=problems)
        registry._collect()
        return registry

    def _contributions(self, hook: HookCaller, kind: type[T]) -> Iterator[tuple[str, T]]:
        """Every item a registration hook returns, with the plugin that returned it."""
        for impl in _implementations(hook):
            try:
                items = _call(impl, hook.name, {}, many=True)
            except PluginError as error:
                self.problems += error.problems
                continue
            for item in items:
                if isinstance(item, kind):
                    yield impl.plugin_name, item
                else:
                    self.problems.append(
                        PluginProblem(
                            impl.plugin_name,
                            f"{hook.name} returned {type(item).__name__}, not {kind.__name__}",
                        )
                    )

    def _add(self, target: dict[str, Any], what: str, key: str, item: Any, plugin: str) -> bool:
        """Keep the first registration of an id; a different second one is a problem."""
        if key in target:
            if target[key] != item:
                first = self.provided_by[(what, key)]
                self.problems.append(
                    PluginProblem(plugin, f"registers {what} {key!r}, as {first!r} does", item=key)
                )
            return False
        target[key] = item
        self.provided_by[(what, key)] = plugin
        return True

    def _collect(self) -> None:
        hook = self.manager.hook
        for plugin, program in self._contributions(hook.okcore_register_programs, Program):
            if self._add(self.programs, "programme", program.id, program, plugin):
                for act in program.legal_acts:
                    self._add(self.legal_acts, "legal act", act.id, act, plugin)
        for plugin, network in self._contributions(
            hook.okcore_register_networks, CoordinatorNetwork
        ):
            if self._add(self.networks, "network", network.id, network, plugin):
                for act in network.legal_acts:
                    self._add(self.legal_acts, "legal act", act.id, act, plugin)
        for plugin, act in self._contributions(hook.okcore_register_legal_acts, LegalAct):
            self._add(self.legal_acts, "legal act", act.id, act, plugin)
        owners: list[tuple[str, Program | CoordinatorNetwork]]
        owners = [("programme", p) for p in self.programs.values()]
        owners += [("network", n) for n in self.networks.values()]
        for what, owner in owners:
            plugin = self.provided_by[(what, owner.id)]
            for obligation in owner.obligations:
                if self._add(self.obligations, "obligation", obligation.id, obligation, plugin):
                    self.obligation_owner[obligation.id] = owner.id
        for plugin, obligation in self._contributions(hook.okcore_register_obligations, Obligation):
            if self._add(self.obligations, "obligation", obligation.id, obligation, plugin):
                self.obligation_owner[obligation.id] = ""
        for plugin, exporter in self._contributions(hook.okcore_register_exporters, Exporter):
            self._add(self.exporters, "exporter", exporter.name, exporter, plugin)
        for obligation in self.obligations.values():
            if obligation.act not in self.legal_acts:
                self.problems.append(
                    PluginProblem(
                        self.provided_by[("obligation", obligation.id)],
                        f"obligation {obligation.id!r} cites unknown act {obligation.act!r}",
                        item=obligation.id,
                    )
                )
        rule = "okcore_validate_program"
        for program in self.programs.values():
            provider = self.provided_by[("programme", program.id)]
            # Rule by rule: one rule that raises leaves the others' verdicts standing.
            for impl in _implementations(self.manager.hook.okcore_validate_program):
                try:
                    found = _call(impl, rule, {"program": program}, many=True)
                except PluginError as error:
                    self.problems += [replace(p, item=program.id) for p in error.problems]
                    continue
                self.problems += [
                    PluginProblem(
                        provider, f"programme {program.id!r}: {problem.format()}", item=program.id
                    )
                    for problem in found
                ]

    def problems_about(self, what: str, key: str) -> list[PluginProblem]:
        """The problems a command that uses one item depends on: those of the plugin that
        provides it and those about the item itself; for an id nobody provides, every
        problem (the failing plugin may be the one that would have)."""
        plugin = self.provided_by.get((what, key))
        if plugin is None:
            return list(self.problems)
        return [p for p in self.problems if p.plugin == plugin or p.item == key]

    def validate_program(self, program: Program) -> list[Problem]:
        """The plugins' own rules on a programme (the ``okcore_validate_program`` hook);
        a rule that raises is a :class:`PluginError` naming its plugin."""
        hook = "okcore_validate_program"
        return [
            problem
            for impl in _implementations(self.manager.hook.okcore_validate_program)
            for problem in _call(impl, hook, {"program": program}, many=True)
        ]

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
        built-in rule (``okcore.services.indicators``, the ``trylast`` default).

        A plugin's rule that raises is recorded in ``problems`` (naming the plugin and the
        programme) and the next rule answers: one plugin's bug never takes every
        programme's statuses down.
        """
        hook = "okcore_indicator_status"
        kwargs = {"program": program, "indicator": indicator, "measurements": measurements}
        for impl in _implementations(self.manager.hook.okcore_indicator_status):
            try:
                status: IndicatorStatus | None = _call(impl, hook, {**kwargs, "year": year})
            except PluginError as error:
                self._record(error, program.id)
                continue
            if status is not None:
                return status
        raise AssertionError("the built-in rule always answers")  # pragma: no cover

    def _record(self, error: PluginError, item: str | None) -> None:
        """A plugin's failure while the registry is in use, once, about ``item``."""
        for problem in error.problems:
            problem = replace(problem, item=item)
            if problem not in self.problems:
                self.problems.append(problem)

    def export(self, exporter: Exporter, request: ExportRequest) -> bytes:
        """The exporter's file; its refusal is an :class:`ExportError`, any other exception
        a :class:`PluginError` naming the plugin that registered it."""
        try:
            return exporter.render(self, request)
        except ExportError:
            raise
        except Exception as error:
            plugin = self.provided_by.get(("exporter", exporter.name), exporter.name)
            what = f"exporter {exporter.name!r}"
            raise PluginError(_failure(plugin, what, error, exporter.render)) from error

    def calendar_items(
        self, start: date, end: date, programs: Collection[str] | None = None
    ) -> list[Event]:
        """Every plugin's calendar items in the window (only those of ``programs``, when
        given: an item belongs to the programme its ``program`` names).

        A plugin that raises, or returns something that is not an event or names a
        programme nobody installed, is recorded in ``problems``; the others' items stay.
        """
        hook = "okcore_calendar_items"
        kwargs = {"registry": self, "start": start, "end": end}
        events: list[Event] = []
        for impl in _implementations(self.manager.hook.okcore_calendar_items):
            try:
                items = _call(impl, hook, kwargs, many=True)
            except PluginError as error:
                self._record(error, None)
                continue
            for item in items:
                if not isinstance(item, Event):
                    what = f"{hook} returned {type(item).__name__}, not Event"
                elif item.program is not None and item.program not in self.programs:
                    what = f"event {item.id!r}: " + _unknown(
                        "programme", item.program, self.programs
                    )
                else:
                    if programs is None or item.program in programs:
                        events.append(item)
                    continue
                self._record(PluginError([PluginProblem(impl.plugin_name, what)]), None)
        return events

    def report_sections(self, data: ReportData, language: str) -> list[Block]:
        """Every plugin's section of a programme's report, one plugin at a time.

        A plugin that raises, or returns something that is not a report block, is recorded
        in ``problems`` against the programme and left out; the others' sections stay.
        """
        hook = "okcore_report_sections"
        kwargs = {"registry": self, "data": data, "language": language}
        blocks: list[Block] = []
        for impl in _implementations(self.manager.hook.okcore_report_sections):
            try:
                items = _call(impl, hook, kwargs, many=True)
            except PluginError as error:
                self._record(error, data.program.id)
                continue
            wrong = [type(i).__name__ for i in items if not isinstance(i, BLOCK_TYPES)]
            if wrong:
                what = f"{hook} returned {', '.join(wrong)}, not report blocks"
                self._record(PluginError([PluginProblem(impl.plugin_name, what)]), data.program.id)
                continue
            blocks += items
        return blocks

    def program_of(self, obligation: str) -> str | None:
        """The programme whose calendars an obligation belongs to: the programme that
        lists it, or the one the network that lists it serves (``CoordinatorNetwork.program``)."""
        owner = self.obligation_owner.get(obligation, "")
        if owner in self.programs:
            return owner
        network = self.networks.get(owner)
        return network.program if network is not None else None

    def public_deadlines(self, programs: Collection[str], start: date, end: date) -> list[Deadline]:
        """What these programmes' public calendars show between two days: the deadlines of
        their obligations marked ``public`` (the data says so, not who bears them) and the
        dated tasks of their Table 1 (a council resolution, public as a whole)."""
        chosen = {
            key: obligation
            for key, obligation in self.obligations.items()
            if obligation.public and self.program_of(key) in programs
        }
        rules = {n.id: compliance.rules_for(n) for n in self.networks.values()}
        found = all_deadlines(chosen, self.legal_acts, start, end, rules, self.obligation_owner)
        for program_id in sorted(set(programs) & set(self.programs)):
            found.extend(task_deadlines(self.programs[program_id], start, end))
        return sorted(found, key=lambda d: (d.due, d.source, d.obligation))


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
        known = ", ".join(sorted(installed)) or "none installed"
        raise PluginError(
            [
                PluginProblem(name, f"not installed, yet {source} names it (known: {known})")
                for name in sorted(unknown)
            ]
        )
    return wanted
