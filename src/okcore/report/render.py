"""The report's file formats by name: what the command line's ``--format`` and the site's
downloads offer, with each one's file extension, media type and renderer.

PDF, DOCX and ODT need the ``report`` extra (WeasyPrint, python-docx, odfpy, CairoSVG):
their renderers are imported when a file is made, so okcore without the extra still
imports this module and writes HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from okcore.report import html
from okcore.report.model import Report


@dataclass(frozen=True)
class Format:
    extension: str
    media_type: str
    render: Callable[[Report], bytes]


def _pdf(report: Report) -> bytes:
    from okcore.report import pdf

    return pdf.render(report)


def _docx(report: Report) -> bytes:
    from okcore.report import docx

    return docx.render(report)


def _odt(report: Report) -> bytes:
    from okcore.report import odt

    return odt.render(report)


FORMATS: dict[str, Format] = {
    "html": Format("html", "text/html; charset=utf-8", html.render),
    "pdf": Format("pdf", "application/pdf", _pdf),
    "docx": Format(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _docx,
    ),
    "odt": Format("odt", "application/vnd.oasis.opendocument.text", _odt),
}
