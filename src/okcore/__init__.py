"""okcore: the domain of city policy programmes and coordinator networks.

Framework-free on purpose: a city can use it from the command line, from a
script or from its own site; the Wagtail site in ``cms/`` is one such user.

What a plugin or a script needs is importable from here (docs/plugins.md, "The
Python API"): the hook markers, the loaders, the registry of installed plugins,
the documents and the services. The names below are the public API: they keep
their meaning across minor versions; the modules behind them may move.
"""

from okcore.base import Problem
from okcore.events import Event, Recurrence
from okcore.exporters import Exporter, ExportError, ExportRequest
from okcore.hookspecs import hookimpl, hookspec
from okcore.legal import Deadline, LegalAct, Obligation
from okcore.load import LoadError, load_file, load_network, load_program, load_state
from okcore.network import CoordinatorNetwork, NetworkState
from okcore.program import Goal, Indicator, Measurement, Program, Task
from okcore.registry import PluginError, PluginProblem, Registry
from okcore.services.calendar import build_calendar, occurrences
from okcore.services.compliance import compliance
from okcore.services.deadlines import all_deadlines, task_deadlines
from okcore.services.indicators import IndicatorStatus, Status
from okcore.text import LocalizedText

__all__ = [
    "CoordinatorNetwork",
    "Deadline",
    "Event",
    "ExportError",
    "ExportRequest",
    "Exporter",
    "Goal",
    "Indicator",
    "IndicatorStatus",
    "LegalAct",
    "LoadError",
    "LocalizedText",
    "Measurement",
    "NetworkState",
    "Obligation",
    "PluginError",
    "PluginProblem",
    "Problem",
    "Program",
    "Recurrence",
    "Registry",
    "Status",
    "Task",
    "__version__",
    "all_deadlines",
    "build_calendar",
    "compliance",
    "hookimpl",
    "hookspec",
    "load_file",
    "load_network",
    "load_program",
    "load_state",
    "occurrences",
    "task_deadlines",
]
#: The one place the version is written: pyproject.toml reads it from here.
__version__ = "0.1.0"
