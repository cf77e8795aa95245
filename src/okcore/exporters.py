"""Exporters that plugins contribute to ``okcore export``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from okcore.base import ID_RE, Id

if TYPE_CHECKING:
    from okcore.program import Measurement, Program
    from okcore.registry import Registry


@dataclass(frozen=True)
class ExportRequest:
    program: Program
    year: int
    format: str
    compare_year: int | None = None
    measurements: Sequence[Measurement] = ()
    locale: str | None = None


class ExportError(Exception):
    """Bad input to an exporter; the message names what is wrong."""


@dataclass(frozen=True)
class Exporter:
    """A named export: which formats it writes and the function that writes them.

    ``render`` returns the whole file as bytes, so the CLI writes it atomically
    and never leaves half a file behind.
    """

    name: Id
    description: str
    formats: tuple[str, ...]
    render: Callable[[Registry, ExportRequest], bytes]

    def __post_init__(self) -> None:
        """The name is part of the API's addresses (``exports/<name>``): it must be an id."""
        if not ID_RE.fullmatch(self.name):
            raise ValueError(
                f"exporter name {self.name!r} is not an id: use lowercase letters a-z, "
                "digits 0-9 and single hyphens between them"
            )
