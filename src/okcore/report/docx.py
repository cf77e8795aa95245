"""The report as DOCX, the editable document the Council's office works with (python-docx).

Built on Word's own styles, so the structure survives editing and conversion: headings in
"Heading 1–3" (the navigation pane and any table of contents find them), quotes in "Quote"
with the unit's name, tables with their first row marked as the header row (repeated on
every page, read as headers by screen readers), charts as pictures with alt text, the
document's language in the default style and the core properties.
"""

from __future__ import annotations

from datetime import datetime, time
from io import BytesIO

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from okcore.report.model import Block, BulletList, Chart, Heading, Paragraph, Quote, Report, Table
from okcore.report.picture import chart_png
from okcore.report.writing import clean, language_tag, title_page

#: The chart's width on the page: A4 less the margins.
CHART_WIDTH = Cm(16)


def _set_language(document: DocumentObject, tag: str) -> None:
    """The default language of every run (``w:docDefaults``): spelling and hyphenation,
    and what a screen reader speaks the text in."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), tag)


def _page(document: DocumentObject) -> None:
    """A4 with 2 cm margins, the page number in the footer."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = Cm(2)
    section.bottom_margin = Cm(2.5)
    number = OxmlElement("w:fldSimple")
    number.set(qn("w:instr"), "PAGE")
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer._p.append(number)


def _title_page(document: DocumentObject, report: Report) -> None:
    page = title_page(report)
    document.add_paragraph(page.title, style="Title")
    document.add_paragraph(page.program_title, style="Subtitle")
    document.add_paragraph(page.place_and_year)
    if page.legal_basis:
        document.add_paragraph(f"{page.legal_basis_caption}:")
        for item in page.legal_basis:
            document.add_paragraph(item, style="List Bullet")
    document.add_paragraph(page.data_date).add_run().add_break(WD_BREAK.PAGE)


def _table(document: DocumentObject, table: Table) -> None:
    document.add_paragraph(clean(table.caption), style="Caption")
    columns = max([len(table.header), *(len(row) for row in table.rows)], default=1)
    rows = ([table.header] if table.header else []) + table.rows
    grid = document.add_table(rows=len(rows), cols=max(columns, 1))
    grid.style = "Table Grid"
    caption = OxmlElement("w:tblCaption")  # the table's alt text
    caption.set(qn("w:val"), clean(table.caption))
    grid._tbl.tblPr.append(caption)
    for r, values in enumerate(rows):
        is_header = bool(table.header) and r == 0
        for c, value in enumerate(values):
            run = grid.cell(r, c).paragraphs[0].add_run(clean(value))
            run.bold = is_header or (table.row_headers and c == 0)
    if table.header:
        header = grid.rows[0]._tr.get_or_add_trPr()
        for flag in ("w:cantSplit", "w:tblHeader"):  # schema order: cantSplit first
            header.append(OxmlElement(flag))


def _chart(document: DocumentObject, chart: Chart) -> None:
    picture = document.add_picture(BytesIO(chart_png(chart)), width=CHART_WIDTH)
    properties = picture._inline.docPr
    properties.set("title", clean(chart.title))
    properties.set("descr", clean(f"{chart.title}: {chart.description}"))
    document.add_paragraph(clean(chart.title), style="Caption")


def _block(document: DocumentObject, block: Block) -> None:
    if isinstance(block, Heading):
        document.add_heading(clean(block.text), level=block.level)
    elif isinstance(block, Paragraph):
        document.add_paragraph(clean(block.text))
    elif isinstance(block, BulletList):
        for item in block.items:
            document.add_paragraph(clean(item), style="List Bullet")
    elif isinstance(block, Quote):
        quote = document.add_paragraph(clean(block.text), style="Quote")
        source = quote.add_run()
        source.add_break()
        source.add_text(f"— {clean(block.source)}")
        source.bold = True
    elif isinstance(block, Table):
        _table(document, block)
    else:
        _chart(document, block)


def render(report: Report) -> bytes:
    """The DOCX file's bytes."""
    document = Document()
    tag = language_tag(report.language)
    _set_language(document, tag)
    properties = document.core_properties
    properties.title = clean(report.title)
    properties.subject = clean(report.program_title)
    properties.language = tag
    # python-docx's template says "generated by python-docx" in the comments and names its
    # own author; the Council's office would read that in the file's properties.
    properties.author = properties.last_modified_by = properties.comments = ""
    properties.created = properties.modified = datetime.combine(report.data_date, time())
    _page(document)
    _title_page(document, report)
    for block in report.blocks:
        _block(document, block)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
