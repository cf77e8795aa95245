"""The indicators' bar chart as SVG: one drawing for the public pages and the report.

Drawn on the server, without a charting library, so the page needs no script and the
report's files (PDF, and PNG in DOCX/ODT) show exactly what the portal shows. The numbers
are always in a table next to it; the chart's title and description say so to a screen
reader (``role="img"``).
"""

from __future__ import annotations

import re
from html import escape

from okcore.report.model import Chart
from okcore.report.writing import clean

#: Colours with WCAG AA contrast against the white page: baseline grey, value blue.
BASELINE_COLOUR = "#6b7280"
VALUE_COLOUR = "#1d4ed8"
WIDTH = 560
BAR = 14
GAP = 10


def chart_id(key: str) -> str:
    """An HTML id from the chart's stable key: the same in every process and on every page."""
    return "chart-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _text(value: str) -> str:
    """Escaped, without the characters XML (and so SVG) cannot hold."""
    return escape(clean(value))


def _bar(y: float, width: float, colour: str, label: str, value: float) -> str:
    return (
        f'<rect x="0" y="{y}" width="{width:.1f}" height="{BAR}" fill="{colour}">'
        f"<title>{_text(label)}: {_number(value)}</title></rect>"
    )


def height(chart: Chart) -> int:
    """The drawing's height in user units (its width is :data:`WIDTH`)."""
    return len(chart.rows) * (2 * BAR + 3 * GAP) + 30


def svg(chart: Chart) -> str:
    """A horizontal bar chart: baseline, the value, target line, one group per indicator."""
    baseline_label, value_label, target_label = chart.labels
    title_id = chart_id(chart.key)
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{title_id}-t {title_id}-d" '
        f'viewBox="0 0 {WIDTH} {height(chart)}" width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}-t">{_text(chart.title)}</title>',
        f'<desc id="{title_id}-d">{_text(chart.description)}</desc>',
    ]
    y = 10
    for row in chart.rows:
        values = [v for v in (row.baseline, row.value, row.target) if v is not None]
        scale = (WIDTH - 80) / max(max(values, default=1), 1)
        parts.append(
            f'<text x="0" y="{y + 10}" font-size="12" fill="#1a1a1a">{_text(row.name[:90])}</text>'
        )
        y += 14
        if row.baseline is not None:
            parts.append(
                _bar(y, row.baseline * scale, BASELINE_COLOUR, baseline_label, row.baseline)
            )
        if row.value is not None:
            parts.append(_bar(y + BAR + 2, row.value * scale, VALUE_COLOUR, value_label, row.value))
        if row.target is not None:
            x = row.target * scale
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 2}" y2="{y + 2 * BAR + 4}" '
                f'stroke="#000" stroke-width="2">'
                f"<title>{_text(target_label)}: {_text(row.target_label)}</title></line>"
            )
        y += 2 * BAR + 2 * GAP
    parts.append("</svg>")
    return "".join(parts)
