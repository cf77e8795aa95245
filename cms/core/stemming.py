"""Stems for the site search: every page is indexed with the stems of its text in its own
language, and a query is stemmed the same way, so "migranci" finds "migrantów".

Wagtail's database backend (SQLite FTS5, PostgreSQL tsvector) matches whole words and
stems no Polish or Ukrainian (PostgreSQL has no Polish configuration; SQLite stems nothing).
So the stemming is done here, the same on both databases, and the backend only matches
the stems: a page model lists ``STEMS`` in its ``search_fields`` and inherits
``StemmedSearch``; cms.search stems the query with :func:`stems` in the searched language.

- Polish: pystempel with its PoliMorf table (the Stempel stemmer of Lucene);
- English: Snowball's English (Porter 2) stemmer (snowballstemmer);
- Ukrainian: simplemma's dictionary lemmatiser (Snowball has no Ukrainian);
- other languages: lower-cased words, unstemmed.

Each stemmer is loaded the first time a text in its language is indexed or searched
(PoliMorf takes a few seconds and about 180 MB; docs/administrators-guide.md).
"""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

import simplemma
import snowballstemmer
from pystempel import Stemmer
from pystempel.streams import DataInputStream
from wagtail.search import index

#: A word: letters and digits, with inner apostrophes (Ukrainian "пам'ять", English "city's").
WORD = re.compile(r"\w+(?:['’ʼ]\w+)*")

#: The name of the indexed field with the stems (a method of StemmedSearch).
STEMS_FIELD = "search_stems"
STEMS = index.SearchField(STEMS_FIELD)


def words(text: str) -> Iterator[re.Match[str]]:
    """The words of a text, as matches (their place in the text is needed for snippets)."""
    return WORD.finditer(text)


@cache
def _polish() -> Callable[[str], str | None]:
    # The table is read from memory: pystempel's own loader reads the file through a
    # progress bar two bytes at a time, which takes twice as long.
    table = files("pystempel.data.polimorf").joinpath("stemmer_polimorf.tbl.gz").read_bytes()
    stemmer: Callable[[str], str | None] = Stemmer.from_stream(
        DataInputStream(io.BytesIO(gzip.decompress(table)))
    )
    return stemmer


@cache
def _english() -> Callable[[str], str]:
    stemmer: Any = snowballstemmer.stemmer("english")
    return stemmer.stemWord  # type: ignore[no-any-return]


def _ukrainian(word: str) -> str:
    return str(simplemma.lemmatize(word, lang="uk"))


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The stem of one word (lower case) in a language ("pl", "en", "uk")."""
    word = word.lower().replace("’", "'").replace("ʼ", "'")
    if any(c.isdigit() for c in word):
        return word
    if language == "pl":
        return (_polish()(word) or word).lower()
    if language == "en":
        return _english()(word)
    if language == "uk":
        return _ukrainian(word).lower()
    return word


def stems(text: str, language: str) -> list[str]:
    """The stems of a text's words, in order."""
    return [stem(m.group(), language) for m in words(text)]


def stemmed(texts: Iterable[str], language: str) -> str:
    """The distinct stems of texts, one string (what the index stores)."""
    return " ".join(dict.fromkeys(s for text in texts for s in stems(text, language)))


class StemmedSearch:
    """A page indexed with the stems of its text (``STEMS`` in its ``search_fields``).

    ``search_passages`` gives the page's text in a language: by default the values of its
    other search fields (rich text as plain text); pages whose text lives elsewhere (the
    programme's, in okcore) add theirs. The search results show a passage of it.
    """

    def search_passages(self, language: str) -> list[str]:
        passages: list[str] = []
        for field in self.get_search_fields():  # type: ignore[attr-defined]
            if not isinstance(field, index.SearchField) or field.field_name == STEMS_FIELD:
                continue
            passages.extend(_strings(field.get_value(self)))
        return [p for p in passages if p.strip()]

    def search_stems(self) -> str:
        language: str = self.locale.language_code  # type: ignore[attr-defined]
        return stemmed(self.search_passages(language), language)


def _strings(value: Any) -> Iterator[str]:
    if value is None:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    else:
        yield str(value)
