"""Citations of legal text in one canonical form: ``351/2026 §3 pt 5``.

Data that stand in a table cite it and its row: ``Program Tabela 1 poz. 2.2``.
The usual ways Polish acts are cited are accepted and normalised to that form
(``351/2026 § 3 pkt 5`` → ``351/2026 §3 pt 5``, ``Art. 5 ust 2`` → ``art. 5 ust. 2``,
``załącznik nr 1`` → ``zał. 1``); the grammar is in docs/file-format.md, "Citations".

Every rule the plugins encode carries one, so a reader can check the rule
against its source paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, ValidationInfo
from pydantic_core import PydanticCustomError

from okcore.base import CANONICAL

_NUMBER = r"\d+[a-z]?"
_NR = r"(?:nr\.?\s*)?"
#: Each part as people write it: keywords in any case, with or without their dot, a space
#: or none before the number, a closing bracket after a point or letter ("pkt 5)", "lit. a)").
_PARTS = {
    "attachment": rf"zał(?:ącznik|\.)?\s*{_NR}(?P<attachment>{_NUMBER})",
    "chapter": rf"rozdz(?:iał|\.)?\s*{_NR}(?P<chapter>{_NUMBER}|[ivxlc]+)",
    "table": rf"(?:tabela|tab\.)\s*{_NR}(?P<table>\d+)",
    "row": r"poz\.?\s*(?P<row>\d+(?:\.\d+)*)",
    "section": rf"§\s*(?P<section>{_NUMBER})",
    "article": rf"art\.?\s*(?P<article>{_NUMBER})",
    "paragraph": rf"ust\.?\s*(?P<paragraph>{_NUMBER})",
    "point": rf"(?:pkt|pt)\.?\s*(?P<point>{_NUMBER})\)?",
    "letter": r"lit\.?\s*(?P<letter>[a-z])\)?",
}
_SEP = r"[\s,]+"
#: Far above any real citation; keeps the pattern's work small on hostile input.
MAX_LENGTH = 300


def _optional(*names: str) -> str:
    return "".join(f"(?:{_SEP}{_PARTS[name]})?" for name in names)


CITATION_PATTERN = re.compile(
    r"^(?P<act>[^\s§,][^§]*?)"
    + _optional("attachment", "chapter")
    + rf"(?:(?:{_SEP}{_PARTS['table']}){_optional('row')}"
    + "|"
    + _optional("article", "section", "paragraph", "point", "letter")
    + r")\s*$",
    re.IGNORECASE,
)
#: An act label never starts like a part of a citation ("art. 5 ust. 2" names no act)...
_KEYWORD = re.compile(r"(?:art|ust|pkt|pt|lit|zał|rozdz|tab|poz)\b", re.IGNORECASE)
#: ...nor holds a part out of its order ("Uchwała ust. 2 §3"); "Dz.U. 2023 poz. 571" is a label.
_MISPLACED = re.compile(r"(?:^|\s)(?:art|ust|pkt|pt|lit)\.?\s*\d", re.IGNORECASE)
_ROMAN = re.compile(r"[ivxlc]+", re.IGNORECASE)
_FORMS = (
    "'<act> [zał. <n>] [rozdz. <n>] [art. <n>] [§<n>] [ust. <n>] [pt <n>] [lit. <x>]' "
    "or '<act> [zał. <n>] Tabela <n> [poz. <row>]', e.g. '351/2026 §3 pt 5', "
    "'Program Tabela 1 poz. 2.2' (docs/file-format.md, \"Citations\")"
)


@dataclass(frozen=True)
class Citation:
    act: str
    section: str | None = None
    paragraph: str | None = None
    point: str | None = None
    letter: str | None = None
    table: str | None = None
    row: str | None = None
    article: str | None = None
    chapter: str | None = None
    attachment: str | None = None

    @classmethod
    def parse(cls, text: str) -> Citation:
        """The citation in any accepted form; ``str()`` gives its canonical form."""
        if len(text) > MAX_LENGTH:
            raise ValueError(f"a citation is at most {MAX_LENGTH} characters")
        match = CITATION_PATTERN.match(" ".join(text.split()))
        parts = match.groupdict() if match else {}
        located = any(
            parts.get(k) for k in ("section", "article", "table", "chapter", "attachment")
        )
        if (
            match is None
            or not located
            or _KEYWORD.match(parts["act"])
            or _MISPLACED.search(parts["act"])
        ):
            raise ValueError(f"{text!r} is not a citation in the form {_FORMS}")
        for name in ("letter", "section", "article", "paragraph", "point", "attachment"):
            if parts[name]:
                parts[name] = parts[name].lower()
        if parts["chapter"] and _ROMAN.fullmatch(parts["chapter"]):
            parts["chapter"] = parts["chapter"].upper()
        return cls(**parts)  # the pattern's groups are the fields

    def __str__(self) -> str:
        parts = [
            self.act,
            self.attachment and f"zał. {self.attachment}",
            self.chapter and f"rozdz. {self.chapter}",
            self.table and f"Tabela {self.table}",
            self.row and f"poz. {self.row}",
            self.article and f"art. {self.article}",
            self.section and f"§{self.section}",
            self.paragraph and f"ust. {self.paragraph}",
            self.point and f"pt {self.point}",
            self.letter and f"lit. {self.letter}",
        ]
        return " ".join(part for part in parts if part)


def _normalise_citation(text: str, info: ValidationInfo) -> str:
    if info.context == CANONICAL:
        return text
    try:
        return str(Citation.parse(text))
    except ValueError as error:
        raise PydanticCustomError("bad_citation", str(error)) from None


#: A citation in a file: any accepted form, stored in the canonical one.
CitationText = Annotated[str, AfterValidator(_normalise_citation)]
