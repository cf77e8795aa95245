"""Programme text in another language than the page's is marked; a translated programme
page says once that it is unofficial and links to the authoritative source-language page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from cms.core.registry import registry
from cms.core.templatetags.okcore_text import marked_text, translation_notice
from cms.programmes.models import GoalPage, IndicatorPage, ProgrammePage, TaskPage
from okcore.text import LocalizedText

pytestmark = pytest.mark.django_db
PROGRAM = "open-krakow-2024-2028"
NOTICE = "This is an unofficial translation. The Polish text is authoritative."


def test_a_fallback_is_marked_with_its_language_and_escaped() -> None:
    value = LocalizedText({"pl": "Cel <b>1</b>", "en": "Goal <b>1</b>"})
    with translation.override("uk"):
        html = marked_text(value)
        label = gettext("in Polish")
    assert html == f'<span lang="pl">{escape("Cel <b>1</b>")}</span> ' + (
        f'<span class="meta lang-fallback">({label})</span>'
    )
    with translation.override("en"):
        assert marked_text(value) == escape("Goal <b>1</b>")  # in the page's language: as is
    with translation.override("pl"):
        assert marked_text(value) == escape("Cel <b>1</b>")
    with translation.override("en"):
        german = marked_text(LocalizedText({"de": "Ziel"}), source="de")
        assert '<span lang="de">Ziel</span>' in german and "German" in german
    assert marked_text(None) == ""
    with translation.override("uk"):  # a plain string (a citation) is in the source language
        cited = marked_text("Program Tabela 1 poz. 1.1")
    assert cited.startswith('<span lang="pl">Program Tabela 1 poz. 1.1</span> ')
    with translation.override("pl"):
        assert marked_text("Program Tabela 1 poz. 1.1") == "Program Tabela 1 poz. 1.1"
    assert marked_text("") == ""


def test_the_notice_follows_the_programmes_source_language() -> None:
    program = registry().program(PROGRAM)
    page = TaskPage.objects.get(okcore_id=f"{PROGRAM}/goal-1/task-3", locale__language_code="uk")
    source = TaskPage.objects.get(okcore_id=page.okcore_id, locale__language_code="pl")
    with translation.override("pl"):
        assert translation_notice(program, source) == ""  # the source language: no notice
    with translation.override("uk"):
        notice = translation_notice(program, page)
        assert gettext(NOTICE) in notice
        assert f'href="{source.url}" hreflang="pl"' in notice
    english_source = program.model_copy(update={"source_locale": "en"})
    with translation.override("en"):
        assert translation_notice(english_source, page) == ""
    with translation.override("pl"):
        notice = translation_notice(english_source, page)
        assert gettext("This is an unofficial translation. The English text is authoritative.") in (
            notice
        )
        assert 'hreflang="en"' in notice


@pytest.mark.parametrize("code", ["en", "uk"])
def test_every_translated_programme_page_is_in_its_language_with_one_notice(
    client: Any, code: str
) -> None:
    pages = [
        *ProgrammePage.objects.filter(locale__language_code=code),
        *GoalPage.objects.filter(locale__language_code=code),
        *TaskPage.objects.filter(locale__language_code=code),
        *IndicatorPage.objects.filter(locale__language_code=code),
    ]
    assert len(pages) == 1 + 6 + 25 + 10
    with translation.override(code):
        notice = escape(gettext(NOTICE))
    for page in pages:
        html = client.get(page.url).content.decode()
        assert html.count(notice) == 1, page.url
        # A citation of the (Polish) act stays in Polish, marked: it is the one exception.
        citations = re.findall(r'class="(?:meta )?citation">\(?<span lang="pl">', html)
        assert len(citations) == (0 if page.specific_class is GoalPage else 1), page.url
        text = re.sub(r'class="(?:meta )?citation">\(?<span lang="pl">', "", html)
        text_in_polish = re.search(r'<span lang="pl"', text)  # the language links aside
        assert text_in_polish is None, page.url


def test_pl_pages_have_no_notice(client: Any) -> None:
    page = TaskPage.objects.get(okcore_id=f"{PROGRAM}/goal-1/task-3", locale__language_code="pl")
    html = client.get(page.url).content.decode()
    with translation.override("pl"):
        assert escape(gettext(NOTICE)) not in html
    assert 'class="translation-notice"' not in html


def test_an_untranslated_text_is_marked_on_the_page(client: Any) -> None:
    program = registry().program(PROGRAM)
    task = program.goals[0].tasks[2]
    original = task.measures[0]
    polish_only = LocalizedText({"pl": original.get("pl")})
    page = TaskPage.objects.get(okcore_id=f"{PROGRAM}/goal-1/task-3", locale__language_code="uk")
    task.measures[0] = polish_only  # the registry's programme, shared: put back below
    try:
        html = client.get(page.url).content.decode()
    finally:
        task.measures[0] = original
    with translation.override("uk"):
        label = gettext("in Polish")
    expected = f'<span lang="pl">{escape(original.get("pl"))}</span>'
    assert f'{expected} <span class="meta lang-fallback">({label})</span>' in html
    assert escape(original.get("uk")) not in html
