"""Wagtail's and wagtail-localize's pl and uk catalogues lack strings; cms/locale_vendor
fills them, so the Polish admin shows no English and the Ukrainian one no Polish (Django
falls back to LANGUAGE_CODE's catalogue: "Akcje" in a Ukrainian admin)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import polib  # type: ignore[import-untyped]  # wagtail-localize's dependency
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page
from wagtail.users.models import UserProfile

from cms.locale_vendor import build

REGENERATE = (
    "DJANGO_SETTINGS_MODULE=cms.settings.dev python cms/locale_vendor/build.py, "
    "translate the empty entries, then python cms/locale_vendor/build.py --compile"
)


@pytest.mark.parametrize("domain", build.DOMAINS)
@pytest.mark.parametrize("language", build.LANGUAGES)
def test_every_upstream_string_has_a_translation(language: str, domain: str) -> None:
    """Every msgid of Wagtail's and wagtail-localize's en catalogues is in the merged one."""
    gaps = build.missing(language, domain, [Path(p) for p in settings.LOCALE_PATHS])
    listed = "\n".join(f"{m.msgctxt or ''}|{m.msgid}" for m in gaps)
    assert gaps == [], f"untranslated in {language}/{domain}:\n{listed}\nRun: {REGENERATE}"


@pytest.mark.parametrize("language", build.LANGUAGES)
def test_the_vendor_catalogue_holds_translations_only(language: str) -> None:
    for domain in build.DOMAINS:
        po = polib.pofile(str(build.vendor_po(language, domain)))
        assert po.metadata["Plural-Forms"] == build._plural_forms(language)
        assert [e.msgid for e in po if not e.translated() or e.fuzzy] == []
        assert build.vendor_po(language, domain).with_suffix(".mo").exists()


def test_the_merged_catalogue_answers_in_the_readers_language() -> None:
    with translation.override("uk"):
        assert translation.gettext("Usage count") == "Кількість використань"
        assert translation.gettext("Actions") == "Дії"
    with translation.override("pl"):
        assert translation.gettext("Autosave is paused") == "Autozapis wstrzymany"
        pages = translation.ngettext("%(num_pages)d page", "%(num_pages)d pages", 5)
        assert pages == "%(num_pages)d stron"


def test_the_admin_javascript_catalogue_has_them(db: Any, make_user: Any) -> None:
    client = _client(make_user("root", is_superuser=True), "uk")
    body = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    assert "\\u0413\\u043e\\u043b\\u043e\\u0432\\u043d\\u0435 \\u043c\\u0435\\u043d\\u044e" in body
    assert "G\\u0142\\u00f3wne menu" not in body  # Polish "Główne menu"


TAG_TEXT = re.compile(r">\s*([^<>]+?)\s*<|(?:aria-label|title|placeholder)=\"([^\"]+)\"")
POLISH = {"Akcje", "Szukaj", "Sortuj", "Tytuł", "Status", "Typ", "Zaktualizowano", "Brak"}


def _client(user: Any, language: str) -> Client:
    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(preferred_language=language)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def _texts(content: str) -> set[str]:
    return {html.unescape(a or b).strip() for a, b in TAG_TEXT.findall(content)}


def _vendor(language: str, field: str) -> set[str]:
    po = polib.pofile(str(build.vendor_po(language, "django")))
    return {getattr(e, field) for e in po if not e.msgid_plural and "%" not in e.msgid}


@pytest.mark.parametrize("language", build.LANGUAGES)
def test_the_page_listing_speaks_one_language(
    site: dict[str, Any], make_user: Any, language: str
) -> None:
    client = _client(make_user("root", is_superuser=True), language)
    home = Page.objects.get(depth=2, locale__language_code="pl")
    response = client.get(reverse("wagtailadmin_explore", args=[home.pk]))
    assert response.status_code == 200
    texts = _texts(response.content.decode())
    if language == "uk":
        # Polish is the fallback: neither Wagtail's Polish nor our vendor Polish shows.
        foreign = POLISH | (_vendor("pl", "msgstr") - _vendor("uk", "msgstr"))
    else:
        foreign = {"Actions", "Search", "Sort"} | (_vendor("pl", "msgid") - _vendor("pl", "msgstr"))
    assert texts & foreign == set()
