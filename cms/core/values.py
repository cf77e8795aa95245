"""Measured values as a reader reads them, in one place for every screen.

Admin lists, the submit/approve/return pages, SZ's inbox and public pages show a value
with :func:`number` (``163``, not ``163.0``; ``2,5`` in Polish) and a compound value's
parts with :func:`parts`, each part named by its label in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils import formats

from cms.core.registry import text
from okcore.program import Target


def number(value: float | int | None) -> str:
    """A number with the active locale's decimal separator, whole numbers without
    decimals; "—" for no value."""
    if value is None or isinstance(value, bool):
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(formats.number_format(value))


def part_label(part: Target) -> str:
    """A part of a compound target as a reader names it: its unit ("meetings") in the
    active language, else its key."""
    return text(part.unit) or str(part.key)


def parts(components: Mapping[str, float], target: Target | None = None) -> str:
    """A compound value, part by part ("meetings: 1; participants: 22"), in the target's
    order and by the parts' labels when the target is known."""
    known = {str(p.key): p for p in target.components} if target is not None else {}
    order = [k for k in known if k in components] + [k for k in components if k not in known]
    return "; ".join(
        f"{part_label(known[key]) if key in known else key}: {number(components[key])}"
        for key in order
    )


def measured(
    value: float | None, components: Mapping[str, float] | None, target: Target | None = None
) -> str:
    """A measurement's value: the number, or its parts; "—" for neither."""
    if value is not None:
        return number(value) + (target.percent_sign if target is not None else "")
    if components:
        return parts(components, target)
    return "—"
