"""Shared fixtures: the registry of installed plugins and a CLI runner."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr
from dataclasses import dataclass
from pathlib import Path

import pytest
import time_machine
from clock import NOW

from okcore import cli
from okcore.registry import Registry

_frozen_clock = time_machine.travel(NOW, tick=False)


def pytest_configure(config: pytest.Config) -> None:
    """Freeze the clock for the whole run, collection included (tests/support/clock.py);
    okcore's parse cache (okcore.parse_cache) in a directory of this run, never the
    developer's."""
    _frozen_clock.start()
    os.environ["OKCORE_CACHE_DIR"] = tempfile.mkdtemp(prefix="okcore-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    _frozen_clock.stop()


REPO = Path(__file__).resolve().parent.parent
SEEDS = Path(os.environ.get("OKCORE_SEEDS", REPO.parent / "shared" / "seeds"))


@pytest.fixture(scope="session")
def registry() -> Registry:
    return Registry.load()


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"the source documents are not at {SEEDS}; put shared/ beside the clone")
    return SEEDS


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli() -> Iterator[Callable[..., CliResult]]:
    def run(*args: str) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stderr(err):
            code = cli.main(list(args), out=out)
        return CliResult(code, out.getvalue(), err.getvalue())

    return run
