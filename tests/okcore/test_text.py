from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from okcore.text import LocalizedText, Text


class Holder(BaseModel):
    text: Text


def test_plain_string_is_source_text() -> None:
    text = Holder(text="Kraków").text
    assert text.get("uk") == "Kraków"
    assert text.dump() == "Kraków"


def test_translations_fall_back_to_the_source() -> None:
    text = Holder(text={"pl": "Cel", "en": "Goal"}).text
    assert text.get("en") == "Goal"
    assert text.get("uk") == "Cel"
    assert text.get() == "Cel"
    assert text.locales() == ("pl", "en")


def test_round_trip_through_json() -> None:
    holder = Holder(text={"pl": "Cel", "uk": "Ціль"})
    assert Holder.model_validate_json(holder.model_dump_json()) == holder


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "text is empty"),
        (" \n\t\u00a0", "text is empty"),
        ({}, "is not a text"),
        ({"PL": "x"}, "'PL' is not a locale code"),
        ({"pl": ""}, "text for locale 'pl' is empty"),
        ({"pl": "  "}, "text for locale 'pl' is empty"),
        ({"pl": "x", "en-": "y"}, "'en-' is not a locale code"),
        (42, "42 is not a text"),
    ],
)
def test_bad_text_is_refused_with_a_reason(value: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Holder(text=value)


def test_equality_and_hash() -> None:
    assert LocalizedText({"pl": "a"}) == LocalizedText({"pl": "a"})
    assert len({LocalizedText("a"), LocalizedText("a")}) == 1


def test_resolve_says_which_language_the_text_is_in() -> None:
    text = LocalizedText({"pl": "Cel", "en": "Goal"})
    assert text.resolve("en") == ("Goal", "en")
    assert text.resolve("uk") == ("Cel", "pl")  # a fallback, marked as Polish
    assert text.resolve("uk", fallbacks=("en", "pl")) == ("Goal", "en")
    assert text.resolve(None) == ("Cel", "pl")
    assert LocalizedText({"de": "Ziel"}).resolve("uk") == ("Ziel", "de")  # no fallback held
    assert LocalizedText("Cel").resolve("en") == ("Cel", "pl")  # plain: the source language
    assert LocalizedText("Meta").resolve("en", fallbacks=("pt",)) == ("Meta", "pt")
    assert text.get("uk") == text.resolve("uk")[0]
