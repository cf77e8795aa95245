"""A set-up's figures as bench/run.py records them, every budget met, to change per test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

NAMES = [
    "baseline (bare view)",
    "programme page, cached",
    "programme page, rendered",
    "goal page, cached",
    "goal page, rendered",
    "indicator list API",
    "feed of 10,000 events, cached",
]


def scenario_row(name: str, rps: float) -> dict[str, Any]:
    errors = dict.fromkeys(["connect_errors", "read_errors", "timeouts", "non_2xx"], 0)
    return {
        "name": name,
        "rps": rps,
        "p50_ms": 1000 / rps,
        "p95_ms": 2000 / rps,
        "queries": 0,
        "peak_mib": 200.0,
        "first_s": 0.1,
        **errors,
    }


@pytest.fixture
def setup_result() -> Callable[..., dict[str, Any]]:
    def make(setup: str = "postgres", **changes: Any) -> dict[str, Any]:
        rps = dict.fromkeys(NAMES, 1000.0)
        rps["programme page, rendered"] = 300.0
        found = {
            "setup": setup,
            "feed_events": 10_000,
            "rows": [scenario_row(name, value) for name, value in rps.items()],
            "cold": {"feed_s": 0.4, "admin_s": 0.1, "change_s": 0.05},
            "loader": {
                "files": 150,
                "cold_seconds": 1.8,
                "seconds": [0.5, 0.4, 0.6],
                "peak_rss_kib": 36_000,
            },
            "load": {
                **scenario_row("200 clients", 900.0),
                "connections": 200,
                "seconds": 60.0,
            },
            "invalidated": setup != "sqlite",
        }
        return {**found, **changes}

    return make
