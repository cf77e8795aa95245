"""Strings people see on pl/uk pages are translated: marked where makemessages finds them,
with a Polish and a Ukrainian entry (review1: the chart's "target:" tooltip)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from cms.programmes.models import ProgrammePage

CMS = Path(__file__).resolve().parents[3] / "cms"


def _gettext_in_f_strings() -> set[str]:
    """Where ``_("…")`` sits inside an f-string: xgettext does not look there, so the next
    makemessages leaves the string out of the catalogues and it shows in English."""
    found = set()
    for path in CMS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and getattr(inner.func, "id", "") == "_":
                    found.add(f"{path.relative_to(CMS)}:{inner.lineno}")
    return found


def test_no_translated_string_hides_in_an_f_string() -> None:
    assert _gettext_in_f_strings() == set()


@pytest.mark.parametrize(
    ("language", "tooltip"), [("pl", "wartość oczekiwana: "), ("uk", "цільове значення: ")]
)
def test_the_charts_target_tooltip_is_translated(
    client: Any, db: Any, language: str, tooltip: str
) -> None:
    page = ProgrammePage.objects.get(
        okcore_id="open-krakow-2024-2028", locale__language_code=language
    )
    html = client.get(page.url).content.decode()
    assert f"<title>{tooltip}" in html
