"""The okcore registry as the site sees it: loaded once per process."""

from __future__ import annotations

import logging
from functools import cache

from django.utils import translation

from okcore.registry import PluginError, Registry
from okcore.text import SOURCE_LOCALE, LocalizedText

log = logging.getLogger("cms.registry")


@cache
def registry() -> Registry:
    """Every installed plugin's contribution; a broken plugin is logged and left out, and the
    others' programmes keep working (okcore's ``Registry.problems``)."""
    loaded = Registry.load()
    for problem in loaded.problems:
        log.error("okcore %s", problem.format())
    return loaded


def choices_registry() -> Registry:
    """The registry for model fields' choices, which Django's system checks read: empty while
    OKCORE_PLUGINS names a plugin that is not installed, so that the check okcore.E001
    (cms.core.checks) reports the name rather than a crash in the fields' checks."""
    try:
        return registry()
    except PluginError:
        return Registry.load(only=[])


def text(value: LocalizedText | None, locale: str | None = None) -> str:
    """A translatable okcore text in the given (or active) language, falling back to Polish."""
    if value is None:
        return ""
    return value.get(locale or translation.get_language())


def resolve(
    value: LocalizedText, locale: str | None = None, source: str = SOURCE_LOCALE
) -> tuple[str, str]:
    """The text ``text`` shows and the language it is in (``source``, the programme's
    ``source_locale``, when it fell back), for pages that mark text in another language."""
    return value.resolve(locale or translation.get_language(), fallbacks=(source,))
