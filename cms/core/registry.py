"""The okcore registry as the site sees it: loaded once per process."""

from __future__ import annotations

from functools import cache

from django.utils import translation

from okcore.registry import Registry
from okcore.text import LocalizedText


@cache
def registry() -> Registry:
    return Registry.load()


def text(value: LocalizedText | None, locale: str | None = None) -> str:
    """A translatable okcore text in the given (or active) language, falling back to Polish."""
    if value is None:
        return ""
    return value.get(locale or translation.get_language())
