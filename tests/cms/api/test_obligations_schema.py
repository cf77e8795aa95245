"""The published schema documents the duties and deliveries paths, so clients and the
fuzzer (test_fuzzing.py) find them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db
PATHS = [
    "/api/v1/units/{slug}/obligations/",
    "/api/v1/deliveries/",
    "/api/v1/deliveries/{id}/",
    "/api/v1/deliveries/{id}/submit/",
    "/api/v1/deliveries/{id}/acknowledge/",
    "/api/v1/deliveries/{id}/return/",
    "/api/v1/deliveries/{id}/attachments/",
    "/api/v1/deliveries/{id}/attachments/{aid}/",
]


def test_the_schema_shows_duties_and_deliveries(client: Any) -> None:
    schema = client.get("/api/v1/schema/?format=json").json()
    assert set(PATHS) <= set(schema["paths"])
    deliveries = schema["paths"]["/api/v1/deliveries/"]
    assert set(deliveries) >= {"get", "post"}
    assert "patch" in schema["paths"]["/api/v1/deliveries/{id}/"]
    assert "put" not in schema["paths"]["/api/v1/deliveries/{id}/"]
    assert "409" in schema["paths"]["/api/v1/deliveries/{id}/acknowledge/"]["post"]["responses"]
    duty = schema["paths"]["/api/v1/units/{slug}/obligations/"]["get"]
    assert {p["name"] for p in duty["parameters"]} >= {"slug", "on", "lang"}
    assert "403" in duty["responses"]


def test_the_schema_builds_without_warnings(tmp_path: Any) -> None:
    """drf-spectacular warns of anything it had to guess (two models' "status" enums named
    alike, a field of unknown type): the published schema has no such guess."""
    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
