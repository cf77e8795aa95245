"""The report's HTML: a whole accessible document, everything in it escaped."""

from __future__ import annotations

import lxml.html
import pytest
from sample_report import CHART, CONTRIBUTIONS, HEADINGS, INDICATORS, MARKUP, QUOTE, sample_report

from okcore.report.chart import svg
from okcore.report.html import render
from okcore.report.model import Heading, Report
from okcore.report.render import FORMATS


@pytest.fixture(scope="module")
def page() -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(render(sample_report()))


def test_the_document_has_its_language_and_title(page: lxml.html.HtmlElement) -> None:
    report = sample_report()
    assert page.get("lang") == "pl"
    assert page.findtext(".//title") == report.title
    assert page.find(".//meta[@charset]").get("charset") == "utf-8"


def test_the_title_page_gives_programme_city_year_legal_basis_and_date_of_data(
    page: lxml.html.HtmlElement,
) -> None:
    report = sample_report()
    title_page = page.find(".//header")
    words = title_page.text_content()
    for expected in (report.title, report.program_title, "Kraków, 2025", "Podstawa prawna"):
        assert expected in words
    assert [li.text_content() for li in title_page.iter("li")] == report.legal_basis
    assert "Stan danych na dzień 2 marca 2026" in words


def test_headings_keep_their_level_and_the_contents_link_each_in_order(
    page: lxml.html.HtmlElement,
) -> None:
    headings = page.xpath("//main//*[self::h1 or self::h2 or self::h3]")
    assert [(int(h.tag[1]), h.text_content()) for h in headings] == [
        (h.level, h.text) for h in HEADINGS
    ]
    ids = [h.get("id") for h in headings]
    assert len(set(ids)) == len(ids)
    assert ids[0] == "section-goal-1"
    links = page.xpath("//nav[@class='contents']//a")
    # Sections and subsections only: a task's level-3 headings stay out of the contents.
    listed = [(i, h) for i, h in zip(ids, HEADINGS, strict=True) if h.level <= 2]
    assert any(h.level == 3 for h in HEADINGS)
    assert [a.get("href") for a in links] == [f"#{i}" for i, _h in listed]
    assert [a.text_content() for a in links] == [h.text for _i, h in listed]
    # Nested as the levels are: the tasks' links sit in the goal's list item.
    assert links[1].xpath("ancestor::li")[0].xpath("a")[0].text == HEADINGS[0].text


def test_same_keys_give_distinct_ids() -> None:
    twice = Heading(level=1, text="Cel", key="goal-1")
    report = sample_report().model_copy(update={"blocks": [twice, twice]})
    page = lxml.html.document_fromstring(render(report))
    assert [h.get("id") for h in page.iter("h1")] == ["section-goal-1", "section-goal-1-2"]


def test_tables_have_caption_and_header_cells_with_scope(page: lxml.html.HtmlElement) -> None:
    tables = page.findall(".//table")
    indicators = next(t for t in tables if t.findtext("caption") == INDICATORS.caption)
    columns = indicators.xpath("thead/tr/th[@scope='col']")
    assert [th.text for th in columns] == INDICATORS.header
    rows = indicators.xpath("tbody/tr")
    assert [r.xpath("th[@scope='row']")[0].text for r in rows] == [r[0] for r in INDICATORS.rows]
    assert [td.text for td in rows[0].xpath("td")] == INDICATORS.rows[0][1:]
    contributions = next(t for t in tables if t.findtext("caption") == CONTRIBUTIONS.caption)
    assert not contributions.xpath(".//th[@scope='row']")
    assert len(contributions.xpath("tbody/tr/td")) == 4


def test_a_quote_is_a_blockquote_with_the_unit_in_cite(page: lxml.html.HtmlElement) -> None:
    figure = page.find(".//figure[@class='quote']")
    assert "Opublikowano 12 zbiorów danych." in figure.findtext("blockquote/p")
    assert figure.findtext(".//cite") == QUOTE.source


def test_the_chart_is_the_public_pages_drawing_inline(page: lxml.html.HtmlElement) -> None:
    html = render(sample_report()).decode()
    assert svg(CHART) in html
    drawing = page.find(".//figure[@class='chart']/svg")
    assert drawing.get("role") == "img"
    assert drawing.findtext("title") == CHART.title
    assert drawing.findtext("desc") == CHART.description
    assert drawing.get("aria-labelledby") == "chart-okrakow-cel-1-t chart-okrakow-cel-1-d"


def test_user_text_is_escaped_and_xml_forbidden_characters_dropped(
    page: lxml.html.HtmlElement,
) -> None:
    html = render(sample_report()).decode()
    assert "\x0b" not in html
    assert "<script" not in html
    assert not page.xpath("//main//b")
    assert MARKUP in page.find(".//main").text_content()
    # A line break in a unit's text stays one.
    assert "Zażółć gęślą jaźń.<br>Druga linia." in html


def test_print_style_is_a4_with_page_numbers() -> None:
    style = lxml.html.document_fromstring(render(sample_report())).findtext(".//style")
    assert "size: A4" in style
    assert "counter(page)" in style


def test_a_report_without_blocks_has_its_title_page_and_no_contents() -> None:
    report = Report(
        program="p",
        year=2025,
        language="uk",
        title="Звіт",
        program_title="Програма",
        data_date=sample_report().data_date,
    )
    page = lxml.html.document_fromstring(render(report))
    assert page.get("lang") == "uk"
    assert page.find(".//nav") is None
    assert "Дані станом на 2 березня 2026" in page.find(".//header").text_content()


@pytest.mark.parametrize(
    ("name", "signature"),
    [("html", b"<!DOCTYPE html>"), ("docx", b"PK"), ("odt", b"PK")],
)
def test_formats_name_extension_and_renderer(name: str, signature: bytes) -> None:
    """(The PDF's in test_render_pdf.py, after its libraries are checked.)"""
    fmt = FORMATS[name]
    assert fmt.extension == name
    assert fmt.render(sample_report()).startswith(signature)
    assert FORMATS.keys() == {"html", "pdf", "docx", "odt"}
