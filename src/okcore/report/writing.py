"""What every renderer writes the same way: the title page's lines, the few words a
renderer adds itself, and text made safe for XML.

The blocks carry their own words (the builder's, in the report's language); the renderers
add only the title page's captions and the table of contents' heading, from the same
catalogue (labels.py), so that HTML, PDF, DOCX and ODT say the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from okcore.report import labels
from okcore.report.model import Report

#: What XML 1.0 forbids (DOCX and ODT are XML; HTML parsers reject them too): C0 controls
#: but tab, newline and carriage return, and the two non-characters U+FFFE/U+FFFF. A unit's
#: text pasted from a word processor may hold a vertical tab (\x0b); it must not break a file.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """The text without the characters XML cannot hold."""
    return _FORBIDDEN.sub("", text)


def word(report: Report, key: str) -> str:
    """One of the renderers' words in the report's language (labels.py holds every word)."""
    return labels.word(key, report.language)


@dataclass(frozen=True)
class TitlePage:
    """The title page's text, in reading order; every renderer lays it out its own way."""

    title: str
    program_title: str
    place_and_year: str
    legal_basis_caption: str
    legal_basis: list[str]
    data_date: str


def title_page(report: Report) -> TitlePage:
    """The title page: the report, the programme, the city and year, the legal basis, the
    date of the data (the issue's "title page" list)."""
    place = ", ".join(p for p in (report.city, str(report.year)) if p)
    return TitlePage(
        title=clean(report.title),
        program_title=clean(report.program_title),
        place_and_year=clean(place),
        legal_basis_caption=word(report, "legal_basis"),
        legal_basis=[clean(item) for item in report.legal_basis],
        data_date=f"{word(report, 'data_as_of')} {labels.day(report.data_date, report.language)}",
    )


#: The country an office suite expects with a bare language (its spelling dictionary):
#: the report's languages as the portal has them.
_REGIONS = {"pl": "PL", "uk": "UA", "en": "GB"}


def language_tag(language: str) -> str:
    """The report's language with a region (``pl`` → ``pl-PL``), as DOCX and ODT name one."""
    if "-" in language:
        return language
    region = _REGIONS.get(language.lower())
    return f"{language}-{region}" if region else language
