"""A delivery form for one unit, and the check of what the unit filled in.

The site (admin form and API) and any other front end share these: the form's fields come
from the obligation's ``delivery`` in the plugin data, repeated for each coordinator and
deputy in post (pre-filled from their records) or for each programme task the unit
implements; :func:`check_delivery` says, per field, what is wrong with a payload.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from okcore.deliveries import DeliveryField, FieldChoice, FieldType, Prefill, Repeat
from okcore.legal import Obligation
from okcore.network import Coordinator, Role
from okcore.program import Goal, Program, Task
from okcore.text import LocalizedText

#: Longest text a field takes: a page of a report, not a book.
MAX_TEXT = 20_000
#: Most attachments one file field takes.
MAX_FILES = 20

ROLE_LABELS = {
    Role.COORDINATOR: LocalizedText(
        {"pl": "Koordynator", "en": "Coordinator", "uk": "Координатор"}
    ),
    Role.DEPUTY: LocalizedText({"pl": "Zastępca", "en": "Deputy", "uk": "Заступник"}),
}
TASK_LABEL = LocalizedText({"pl": "Zadanie", "en": "Task", "uk": "Завдання"})


@dataclass(frozen=True)
class FormField:
    """A field of one unit's form: a declared field, or one copy of a repeated one."""

    name: str
    label: LocalizedText
    type: FieldType
    required: bool
    multiline: bool = False
    help: LocalizedText | None = None
    choices: tuple[FieldChoice, ...] = ()
    initial: str | None = None
    #: The heading of the repeated group it belongs to ("Coordinator: Anna Nowak").
    group: str | None = None
    group_label: LocalizedText | None = None

    def as_dict(self, locale: str | None = None) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label.get(locale),
            "type": self.type.value,
            "required": self.required,
            "multiline": self.multiline,
            "help": self.help.get(locale) if self.help else None,
            "choices": [{"value": c.value, "label": c.label.get(locale)} for c in self.choices],
            "initial": self.initial,
            "group": self.group_label.get(locale) if self.group_label else None,
        }


def _copy(
    declared: DeliveryField, prefix: str, group: LocalizedText, initial: str | None
) -> FormField:
    return FormField(
        name=f"{prefix}_{declared.name}",
        label=declared.label,
        type=declared.type,
        required=declared.required,
        multiline=declared.multiline,
        help=declared.help,
        choices=tuple(declared.choices),
        initial=initial,
        group=prefix,
        group_label=group,
    )


def _labelled(prefix: LocalizedText, rest: str) -> LocalizedText:
    locales = prefix.locales() or ["pl"]
    return LocalizedText({locale: f"{prefix.get(locale)} {rest}" for locale in locales})


def split_name(full: str) -> tuple[str, str]:
    """'Anna Maria Nowak' -> ('Anna Maria', 'Nowak'): records keep one name field."""
    parts = full.strip().rsplit(" ", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])


def _prefilled(person: Coordinator, what: Prefill | None) -> str | None:
    if what is None:
        return None
    first, surname = split_name(person.name)
    value = {
        Prefill.FIRST_NAME: first,
        Prefill.SURNAME: surname,
        Prefill.FUNCTION: person.function,
        Prefill.PHONE: person.phone,
        Prefill.EMAIL: person.email,
    }[what]
    return str(value) if value else None


def implemented_tasks(program: Program, unit: str) -> list[tuple[Goal, Task]]:
    """The programme's tasks whose implementers (Table 1) include the unit."""
    return [
        (goal, task)
        for goal in program.goals
        for task in goal.tasks
        if any(party.unit == unit for party in task.implementers)
    ]


def people_prefixes(people: Sequence[Coordinator], on: date | None) -> list[tuple[str, int]]:
    """The name prefix of each person in post ``on`` ('coordinator', 'deputy', 'deputy_2'),
    with their index in ``people``: coordinator first, then by the day they took up the post.
    The form's fields and the site's reading of a delivered form (which record a
    'deputy_phone' is about) both use it."""
    in_post = [i for i, p in enumerate(people) if on is None or p.valid_on(on)]
    in_post.sort(
        key=lambda i: (people[i].role is not Role.COORDINATOR, people[i].valid_from or date.min)
    )
    seen: dict[Role, int] = {}
    found = []
    for index in in_post:
        role = people[index].role
        seen[role] = seen.get(role, 0) + 1
        found.append((role.value if seen[role] == 1 else f"{role.value}_{seen[role]}", index))
    return found


def form_fields(
    obligation: Obligation,
    *,
    people: Sequence[Coordinator] = (),
    tasks: Sequence[tuple[Goal, Task]] = (),
    on: date | None = None,
) -> list[FormField]:
    """The fields of the unit's form: declared ones, then each person's or task's copies.

    ``people`` are the unit's coordinators and deputies in the obligation's network; those
    in post ``on`` get a copy each (coordinator first), pre-filled from their record.
    """
    form = obligation.delivery
    if form is None:
        return []
    found = [
        FormField(
            name=f.name,
            label=f.label,
            type=f.type,
            required=f.required,
            multiline=f.multiline,
            help=f.help,
            choices=tuple(f.choices),
        )
        for f in form.fields
    ]
    if form.each is Repeat.PEOPLE:
        for prefix, index in people_prefixes(people, on):
            person = people[index]
            group = _labelled(ROLE_LABELS[person.role], f"– {person.name}")
            found.extend(
                _copy(f, prefix, group, _prefilled(person, f.prefill)) for f in form.each_fields
            )
    elif form.each is Repeat.TASKS:
        for goal, task in tasks:
            prefix = f"task_{goal.number}_{task.number}"
            number = f"{goal.number}.{task.number}"
            group = LocalizedText(
                {
                    locale: f"{TASK_LABEL.get(locale)} {number}: {task.title.get(locale)}"
                    for locale in ("pl", "en", "uk")
                }
            )
            found.extend(_copy(f, prefix, group, None) for f in form.each_fields)
    return found


def _empty(value: Any) -> bool:
    return (
        value is None
        or value == ""
        or value == []
        or (isinstance(value, str) and not value.strip())
    )


def _value(spec: FormField, value: Any) -> Any:
    """The value as stored (JSON), or ValueError saying what is wrong with it."""
    kind = spec.type
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("contains a NUL character")
    if kind is FieldType.FILE:
        if not isinstance(value, list) or not all(
            isinstance(v, int | str) and not isinstance(v, bool) for v in value
        ):
            raise ValueError("give the attachments as a list of their ids")
        if len(value) > MAX_FILES:
            raise ValueError(f"at most {MAX_FILES} attachments")
        return value
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"{value!r} is not a {kind.value}")
    if kind is FieldType.NUMBER:
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
        except OverflowError:  # a whole number past float's range, as JSON may carry one
            raise ValueError("the number is too large") from None
        if not math.isfinite(number):
            raise ValueError(f"{value!r} is not a finite number")
        if isinstance(value, int):
            return value
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind is FieldType.MONEY:
        text = str(value).strip().replace(",", ".").replace(" ", "")
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"{value!r} is not an amount")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{value!r} is not an amount") from None
        if not amount.is_finite() or amount < 0:
            raise ValueError(f"{value!r} is not an amount of zero or more")
        if amount >= Decimal("1e15"):  # before quantize, which traps a huge exponent
            raise ValueError(f"{value!r} is too large")
        if amount != amount.quantize(Decimal("0.01")):
            raise ValueError(f"{value!r} has more than two decimal places")
        return f"{abs(amount).quantize(Decimal('0.01'))}"  # abs: "-0" is 0.00
    text = str(value).strip()
    if kind is FieldType.DATE:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None
    if kind is FieldType.URL:
        try:
            parts = urlsplit(text)
        except ValueError:  # e.g. an unclosed "[" of an IPv6 address
            raise ValueError(f"{value!r} is not an http(s) address") from None
        if parts.scheme not in ("http", "https") or not parts.hostname or " " in text:
            raise ValueError(f"{value!r} is not an http(s) address")
        if len(text) > 2000:
            raise ValueError("the address is longer than 2000 characters")
        return text
    if kind is FieldType.CHOICE:
        allowed = [c.value for c in spec.choices]
        if text not in allowed:
            raise ValueError(f"{value!r} is not one of: {', '.join(allowed)}")
        return text
    if len(text) > MAX_TEXT:
        raise ValueError(f"longer than {MAX_TEXT} characters")
    return text


@dataclass
class Checked:
    """A payload checked against a form: the values as stored, and what is wrong, by field."""

    data: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def check_delivery(
    fields: Sequence[FormField], data: Mapping[str, Any], *, complete: bool
) -> Checked:
    """Check ``data`` (field name -> value) against the form.

    A draft may leave required fields empty; a submission (``complete``) may not. Names
    the form does not have are errors, never silently dropped.
    """
    checked = Checked()
    if not isinstance(data, Mapping):
        checked.errors["data"] = "give the data as an object keyed by field name"
        return checked
    specs = {spec.name: spec for spec in fields}
    for name in data:
        if name not in specs:
            known = ", ".join(specs) or "none"
            checked.errors[str(name)] = f"this form has no field {name!r}; its fields: {known}"
    for name, spec in specs.items():
        value = data.get(name)
        if _empty(value):
            if complete and spec.required:
                checked.errors[name] = "this field is required"
            continue
        try:
            checked.data[name] = _value(spec, value)
        except ValueError as error:
            checked.errors[name] = str(error)
    if complete and specs and not checked.data and not checked.errors:
        # A form of optional fields only (a unit that implements no task) still says something.
        checked.errors["data"] = "the delivery is empty: fill in at least one field"
    return checked
