"""The benchmark's verdicts, growth table and chart, from given figures (no server)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from bench.figures import Verdict, growth_svg, growth_table, verdicts

SetupResult = Callable[..., dict[str, Any]]


def by_key(found: dict[str, Any]) -> dict[str, Verdict]:
    return {v.key: v for v in verdicts(found)}


def test_every_budget_of_the_issue_is_judged(setup_result: SetupResult) -> None:
    found = by_key(setup_result())
    assert set(found) == {
        "programme page cached",
        "programme page rendered",
        "goal page rendered",
        "indicator list API",
        "feed from the cache",
        "feed from an empty cache",
        "due panel computed",
        "okcore loader",
        "200 clients",
    }
    assert all(v.met for v in found.values())
    assert found["programme page rendered"].figure == "0.300×"
    assert found["okcore loader"].figure.startswith("0.50 s")  # the median warm round


def test_a_figure_past_its_budget_is_missed(setup_result: SetupResult) -> None:
    slow = setup_result(cold={"feed_s": 1.2, "admin_s": 0.31, "change_s": 0.0})
    slow["rows"][2]["rps"] = 199.0  # programme page, rendered
    slow["load"] = {**slow["load"], "timeouts": 3, "non_2xx": 1}
    found = by_key(slow)
    missed = {key for key, v in found.items() if v.met is False}
    assert missed == {
        "programme page rendered",
        "feed from an empty cache",
        "due panel computed",
        "200 clients",
    }
    assert found["200 clients"].figure.endswith("4 errors")
    closed = setup_result()
    closed["load"]["read_errors"] = 7
    figure = by_key(closed)["200 clients"].figure
    assert figure.endswith("0 errors (and 7 of wrk's read errors, not counted)")
    assert found["feed from an empty cache"].line().startswith("  MISSED feed of 10,000 events")


def test_sqlite_blames_its_set_up_only_for_what_postgres_meets(setup_result: SetupResult) -> None:
    found = by_key(setup_result("sqlite", load=None))
    assert found["200 clients"].met is None
    assert "listen backlog of 5" in found["200 clients"].line()
    cold = {"feed_s": 3.0, "admin_s": 0.1, "change_s": 0.0}
    slow = setup_result("sqlite", cold=cold)
    slow["rows"][2]["rps"] = 10.0  # programme page, rendered
    postgres = setup_result()
    postgres["rows"][2]["rps"] = 10.0  # missed there too: the code's, not the set-up's
    found = by_key(slow)  # no PostgreSQL run to compare with
    assert "—" not in found["feed from an empty cache"].line()
    found = {v.key: v for v in verdicts(slow, postgres)}
    assert "met on PostgreSQL + gunicorn" in found["feed from an empty cache"].line()
    assert "—" not in found["programme page rendered"].line()
    assert "—" not in found["due panel computed"].line()  # met: no excuse printed


def point(programmes: int, events: int, feed_events: int, scale: float) -> dict[str, Any]:
    rows = {
        "programme page rendered": {"ms": 10.0, "queries": 12},
        "feed from the cache": {"ms": 2.0 * feed_events / 1000, "queries": 0},
        "okcore loader": {"ms": 5.0 * programmes * scale, "queries": 0},
    }
    return {
        "programmes": programmes,
        "events": events,
        "feed_events": feed_events,
        "units": 20 * programmes,
        "rows": rows,
    }


POINTS = [
    point(1, 1_000, 1_000, 1.0),
    point(10, 10_000, 1_000, 1.0),
    point(150, 100_000, 10_000, 2.0),
]


def test_the_growth_table_divides_feeds_by_their_events_and_the_loader_by_its_files() -> None:
    lines = growth_table(POINTS)
    assert "1 prog., 1,000 ev." in lines[0] and "150 prog., 100,000 ev." in lines[0]
    table = {line[:50].strip(): line for line in lines[1:]}
    assert set(table) == {
        "programme page rendered",
        "feed from the cache, per 1,000 feed events",
        "okcore loader, per file",
    }
    assert table["programme page rendered"].endswith("1.00×")
    assert "10.0 (12)" in table["programme page rendered"]
    assert table["feed from the cache, per 1,000 feed events"].endswith("1.00×")
    assert table["okcore loader, per file"].endswith("2.00×")  # 10 ms a file against 5


def test_the_chart_draws_each_row_relative_to_the_smallest_scale() -> None:
    svg = ET.fromstring(growth_svg(POINTS))
    lines = svg.findall("{http://www.w3.org/2000/svg}polyline")
    assert len(lines) == 3
    ys = [[float(xy.split(",")[1]) for xy in line.get("points", "").split()] for line in lines]
    assert ys[0][0] == ys[0][1] == ys[0][2]  # flat
    assert ys[2][2] < ys[2][0]  # the loader per file doubled: higher on the chart
    texts = "".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    assert "150 programmes" in texts and "100,000 events" in texts
