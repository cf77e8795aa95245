"""``{% load values %}``: ``{{ x|number }}`` for a measured number (cms.core.values)."""

from __future__ import annotations

from django import template

from cms.core import values

register = template.Library()


@register.filter
def number(value: float | int | None) -> str:
    """``163.0`` → ``163``, ``2.5`` → ``2,5`` in Polish, ``None`` → ``—``."""
    return values.number(value)
