"""Whatever a unit types, every format is written and opens again: XML's forbidden
characters (a pasted vertical tab, NUL) are dropped, markup stays text."""

from __future__ import annotations

import io
from datetime import date

import docx
import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st
from odf import text as odf_text
from odf.opendocument import load

from okcore.report.model import Chart, ChartRow, Heading, Paragraph, Quote, Report, Table
from okcore.report.render import FORMATS

#: Any text, control characters and the characters XML forbids included.
ANY = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


@st.composite
def reports(draw: st.DrawFn) -> Report:
    words = st.lists(ANY, min_size=1, max_size=3)
    return Report(
        program="p",
        year=2025,
        language="pl",
        title=draw(ANY),
        program_title=draw(ANY),
        city=draw(ANY),
        legal_basis=draw(st.lists(ANY, max_size=2)),
        data_date=date(2026, 3, 2),
        blocks=[
            Heading(level=draw(st.integers(1, 3)), text=draw(ANY.filter(bool))),
            Paragraph(text=draw(ANY)),
            Quote(text=draw(ANY), source=draw(ANY)),
            Table(caption=draw(ANY), header=draw(words), rows=[draw(words)]),
            Chart(
                key=draw(ANY),
                title=draw(ANY),
                description=draw(ANY),
                rows=[ChartRow(name=draw(ANY), value=1, target_label=draw(ANY))],
            ),
        ],
    )


@settings(max_examples=25, deadline=None)
@given(reports())
def test_every_format_opens_again(report: Report) -> None:
    page = lxml.html.document_fromstring(FORMATS["html"].render(report))
    assert len(page.xpath("//main/h1|//main/h2|//main/h3")) == 1
    document = docx.Document(io.BytesIO(FORMATS["docx"].render(report)))
    assert len(document.tables) == 1
    odt = load(io.BytesIO(FORMATS["odt"].render(report)))
    assert len(odt.getElementsByType(odf_text.H)) == 1
