"""One unit's delivery form and the check of what it filled in (okcore.services.deliveries):
Kraków's forms expanded for real people and tasks, each field type's mistakes named."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from okcore.deliveries import DeliveryField, FieldType
from okcore.legal import Obligation
from okcore.network import Coordinator
from okcore.registry import Registry
from okcore.services.deliveries import (
    MAX_FILES,
    FormField,
    check_delivery,
    form_fields,
    implemented_tasks,
    split_name,
)
from okcore.text import LocalizedText

PROGRAM = "open-krakow-2024-2028"


def obligation(registry: Registry, network: str, obligation_id: str) -> Obligation:
    return next(o for o in registry.network(network).obligations if o.id == obligation_id)


def person(role: str, name: str, valid_from: str, **extra: Any) -> Coordinator:
    return Coordinator.model_validate(
        {"unit": "mops", "role": role, "name": name, "valid_from": valid_from, **extra}
    )


PEOPLE = [
    person("deputy", "Filip Kamiński", "2023-11-30", valid_to="2026-09-30"),
    person("deputy", "Grażyna Dąbrowska", "2026-10-01", phone="+48 12 000 00 02"),
    person(
        "coordinator",
        "Ewa Maria Lewandowska",
        "2023-11-30",
        function="specjalista",
        phone="+48 12 000 00 01",
        email="ewa@example.org",
    ),
    person("deputy", "Olga Nowak", "2024-01-10"),
]


def test_contact_data_has_a_group_for_each_person_in_post_prefilled_coordinator_first(
    registry: Registry,
) -> None:
    contact = obligation(registry, "open-krakow-coordinators", "3487-2023-contact-data")
    fields = form_fields(contact, people=PEOPLE, on=date(2026, 11, 2))
    by_name = {f.name: f for f in fields}
    assert [f.name for f in fields[:5]] == [
        "coordinator_first_name",
        "coordinator_surname",
        "coordinator_function",
        "coordinator_phone",
        "coordinator_email",
    ]
    assert by_name["coordinator_first_name"].initial == "Ewa Maria"
    assert by_name["coordinator_surname"].initial == "Lewandowska"
    assert by_name["coordinator_email"].initial == "ewa@example.org"
    # Deputies in the order they took the post; the one who left is not asked for.
    assert by_name["deputy_surname"].initial == "Nowak"
    assert by_name["deputy_2_phone"].initial == "+48 12 000 00 02"
    assert by_name["deputy_phone"].initial is None
    assert not any(f.initial == "Kamiński" for f in fields)
    assert len(fields) == 15
    assert by_name["deputy_2_email"].as_dict("en")["group"] == "Deputy – Grażyna Dąbrowska"
    assert by_name["coordinator_phone"].as_dict("uk")["label"] == "Телефон"


def test_without_a_day_every_person_listed_gets_a_group(registry: Registry) -> None:
    contact = obligation(registry, "ngo-cooperation-coordinators", "351-2026-contact-data")
    assert len(form_fields(contact, people=PEOPLE)) == 20


def test_reporting_materials_have_a_group_for_each_task_the_unit_implements(
    registry: Registry,
) -> None:
    program = registry.programs[PROGRAM]
    tasks = implemented_tasks(program, "wydzial-edukacji")
    assert [(goal.number, task.number) for goal, task in tasks] == [(5, 2), (5, 3), (5, 4), (5, 5)]
    report = obligation(registry, "open-krakow-coordinators", "3487-2023-reporting-materials")
    fields = form_fields(report, tasks=tasks)
    assert [f.name for f in fields[:4]] == [
        "other_actions",
        "task_5_2_actions",
        "task_5_2_figures",
        "task_5_2_attachments",
    ]
    assert len(fields) == 1 + 4 * 3
    group = fields[1].as_dict("en")["group"]
    assert group.startswith("Task 5.2: ") and len(group) > len("Task 5.2: ")
    assert implemented_tasks(program, "no-such-unit") == []


def test_a_duty_without_a_form_has_no_fields(registry: Registry) -> None:
    plain = obligation(registry, "ngo-cooperation-coordinators", "351-2026-job-descriptions")
    assert form_fields(plain, people=PEOPLE) == []


@pytest.mark.parametrize(
    ("full", "parts"),
    [("Anna Maria Nowak", ("Anna Maria", "Nowak")), ("Nowak", ("", "Nowak"))],
)
def test_a_record_s_one_name_is_split_at_the_last_space(full: str, parts: tuple[str, str]) -> None:
    assert split_name(full) == parts


def spec(name: str, kind: str, required: bool = False, **extra: Any) -> FormField:
    declared = DeliveryField.model_validate(
        {"name": name, "label": name, "type": kind, "required": required, **extra}
    )
    return FormField(
        name=declared.name,
        label=LocalizedText(name),
        type=declared.type,
        required=declared.required,
        choices=tuple(declared.choices),
    )


FORM = [
    spec("planned", "money", required=True),
    spec("organisations", "number"),
    spec("held_on", "date"),
    spec("link", "url"),
    spec("minutes", "file"),
    spec("kind", "choice", choices=[{"value": "annual", "label": "Annual"}]),
    spec("note", "text"),
]


def test_good_values_are_stored_in_one_form_each() -> None:
    checked = check_delivery(
        FORM,
        {
            "planned": "12 500,5",
            "organisations": "7",
            "held_on": " 2026-10-14 ",
            "link": "https://bip.krakow.pl/?news_id=1",
            "minutes": [3, "4"],
            "kind": "annual",
            "note": "  Spotkanie w MCK.  ",
        },
        complete=True,
    )
    assert not checked.errors, checked.errors
    assert checked.data == {
        "planned": "12500.50",
        "organisations": 7,
        "held_on": "2026-10-14",
        "link": "https://bip.krakow.pl/?news_id=1",
        "minutes": [3, "4"],
        "kind": "annual",
        "note": "Spotkanie w MCK.",
    }
    assert check_delivery(FORM, {"organisations": 2.5}, complete=False).data == {
        "organisations": 2.5
    }


def test_a_draft_may_leave_required_fields_empty_a_submission_may_not() -> None:
    assert not check_delivery(FORM, {"planned": " "}, complete=False).errors
    assert check_delivery(FORM, {}, complete=True).errors == {"planned": "this field is required"}


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("planned", "-5", "'-5' is not an amount of zero or more"),
        ("planned", "12.345", "'12.345' has more than two decimal places"),
        ("planned", "dużo", "'dużo' is not an amount"),
        ("planned", "NaN", "'NaN' is not an amount of zero or more"),
        ("planned", "1e15", "'1e15' is too large"),
        ("planned", "1e999999999", "'1e999999999' is too large"),
        ("planned", float("inf"), "inf is not an amount"),
        ("planned", True, "True is not a money"),
        ("organisations", "kilka", "'kilka' is not a number"),
        ("organisations", "inf", "'inf' is not a finite number"),
        pytest.param("organisations", 10**400, "the number is too large", id="huge-whole-number"),
        ("organisations", [1], "[1] is not a number"),
        ("held_on", "14.10.2026", "'14.10.2026' is not a date (YYYY-MM-DD)"),
        ("link", "javascript:alert(1)", "is not an http(s) address"),
        ("link", "https://", "'https://' is not an http(s) address"),
        ("link", "http://[::1", "'http://[::1' is not an http(s) address"),
        ("link", "https://x.pl/" + "a" * 2000, "longer than 2000 characters"),
        ("minutes", "report.pdf", "give the attachments as a list of their ids"),
        ("minutes", [True], "give the attachments as a list of their ids"),
        ("minutes", list(range(MAX_FILES + 1)), f"at most {MAX_FILES} attachments"),
        ("kind", "weekly", "'weekly' is not one of: annual"),
        ("note", "x" * 20_001, "longer than 20000 characters"),
        ("note", {"pl": "x"}, "is not a text"),
    ],
)
def test_each_bad_value_is_named_with_what_is_wrong(name: str, value: Any, message: str) -> None:
    checked = check_delivery(FORM, {name: value}, complete=False)
    assert list(checked.errors) == [name]
    assert message in checked.errors[name]
    assert name not in checked.data


def test_unknown_names_are_errors_never_dropped() -> None:
    checked = check_delivery(FORM, {"planed": "5", "note": "ok"}, complete=False)
    assert checked.errors["planed"].startswith("this form has no field 'planed'; its fields:")
    assert checked.data == {"note": "ok"}
    assert check_delivery([], {"a": 1}, complete=False).errors == {
        "a": "this form has no field 'a'; its fields: none"
    }
    assert check_delivery(FORM, ["planned"], complete=False).errors == {  # type: ignore[arg-type]
        "data": "give the data as an object keyed by field name"
    }


def test_every_field_type_has_a_check() -> None:
    assert {s.type for s in FORM} == set(FieldType)


def test_a_submission_of_optional_fields_only_still_says_something() -> None:
    optional = [spec("note", "text"), spec("minutes", "file")]
    assert not check_delivery(optional, {}, complete=False).errors  # a draft may be empty
    empty = check_delivery(optional, {"note": "  "}, complete=True)
    assert empty.errors == {"data": "the delivery is empty: fill in at least one field"}
    assert not check_delivery(optional, {"note": "Brak"}, complete=True).errors


def test_minus_zero_is_zero_and_nul_is_refused() -> None:
    amounts = [spec("planned", "money"), spec("note", "text")]
    checked = check_delivery(amounts, {"planned": "-0", "note": "a\x00b"}, complete=False)
    assert checked.data == {"planned": "0.00"}
    assert checked.errors == {"note": "contains a NUL character"}
