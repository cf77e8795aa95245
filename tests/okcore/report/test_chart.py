"""The indicators' chart (issue 18): a legend, one common scale with an axis, the numbers
at the bars, compound indicators part by part, labels wrapped at spaces and big enough
on a phone."""

from __future__ import annotations

import re

import lxml.etree
import pytest

from okcore.report.chart import GLYPH, NARROW, NARROW_WIDTH, WIDE, axis_maximum, svg
from okcore.report.model import Chart, ChartRow

LONG = "Liczba szkół i mieszkańców objętych działaniami edukacyjnymi w zakresie wielokulturowości"
CHART = Chart(
    key="open-krakow/goal-1",
    title="Cel 1",
    description="Opis",
    rows=[
        ChartRow(name=LONG, baseline=3, value=12, target=20, target_label="20"),
        ChartRow(name="Odsetek", value=45, target=30, target_label="≥30%"),
        ChartRow(
            name="Spotkania",
            parts=[
                ChartRow(name="spotkania", value=1, target=2, target_label="2"),
                ChartRow(name="uczestnicy", value=22, target=10, target_label="10"),
            ],
        ),
        ChartRow(name="Bez celu liczbowego", value=5),
    ],
    labels=("wartość bazowa", "ostatnia wartość", "cel"),
    axis_label="% celu",
    no_target_label="brak celu liczbowego",
)
SVG = "{http://www.w3.org/2000/svg}"


def texts(drawing: str) -> list[str]:
    return [t.text or "" for t in lxml.etree.fromstring(drawing).iter(f"{SVG}text")]


def bars(drawing: str) -> dict[str, float]:
    """Each bar's width by its tooltip ("ostatnia wartość: 12")."""
    tree = lxml.etree.fromstring(drawing)
    return {
        rect.find(f"{SVG}title").text: float(rect.get("width"))
        for rect in tree.iter(f"{SVG}rect")
        if rect.find(f"{SVG}title") is not None
    }


def test_one_scale_in_percent_of_target_with_an_axis() -> None:
    # 22 of 10 is the highest: 220%, so the axis runs to 250% (steps of 50).
    assert axis_maximum(CHART) == 250
    drawing = svg(CHART)
    widths = bars(drawing)
    # 12 of 20 (60%) and 1 of 2 (50%): one scale, so 60:50, whatever the raw numbers.
    ratio = widths["ostatnia wartość: 12"] / widths["ostatnia wartość: 1"]
    assert ratio == pytest.approx(60 / 50, rel=0.01)
    words = texts(drawing)
    assert [w for w in words if w.endswith("%") and w[0].isdigit()] == [
        "0%",
        "50%",
        "100%",
        "150%",
        "200%",
        "250%",
    ]
    assert "% celu" in words


def test_legend_numbers_parts_and_rows_without_a_target() -> None:
    words = texts(svg(CHART))
    assert {"wartość bazowa", "ostatnia wartość", "cel = 100%"} <= set(words)
    assert "12 (60%)" in words and "3 (15%)" in words and "22 (220%)" in words
    assert "spotkania" in words and "uczestnicy" in words  # the compound's parts
    assert any("brak celu liczbowego" in w and ": 5" in w for w in words)


def test_labels_wrap_between_words() -> None:
    for drawing, layout in ((svg(CHART), WIDE), (svg(CHART, narrow=True), NARROW)):
        lines = [w for w in texts(drawing) if w and w in LONG]
        assert len(lines) >= 2 and " ".join(lines) == LONG  # no word cut or lost
        assert all(len(line) * layout.font * GLYPH <= layout.width for line in lines)


def test_the_phone_drawing_keeps_its_text_at_12_px_on_a_320_px_screen() -> None:
    drawing = svg(CHART, narrow=True)
    width = float(re.search(r'viewBox="0 0 (\d+)', drawing).group(1))  # type: ignore[union-attr]
    assert width == NARROW_WIDTH
    shown = 320 - 2 * 16  # the page's margins
    sizes = {float(s) for s in re.findall(r'font-size="([\d.]+)"', drawing)}
    assert min(sizes) * shown / width >= 12
    # Its own ids: both drawings are on the page, the stylesheet shows one.
    assert 'id="chart-open-krakow-goal-1-n-t"' in drawing
    assert 'id="chart-open-krakow-goal-1-t"' in svg(CHART)
