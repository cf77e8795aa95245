"""The walk for translatable texts skips only fields that cannot hold one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from okcore.checks import iter_texts
from okcore.load import load_network, load_program
from okcore.text import LocalizedText

DATA = Path(__file__).resolve().parents[2] / "src" / "okplugins"


def _every_field(value: Any, path: tuple[int | str, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The walk without skipping anything, to compare with."""
    if isinstance(value, LocalizedText):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _every_field(getattr(value, name), (*path, name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _every_field(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _every_field(item, (*path, str(key)))


@pytest.mark.parametrize(
    ("load", "name"),
    [
        (load_program, "open_krakow/data/program.yaml"),
        (load_network, "open_krakow/data/network-3487-2023.yaml"),
        (load_network, "ngo_cooperation/data/network-351-2026.yaml"),
    ],
)
def test_the_walk_finds_every_text(load: Any, name: str) -> None:
    document = load(DATA / name)
    found = list(iter_texts(document))
    assert len(found) > 10
    assert found == list(_every_field(document))
