"""What the benchmark prints and draws from its measurements: the budget's verdicts, the
growth table and its chart. Pure functions of the results' JSON (no Django, no server),
so that the tests can check them on given figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Why a budget missed on SQLite + the dev server is the set-up's doing, said only when
#: the same budget is met on PostgreSQL + gunicorn in the same run (else it is the code's).
SET_UP = "met on PostgreSQL + gunicorn in this run: SQLite and the dev server (one process)"
NOT_RUN = "the dev server (a listen backlog of 5) is no production server"

#: The growth table's rows, and what a feed's or the loader's cost is divided by: a feed
#: is as long as its events, the loader reads one file per programme.
GROWTH_ROWS = [
    ("programme page rendered", None),
    ("goal page rendered", None),
    ("indicator list API", None),
    ("feed from an empty cache", "feed_events"),
    ("feed from the cache", "feed_events"),
    ("due panel computed", None),
    ("okcore loader", "programmes"),
]
PER = {"feed_events": ("per 1,000 feed events", 1000), "programmes": ("per file", 1)}


@dataclass(frozen=True)
class Verdict:
    key: str
    label: str
    figure: str
    met: bool | None  # None: not measured in this set-up
    reason: str = ""

    def line(self) -> str:
        state = {True: "met", False: "MISSED", None: "n/a"}[self.met]
        why = f" — {self.reason}" if self.reason and self.met is not True else ""
        return f"  {state:6} {self.label}: {self.figure}{why}"


def load_errors(row: dict[str, Any]) -> int:
    """Failed connections, timeouts and non-2xx answers. Not wrk's read errors: it counts
    one whenever a server closes a connection after its answer, as gunicorn's sync
    workers and the dev server (asked to) do after every one."""
    return int(row["connect_errors"] + row["timeouts"] + row["non_2xx"])


def verdicts(result: dict[str, Any], production: dict[str, Any] | None = None) -> list[Verdict]:
    """Every budget of issue #20 for one set-up, with its figure; for SQLite, ``production``
    is a PostgreSQL set-up's result of the same run, to tell the set-up's misses apart."""
    rows = {row["name"]: row for row in result["rows"]}
    baseline = rows["baseline (bare view)"]["rps"]
    events = f"{result['feed_events']:,}"
    sqlite = result["setup"] == "sqlite"

    def ratio(key: str, name: str, floor: float) -> Verdict:
        value = rows[name]["rps"] / baseline
        return Verdict(key, f"{key} ≥ {floor}× baseline", f"{value:.3f}×", value >= floor)

    cold = result["cold"]
    loader = result["loader"]
    warm = sorted(loader["seconds"])[len(loader["seconds"]) // 2]
    found = [
        ratio("programme page cached", "programme page, cached", 0.5),
        ratio("programme page rendered", "programme page, rendered", 0.2),
        ratio("goal page rendered", "goal page, rendered", 0.2),
        ratio("indicator list API", "indicator list API", 0.2),
        ratio("feed from the cache", f"feed of {events} events, cached", 0.8),
        Verdict(
            "feed from an empty cache",
            f"feed of {events} events from an empty cache < 1 s",
            f"{cold['feed_s']:.2f} s (first request of a fresh server, cache cleared)",
            cold["feed_s"] < 1,
        ),
        Verdict(
            "due panel computed",
            "SZ's due panel computed < 0.3 s",
            f"{cold['admin_s']:.2f} s (median of three: admin home right after a change to a unit; "
            f"the change itself {cold['change_s']:.2f} s)",
            cold["admin_s"] < 0.3,
        ),
        Verdict(
            "okcore loader",
            f"okcore loader, {loader['files']} files < 1 s",
            f"{warm:.2f} s with the parse cache filled, {loader['cold_seconds']:.2f} s "
            "from an empty one",
            warm < 1,
        ),
    ]
    run = result.get("load")
    if run is None:
        found.append(Verdict("200 clients", "200 concurrent clients, 0 errors", "not run", None))
    else:
        errors = load_errors(run)
        figure = (
            f"{run['rps']:.0f} req/s, p50 {run['p50_ms']:.1f} ms, "
            f"p95 {run['p95_ms']:.1f} ms, {errors} errors"
        )
        if run["read_errors"]:
            figure += f" (and {run['read_errors']} of wrk's read errors, not counted)"
        found.append(
            Verdict(
                "200 clients",
                f"{run['connections']} concurrent clients for {run['seconds']:.0f} s, 0 errors",
                figure,
                errors == 0,
            )
        )
    if not sqlite:
        return found
    met_there = {v.key for v in verdicts(production) if v.met} if production else set()
    return [
        Verdict(v.key, v.label, v.figure, v.met, SET_UP if v.key in met_there else "")
        if v.met is False
        else Verdict(v.key, v.label, v.figure, v.met, NOT_RUN if v.met is None else "")
        for v in found
    ]


def growth_value(point: dict[str, Any], name: str, per: str | None) -> float:
    """A row's milliseconds at one scale, divided by what it is naturally proportional to."""
    ms = float(point["rows"][name]["ms"])
    if per is None:
        return ms
    return ms * PER[per][1] / max(1, int(point[per]))


def growth_table(points: list[dict[str, Any]]) -> list[str]:
    """Milliseconds per request (queries) at each scale and the ratio largest/smallest."""
    heads = [f"{p['programmes']} prog., {p['events']:,} ev." for p in points]
    lines = [f"{'per request, ms (queries)':50} " + " ".join(f"{h:>22}" for h in heads)]
    lines[0] += f" {'largest/smallest':>17}"
    for name, per in GROWTH_ROWS:
        if not all(name in p["rows"] for p in points):
            continue
        label = f"{name}, {PER[per][0]}" if per else name
        values = [growth_value(p, name, per) for p in points]
        cells = [
            f"{v:.1f} ({p['rows'][name]['queries']})" for v, p in zip(values, points, strict=True)
        ]
        ratio = values[-1] / values[0] if values[0] else float("inf")
        lines.append(f"{label:50} " + " ".join(f"{c:>22}" for c in cells) + f" {ratio:17.2f}×")
    return lines


COLOURS = ["#1f77b4", "#d62728", "#ff7f0e", "#17becf", "#8c564b", "#9467bd", "#2ca02c"]


def growth_svg(points: list[dict[str, Any]]) -> str:
    """Each row's cost relative to the smallest scale: a flat line at 1 is a flat cost."""
    width, height, left, right, top, bottom = 900, 360, 60, 360, 30, 50
    series = [
        (f"{name}, {PER[per][0]}" if per else name, [growth_value(p, name, per) for p in points])
        for name, per in GROWTH_ROWS
        if all(name in p["rows"] for p in points)
    ]
    ratios = [[v / values[0] if values[0] else 1.0 for v in values] for _, values in series]
    ceiling = max([2.0, *(r for row in ratios for r in row)])
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(i: int) -> float:
        return left + (plot_w * i / (len(points) - 1) if len(points) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return top + plot_h * (1 - value / ceiling)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{left}" y="18">cost per request relative to the smallest scale '
        "(1 = flat)</text>",
    ]
    steps = 4
    for step in range(steps + 1):
        value = ceiling * step / steps
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value:.1f}×</text>'
        )
    out.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{y(1):.1f}" y2="{y(1):.1f}" '
        'stroke="#888" stroke-dasharray="4 3"/>'
    )
    for i, p in enumerate(points):
        out.append(
            f'<text x="{x(i):.1f}" y="{height - bottom + 18}" text-anchor="middle">'
            f"{p['programmes']} programme{'s' if p['programmes'] > 1 else ''}</text>"
            f'<text x="{x(i):.1f}" y="{height - bottom + 34}" text-anchor="middle">'
            f"{p['events']:,} events</text>"
        )
    for n, ((label, _), row) in enumerate(zip(series, ratios, strict=True)):
        colour = COLOURS[n % len(COLOURS)]
        coords = " ".join(f"{x(i):.1f},{y(r):.1f}" for i, r in enumerate(row))
        out.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>')
        legend_y = top + 10 + 18 * n
        out.append(
            f'<line x1="{width - right + 16}" x2="{width - right + 36}" y1="{legend_y - 4}" '
            f'y2="{legend_y - 4}" stroke="{colour}" stroke-width="2"/>'
            f'<text x="{width - right + 42}" y="{legend_y}">{label}</text>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"
