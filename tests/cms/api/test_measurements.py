"""Writing through the API: the admin's measurement rules per role, tokens, review, throttling."""

from __future__ import annotations

import json
from typing import Any

import pytest
from clock import YEAR
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, override_settings
from factories import MeasurementFactory
from rest_framework.authtoken.models import Token
from site_setup import client_for
from wagtail.models import ModelLogEntry

from cms.indicators.models import Measurement, Status

pytestmark = pytest.mark.django_db
OWN_INDICATOR = "open-krakow-2024-2028/indicator/schools-and-residents-reached"
FOREIGN_INDICATOR = "open-krakow-2024-2028/indicator/info-point-beneficiaries"


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    cache.clear()


def post(client: Client, url: str, body: dict[str, Any], **headers: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def entry(indicator: str = OWN_INDICATOR, period: int = 2025) -> dict[str, Any]:
    return {"indicator": indicator, "period": period, "unit": "wydzial-edukacji", "value": 150}


@pytest.mark.parametrize(
    ("role", "own", "foreign", "sees_draft"),
    [
        ("admin", 201, 201, True),
        ("editor", 403, 403, False),
        ("coordinator", 201, 403, True),
        ("deputy", 201, 403, True),
        ("expired", 403, 403, False),
        ("public", 401, 401, False),
    ],
)
def test_measurements_per_role(
    role: str, own: int, foreign: int, sees_draft: bool, site: dict[str, Any]
) -> None:
    client = client_for(role, site)
    draft = MeasurementFactory(unit=site["education"], period=2024, status=Status.DRAFT)
    approved = MeasurementFactory(unit=site["culture"], period=2024, status=Status.APPROVED)
    assert post(client, "/api/v1/measurements/", entry()).status_code == own
    response = post(client, "/api/v1/measurements/", entry(FOREIGN_INDICATOR, 2026))
    assert response.status_code == foreign
    if foreign == 403 and role in ("coordinator", "deputy"):
        assert "not an implementer" in response.json()["detail"]
    ids = {m["id"] for m in client.get("/api/v1/measurements/?limit=100").json()["results"]}
    assert approved.pk in ids
    assert (draft.pk in ids) == sees_draft


def test_token_authentication(site: dict[str, Any]) -> None:
    client_for("coordinator", site)
    token = Token.objects.create(user=get_user_model().objects.get(username="coordinator"))
    client = Client(HTTP_HOST="localhost")
    created = post(
        client, "/api/v1/measurements/", entry(), HTTP_AUTHORIZATION=f"Token {token.key}"
    )
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "draft"
    assert Measurement.objects.get(pk=created.json()["id"]).created_by == token.user
    wrong = post(client, "/api/v1/measurements/", entry(), HTTP_AUTHORIZATION="Token nope")
    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"] == "Token"


def test_submit_approve_and_return(site: dict[str, Any]) -> None:
    coordinator = client_for("coordinator", site)
    mine = MeasurementFactory(unit=site["education"], period=2024)
    theirs = MeasurementFactory(unit=site["culture"], period=2024)
    url = f"/api/v1/measurements/{mine.pk}"
    assert coordinator.post(f"{url}/submit/").json()["status"] == "submitted"
    assert coordinator.post(f"/api/v1/measurements/{theirs.pk}/submit/").status_code == 404
    again = coordinator.post(f"{url}/submit/")
    assert again.status_code == 400
    assert "status" in again.json()
    assert coordinator.post(f"{url}/approve/").status_code == 403
    assert (
        coordinator.patch(f"{url}/", {"value": 1}, content_type="application/json").status_code
        == 403
    )
    admin = client_for("admin", site)
    refused = post(admin, f"{url}/return/?lang=en", {"comment": " "})
    assert refused.status_code == 400
    assert "Say why" in refused.json()["status"][0]
    returned = post(admin, f"{url}/return/", {"comment": "Podaj źródło"})
    assert returned.json()["review_comment"] == "Podaj źródło"
    fixed = coordinator.patch(f"{url}/", {"value": 170}, content_type="application/json")
    assert fixed.status_code == 200, fixed.content
    assert coordinator.post(f"{url}/submit/").status_code == 200
    assert admin.post(f"{url}/approve/").json()["status"] == "approved"
    assert [h.to_status for h in Measurement.objects.get(pk=mine.pk).history.all()] == [
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]
    public = Client(HTTP_HOST="localhost")
    assert public.get(f"{url}/").json()["value"] == 170


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({**entry(), "period": 2031}, {"period"}),
        ({"period": "soon"}, {"indicator", "period"}),
        ({**entry(), "indicator": "open-krakow-2024-2028/indicator/nothing"}, {"indicator"}),
        ({**entry(), "unit": "nowhere"}, {"unit"}),
        # PostgreSQL cannot even compare a NUL: found by the API's fuzzing (a 500 there).
        ({**entry(), "unit": "\x00wydzial"}, {"unit"}),
        ({**entry(), "value": None}, {"__all__"}),
        ({**entry(), "value": "many"}, {"value"}),
    ],
)
def test_bad_payloads_name_the_field(
    body: dict[str, Any], fields: set[str], site: dict[str, Any]
) -> None:
    admin = client_for("admin", site)
    response = post(admin, "/api/v1/measurements/", body)
    assert response.status_code == 400
    assert fields <= response.json().keys(), response.json()
    assert Measurement.objects.count() == 0


def test_duplicate_year_is_a_clear_error(site: dict[str, Any]) -> None:
    admin = client_for("admin", site)
    assert post(admin, "/api/v1/measurements/", entry()).status_code == 201
    again = post(admin, "/api/v1/measurements/", entry())
    assert again.status_code == 400
    assert Measurement.objects.count() == 1


COMPOUND = "open-krakow-2024-2028/indicator/consultation-meetings"  # parts: meetings, participants
LAST_YEAR = min(YEAR - 1, 2028)  # a year of the programme that has ended


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"components": {"x": "abc"}}, "components"),
        ({"components": {"x": 1}}, "components"),
        ({"value": True}, "value"),
        ({"value": "150"}, "value"),
        ({"value": "NaN"}, "value"),
        ({"value": -5}, "value"),
        ({"value": 10**400}, "value"),
        ({"indicator": COMPOUND, "value": None, "components": {"meetings": 2}}, "components"),
        (
            {"indicator": COMPOUND, "value": None, "components": {"meetings": 2, "x": 1}},
            "components",
        ),
        ({"period": YEAR + 1}, "period"),
    ],
)
def test_values_that_would_break_the_pages_are_a_400(
    changes: dict[str, Any], field: str, site: dict[str, Any]
) -> None:
    admin = client_for("admin", site)
    response = post(admin, "/api/v1/measurements/?lang=en", {**entry(period=LAST_YEAR), **changes})
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    if changes.get("indicator") == COMPOUND:
        assert "parts are: meetings, people/NGOs (participants)" in str(response.json())
    assert not Measurement.objects.exists()


def test_uniqueness_is_checked_only_after_authorization(site: dict[str, Any]) -> None:
    """A coordinator learns nothing of another unit's values from a duplicate's 400."""
    theirs = MeasurementFactory(
        unit=site["culture"], indicator=FOREIGN_INDICATOR, period=LAST_YEAR, value=4100
    )
    coordinator = client_for("coordinator", site)
    body = {**entry(FOREIGN_INDICATOR, LAST_YEAR), "unit": "wydzial-kultury"}
    assert post(coordinator, "/api/v1/measurements/", body).status_code == 403
    mine = MeasurementFactory(unit=site["education"], period=LAST_YEAR)
    moved = coordinator.patch(
        f"/api/v1/measurements/{mine.pk}/",
        {"unit": "wydzial-kultury", "indicator": FOREIGN_INDICATOR},
        content_type="application/json",
    )
    assert moved.status_code == 403
    assert Measurement.objects.get(pk=theirs.pk).value == 4100


@pytest.mark.parametrize(
    ("role", "own", "status", "expected"),
    [
        ("coordinator", True, Status.DRAFT, 204),
        ("coordinator", True, Status.RETURNED, 204),
        ("coordinator", True, Status.SUBMITTED, 403),
        ("coordinator", True, Status.APPROVED, 403),
        ("coordinator", False, Status.DRAFT, 404),  # another unit's draft is not even visible
        ("coordinator", False, Status.APPROVED, 403),
        ("deputy", True, Status.DRAFT, 204),
        ("admin", True, Status.SUBMITTED, 204),
        ("admin", False, Status.APPROVED, 204),
        ("editor", False, Status.APPROVED, 403),
        ("public", False, Status.APPROVED, 401),
    ],
)
def test_deleting_a_measurement_follows_the_docs(
    role: str, own: bool, status: str, expected: int, site: dict[str, Any]
) -> None:
    """docs/api.md: the unit deletes while a draft or returned, SZ always; each audited."""
    client = client_for(role, site)
    measurement = MeasurementFactory(
        unit=site["education" if own else "culture"], period=LAST_YEAR, status=status
    )
    response = client.delete(f"/api/v1/measurements/{measurement.pk}/")
    assert response.status_code == expected, response.content
    deleted = not Measurement.objects.filter(pk=measurement.pk).exists()
    assert deleted == (expected == 204)
    audit = ModelLogEntry.objects.filter(object_id=str(measurement.pk), action="wagtail.delete")
    assert list(audit.values_list("user__username", flat=True)) == ([role] if deleted else [])


def test_writes_are_throttled_reads_are_not(site: dict[str, Any]) -> None:
    admin = client_for("admin", site)
    rates = {"DEFAULT_THROTTLE_RATES": {"writes": "2/minute"}}
    with override_settings(REST_FRAMEWORK={**_rest_settings(), **rates}):
        assert post(admin, "/api/v1/measurements/", entry(period=2024)).status_code == 201
        assert post(admin, "/api/v1/measurements/", entry(period=2025)).status_code == 201
        third = post(admin, "/api/v1/measurements/", entry(period=2026))
        assert third.status_code == 429
        assert "Retry-After" in third
        for _ in range(5):
            assert admin.get("/api/v1/measurements/").status_code == 200
    assert Measurement.objects.count() == 2


def _rest_settings() -> dict[str, Any]:
    from django.conf import settings

    return dict(settings.REST_FRAMEWORK)


def test_the_old_two_part_key_is_refused_naming_the_one_key(site: dict[str, Any]) -> None:
    """An indicator has one key, on pages, in measurements and in the API (docs/api.md)."""
    admin = client_for("admin", site)
    old = "open-krakow-2024-2028/schools-and-residents-reached"
    response = post(admin, "/api/v1/measurements/", entry(old))
    assert response.status_code == 400
    assert "expected '<programme>/indicator/<indicator>'" in response.json()["indicator"][0]
    listing = admin.get(f"/api/v1/measurements/?indicator={old}")
    assert listing.status_code == 400
    assert "expected '<programme>/indicator/<indicator>'" in listing.json()["indicator"][0]
    created = post(admin, "/api/v1/measurements/", entry())
    assert created.status_code == 201 and created.json()["indicator"] == OWN_INDICATOR
    found = admin.get(f"/api/v1/measurements/?indicator={OWN_INDICATOR}").json()["results"]
    assert [m["id"] for m in found] == [created.json()["id"]]
