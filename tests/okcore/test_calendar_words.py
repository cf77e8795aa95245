"""A deadline's description in the feed's language ("Source:… Period:…" was always English)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from okcore.legal import Bearer, Deadline
from okcore.services.calendar import WORDS, deadline_component, word
from okcore.text import LocalizedText

STAMP = datetime(2026, 1, 1, tzinfo=UTC)


def _deadline(**extra: object) -> Deadline:
    return Deadline(
        obligation="report",
        title=LocalizedText({"pl": "Sprawozdanie", "en": "Report"}),
        due=date(2027, 4, 30),
        source="Program §6 ust. 8",
        bearer=Bearer.COORDINATOR,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        **extra,
    )


@pytest.mark.parametrize(
    ("locale", "source", "period", "law"),
    [
        ("pl", "Źródło", "Okres", "Termin wynika z przepisów"),
        ("en", "Source", "Period", "Date set by law"),
        ("uk", "Джерело", "Період", "Строк визначено законодавством"),
        ("de", "Source", "Period", "Date set by law"),  # no words: English
    ],
)
def test_a_deadline_is_described_in_the_feed_language(
    locale: str, source: str, period: str, law: str
) -> None:
    description = str(deadline_component(_deadline(), locale, "x.invalid", STAMP)["description"])
    assert description.splitlines() == [
        f"{source}: Program §6 ust. 8",
        f"{period}: 2026-01-01 – 2026-12-31",
        f"{law}: Program §6 ust. 8",
    ]


def test_every_word_is_in_every_language() -> None:
    for key, words in WORDS.items():
        assert set(words) == {"pl", "en", "uk"}, key
        assert word(key, "uk-UA") == words["uk"]
