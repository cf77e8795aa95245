"""Search over the public pages of the current language on the request's site: its own
page trees only (cms.core.city.in_site), so one city's search never lists another's.

The query is stemmed in the current language (cms.core.stemming) and matched against the
stems every page is indexed with, so "migranci" finds a page saying "migrantów" and
"мігранти" one saying "мігрантів". Each result shows the passage of the page that
matches, the matching words marked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString
from wagtail.models import Locale, Page

from cms.core.city import in_site, site_of
from cms.core.stemming import StemmedSearch, stem, stems, words

#: Words shown around the first match in a result's snippet.
SNIPPET_WORDS = 30


@dataclass(frozen=True)
class Result:
    page: Page
    snippet: SafeString


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    language = translation.get_language() or "pl"
    terms = list(dict.fromkeys(stems(query, language)))
    results = Page.objects.none()
    if terms:
        locale = Locale.objects.filter(language_code=language).first()
        pages = in_site(Page.objects.live().public(), site_of(request)).specific()
        if locale is not None:
            pages = pages.filter(locale=locale)
        # Every stem must be on the page (the backend's "and"); the stems are words.
        results = pages.search(" ".join(terms), operator="and")
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    shown = [Result(found, snippet(found, set(terms), language)) for found in page]
    return TemplateResponse(
        request, "search/search.html", {"query": query, "results": page, "shown": shown}
    )


def snippet(page: Page, terms: set[str], language: str) -> SafeString:
    """The first passage of the page (its title aside) with a word of the query, cut to a
    few words around it, the query's words in <mark>; "" when only the title matches."""
    title = page.title
    if not isinstance(page, StemmedSearch):
        return SafeString("")
    for passage in page.search_passages(language):
        if passage == title:
            continue
        found = [m for m in words(passage) if stem(m.group(), language) in terms]
        if found:
            return _cut(passage, found)
    return SafeString("")


def _cut(passage: str, found: list[re.Match[str]]) -> SafeString:
    all_words = list(words(passage))
    first = next(i for i, m in enumerate(all_words) if m.start() == found[0].start())
    start_word = max(0, first - SNIPPET_WORDS // 3)
    end_word = min(len(all_words), start_word + SNIPPET_WORDS)
    start = 0 if start_word == 0 else all_words[start_word].start()
    end = len(passage) if end_word == len(all_words) else all_words[end_word - 1].end()
    marked = {m.start(): m.end() for m in found}
    out: list[str] = ["… " if start else ""]
    position = start
    for m in all_words[start_word:end_word]:
        if m.start() in marked:
            out.append(escape(passage[position : m.start()]))
            out.append(f"<mark>{escape(m.group())}</mark>")
            position = m.end()
    out.append(escape(passage[position:end]))
    out.append(" …" if end < len(passage) else "")
    return SafeString("".join(out))
