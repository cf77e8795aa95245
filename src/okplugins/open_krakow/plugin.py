"""Registers the programme (document 002) and the 3487/2023 network (document 000)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from okcore.hookspecs import hookimpl
from okcore.network import CoordinatorNetwork
from okcore.program import Program
from okplugins import _data


def program() -> Program:
    return _data.program(__package__ or "okplugins.open_krakow", "program.yaml")


def network() -> CoordinatorNetwork:
    return _data.network(__package__ or "okplugins.open_krakow", "network-3487-2023.yaml")


@hookimpl
def okcore_register_programs() -> list[Program]:
    return [program()]


@hookimpl
def okcore_register_networks() -> list[CoordinatorNetwork]:
    return [network()]


@hookimpl
def okcore_icc_mappings() -> list[Path]:
    """The ICC areas of every task and indicator (read by the icc_export plugin)."""
    return [Path(str(files(__package__ or "okplugins.open_krakow") / "data" / "icc-mapping.yaml"))]
