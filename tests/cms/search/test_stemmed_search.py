"""The site search finds the words of the issue in any of their forms, in each language
(cms.core.stemming, cms.search): on SQLite and, run by tests/support/postgres.py, on
PostgreSQL."""

from __future__ import annotations

import re
from html import unescape
from io import StringIO
from typing import Any

import pytest
from clock import days
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale
from wagtail.search.models import IndexEntry

from cms.core.site import publish, translation_of
from cms.core.stemming import stem, stems
from cms.news.models import NewsIndexPage, NewsPage
from cms.programmes.models import ProgrammePage, TaskPage

pytestmark = pytest.mark.django_db
PROGRAM = "open-krakow-2024-2028"

#: One news item in three languages, each saying "migrants" in a form other than the query's.
TEXTS = {
    "pl": ("Punkt informacyjny", "Porady prawne dla migrantów i spotkania z migrantami."),
    "en": ("Information point", "Legal advice for a migrant family and her children."),
    "uk": ("Інформаційний пункт", "Юридичні консультації для мігрантів у Кракові."),
}


@pytest.mark.parametrize(
    ("language", "forms"),
    [
        ("pl", ["migranci", "migrantów", "migrantami", "migrantom", "Migrant"]),
        ("pl", ["szkolenia", "szkolenie", "szkoleń", "szkoleniach"]),
        ("pl", ["mowa", "mowy", "mowę", "mowie"]),
        ("pl", ["nienawiść", "nienawiści"]),
        ("en", ["migrants", "migrant", "Migrants"]),
        ("en", ["trainings", "training"]),
        ("uk", ["мігранти", "мігрантів", "мігрантам", "мігрантами", "мігрант"]),
        ("uk", ["мова", "мови", "мові"]),
    ],
)
def test_the_forms_of_a_word_share_a_stem(language: str, forms: list[str]) -> None:
    assert len({stem(form, language) for form in forms}) == 1, [stem(f, language) for f in forms]


def test_numbers_and_other_languages_are_kept_as_words() -> None:
    assert stems("w 2026", "pl")[1] == "2026"
    assert stems("Migranten", "de") == ["migranten"]


def _search(client: Any, language: str, query: str) -> str:
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    return str(response.content.decode())


def _titles(html: str) -> list[str]:
    return [unescape(t) for t in re.findall(r'<li><a href="/[a-z]{2}/[^"]*">([^<]*)</a>', html)]


@pytest.fixture
def news(site: dict[str, Any]) -> dict[str, NewsPage]:
    """The news item of TEXTS in each language, published."""
    index = NewsIndexPage.objects.get(locale__language_code="pl")
    title, body = TEXTS["pl"]
    page = NewsPage(
        title=title, date=days(-3), body=f"<p>{body}</p>", locale=index.locale, slug="punkt"
    )
    index.add_child(instance=page)
    publish(page)
    found = {"pl": page}
    for code in ("en", "uk"):
        title, body = TEXTS[code]
        translated = translation_of(page, Locale.objects.get(language_code=code), title)
        translated.body = f"<p>{body}</p>"
        publish(translated)
        found[code] = translated
    return found


@pytest.mark.parametrize(
    ("language", "query", "title"),
    [
        ("pl", "migranci", TEXTS["pl"][0]),
        ("pl", "migrantów", TEXTS["pl"][0]),
        ("pl", "Migranci", TEXTS["pl"][0]),
        ("en", "migrants", TEXTS["en"][0]),
        ("uk", "мігранти", TEXTS["uk"][0]),
    ],
)
def test_a_word_finds_the_pages_with_its_other_forms(
    client: Any, news: dict[str, NewsPage], language: str, query: str, title: str
) -> None:
    html = _search(client, language, query)
    assert title in _titles(html)
    # The snippet: the passage that matched, the word marked, in the searched language.
    assert "<mark>" in html
    assert TEXTS[language][1].split()[0] in html


def test_results_come_from_the_searched_language_only(
    client: Any, news: dict[str, NewsPage]
) -> None:
    # "Кракові" is on the Ukrainian item only: the Polish search does not list it.
    assert TEXTS["uk"][0] in _titles(_search(client, "uk", "Краків"))
    assert TEXTS["uk"][0] not in _titles(_search(client, "pl", "Кракові"))
    # The Polish item says "migrantów"; the English search for it lists no Polish page.
    assert TEXTS["pl"][0] not in _titles(_search(client, "en", "migrantów"))


def test_the_snippet_marks_the_query_words_and_escapes_the_text(
    client: Any, news: dict[str, NewsPage]
) -> None:
    html = _search(client, "pl", "migranci")
    snippet = re.search(r"<p>(.*?)</p>", html.split("search-results", 1)[1], re.S)
    assert snippet is not None
    assert snippet.group(1) == (
        "Porady prawne dla <mark>migrantów</mark> i spotkania z <mark>migrantami</mark>."
    )


def test_switching_language_keeps_the_query(client: Any, news: dict[str, NewsPage]) -> None:
    html = _search(client, "pl", "migranci")
    assert 'href="/en/search/?q=migranci"' in html
    assert 'href="/uk/search/?q=migranci"' in html


@pytest.mark.parametrize(
    ("query", "page_type", "okcore_id"),
    [
        # Task 1.4: its product "Przeprowadzone szkolenia", its title "prowadzenie szkoleń…".
        ("szkolenia", TaskPage, f"{PROGRAM}/goal-1/task-4"),
        # The risk register on the programme page: "Wzrost mowy nienawiści…".
        ("mowa nienawiści", ProgrammePage, PROGRAM),
    ],
)
def test_the_programme_texts_are_searched_in_their_language(
    client: Any, site: dict[str, Any], query: str, page_type: Any, okcore_id: str
) -> None:
    page = page_type.objects.get(okcore_id=okcore_id, locale__language_code="pl")
    # The synced pages are indexed as they are saved (the session's okcore_sync).
    assert page.title in _titles(_search(client, "pl", query))


def test_a_measure_of_a_task_is_found_though_the_title_lacks_it(
    client: Any, site: dict[str, Any]
) -> None:
    page = TaskPage.objects.get(okcore_id=f"{PROGRAM}/goal-1/task-2", locale__language_code="pl")
    passages = page.search_passages("pl")
    assert page.title in passages
    assert len(passages) > 2  # title, then the task's measures, products, implementers…
    other = next(p for p in passages[1:] if len(p.split()) > 1)
    html = _search(client, "pl", other)
    assert page.title in _titles(html)


def test_the_query_count_does_not_grow_with_the_results(
    client: Any, news: dict[str, NewsPage]
) -> None:
    index = NewsIndexPage.objects.get(locale__language_code="pl")

    def add(count: int) -> None:
        for n in range(count):
            page = NewsPage(
                title=f"Migranci {n}",
                date=days(-n),
                body="<p>Szkolenia dla migrantów.</p>",
                locale=index.locale,
            )
            index.add_child(instance=page)
            publish(page)

    def queries() -> tuple[int, int]:
        """The queries of a search and its number of marked snippets."""
        with CaptureQueriesContext(connection) as captured:
            html = _search(client, "pl", "migranci szkolenie")
        return len(captured), html.count("<mark>migrantów</mark>")

    add(2)
    queries()  # the stemmers loaded, the site's paths cached
    few, snippets = queries()
    add(6)
    queries()  # the menu rebuilt after the new pages
    assert queries() == (few, snippets + 6)


def test_okcore_sync_indexes_the_programme_again(client: Any, site: dict[str, Any]) -> None:
    """A new plugin version may change a task's measures and leave its title, so the sync
    saves no page: the command indexes the programme's pages again all the same."""
    page = TaskPage.objects.get(okcore_id=f"{PROGRAM}/goal-1/task-2", locale__language_code="pl")
    measure = next(p for p in page.search_passages("pl")[1:] if len(p.split()) > 1)
    IndexEntry.objects.filter(object_id__in=[str(p.pk) for p in TaskPage.objects.all()]).delete()
    assert page.title not in _titles(_search(client, "pl", measure))
    call_command("okcore_sync", PROGRAM, stdout=StringIO())
    assert page.title in _titles(_search(client, "pl", measure))
