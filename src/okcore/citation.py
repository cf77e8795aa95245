"""Citations of legal text in one canonical form: ``351/2026 §3 pt 5``.

Data that stand in a table cite it and its row: ``Program Tabela 1 poz. 2.2``.

Every rule the plugins encode carries one, so a reader can check the rule
against its source paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

CITATION_PATTERN = re.compile(
    r"^(?P<act>[^\s§]+(?: [^\s§]+)*?) (?:§(?P<section>\d+[a-z]?)"
    r"(?: ust\. (?P<paragraph>\d+[a-z]?))?"
    r"(?: pt (?P<point>\d+[a-z]?))?"
    r"(?: lit\. (?P<letter>[a-z]))?"
    r"|Tabela (?P<table>\d+)(?: poz\. (?P<row>\d+(?:\.\d+)*))?)$"
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

    @classmethod
    def parse(cls, text: str) -> Citation:
        match = CITATION_PATTERN.match(text)
        if match is None:
            raise ValueError(
                f"{text!r} is not a citation in the form '<act> §<n>[ ust. <n>][ pt <n>]' "
                "or '<act> Tabela <n>[ poz. <row>]', e.g. '351/2026 §3 pt 5', "
                "'Program Tabela 1 poz. 2.2'"
            )
        return cls(**match.groupdict())

    def __str__(self) -> str:
        if self.table:
            return f"{self.act} Tabela {self.table}" + (f" poz. {self.row}" if self.row else "")
        parts = [f"{self.act} §{self.section}"]
        if self.paragraph:
            parts.append(f"ust. {self.paragraph}")
        if self.point:
            parts.append(f"pt {self.point}")
        if self.letter:
            parts.append(f"lit. {self.letter}")
        return " ".join(parts)


def _check_citation(text: str) -> str:
    try:
        Citation.parse(text)
    except ValueError as error:
        raise PydanticCustomError("bad_citation", str(error)) from None
    return text


CitationText = Annotated[str, AfterValidator(_check_citation)]
