"""The okcore registry as the site sees it: loaded once per process."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache
from typing import Any, Generic, TypeVar

from django.utils import translation

from okcore.registry import PluginError, Registry
from okcore.text import SOURCE_LOCALE, LocalizedText

log = logging.getLogger("cms.registry")
Input = TypeVar("Input")
Value = TypeVar("Value")


@cache
def registry() -> Registry:
    """Every installed plugin's contribution; a broken plugin is logged and left out, and the
    others' programmes keep working (okcore's ``Registry.problems``)."""
    loaded = Registry.load()
    for problem in loaded.problems:
        log.error("okcore %s", problem.format())
    return loaded


class Derived(Generic[Input, Value]):
    """A value worked out from the registry and one more input (the cities' snapshot, the
    day), kept until the registry is loaded again or the input changes: what 150
    programmes would cost on every request is paid once. Callers never change it. A
    registry changed in place (only tests do) is not noticed: :func:`forget_derived`."""

    def __init__(self, compute: Callable[[Registry, Input], Value]) -> None:
        self.compute = compute
        self.known: tuple[Registry, Input, Value] | None = None
        _derived.append(self)

    def __call__(self, given: Input) -> Value:
        loaded, known = registry(), self.known
        if known is None or known[0] is not loaded or not (known[1] is given or known[1] == given):
            known = self.known = (loaded, given, self.compute(loaded, given))
        return known[2]


_derived: list[Derived[Any, Any]] = []


def forget_derived() -> None:
    """Every derived value worked out again when next asked for (cms.core.cache.clear_memory:
    between tests, and when the process may have missed a change)."""
    for derived in _derived:
        derived.known = None


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
