"""Registers the 351/2026 network (document 001), which repeals Ordinance 1687/2022."""

from __future__ import annotations

from okcore.hookspecs import hookimpl
from okcore.network import CoordinatorNetwork
from okplugins import _data


def network() -> CoordinatorNetwork:
    return _data.network(__package__ or "okplugins.ngo_cooperation", "network-351-2026.yaml")


@hookimpl
def okcore_register_networks() -> list[CoordinatorNetwork]:
    return [network()]
