"""A delivery form as a city declares it (docs/file-format.md, "Deliveries"): what it may
say, and each mistake named where it is."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from okcore.deliveries import DeliveryForm, FieldType, Repeat
from okcore.legal import Obligation

LABEL = {"pl": "Kwota", "en": "Amount", "uk": "Сума"}


def field(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "label": LABEL, **extra}


def test_a_form_of_fields_once_and_fields_for_each_person() -> None:
    form = DeliveryForm.model_validate(
        {
            "fields": [field("note", multiline=True)],
            "each": "people",
            "each_fields": [field("phone", prefill="phone", required=True)],
        }
    )
    assert form.each is Repeat.PEOPLE
    assert form.fields[0].type is FieldType.TEXT and form.fields[0].multiline
    assert form.each_fields[0].required


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({}, "a delivery form needs at least one field"),
        ({"each": "people"}, "'each' and 'each_fields' go together"),
        ({"each_fields": [field("phone")]}, "'each' and 'each_fields' go together"),
        (
            {"fields": [field("note")], "each": "tasks", "each_fields": [field("note")]},
            "field names used twice: note",
        ),
        (
            {"each": "tasks", "each_fields": [field("phone", prefill="phone")]},
            "'prefill' is for fields repeated for each person",
        ),
        ({"fields": [field("phone", prefill="phone")]}, "'prefill' is for fields repeated"),
        ({"fields": [field("kind", type="choice")]}, "field 'kind' is a choice and needs"),
        (
            {"fields": [field("kind", choices=[{"value": "a", "label": "A"}])]},
            "field 'kind' has choices but is of type text",
        ),
        ({"fields": [field("Amount")]}, "String should match pattern"),
        ({"fields": [field("amount", type="currency")]}, "'text', 'number', 'money'"),
        ({"fields": [field("amount", prefill="salary")]}, "'first_name', 'surname'"),
        ({"fields": [field("amount", colour="red")]}, "Extra inputs are not permitted"),
        ({"each": "units", "each_fields": [field("a")]}, "'people' or 'tasks'"),
    ],
)
def test_a_bad_form_says_what_is_wrong(form: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        DeliveryForm.model_validate(form)


def test_an_obligation_with_a_form_needs_the_evidence_its_acknowledgement_records() -> None:
    obligation = {
        "id": "lublin-report",
        "act": "lublin-resolution",
        "source": "12/2025 §1",
        "bearer": "coordinator",
        "title": "Report",
        "delivery": {"fields": [field("summary")]},
    }
    with pytest.raises(ValidationError, match="set 'evidence'"):
        Obligation.model_validate(obligation)
    assert Obligation.model_validate({**obligation, "evidence": "report_sent"}).delivery


def test_every_form_kraków_declares_reads_and_has_labels_in_three_languages(
    registry: Any,
) -> None:
    forms = {
        obligation.id: obligation.delivery
        for network in registry.networks.values()
        for obligation in network.obligations
        if obligation.delivery is not None
    }
    assert {
        "3487-2023-contact-data",
        "3487-2023-reporting-materials",
        "351-2026-contact-data",
        "351-2026-small-grant-funds",
        "351-2026-open-calls",
        "351-2026-cooperation-programme-proposals",
        "351-2026-sector-meeting",
    } <= set(forms)
    for form in forms.values():
        for declared in [*form.fields, *form.each_fields]:
            assert set(declared.label.locales()) >= {"pl", "en", "uk"}, declared.name
