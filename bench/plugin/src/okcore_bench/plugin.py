"""Registers the programme files in ``OKCORE_BENCH_DIR`` (written by ``write_programmes``).

Each file is Kraków's programme under another city's ids, so every city has the same
shape: 6 goals, 25 tasks, 10 indicators, 6 risks. The files are real YAML read by the
okcore loader, as another city's plugin would ship them.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from okcore.hookspecs import hookimpl
from okcore.load import load_program
from okcore.program import Program

SOURCE_ID = "open-krakow-2024-2028"


def city_id(number: int) -> str:
    return f"city-{number:03d}-2024-2028"


def programme_dir() -> Path | None:
    found = os.environ.get("OKCORE_BENCH_DIR")
    return Path(found) if found else None


def write_programmes(source: Program, count: int, directory: Path) -> list[Path]:
    """``count`` programme files shaped like ``source``, each with its own ids."""
    directory.mkdir(parents=True, exist_ok=True)
    document = yaml.safe_dump(source.as_document(), allow_unicode=True, sort_keys=False)
    paths = []
    for number in range(1, count + 1):
        prefix = f"city-{number:03d}"
        text = (
            document.replace(SOURCE_ID, city_id(number))
            .replace("open-krakow-", f"{prefix}-")
            .replace("krakow-resolution-", f"{prefix}-resolution-")
        )
        path = directory / f"{city_id(number)}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def programme_files() -> list[Path]:
    directory = programme_dir()
    return sorted(directory.glob("*.yaml")) if directory else []


@hookimpl
def okcore_register_programs() -> list[Program]:
    return [load_program(path) for path in programme_files()]
