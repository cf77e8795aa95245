"""What a unit delivers to fulfil an obligation: the form's fields, declared in plugin data.

A city declares, next to each obligation, the small list of fields its units fill in
(``delivery:`` in the network file, docs/file-format.md "Deliveries"), so another city's
obligations get forms, API payloads and checks without Python code. The expansion of a
form for one unit and its checking are in :mod:`okcore.services.deliveries`.
"""

from __future__ import annotations

import enum

from pydantic import Field, model_validator

from okcore.base import Model
from okcore.text import Text

#: Field names: lowercase letters, digits and underscores, as JSON keys and HTML names.
FIELD_NAME_PATTERN = r"^[a-z][a-z0-9_]*$"


class FieldType(enum.StrEnum):
    TEXT = "text"
    NUMBER = "number"
    MONEY = "money"  # an amount in the city's currency, two decimals at most, not below zero
    DATE = "date"
    URL = "url"
    FILE = "file"  # attachments: private, kept by the site, never at a public address
    CHOICE = "choice"


class FieldChoice(Model):
    value: str = Field(pattern=FIELD_NAME_PATTERN, max_length=60)
    label: Text


class Prefill(enum.StrEnum):
    """What a field repeated for each coordinator and deputy is filled in with."""

    FIRST_NAME = "first_name"
    SURNAME = "surname"
    FUNCTION = "function"
    PHONE = "phone"
    EMAIL = "email"


class DeliveryField(Model):
    """One field of a delivery form."""

    name: str = Field(pattern=FIELD_NAME_PATTERN, max_length=60)
    label: Text
    type: FieldType = FieldType.TEXT
    required: bool = False
    multiline: bool = Field(default=False, description="A text field of several lines")
    help: Text | None = None
    choices: list[FieldChoice] = Field(default_factory=list, description="For type 'choice'")
    prefill: Prefill | None = Field(
        default=None, description="For fields repeated per person: the record's value"
    )

    @model_validator(mode="after")
    def _choices(self) -> DeliveryField:
        if self.type is FieldType.CHOICE and not self.choices:
            raise ValueError(f"field {self.name!r} is a choice and needs 'choices'")
        if self.type is not FieldType.CHOICE and self.choices:
            raise ValueError(f"field {self.name!r} has choices but is of type {self.type}")
        return self


class Repeat(enum.StrEnum):
    """Fields filled in once per ..."""

    PEOPLE = "people"  # coordinator and deputies in post, pre-filled from their records
    TASKS = "tasks"  # programme task the unit implements (Table 1's implementers)


class DeliveryForm(Model):
    """The form of an obligation's delivery: fields once, and fields repeated ``each``."""

    fields: list[DeliveryField] = Field(default_factory=list)
    each: Repeat | None = Field(default=None, description="'people' or 'tasks'")
    each_fields: list[DeliveryField] = Field(
        default_factory=list, description="Fields repeated for each person or task"
    )

    @model_validator(mode="after")
    def _shape(self) -> DeliveryForm:
        if bool(self.each) != bool(self.each_fields):
            raise ValueError("'each' and 'each_fields' go together")
        if not self.fields and not self.each_fields:
            raise ValueError("a delivery form needs at least one field")
        names = [f.name for f in [*self.fields, *self.each_fields]]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"field names used twice: {', '.join(twice)}")
        if self.each is not Repeat.PEOPLE and any(f.prefill for f in self.each_fields):
            raise ValueError("'prefill' is for fields repeated for each person (each: people)")
        if any(f.prefill for f in self.fields):
            raise ValueError("'prefill' is for fields repeated for each person (each: people)")
        return self
