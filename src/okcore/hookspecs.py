"""What a plugin may contribute. Every hook is prefixed ``okcore_``.

A plugin is a module or object with functions named like these and decorated
with :data:`okcore.hookimpl`; it is found through the ``okcore`` entry point
group. Each hook is documented in ``docs/plugins.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from okcore.base import Problem
    from okcore.events import Event
    from okcore.exporters import Exporter
    from okcore.legal import LegalAct, Obligation
    from okcore.network import CoordinatorNetwork
    from okcore.program import Indicator, Measurement, Program
    from okcore.registry import Registry
    from okcore.report.model import Block, ReportData
    from okcore.services.indicators import IndicatorStatus

PROJECT = "okcore"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec(historic=True)
def okcore_add_hookspecs(plugin_manager: pluggy.PluginManager) -> None:
    """Add a plugin's own hook specifications, so that other plugins can implement them."""


@hookspec
def okcore_register_programs() -> Iterable[Program]:
    """Return the programmes this plugin provides."""


@hookspec
def okcore_register_legal_acts() -> Iterable[LegalAct]:
    """Return legal acts (resolutions, ordinances) this plugin knows, with their dates."""


@hookspec
def okcore_register_obligations() -> Iterable[Obligation]:
    """Return obligations imposed by legal acts, beyond those of programmes and networks."""


@hookspec
def okcore_register_networks() -> Iterable[CoordinatorNetwork]:
    """Return coordinator networks with their rules and default settings."""


@hookspec
def okcore_register_exporters() -> Iterable[Exporter]:
    """Return exporters that ``okcore export NAME`` can run."""


@hookspec
def okcore_calendar_items(registry: Registry, start: date, end: date) -> Iterable[Event]:
    """Return calendar events falling between ``start`` and ``end`` (inclusive)."""


@hookspec
def okcore_validate_program(program: Program) -> Iterable[Problem]:
    """Return problems a plugin's own rules find in a programme; empty when it is fine."""


@hookspec(firstresult=True)
def okcore_indicator_status(
    program: Program, indicator: Indicator, measurements: Sequence[Measurement], year: int
) -> IndicatorStatus | None:
    """Return the status of an indicator for a year, overriding the built-in rule; or None."""


@hookspec
def okcore_report_sections(registry: Registry, data: ReportData, language: str) -> Iterable[Block]:
    """Return a section of the programme's report for ``data``'s year, in ``language``: blocks
    opened by a level-1 :class:`~okcore.report.model.Heading` with a ``key``; empty when the
    plugin has nothing to say of that programme."""
