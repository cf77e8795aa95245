"""Shared base for the domain models."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints

#: Stable identifiers: lowercase slugs that survive in URLs, iCal UIDs and exports.
SLUG_PATTERN = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]
SLUG_RE = re.compile(SLUG_PATTERN)


class Model(BaseModel):
    """Immutable, strict about unknown keys: a typo in a file is an error, not a silent loss."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )

    def as_document(self) -> dict[str, Any]:
        """Plain JSON data the loader reads back: derived values (a risk's level) left out."""
        return self.model_dump(mode="json", exclude_computed_fields=True)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, located by a path such as ``goals[2].tasks[0]``."""

    path: str
    message: str

    def format(self, source: str | None = None) -> str:
        location = ": ".join(part for part in (source, self.path) if part)
        return f"{location}: {self.message}" if location else self.message


def format_path(parts: tuple[int | str, ...] | list[int | str]) -> str:
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
