"""Template filters for okcore items read from the registry."""

from __future__ import annotations

from django import template

from cms.core.registry import text as localized
from okcore.text import LocalizedText

register = template.Library()


@register.filter
def text(value: LocalizedText | None) -> str:
    """An okcore translatable text in the active language (Polish when untranslated)."""
    return localized(value)
