"""The hook icc_export adds, so that any plugin can map its programme to ICC areas."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from okcore.hookspecs import hookspec


@hookspec
def okcore_icc_mappings() -> Iterable[Path]:
    """Return paths of ICC mapping files (YAML/JSON) for the plugin's programmes."""
