"""The report as ODT (OpenDocument), the editable document for LibreOffice (odfpy).

The same structure as the DOCX: headings as ``text:h`` with their outline level in the
"Heading 1–3" styles, tables with their header row in ``table:table-header-rows`` (and the
row headers' column in ``table:table-header-columns``), quotes in "Quotations" with the
unit's name, charts as pictures with ``svg:title`` and ``svg:desc``, the language in the
default style (``fo:language``/``fo:country``) and in the metadata (``dc:language``).
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from typing import Any

from odf import dc, draw, meta, teletype
from odf import svg as odf_svg
from odf import table as odf_table
from odf import text as odf_text
from odf.opendocument import OpenDocumentText
from odf.style import (
    DefaultStyle,
    Footer,
    ListLevelProperties,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableProperties,
    TextProperties,
)

from okcore.report.chart import WIDTH, height
from okcore.report.model import Block, BulletList, Chart, Heading, Paragraph, Quote, Report, Table
from okcore.report.picture import chart_png
from okcore.report.writing import clean, language_tag, title_page

#: The chart's width on the page (A4 less the margins), in centimetres.
CHART_CM = 16.0
#: Paragraph styles: name -> (display name, text properties, paragraph properties).
PARAGRAPH_STYLES: dict[str, tuple[str, dict[str, str], dict[str, str]]] = {
    "Title": ("Title", {"fontsize": "24pt", "fontweight": "bold"}, {"textalign": "center"}),
    "Subtitle": ("Subtitle", {"fontsize": "15pt"}, {"textalign": "center"}),
    "Heading_20_1": ("Heading 1", {"fontsize": "18pt", "fontweight": "bold"}, {}),
    "Heading_20_2": ("Heading 2", {"fontsize": "14pt", "fontweight": "bold"}, {}),
    "Heading_20_3": ("Heading 3", {"fontsize": "12pt", "fontweight": "bold"}, {}),
    "Quotations": (
        "Quotations",
        {"fontstyle": "italic"},
        {"marginleft": "1cm", "marginright": "1cm"},
    ),
    "Table_20_Heading": ("Table Heading", {"fontweight": "bold"}, {}),
    "Table_20_Contents": ("Table Contents", {}, {}),
    "Table": ("Table", {"fontweight": "bold"}, {"keepwithnext": "always"}),
    "Figure": ("Figure", {"fontsize": "10pt"}, {}),
}


def _styles(document: Any, report: Report) -> None:
    language, _, country = language_tag(report.language).partition("-")
    default = DefaultStyle(family="paragraph")
    country_properties = {"country": country} if country else {}
    default.addElement(TextProperties(language=language, fontsize="11pt", **country_properties))
    default.addElement(ParagraphProperties(marginbottom="0.2cm"))
    document.styles.addElement(default)
    document.styles.addElement(
        Style(name="Standard", family="paragraph", attributes={"class": "text"})
    )
    for name, (display, text_properties, paragraph_properties) in PARAGRAPH_STYLES.items():
        level = name.rsplit("_", 1)[-1] if name.startswith("Heading") else None
        style = Style(
            name=name,
            displayname=display,
            family="paragraph",
            parentstylename="Standard",
            **({"defaultoutlinelevel": level} if level else {}),
        )
        style.addElement(TextProperties(**text_properties))
        if paragraph_properties:
            style.addElement(ParagraphProperties(**paragraph_properties))
        document.styles.addElement(style)
    bullets = odf_text.ListStyle(name="List_20_Bullet", displayname="List Bullet")
    bullet = odf_text.ListLevelStyleBullet(level=1, bulletchar="•")
    bullet.addElement(ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.5cm"))
    bullets.addElement(bullet)
    document.styles.addElement(bullets)
    # A4, 2 cm margins, the page number in the footer.
    layout = PageLayout(name="A4")
    layout.addElement(
        PageLayoutProperties(
            pagewidth="21cm",
            pageheight="29.7cm",
            printorientation="portrait",
            margintop="2cm",
            marginbottom="2cm",
            marginleft="2cm",
            marginright="2cm",
        )
    )
    document.automaticstyles.addElement(layout)
    centred = Style(name="Footer", family="paragraph", parentstylename="Standard")
    centred.addElement(ParagraphProperties(textalign="center"))
    document.automaticstyles.addElement(centred)
    master = MasterPage(name="Standard", pagelayoutname="A4")
    footer = Footer()
    number = odf_text.P(stylename="Footer")
    number.addElement(odf_text.PageNumber(selectpage="current"))
    footer.addElement(number)
    master.addElement(footer)
    document.masterstyles.addElement(master)
    # Automatic styles: the title page's end, the tables' grid.
    end = Style(name="TitlePageEnd", family="paragraph", parentstylename="Standard")
    end.addElement(ParagraphProperties(breakafter="page"))
    grid = Style(name="Grid", family="table")
    grid.addElement(TableProperties(width="17cm", align="margins"))
    cell = Style(name="GridCell", family="table-cell")
    cell.addElement(TableCellProperties(border="0.5pt solid #6b7280", padding="0.1cm"))
    for style in (end, grid, cell):
        document.automaticstyles.addElement(style)


def _paragraph(value: str, style: str = "Standard") -> Any:
    """A paragraph with the text cleaned; line breaks and tabs kept as ODF's elements."""
    paragraph = odf_text.P(stylename=style)
    teletype.addTextToElement(paragraph, clean(value))
    return paragraph


def _list(items: list[str]) -> Any:
    bullets = odf_text.List(stylename="List_20_Bullet")
    for item in items:
        entry = odf_text.ListItem()
        entry.addElement(_paragraph(item))
        bullets.addElement(entry)
    return bullets


def _title_page(report: Report) -> Iterator[Any]:
    page = title_page(report)
    yield _paragraph(page.title, "Title")
    yield _paragraph(page.program_title, "Subtitle")
    yield _paragraph(page.place_and_year)
    if page.legal_basis:
        yield _paragraph(f"{page.legal_basis_caption}:")
        yield _list(page.legal_basis)
    yield _paragraph(page.data_date, "TitlePageEnd")


def _row(values: list[str], columns: int, row_headers: bool, header: bool) -> Any:
    row = odf_table.TableRow()
    for c, value in enumerate(values + [""] * (columns - len(values))):
        style = "Table_20_Heading" if header or (row_headers and c == 0) else "Table_20_Contents"
        cell = odf_table.TableCell(valuetype="string", stylename="GridCell")
        cell.addElement(_paragraph(value, style))
        row.addElement(cell)
    return row


def _table(table: Table, number: int) -> Iterator[Any]:
    yield _paragraph(table.caption, "Table")
    columns = max([len(table.header), *(len(row) for row in table.rows), 1])
    grid = odf_table.Table(name=f"Table{number}", stylename="Grid")
    grid.addElement(odf_table.Title(text=clean(table.caption)))
    if table.row_headers:
        first = odf_table.TableHeaderColumns()
        first.addElement(odf_table.TableColumn())
        grid.addElement(first)
        if columns > 1:
            grid.addElement(odf_table.TableColumn(numbercolumnsrepeated=columns - 1))
    else:
        grid.addElement(odf_table.TableColumn(numbercolumnsrepeated=columns))
    if table.header:
        header = odf_table.TableHeaderRows()
        header.addElement(_row(table.header, columns, table.row_headers, header=True))
        grid.addElement(header)
    for values in table.rows:
        grid.addElement(_row(values, columns, table.row_headers, header=False))
    yield grid


def _chart(document: Any, chart: Chart, number: int) -> Iterator[Any]:
    href = document.addPicture(f"Pictures/chart-{number}.png", "image/png", chart_png(chart))
    frame = draw.Frame(
        name=f"Chart{number}",
        anchortype="as-char",
        width=f"{CHART_CM}cm",
        height=f"{CHART_CM * height(chart) / WIDTH:.2f}cm",
    )
    frame.addElement(draw.Image(href=href))
    frame.addElement(odf_svg.Title(text=clean(chart.title)))
    frame.addElement(odf_svg.Desc(text=clean(chart.description)))
    holder = odf_text.P(stylename="Standard")
    holder.addElement(frame)
    yield holder
    yield _paragraph(chart.title, "Figure")


def _block(document: Any, block: Block, number: int) -> Iterator[Any]:
    if isinstance(block, Heading):
        heading = odf_text.H(outlinelevel=block.level, stylename=f"Heading_20_{block.level}")
        teletype.addTextToElement(heading, clean(block.text))
        yield heading
    elif isinstance(block, Paragraph):
        yield _paragraph(block.text)
    elif isinstance(block, BulletList):
        yield _list(block.items)
    elif isinstance(block, Quote):
        yield _paragraph(block.text, "Quotations")
        yield _paragraph(f"— {block.source}", "Quotations")
    elif isinstance(block, Table):
        yield from _table(block, number)
    else:
        yield from _chart(document, block, number)


def render(report: Report) -> bytes:
    """The ODT file's bytes."""
    document = OpenDocumentText()
    _styles(document, report)
    document.meta.addElement(dc.Title(text=clean(report.title)))
    document.meta.addElement(dc.Subject(text=clean(report.program_title)))
    document.meta.addElement(dc.Language(text=language_tag(report.language)))
    document.meta.addElement(meta.CreationDate(text=f"{report.data_date.isoformat()}T00:00:00"))
    for element in _title_page(report):
        document.text.addElement(element)
    for number, block in enumerate(report.blocks, start=1):
        for element in _block(document, block, number):
            document.text.addElement(element)
    out = BytesIO()
    document.write(out)
    return out.getvalue()
