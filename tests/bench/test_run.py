"""The benchmark's report of one set-up and the scales it measures growth at (no server)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bench.run import growth_points, report

SetupResult = Callable[..., dict[str, Any]]


@pytest.mark.parametrize(
    ("programmes", "events", "points"),
    [
        (150, 100_000, [(1, 1_000), (10, 10_000), (150, 100_000)]),
        (3, 3_000, [(1, 30), (1, 300), (3, 3_000)]),
    ],
)
def test_growth_is_measured_at_three_scales(
    programmes: int, events: int, points: list[tuple[int, int]]
) -> None:
    assert growth_points(programmes, events) == points


def test_the_report_gives_the_many_clients_and_every_budget(setup_result: SetupResult) -> None:
    lines = report(setup_result())
    clients = next(line for line in lines if line.startswith("200 clients, visitors' mix"))
    assert clients.split()[4:6] == ["900.0", "1.1"]  # req/s and p50 ms
    budget = lines[lines.index("budget:") + 1 :]
    assert len(budget) == 9
    assert all(line.startswith("  met") for line in budget)


def test_the_dev_server_report_has_no_many_clients_row(setup_result: SetupResult) -> None:
    lines = report(setup_result("sqlite", load=None))
    assert not any(line.startswith("200 clients") for line in lines)
    assert "(expected: the local-memory cache belongs to one process)" in "\n".join(lines)
    assert lines[-1].startswith("  n/a    200 concurrent clients")
