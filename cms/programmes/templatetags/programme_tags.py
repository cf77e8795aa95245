"""Template filters for okcore items read from the registry."""

from __future__ import annotations

from django import template

from cms.core.registry import text as localized
from cms.programmes.presenters import parts_text, target_text
from okcore.program import Target
from okcore.text import LocalizedText

register = template.Library()


@register.filter
def text(value: LocalizedText | None) -> str:
    """An okcore translatable text in the active language (Polish when untranslated)."""
    return localized(value)


@register.filter
def target(value: Target) -> str:
    """The target as the document words it, else in symbols in the active language."""
    return target_text(value)


@register.filter
def parts(components: dict[str, float] | None, target: Target | None) -> str:
    """A compound value's parts, each named as the target names it in the active language."""
    return parts_text(target, components or {})
