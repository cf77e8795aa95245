"""The accessibility statement and the privacy notice (cms.legal): made by the set-up in
every language, linked from every page's footer, the statement in the structure of the act
of 4 April 2019 on digital accessibility (art. 10, art. 11, art. 18)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from clock import NOW
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Page, Site

from cms.core.models import CitySettings
from cms.core.setup import set_up_site
from cms.demo.legal import fill_legal_pages, last_31_march
from cms.legal.models import AccessibilityStatementPage, Compliance, PrivacyNoticePage

LANGUAGES = ("pl", "en", "uk")


@pytest.fixture
def legal(db: Any) -> dict[str, dict[str, Page]]:
    set_up_site()
    fill_legal_pages(NOW.date())
    return {
        "statement": {p.locale.language_code: p for p in AccessibilityStatementPage.objects.live()},
        "notice": {p.locale.language_code: p for p in PrivacyNoticePage.objects.live()},
    }


def _footer(html: str) -> str:
    return html[html.index('<footer class="site-footer">') :]


def test_the_set_up_makes_one_of_each_in_every_language(legal: dict[str, Any]) -> None:
    for kind in ("statement", "notice"):
        assert sorted(legal[kind]) == sorted(LANGUAGES)
    set_up_site()  # again: nothing more
    assert AccessibilityStatementPage.objects.count() == 3
    assert PrivacyNoticePage.objects.count() == 3
    english = legal["statement"]["en"]
    assert english.url == "/en/accessibility-statement/"
    assert legal["notice"]["uk"].url == "/uk/zakhyst-personalnykh-danykh/"


def test_a_home_takes_no_second_statement(legal: dict[str, Any]) -> None:
    home = legal["statement"]["pl"].get_parent().specific
    assert not AccessibilityStatementPage.can_create_at(home)
    second = AccessibilityStatementPage(title="Druga", slug="druga", locale=home.locale)
    with pytest.raises(ValidationError):
        home.add_child(instance=second)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_links_both_in_its_language_in_the_footer(
    legal: dict[str, Any], client: Client, language: str
) -> None:
    statement, notice = legal["statement"][language], legal["notice"][language]
    below_home = Page.objects.live().filter(depth__in=(3, 4), locale__language_code=language)
    paths = [f"/{language}/search/?q=x", *(page.url for page in below_home)]
    assert len(paths) > 5  # the programme's pages, the index pages, these two
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        footer = _footer(response.content.decode())
        assert f'<a href="{statement.url}">{statement.title}</a>' in footer, path
        assert f'<a href="{notice.url}">{notice.title}</a>' in footer, path


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_statement_has_every_section_the_act_requires(
    legal: dict[str, Any], client: Client, language: str
) -> None:
    page = legal["statement"][language]
    html = client.get(page.url).content.decode()
    reviewed = last_31_march(NOW.date()).isoformat()
    # The minister's template's element ids, which its monitoring reads.
    for element in (
        "a11y-wstep",
        "a11y-podmiot",
        "a11y-url",
        "a11y-data-publikacja",
        "a11y-data-aktualizacja",
        "a11y-status",
        "a11y-data-sporzadzenie",
        "a11y-data-deklaracja-przeglad",
        "a11y-kontakt",
        "a11y-osoba",
        "a11y-email",
        "a11y-telefon",
        "a11y-procedura",
        "a11y-architektura",
        "a11y-aplikacje",
    ):
        assert f'id="{element}"' in html, element
    assert f'id="a11y-data-deklaracja-przeglad" datetime="{reviewed}"' in html
    with translation.override(language):
        assert f'<strong id="a11y-status">{gettext("partially compliant")}</strong>' in html
        for text in (
            "Content that is not accessible",
            "Keyboard shortcuts",
            "Requests and complaints about accessibility",
            "Sign language interpreter",
            "The statement was prepared on the basis of a self-assessment carried out by "
            "the public body.",
        ):
            assert gettext(text) in html, text
        procedure = html[html.index('id="a11y-procedura"') :]
        assert "7" in procedure and "2" in procedure
        assert "bip.brpo.gov.pl" in procedure
    assert "Anna Nowak" in html and "dostepnosc@example.org" in html


def test_the_demo_dates_follow_the_clock(legal: dict[str, Any]) -> None:
    page = legal["statement"]["pl"]
    assert page.reviewed_on == last_31_march(NOW.date()) <= NOW.date()
    assert page.compliance == Compliance.PARTIAL
    assert last_31_march(date(2026, 3, 31)) == date(2026, 3, 31)
    assert last_31_march(date(2026, 3, 30)) == date(2025, 3, 31)


def test_an_empty_field_shows_the_city_contact_and_the_standard_text(
    legal: dict[str, Any], client: Client
) -> None:
    CitySettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"accessibility_contact": "a11y@city.example", "contact_phone": "+48 12 1"},
    )
    page = legal["statement"]["en"]
    page.contact_email = page.contact_phone = page.keyboard_shortcuts = page.mobile_apps = ""
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    with translation.override("en"):
        assert gettext("The public body publishes no mobile applications.") in html
    assert 'id="a11y-email" href="mailto:a11y@city.example"' in html
    assert 'id="a11y-telefon" href="tel:+48121"' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_privacy_notice_names_the_basis_and_the_complaint(
    legal: dict[str, Any], client: Client, language: str
) -> None:
    html = client.get(legal["notice"][language].url).content.decode()
    with translation.override(language):
        for text in ("Controller", "Purposes and legal basis", "Your rights"):
            assert gettext(text) in html
    assert "6(1)(a)" in html and "Stawki 2" in html and "iod@example.org" in html
