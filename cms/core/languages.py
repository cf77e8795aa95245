"""Texts kept by language code in one JSON field (a unit's names, a city's portal name):
the check of their shape and the admin's one-box-per-language field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def language_codes() -> list[str]:
    """The site's languages (settings.LANGUAGES) by code: the one list every app asks."""
    return [code for code, _name in settings.LANGUAGES]


def validate_texts(texts: Any) -> None:
    """Text by language code, only in the site's languages (settings.LANGUAGES)."""
    if not isinstance(texts, dict) or not all(isinstance(text, str) for text in texts.values()):
        raise ValidationError(_("Give the texts by language code."))
    codes = language_codes()
    unknown = sorted(set(texts) - set(codes))
    if unknown:
        raise ValidationError(
            _("No such language on this site: %(codes)s. Use %(known)s.")
            % {"codes": ", ".join(unknown), "known": ", ".join(codes)}
        )


def in_language(texts: dict[str, str], language: str | None) -> str:
    """The text in ``language``, else in Polish (the source language), else empty."""
    return str(texts.get((language or "pl")[:2]) or texts.get("pl") or "")


class PerLanguageWidget(forms.MultiWidget):
    """One text box per language of the site, each labelled with its language."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        self.codes = language_codes()
        widgets = [
            forms.TextInput(attrs={"lang": code, "aria-label": name, "placeholder": name})
            for code, name in settings.LANGUAGES
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[str]:
        texts = value if isinstance(value, dict) else {}
        return [texts.get(code, "") for code in self.codes]


class PerLanguageField(forms.MultiValueField):
    """A text per language of the site; empty ones are left out of the dictionary it gives.
    ``polish_required``: the source language's box must be filled."""

    widget = PerLanguageWidget

    def __init__(self, *, polish_required: bool = False, max_length: int = 255, **kwargs: Any):
        self.codes = language_codes()
        fields = [
            forms.CharField(max_length=max_length, required=polish_required and code == "pl")
            for code in self.codes
        ]
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        kwargs.setdefault("required", polish_required)
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> dict[str, str]:
        # Empty when every box is empty; a required Polish text's absence is then reported.
        pairs = zip(self.codes, data_list or [], strict=False)
        return {code: text for code, text in pairs if text}
