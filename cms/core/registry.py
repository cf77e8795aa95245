"""The okcore registry as the site sees it: loaded once per process."""

from __future__ import annotations

import logging
from functools import cache

from django.utils import translation

from okcore.registry import Registry
from okcore.text import LocalizedText

log = logging.getLogger("cms.registry")


@cache
def registry() -> Registry:
    """Every installed plugin's contribution; a broken plugin is logged and left out, and the
    others' programmes keep working (okcore's ``Registry.problems``)."""
    loaded = Registry.load()
    for problem in loaded.problems:
        log.error("okcore %s", problem.format())
    return loaded


def text(value: LocalizedText | None, locale: str | None = None) -> str:
    """A translatable okcore text in the given (or active) language, falling back to Polish."""
    if value is None:
        return ""
    return value.get(locale or translation.get_language())
