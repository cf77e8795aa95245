"""The indicators' bar chart as SVG: one drawing for the public pages and the report.

Drawn on the server, without a charting library, so the page needs no script and the
report's files (PDF, and PNG in DOCX/ODT) show exactly what the portal shows. The numbers
are always in a table next to it; the chart's title and description say so to a screen
reader (``role="img"``).

One common scale for all the chart's bars: the indicators of a goal count different things
(people, events, per cent), so each bar is its value **as a percentage of the indicator's
target**, the target being the black line at 100 %; the axis below is in per cent, and the
number next to each bar is the value itself, in the indicator's own unit. A compound
indicator is drawn part by part, each part against its own target; an indicator without a
numeric target has no bars (it has no place on the scale) and says so, with its value.

The legend is part of the drawing, so the report's PDF and office files carry it too.
Labels wrap into lines at spaces (never inside a word). :func:`svg` draws the wide chart
(the report's, and the desktop page's); ``narrow=True`` draws the same chart for phones,
fewer units wide with larger type, so its text stays at least 12 px on a 320 px screen.
"""

from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass
from html import escape

from okcore.report.model import Chart, ChartRow
from okcore.report.writing import clean

#: Colours with WCAG AA contrast against the white page: baseline grey, value blue.
BASELINE_COLOUR = "#6b7280"
VALUE_COLOUR = "#1d4ed8"
INK = "#1a1a1a"
GRID_COLOUR = "#d1d5db"
#: The wide drawing's width in user units (the report's pictures are this wide).
WIDTH = 640
#: The phone drawing: shown at 288–358 px (320–390 px screens less the page's margins),
#: so its 15-unit type renders at 12.7–16.5 px.
NARROW_WIDTH = 340
#: A generous average glyph width, in ems, for wrapping (Latin and Cyrillic sans-serif,
#: bold: the names are bold; the browser test measures the drawn text against the width).
GLYPH = 0.64


@dataclass(frozen=True)
class Layout:
    width: int
    font: float
    bar: float
    #: Room right of the plot for the largest bar's number.
    numbers: float
    #: At most this many steps on the axis (their labels must not touch).
    ticks: int

    @property
    def line(self) -> float:
        return round(self.font * 1.3, 1)

    @property
    def plot(self) -> float:
        return self.width - 8 - self.numbers

    def wrap(self, text: str, width: float, indent: float = 0) -> list[str]:
        chars = max(8, int((width - indent) / (self.font * GLYPH)))
        return textwrap.wrap(text, chars, break_long_words=False, break_on_hyphens=False) or [""]


WIDE = Layout(WIDTH, 13, 14, 110, 6)
NARROW = Layout(NARROW_WIDTH, 15, 16, 96, 3)


def chart_id(key: str) -> str:
    """An HTML id from the chart's stable key: the same in every process and on every page."""
    return "chart-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _text(value: str) -> str:
    """Escaped, without the characters XML (and so SVG) cannot hold."""
    return escape(clean(value))


def _percent(value: float | None, target: float | None) -> float | None:
    if value is None or not target:
        return None
    return 100 * value / target


def _scaled(row: ChartRow) -> list[ChartRow]:
    """The rows that have bars: the indicator, or its parts."""
    return row.parts if row.parts else [row]


def axis_maximum(chart: Chart, ticks: int = 6) -> float:
    """The scale's end, in per cent: 100 or more, rounded up to a whole step."""
    highest = max(
        (
            p
            for row in chart.rows
            for r in _scaled(row)
            for p in (_percent(r.baseline, r.target), _percent(r.value, r.target))
            if p is not None
        ),
        default=100.0,
    )
    step = _step(max(highest, 100.0), ticks)
    return step * math.ceil(max(highest, 100.0) / step)


def _step(maximum: float, ticks: int) -> float:
    for step in (25, 50, 100, 250, 500, 1000):
        if maximum / step <= ticks:
            return step
    return float(10 ** math.ceil(math.log10(maximum / ticks)))


class _Drawing:
    def __init__(self, chart: Chart, layout: Layout) -> None:
        self.chart, self.layout = chart, layout
        self.maximum = axis_maximum(chart, layout.ticks)
        self.parts: list[str] = []
        self.y = 0.0

    def x(self, percent: float) -> float:
        """Where a percentage of target falls: clamped to the axis (a negative value at 0)."""
        return 4 + self.layout.plot * min(max(percent, 0.0), self.maximum) / self.maximum

    def text(self, x: float, y: float, value: str, **attributes: str) -> None:
        extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attributes.items())
        self.parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{self.layout.font}" '
            f'fill="{INK}"{extra}>{_text(value)}</text>'
        )

    def lines(self, text: str, indent: float = 0, **attributes: str) -> None:
        for line in self.layout.wrap(text, self.layout.width, indent):
            self.y += self.layout.line
            self.text(4 + indent, self.y - 0.3 * self.layout.font, line, **attributes)

    def legend(self) -> None:
        """Swatches and words; an item moves to the next line when the line is full."""
        baseline, value, target = self.chart.labels
        items = [
            (BASELINE_COLOUR, baseline),
            (VALUE_COLOUR, value),
            (None, f"{target} = 100%"),
        ]
        font, x = self.layout.font, 4.0
        self.y += self.layout.line
        for colour, label in items:
            width = font * 1.6 + len(label) * font * GLYPH
            if x > 4 and x + width > self.layout.width:
                x, self.y = 4.0, self.y + self.layout.line
            top = self.y - font
            if colour:
                self.parts.append(
                    f'<rect x="{x:.1f}" y="{top:.1f}" width="{font:.1f}" '
                    f'height="{font * 0.8:.1f}" fill="{colour}"/>'
                )
            else:
                middle = x + font / 2
                self.parts.append(
                    f'<line x1="{middle:.1f}" x2="{middle:.1f}" y1="{top - 2:.1f}" '
                    f'y2="{self.y + 1:.1f}" stroke="#000" stroke-width="2"/>'
                )
            self.text(x + font * 1.3, self.y - 0.15 * font, label)
            x += width + font
        self.y += self.layout.line / 2

    def bar(self, row: ChartRow, value: float | None, colour: str, label: str) -> None:
        percent = _percent(value, row.target)
        height = self.layout.bar
        if percent is not None and value is not None:
            end = self.x(percent)
            self.parts.append(
                f'<rect x="4" y="{self.y:.1f}" width="{end - 4:.1f}" height="{height}" '
                f'fill="{colour}"><title>{_text(label)}: {_number(value)}</title></rect>'
            )
            label_text = f"{_number(value)} ({percent:.0f}%)"
            start, target = end + 4, self.x(100)
            if start <= target <= start + len(label_text) * self.layout.font * GLYPH:
                start = target + 4  # clear of the target line
            self.text(start, self.y + height * 0.8, label_text)
        else:
            self.text(8, self.y + height * 0.8, f"{label}: —")
        self.y += height + 3

    def bars(self, row: ChartRow, indent: float) -> None:
        """The name's lines, then its baseline and value bars crossed by the target line."""
        baseline_label, value_label, target_label = self.chart.labels
        if row.target is None or row.target == 0:
            self.lines(
                f"{value_label}: {_number(row.value)}; {self.chart.no_target_label}",
                indent + 8,
                font_style="italic",
            )
            return
        top = self.y + 3
        self.y = top
        if row.baseline is not None:
            self.bar(row, row.baseline, BASELINE_COLOUR, baseline_label)
        self.bar(row, row.value, VALUE_COLOUR, value_label)
        x = self.x(100)
        self.parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 3:.1f}" y2="{self.y:.1f}" '
            f'stroke="#000" stroke-width="2">'
            f"<title>{_text(target_label)}: {_text(row.target_label or _number(row.target))}"
            f"</title></line>"
        )

    def rows(self) -> float:
        start = self.y
        for row in self.chart.rows:
            self.y += self.layout.line / 3
            self.lines(row.name, font_weight="600")
            if row.parts:
                for part in row.parts:
                    self.lines(part.name, 12)
                    self.bars(part, 12)
            else:
                self.bars(row, 0)
            self.y += self.layout.line / 2
        return start

    def axis(self, top: float) -> None:
        """Grid lines from the first row down, the axis, its ticks and its name."""
        font = self.layout.font
        step = _step(self.maximum, self.layout.ticks)
        tick = 0.0
        while tick <= self.maximum + 0.01:
            x = self.x(tick)
            self.parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top:.1f}" y2="{self.y + 4:.1f}" '
                f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            )
            anchor = "start" if tick == 0 else "middle"
            self.text(x, self.y + 4 + font, f"{tick:g}%", text_anchor=anchor)
            tick += step
        self.parts.append(
            f'<line x1="4" x2="{self.x(self.maximum):.1f}" y1="{self.y + 4:.1f}" '
            f'y2="{self.y + 4:.1f}" stroke="{INK}" stroke-width="1"/>'
        )
        self.y += 4 + font * 1.3
        self.lines(self.chart.axis_label)
        self.y += 4

    def draw(self) -> str:
        self.legend()
        legend = len(self.parts)
        top = self.rows()
        bars = self.parts[legend:]
        del self.parts[legend:]
        self.axis(top)  # its grid goes under the bars
        return "".join(self.parts + bars)


def _drawing(chart: Chart, layout: Layout) -> tuple[str, float]:
    drawing = _Drawing(chart, layout)
    body = drawing.draw()
    return body, math.ceil(drawing.y)


def height(chart: Chart, narrow: bool = False) -> int:
    """The drawing's height in user units (its width is :data:`WIDTH`, or
    :data:`NARROW_WIDTH` for the phones' drawing)."""
    return int(_drawing(chart, NARROW if narrow else WIDE)[1])


def svg(chart: Chart, narrow: bool = False) -> str:
    """The chart: legend, one group per indicator (name, baseline and value bars with
    their numbers, target line), the common axis in per cent of target."""
    layout = NARROW if narrow else WIDE
    body, tall = _drawing(chart, layout)
    ids = chart_id(chart.key) + ("-n" if narrow else "")
    css = "chart chart-narrow" if narrow else "chart"
    return (
        f'<svg class="{css}" role="img" aria-labelledby="{ids}-t {ids}-d" '
        f'viewBox="0 0 {layout.width} {tall:.0f}" width="100%" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ids}-t">{_text(chart.title)}</title>'
        f'<desc id="{ids}-d">{_text(chart.description)}</desc>'
        f"{body}</svg>"
    )
