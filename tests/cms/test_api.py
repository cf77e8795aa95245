"""The REST API: public reading, and the same measurement rules as the admin, per role."""

from __future__ import annotations

import json
from typing import Any

import pytest
from factories import MeasurementFactory
from site_setup import client_for

from cms.indicators.models import Measurement, Status

pytestmark = pytest.mark.django_db
OWN_INDICATOR = "open-krakow-2024-2028/schools-and-residents-reached"
FOREIGN_INDICATOR = "open-krakow-2024-2028/info-point-beneficiaries"


def test_programme_with_indicator_status(client: Any) -> None:
    MeasurementFactory(indicator=FOREIGN_INDICATOR, value=4500, status=Status.APPROVED, unit=None)
    listing = client.get("/api/v1/programmes/").json()
    assert {
        "id": "open-krakow-2024-2028",
        "title": "Program „Otwarty Kraków” na lata 2024–2028",
        "period": [2024, 2028],
    } in listing
    data = client.get("/api/v1/programmes/open-krakow-2024-2028/").json()
    assert {"id", "title", "goals", "risks"} <= data.keys()
    status = {row["indicator"]: row for row in data["indicator_status"]}
    assert status["info-point-beneficiaries"]["status"] == "met"
    assert client.get("/api/v1/programmes/warszawa/").status_code == 404


@pytest.mark.parametrize(
    ("role", "own", "foreign", "sees_draft", "contacts"),
    [
        ("admin", 201, 201, True, True),
        ("editor", 403, 403, False, True),
        ("coordinator", 201, 403, True, True),
        ("deputy", 201, 403, True, True),
        ("expired", 403, 403, False, False),
        ("public", 403, 403, False, False),
    ],
)
def test_measurements_and_contacts_per_role(
    role: str, own: int, foreign: int, sees_draft: bool, contacts: bool, site: dict[str, Any]
) -> None:
    client = client_for(role, site)
    draft = MeasurementFactory(unit=site["education"], period=2024, status=Status.DRAFT)
    approved = MeasurementFactory(unit=site["culture"], period=2024, status=Status.APPROVED)

    def post(indicator: str, period: int) -> int:
        body = {
            "indicator": indicator,
            "period": period,
            "unit": "wydzial-edukacji",
            "value": 150,
            "components": {},
        }
        return client.post(
            "/api/v1/measurements/", json.dumps(body), content_type="application/json"
        ).status_code

    assert post(OWN_INDICATOR, 2025) in ((own,) if own == 201 else (401, 403))
    assert post(FOREIGN_INDICATOR, 2026) in ((foreign,) if foreign == 201 else (401, 403))
    ids = {m["id"] for m in client.get("/api/v1/measurements/").json()["results"]}
    assert approved.pk in ids
    assert (draft.pk in ids) == sees_draft
    unit = client.get("/api/v1/units/wydzial-kultury/").json()
    assert (unit["email"] == "kultura@example.org") == contacts


def test_submit_through_the_api(site: dict[str, Any]) -> None:
    client = client_for("coordinator", site)
    mine = MeasurementFactory(unit=site["education"], period=2024)
    theirs = MeasurementFactory(unit=site["culture"], period=2024)
    assert client.post(f"/api/v1/measurements/{mine.pk}/submit/").status_code == 200
    assert Measurement.objects.get(pk=mine.pk).status == Status.SUBMITTED
    assert client.post(f"/api/v1/measurements/{theirs.pk}/submit/").status_code == 403
    assert (
        client.post(f"/api/v1/measurements/{mine.pk}/submit/").status_code == 400
    )  # already submitted


def test_bad_payloads_name_the_problem(site: dict[str, Any]) -> None:
    client = client_for("admin", site)
    body = {"indicator": OWN_INDICATOR, "period": 2031, "unit": "wydzial-edukacji", "value": 1}
    response = client.post(
        "/api/v1/measurements/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert "period" in response.json()
    response = client.post(
        "/api/v1/measurements/", json.dumps({"period": "soon"}), content_type="application/json"
    )
    assert response.status_code == 400
    assert {"indicator", "period"} <= response.json().keys()
    assert Measurement.objects.count() == 0
