"""Shared base for the domain models."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

#: Stable keys: lowercase slugs that survive in iCal UIDs and exports (event kinds,
#: evidence, legal acts, target parts).
SLUG_PATTERN = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=120)]

#: Ids that name something in a URL (programmes, indicators, units, networks, events): only
#: letters, digits and single hyphens, what the site's URL patterns route (Django's
#: ``slug`` converter and the API's lookups); a ``.`` or ``_`` would make an id no page or
#: API path can name (docs/file-format.md, "Ids").
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)
ID_MAX_LENGTH = 120


def _id(value: str) -> str:
    if not ID_RE.fullmatch(value):
        raise PydanticCustomError(
            "not_an_id",
            "'{value}' is not an id: use lowercase letters a-z, digits 0-9 and single hyphens "
            "between them (no '_', '.', spaces or capitals)",
            {"value": value},
        )
    return value


Id = Annotated[
    str,
    StringConstraints(max_length=ID_MAX_LENGTH),
    AfterValidator(_id),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX_LENGTH}),
]


#: The validation context of a document okcore wrote itself from a validated model (the
#: loader's kept documents): its citations are canonical and its texts checked already.
CANONICAL = {"written_by": "okcore"}


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
