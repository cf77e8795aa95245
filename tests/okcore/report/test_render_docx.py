"""The report's DOCX, opened with python-docx: Word's styles carry the structure, the first
row of each table is its header row, the language is set, the chart has its alt text."""

from __future__ import annotations

import io

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from sample_report import CHART, HEADINGS, INDICATORS, MARKUP, QUOTE, sample_report

from okcore.report.model import Table
from okcore.report.render import FORMATS


@pytest.fixture(scope="module")
def document() -> Document:
    return docx.Document(io.BytesIO(FORMATS["docx"].render(sample_report())))


def test_headings_are_in_word_heading_styles(document: Document) -> None:
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert headings == [(f"Heading {h.level}", h.text) for h in HEADINGS]


def test_the_title_page_comes_first(document: Document) -> None:
    report = sample_report()
    first = [(p.style.name if p.style else "", p.text) for p in document.paragraphs[:7]]
    assert first[0] == ("Title", report.title)
    assert first[1] == ("Subtitle", report.program_title)
    assert ("Normal", "Kraków, 2025") in first
    assert [text for style, text in first if style == "List Bullet"] == report.legal_basis
    assert first[-1] == ("Normal", "Stan danych na dzień 2026-03-02")


def test_tables_mark_their_header_row_and_keep_the_data(document: Document) -> None:
    tables = [b for b in sample_report().blocks if isinstance(b, Table)]
    assert len(document.tables) == len(tables)
    for grid, table in zip(document.tables, tables, strict=True):
        first, second = grid.rows[0]._tr, grid.rows[1]._tr
        assert first.trPr is not None
        assert first.trPr.find(qn("w:tblHeader")) is not None
        assert second.trPr is None or second.trPr.find(qn("w:tblHeader")) is None
        assert [c.text for c in grid.rows[0].cells] == table.header
        assert [[c.text for c in r.cells] for r in grid.rows[1:]] == table.rows
        assert grid._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == table.caption
    captions = [p.text for p in document.paragraphs if p.style and p.style.name == "Caption"]
    assert INDICATORS.caption in captions


def test_the_language_is_the_default_and_in_the_core_properties(document: Document) -> None:
    assert document.core_properties.language == "pl-PL"
    assert document.core_properties.title == sample_report().title
    lang = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:val")) == "pl-PL"


def test_the_quote_is_in_the_quote_style_with_the_unit(document: Document) -> None:
    quotes = [p.text for p in document.paragraphs if p.style and p.style.name == "Quote"]
    assert len(quotes) == 1
    assert quotes[0].startswith("Opublikowano 12 zbiorów danych.Zorganizowano")
    assert quotes[0].endswith(f"— {QUOTE.source}")


def test_the_chart_is_a_png_with_alt_text(document: Document) -> None:
    (shape,) = document.inline_shapes
    properties = shape._inline.docPr
    assert properties.get("title") == CHART.title
    assert properties.get("descr") == f"{CHART.title}: {CHART.description}"
    blip = shape._inline.graphic.graphicData.pic.blipFill.blip
    image = document.part.related_parts[blip.embed]
    assert image.content_type == "image/png"
    assert image.blob.startswith(b"\x89PNG")


def test_user_text_stays_text_and_the_page_is_a4(document: Document) -> None:
    body = "\n".join(p.text for p in document.paragraphs)
    assert MARKUP in body
    assert "Zażółć gęślą jaźń.\nDruga linia." in body
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    (number,) = section.footer._element.iter(qn("w:fldSimple"))
    assert number.get(qn("w:instr")) == "PAGE"
