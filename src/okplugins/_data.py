"""Loading a plugin's data files through okcore's validating loader."""

from __future__ import annotations

from functools import cache
from importlib.resources import as_file, files

from okcore.load import load_network, load_program
from okcore.network import CoordinatorNetwork
from okcore.program import Program


@cache
def program(package: str, name: str) -> Program:
    with as_file(files(package) / "data" / name) as path:
        return load_program(path)


@cache
def network(package: str, name: str) -> CoordinatorNetwork:
    with as_file(files(package) / "data" / name) as path:
        return load_network(path)
