"""Template filters for okcore items read from the registry, and the kept main content."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token

from cms.core.registry import text as localized
from cms.programmes.prepared import kept_fragment
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


class KeptNode(template.Node):
    def __init__(self, nodelist: NodeList, fragment: FilterExpression, kept: FilterExpression):
        self.nodelist = nodelist
        self.fragment = fragment
        self.kept = kept

    def render(self, context: template.Context) -> str:
        return kept_fragment(
            self.fragment.resolve(context),
            self.kept.resolve(context, ignore_failures=True),
            lambda: self.nodelist.render(context),
        )


@register.tag
def keep(parser: Parser, token: Token) -> Any:
    """``{% keep fragment kept %}…{% endkeep %}``: the page's main content, kept under the
    key ``fragment`` unless ``kept`` (its parts) says their inputs moved while they were
    rendered (cms.programmes.prepared.kept_fragment); Django's ``{% cache %}`` keeps
    whatever it rendered."""
    _tag, fragment, kept = token.split_contents()
    nodelist = parser.parse(("endkeep",))
    parser.delete_first_token()
    return KeptNode(nodelist, parser.compile_filter(fragment), parser.compile_filter(kept))
