"""The indicators' chart as a PNG picture, for the office formats (DOCX, ODT): drawn by
CairoSVG from the same SVG as the HTML and the public pages, since Word and LibreOffice
do not all show SVG. The picture's width is twice the drawing's, for print."""

from __future__ import annotations

import cairosvg

from okcore.report.chart import WIDTH, height, svg
from okcore.report.model import Chart

SCALE = 2


def chart_png(chart: Chart) -> bytes:
    """The chart as PNG on white."""
    png: bytes = cairosvg.svg2png(
        bytestring=svg(chart).encode("utf-8"),
        output_width=SCALE * WIDTH,
        output_height=SCALE * height(chart),
        background_color="white",
    )
    return png
