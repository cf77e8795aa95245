"""Translatable text: a plain string in the source language, or locale -> text."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from okcore.base import CANONICAL

#: BCP 47 language tags as cities use them: ``pl``, ``en``, ``uk``, ``pt-BR``.
LOCALE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
SOURCE_LOCALE = "pl"


def base_language(tag: str | None, known: Container[str], default: str = "en") -> str:
    """The language of a BCP 47 tag among ``known`` ("pl-PL" → "pl"), else ``default``:
    for okcore's own fixed words, which exist in a few languages only."""
    base = (tag or default).split("-")[0].lower()
    return base if base in known else default


def _blank(text: str) -> bool:
    """Whether text is empty or only spaces (``isspace`` stops at the first letter, where
    ``strip`` would copy the text)."""
    return not text or text.isspace()


class LocalizedText:
    """Text shown to people, in one or more locales.

    A plain string is text in the programme's source language; a mapping holds
    translations. Lookups fall back to the source text, so a missing
    translation shows the original rather than nothing.
    """

    __slots__ = ("_plain", "_translations")

    def __init__(self, value: str | Mapping[str, str]) -> None:
        if isinstance(value, str):
            self._plain: str | None = value
            self._translations: dict[str, str] = {}
        else:
            self._plain = None
            self._translations = dict(value)

    @classmethod
    def parse(cls, value: Any) -> LocalizedText:
        if isinstance(value, LocalizedText):
            return value
        if isinstance(value, str):
            if _blank(value):
                raise PydanticCustomError("empty_text", "text is empty")
            return cls(value)
        if isinstance(value, dict | Mapping) and value:  # dict first: no ABC check
            for locale, text in value.items():
                if not isinstance(locale, str) or not LOCALE_PATTERN.match(locale):
                    raise PydanticCustomError(
                        "bad_locale", f"{locale!r} is not a locale code such as 'pl' or 'en'"
                    )
                if not isinstance(text, str) or _blank(text):
                    raise PydanticCustomError(
                        "empty_text", f"text for locale {locale!r} is empty or not a string"
                    )
            return cls(value)
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        raise PydanticCustomError(
            "not_text", f"{shown} is not a text: expected a string or a mapping of locale to string"
        )

    def dump(self) -> str | dict[str, str]:
        return self._plain if self._plain is not None else dict(self._translations)

    def locales(self) -> tuple[str, ...]:
        return tuple(self._translations)

    def has(self, locale: str) -> bool:
        return locale in self._translations

    def get(self, locale: str | None = None, fallbacks: Iterable[str] = (SOURCE_LOCALE,)) -> str:
        """The text in ``locale``, else in the first available fallback, else the source text."""
        return self.resolve(locale, fallbacks)[0]

    def resolve(
        self, locale: str | None = None, fallbacks: Iterable[str] = (SOURCE_LOCALE,)
    ) -> tuple[str, str]:
        """The text ``get`` gives and the language it is in: ``locale`` when translated,
        else the fallback (or first translation) used, so a page can mark text shown in
        another language than its own. A plain string is in the source language: the first
        fallback's (the programme's ``source_locale`` when the caller passes it)."""
        fallbacks = tuple(fallbacks)
        if self._plain is not None:
            return self._plain, fallbacks[0] if fallbacks else SOURCE_LOCALE
        for candidate in (locale, *fallbacks):
            if candidate and candidate in self._translations:
                return self._translations[candidate], candidate
        first = next(iter(self._translations))
        return self._translations[first], first

    def __str__(self) -> str:
        return self.get()

    def __repr__(self) -> str:
        return f"LocalizedText({self.dump()!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LocalizedText) and self.dump() == other.dump()

    def __hash__(self) -> int:
        return hash(self._plain if self._plain is not None else tuple(self._translations.items()))


TEXT_JSON_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "minLength": 1, "description": "Text in the source language"},
        {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": LOCALE_PATTERN.pattern},
            "additionalProperties": {"type": "string", "minLength": 1},
            "description": "Locale code -> text, e.g. {pl: ..., en: ..., uk: ...}",
        },
    ]
}


def _validate_text(value: Any, info: ValidationInfo) -> LocalizedText:
    """:meth:`LocalizedText.parse`, which a document okcore wrote itself from a validated
    model (``CANONICAL``) has passed already."""
    if info.context == CANONICAL and isinstance(value, str | dict):
        return LocalizedText(value)
    return LocalizedText.parse(value)


Text = Annotated[
    LocalizedText,
    PlainValidator(_validate_text),
    PlainSerializer(LocalizedText.dump),
    WithJsonSchema(TEXT_JSON_SCHEMA),
]
