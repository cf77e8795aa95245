"""The admin's delivery form, built from the unit's form fields (okcore.services.deliveries).

The plugin data declare the fields (okcore.deliveries); this turns each into the Django
field that edits its type, in the user's language, so the browser already refuses what
the services would refuse (a negative amount, a date that is none). The services stay the
judge: every field is optional here (a draft may leave required ones empty) and the
submission's own check names what is still missing (cms.deliveries.services.submit).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cms.core.registry import text
from okcore.deliveries import FieldType
from okcore.services.deliveries import MAX_FILES, MAX_TEXT, FormField

#: Largest amount the services take (okcore.services.deliveries: below 10**15).
MONEY_DIGITS = 17


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe): a list of uploads."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(
                _("At most %(count)s files in one field.") % {"count": MAX_FILES}
            )
        return [super(MultipleFileField, self).clean(upload, initial) for upload in uploads]


def _field(spec: FormField, locale: str) -> forms.Field:
    """The Django field for one form field; never required here (see the module)."""
    common: dict[str, Any] = {
        "label": spec.label.get(locale),
        "help_text": spec.help.get(locale) if spec.help else "",
        "required": False,
    }
    kind = spec.type
    if kind is FieldType.MONEY:
        return forms.DecimalField(
            min_value=Decimal(0), decimal_places=2, max_digits=MONEY_DIGITS, **common
        )
    if kind is FieldType.NUMBER:
        return forms.FloatField(**common)
    if kind is FieldType.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind is FieldType.URL:
        return forms.URLField(assume_scheme="https", max_length=2000, **common)
    if kind is FieldType.CHOICE:
        choices = [("", "—"), *((c.value, c.label.get(locale)) for c in spec.choices)]
        return forms.ChoiceField(choices=choices, **common)
    if kind is FieldType.FILE:
        return MultipleFileField(**common)
    widget = forms.Textarea(attrs={"rows": 4}) if spec.multiline else forms.TextInput
    return forms.CharField(max_length=MAX_TEXT, widget=widget, **common)


@dataclass
class Group:
    """The fields of one repeated group (a person, a task), or the form's own (heading None)."""

    heading: str | None
    fields: list[forms.BoundField]


class DeliveryForm(forms.Form):
    """What the unit fills in for one duty; ``stored`` are the delivery's values so far."""

    def __init__(
        self,
        specs: Sequence[FormField],
        *args: Any,
        stored: Mapping[str, Any] | None = None,
        attachments: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        locale = get_language() or "pl"
        self.specs = {spec.name: spec for spec in specs}
        #: Attachment id -> file name, for the files already sent with the delivery.
        self.attachments = dict(attachments or {})
        stored = stored or {}
        for spec in specs:
            field = _field(spec, locale)
            field.required_mark = spec.required  # type: ignore[attr-defined]  # shown by the template
            value = stored.get(spec.name, spec.initial)
            if spec.type is not FieldType.FILE and value not in (None, ""):
                field.initial = value
            self.fields[spec.name] = field
        self._locale = locale

    def groups(self) -> Iterator[Group]:
        """The fields in the form's order, one group per person or task."""
        current: Group | None = None
        for name, spec in self.specs.items():
            heading = spec.group_label.get(self._locale) if spec.group_label else None
            if current is None or current.heading != heading:
                if current is not None:
                    yield current
                current = Group(heading, [])
            current.fields.append(self[name])
        if current is not None:
            yield current

    def kept(self, name: str, stored: Mapping[str, Any]) -> list[str]:
        """The attachment ids of a file field the user did not tick for removal."""
        data = self.data
        removed = set(data.getlist(f"{name}__remove")) if isinstance(data, QueryDict) else set()
        return [str(ref) for ref in stored.get(name, []) if str(ref) not in removed]

    def values(self) -> dict[str, Any]:
        """The cleaned values as the services take them (files apart: the view adds them)."""
        found: dict[str, Any] = {}
        for name, spec in self.specs.items():
            value = self.cleaned_data.get(name)
            if spec.type is FieldType.FILE or value in (None, ""):
                continue
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = f"{value:.2f}"
            found[name] = value
        return found

    def add_service_errors(self, messages: Sequence[str]) -> None:
        """Put the services' "field: what is wrong" messages on their fields."""
        for message in messages:
            name, _sep, rest = message.partition(": ")
            if name in self.fields and rest:
                self.add_error(name, rest)
            else:
                self.add_error(None, message)


def file_names(form: DeliveryForm, stored: Mapping[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """Per file field, its stored attachments (id, name): the template lists them."""
    return {
        name: [(str(ref), form.attachments.get(str(ref), str(ref))) for ref in stored.get(name, [])]
        for name, spec in form.specs.items()
        if spec.type is FieldType.FILE
    }


def display_value(spec: FormField, value: Any, locale: str | None = None) -> str:
    """A stored value as SZ reads it: a choice by its label, the rest as stored."""
    if value in (None, "", []):
        return ""
    if spec.type is FieldType.CHOICE:
        for choice in spec.choices:
            if choice.value == value:
                return text(choice.label, locale)
    return str(value)
