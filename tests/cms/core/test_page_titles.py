"""The ``<title>``: a page's own title and the portal's name; the home page, whatever its
title in a language, the portal's name once (issue 18: "Otwarty Kraków · Otwarty Kraków")."""

from __future__ import annotations

import re
from typing import Any

import pytest

from cms.core.city import portal_name
from cms.core.site import default_site, ensure_home, publish
from cms.programmes.models import ProgrammePage

pytestmark = pytest.mark.django_db


def _title(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.S)
    assert found is not None
    return found.group(1).strip()


@pytest.mark.parametrize("code", ["pl", "en", "uk"])
def test_the_home_page_shows_the_portal_name_once(client: Any, code: str) -> None:
    home = ensure_home()[code]
    home.title = "Strona główna"  # an editor's title that is not the portal's name
    home.seo_title = ""
    publish(home)
    name = portal_name(default_site(), code)
    assert name
    assert _title(client.get(f"/{code}/").content.decode()) == name


def test_another_page_shows_its_title_then_the_portal_name(client: Any) -> None:
    page = ProgrammePage.objects.get(okcore_id="open-krakow-2024-2028", locale__language_code="en")
    name = portal_name(default_site(), "en")
    assert _title(client.get(page.url).content.decode()) == f"{page.title} · {name}"
