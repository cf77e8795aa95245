"""The report as one HTML document: for the portal's download, and what the PDF is made from.

Accessible by construction (it becomes a tagged PDF): the document's language, headings
h1–h3 with ids and a table of contents linking them, tables with a caption and header
cells with their scope, quotes with their source in ``<cite>``, charts as inline SVG with a
title and description. Every text is escaped here; nothing in a report is markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape

from okcore.report.chart import svg
from okcore.report.model import (
    Block,
    BulletList,
    Chart,
    Heading,
    Paragraph,
    Quote,
    Report,
    Table,
)
from okcore.report.writing import clean, title_page, word

#: Screen and print (WeasyPrint reads ``@page``): A4, page numbers but on the title page,
#: table header rows repeated on every page, a table of contents with page numbers.
STYLE = """
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 11pt;
  line-height: 1.4; color: #1a1a1a; max-width: 50rem; margin: 0 auto; padding: 1rem; }
.title-page { text-align: center; padding-top: 6rem; }
.title-page .title { font-size: 24pt; font-weight: bold; margin-bottom: 2rem; }
.title-page .programme { font-size: 15pt; }
.title-page ul { list-style: none; padding: 0; }
nav.contents ol { list-style: none; padding-left: 1.2rem; }
nav.contents > ol { padding-left: 0; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
caption { text-align: left; font-weight: bold; margin-bottom: .3rem; }
th, td { border: 1px solid #6b7280; padding: .2rem .4rem; text-align: left;
  vertical-align: top; }
thead th { background: #e5e7eb; }
blockquote { margin: 1rem 0 .2rem; padding-left: 1rem; border-left: 4px solid #1d4ed8; }
figure { margin: 1rem 0; }
figcaption { font-size: 10pt; }
svg.chart { max-width: 100%; height: auto; }
@page { size: A4; margin: 2cm 2cm 2.5cm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; } }
@page :first { @bottom-center { content: none; } }
@media print {
  body { max-width: none; padding: 0; }
  .title-page { break-after: page; }
  nav.contents { break-after: page; }
  nav.contents a::after { content: leader(".") target-counter(attr(href), page); }
  nav.contents a { color: inherit; text-decoration: none; }
  h1, h2, h3 { break-after: avoid; }
  figure, tr { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def _text(value: str) -> str:
    """Escaped, without characters HTML cannot hold; line breaks kept."""
    return escape(clean(value)).replace("\n", "<br>")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def heading_ids(blocks: list[Block]) -> dict[int, str]:
    """An id for each heading (by position): from its key when it has one, unique in the
    document, so links into a report stay the same when it is generated again."""
    ids: dict[int, str] = {}
    used: set[str] = set()
    for position, block in enumerate(blocks):
        if not isinstance(block, Heading):
            continue
        base = "section-" + (_slug(block.key) if block.key else str(position + 1))
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        ids[position] = candidate
    return ids


def _contents(report: Report, ids: dict[int, str]) -> Iterator[str]:
    """The table of contents as nested lists, following the headings' levels."""
    yield '<nav class="contents" aria-labelledby="contents-title">'
    yield f'<p class="contents-title" id="contents-title">{_text(word(report, "contents"))}</p>'
    depth = 0
    for position, anchor in ids.items():
        heading = report.blocks[position]
        assert isinstance(heading, Heading)
        if heading.level > depth:
            yield "<ol><li>" * (heading.level - depth)
        else:
            yield "</li></ol>" * (depth - heading.level) + "</li><li>"
        depth = heading.level
        yield f'<a href="#{anchor}">{_text(heading.text)}</a>'
    yield "</li></ol>" * depth
    yield "</nav>"


def _table(table: Table) -> Iterator[str]:
    yield f"<table><caption>{_text(table.caption)}</caption>"
    if table.header:
        cells = "".join(f'<th scope="col">{_text(cell)}</th>' for cell in table.header)
        yield f"<thead><tr>{cells}</tr></thead>"
    yield "<tbody>"
    for row in table.rows:
        cells = "".join(
            f'<th scope="row">{_text(cell)}</th>'
            if table.row_headers and i == 0
            else f"<td>{_text(cell)}</td>"
            for i, cell in enumerate(row)
        )
        yield f"<tr>{cells}</tr>"
    yield "</tbody></table>"


def _block(block: Block, anchor: str | None) -> str:
    if isinstance(block, Heading):
        return f'<h{block.level} id="{anchor}">{_text(block.text)}</h{block.level}>'
    if isinstance(block, Paragraph):
        return f"<p>{_text(block.text)}</p>"
    if isinstance(block, BulletList):
        return "<ul>" + "".join(f"<li>{_text(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, Quote):
        return (
            f'<figure class="quote"><blockquote><p>{_text(block.text)}</p></blockquote>'
            f"<figcaption><cite>{_text(block.source)}</cite></figcaption></figure>"
        )
    if isinstance(block, Table):
        return "".join(_table(block))
    assert isinstance(block, Chart)
    caption = f"<figcaption>{_text(block.title)}</figcaption>"
    return f'<figure class="chart">{svg(block)}{caption}</figure>'


def document(report: Report) -> str:
    """The whole document as a string."""
    page = title_page(report)
    ids = heading_ids(report.blocks)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(report.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_text(page.title)}</title>",
        f'<meta name="description" content="{escape(page.program_title)}">',
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        '<header class="title-page">',
        f'<p class="title">{_text(page.title)}</p>',
        f'<p class="programme">{_text(page.program_title)}</p>',
        f'<p class="place">{_text(page.place_and_year)}</p>',
    ]
    if page.legal_basis:
        parts.append(f'<p class="legal-basis">{_text(page.legal_basis_caption)}:</p><ul>')
        parts += [f"<li>{_text(item)}</li>" for item in page.legal_basis]
        parts.append("</ul>")
    parts.append(f'<p class="data-date">{_text(page.data_date)}</p></header>')
    if ids:
        parts += _contents(report, ids)
    parts.append("<main>")
    parts += [_block(block, ids.get(i)) for i, block in enumerate(report.blocks)]
    parts.append("</main></body></html>")
    return "\n".join(parts)


def render(report: Report) -> bytes:
    """The HTML file's bytes (UTF-8)."""
    return document(report).encode("utf-8")
