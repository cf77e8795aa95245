"""The report as PDF, for publication: WeasyPrint lays out the HTML version.

PDF/UA-1 (``pdf_variant``) makes it a tagged PDF: headings, tables with their header
cells, the document's language (/Lang) and title, so a screen reader reads it as the HTML
reads. WeasyPrint needs Debian's Pango (docs/dependencies.md).
"""

from __future__ import annotations

from weasyprint import HTML

from okcore.report import html
from okcore.report.model import Report


def render(report: Report) -> bytes:
    """The PDF file's bytes."""
    pdf: bytes = HTML(string=html.document(report)).write_pdf(pdf_variant="pdf/ua-1")
    return pdf
