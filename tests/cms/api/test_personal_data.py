"""Coordinators' names, phones and emails never leave the API except to signed-in city staff."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from factories import CoordinatorFactory, MeasurementFactory
from site_setup import client_for

from cms.indicators.models import Status

pytestmark = pytest.mark.django_db
PROGRAM_ID = "open-krakow-2024-2028"
PERSONAL = {
    "name": "Zofia Wyjątkowa-Tajna",
    "email": "zofia.tajna@example.org",
    "phone": "+48 600 111 222",
}


def every_public_get(client: Client, values: dict[str, str]) -> dict[str, bytes]:
    """Each GET operation of the published schema, with its path filled in, and what it answered."""
    schema = client.get("/api/v1/schema/?format=json").json()
    answers = {}
    for template, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        path = template
        for name, value in values.items():
            if template.startswith("/api/v1/measurements/"):
                value = values["measurement"]
            path = path.replace("{" + name + "}", value)
        assert "{" not in path, f"no value to fill {template}"
        response = client.get(path + ("?year=2025" if "exports" in path else ""))
        assert response.status_code == 200, (path, response.content[:200])
        answers[path] = response.content
    return answers


@pytest.mark.parametrize("role", ["public", "expired"])
def test_no_public_response_carries_personal_data(
    role: str, site: dict[str, Any], weekly: Any
) -> None:
    CoordinatorFactory(unit=site["culture"], **PERSONAL)
    site["culture"].contact_public = True
    site["culture"].save()
    approved = MeasurementFactory(unit=site["culture"], period=2025, status=Status.APPROVED)
    client = client_for(role, site)
    values = {
        "id": PROGRAM_ID,
        "exporter": "icc",
        "programme": PROGRAM_ID,
        "indicator": "schools-and-residents-reached",
        "slug": "wydzial-kultury",
        "measurement": str(approved.pk),
    }
    answers = every_public_get(client, values)
    assert len(answers) >= 13
    for path, body in answers.items():
        text = body.decode("utf-8", "replace")
        for value in PERSONAL.values():
            assert value not in text, f"{value!r} in {path}"
    unit = client.get("/api/v1/units/wydzial-kultury/").json()
    assert "coordinators" not in unit
    assert unit["email"] == "kultura@example.org"  # the unit's own contact, made public


def test_staff_see_coordinators(site: dict[str, Any]) -> None:
    CoordinatorFactory(unit=site["culture"], **PERSONAL)
    unit = client_for("editor", site).get("/api/v1/units/wydzial-kultury/").json()
    assert {(c["name"], c["email"], c["phone"]) for c in unit["coordinators"]} >= {
        tuple(PERSONAL.values())
    }
    hidden = Client(HTTP_HOST="localhost").get("/api/v1/units/wydzial-kultury/").json()
    assert hidden["email"] is None  # contact not made public
