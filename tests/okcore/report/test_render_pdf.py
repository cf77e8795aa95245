"""The report's PDF: WeasyPrint's PDF/UA-1 from the HTML, a tagged document a screen reader
can read (headings, tables with header cells, the chart with its text, the language)."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator

import pypdf
import pytest
import render_libraries
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject
from sample_report import CHART, HEADINGS, INDICATORS, sample_report

from okcore.report.model import Table
from okcore.report.render import FORMATS


@pytest.fixture(scope="module")
def pdf() -> pypdf.PdfReader:
    try:
        render_libraries.ensure()  # WeasyPrint's Pango, installed if missing
    except SystemExit as missing:
        pytest.fail(str(missing))
    return pypdf.PdfReader(io.BytesIO(FORMATS["pdf"].render(sample_report())))


def _elements(node: PdfObject) -> Iterator[DictionaryObject]:
    """The structure tree's elements, depth first."""
    node = node.get_object()
    if not isinstance(node, DictionaryObject):
        return
    yield node
    kids = node.get("/K")
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        if isinstance(kid, IndirectObject | DictionaryObject):
            yield from _elements(kid)


def test_the_text_holds_title_page_headings_and_table_with_diacritics(
    pdf: pypdf.PdfReader,
) -> None:
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    report = sample_report()
    assert " ".join(report.title.split()) in text
    assert "Stan danych na dzień 2 marca 2026" in text
    for heading in HEADINGS:
        assert heading.text in text
    for row in INDICATORS.rows:
        assert row[0] in text
    assert "Zażółć gęślą jaźń." in text


def test_the_catalog_is_tagged_with_language_and_title(pdf: pypdf.PdfReader) -> None:
    catalog = pdf.trailer["/Root"]
    assert catalog["/Lang"] == "pl"
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert pdf.metadata is not None
    assert pdf.metadata.title == sample_report().title


def test_the_tag_tree_has_headings_tables_quote_and_the_chart_with_alt_text(
    pdf: pypdf.PdfReader,
) -> None:
    elements = list(_elements(pdf.trailer["/Root"]["/StructTreeRoot"]))
    kinds = Counter(str(e.get("/S")) for e in elements)
    levels = Counter(f"/H{h.level}" for h in HEADINGS)
    assert {name: kinds[name] for name in levels} == dict(levels)
    tables = [b for b in sample_report().blocks if isinstance(b, Table)]
    assert kinds["/Table"] == len(tables)
    assert kinds["/TH"] == sum(len(t.header) + len(t.rows) * t.row_headers for t in tables)
    assert kinds["/BlockQuote"] == 1
    figures = [e for e in elements if e.get("/S") == "/Figure"]
    assert [f["/Alt"] for f in figures] == [CHART.title]


def test_a_unit_text_with_a_vertical_tab_still_makes_a_pdf(pdf: pypdf.PdfReader) -> None:
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "\x0b" not in text
    assert "Opublikowano 12 zbiorów danych." in text
