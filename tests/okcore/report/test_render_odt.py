"""The report's ODT, loaded with odfpy: headings with outline levels, tables with header
rows (and the row headers' column), the language in the default style and the metadata,
the chart as a picture with its title and description."""

from __future__ import annotations

import io
import zipfile

import pytest
from odf import dc, draw, style, teletype
from odf import svg as odf_svg
from odf import table as odf_table
from odf import text as odf_text
from odf.element import Element
from odf.namespaces import FONS, TABLENS, TEXTNS
from odf.opendocument import OpenDocument, load
from sample_report import CHART, HEADINGS, MARKUP, QUOTE, sample_report

from okcore.report.model import Table
from okcore.report.render import FORMATS


@pytest.fixture(scope="module")
def content() -> bytes:
    return FORMATS["odt"].render(sample_report())


@pytest.fixture(scope="module")
def document(content: bytes) -> OpenDocument:
    return load(io.BytesIO(content))


def _text(element: Element) -> str:
    return str(teletype.extractText(element))


def test_headings_are_text_h_with_their_outline_level(document: OpenDocument) -> None:
    headings = [
        (h.getAttrNS(TEXTNS, "outline-level"), h.getAttrNS(TEXTNS, "style-name"), _text(h))
        for h in document.getElementsByType(odf_text.H)
    ]
    assert headings == [(str(h.level), f"Heading_20_{h.level}", h.text) for h in HEADINGS]
    names = {s.getAttrNS(style.STYLENS, "name") for s in document.getElementsByType(style.Style)}
    assert {"Heading_20_1", "Heading_20_2", "Heading_20_3", "Quotations", "Title"} <= names


def test_tables_have_header_rows_and_row_header_columns(document: OpenDocument) -> None:
    tables = [b for b in sample_report().blocks if isinstance(b, Table)]
    grids = document.getElementsByType(odf_table.Table)
    assert len(grids) == len(tables)
    for grid, table in zip(grids, tables, strict=True):
        (header,) = [e for e in grid.childNodes if e.qname == (TABLENS, "table-header-rows")]
        assert [_text(c) for c in header.getElementsByType(odf_table.TableCell)] == table.header
        rows = [e for e in grid.childNodes if e.qname == (TABLENS, "table-row")]
        cells = [[_text(c) for c in r.getElementsByType(odf_table.TableCell)] for r in rows]
        assert cells == table.rows
        header_columns = [
            e for e in grid.childNodes if e.qname == (TABLENS, "table-header-columns")
        ]
        assert len(header_columns) == int(table.row_headers)
        (title,) = grid.getElementsByType(odf_table.Title)
        assert _text(title) == table.caption


def test_the_language_is_in_the_default_style_and_the_metadata(
    document: OpenDocument,
) -> None:
    (language,) = document.meta.getElementsByType(dc.Language)
    assert _text(language) == "pl-PL"
    (title,) = document.meta.getElementsByType(dc.Title)
    assert _text(title) == sample_report().title
    defaults = [
        d
        for d in document.styles.getElementsByType(style.DefaultStyle)
        if d.getAttrNS(style.STYLENS, "family") == "paragraph"
    ]
    (properties,) = defaults[0].getElementsByType(style.TextProperties)
    assert properties.getAttrNS(FONS, "language") == "pl"
    assert properties.getAttrNS(FONS, "country") == "PL"


def test_pages_are_a4_with_the_page_number_in_the_footer(document: OpenDocument) -> None:
    (master,) = document.masterstyles.getElementsByType(style.MasterPage)
    (footer,) = master.getElementsByType(style.Footer)
    assert footer.getElementsByType(odf_text.PageNumber)
    (layout,) = document.automaticstyles.getElementsByType(style.PageLayoutProperties)
    assert (layout.getAttrNS(FONS, "page-width"), layout.getAttrNS(FONS, "page-height")) == (
        "21cm",
        "29.7cm",
    )


def test_the_chart_is_an_embedded_png_with_title_and_description(
    document: OpenDocument, content: bytes
) -> None:
    (frame,) = document.getElementsByType(draw.Frame)
    assert _text(frame.getElementsByType(odf_svg.Title)[0]) == CHART.title
    assert _text(frame.getElementsByType(odf_svg.Desc)[0]) == CHART.description
    (image,) = frame.getElementsByType(draw.Image)
    href = image.getAttribute("href")
    with zipfile.ZipFile(io.BytesIO(content)) as odt:
        assert odt.read(href).startswith(b"\x89PNG")
        assert odt.read("mimetype").decode() == FORMATS["odt"].media_type
        assert href in odt.read("META-INF/manifest.xml").decode()


def test_the_quote_names_the_unit_and_user_text_stays_text(document: OpenDocument) -> None:
    paragraphs = document.getElementsByType(odf_text.P)
    quotes = [_text(p) for p in paragraphs if p.getAttrNS(TEXTNS, "style-name") == "Quotations"]
    assert quotes == [QUOTE.text.replace("\x0b", ""), f"— {QUOTE.source}"]
    body = "\n".join(_text(p) for p in paragraphs)
    assert MARKUP in body
    # The unit's line break is ODF's text:line-break.
    assert any(p.getElementsByType(odf_text.LineBreak) and "Zażółć" in _text(p) for p in paragraphs)
