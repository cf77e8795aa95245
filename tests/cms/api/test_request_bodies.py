"""Bodies too big or nested too deeply: a clean 400 (JSON from the API), never a 500."""

from __future__ import annotations

import signal
from typing import Any

import pytest
from site_setup import client_for

from cms.indicators.models import Measurement

pytestmark = pytest.mark.django_db
TEN_MB = 10 * 1024 * 1024


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.fixture
def admin(site: dict[str, Any]) -> Any:
    client = client_for("admin", site)
    client.raise_request_exception = False  # see the answer a browser would get
    return client


@pytest.mark.parametrize(
    "body",
    [_nested(100_000), '{"value": ' + _nested(60) + "}", '{"value": "' + "x" * TEN_MB + '"}'],
    ids=["100000 deep", "60 deep", "10 MB"],
)
def test_api_body_too_deep_or_too_big_is_a_json_400(admin: Any, body: str) -> None:
    response = admin.post("/api/v1/measurements/", body, content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "nested" in response.json()["detail"] or "too large" in response.json()["detail"]
    assert Measurement.objects.count() == 0


def test_api_body_of_unclosed_escapes_is_a_quick_400(admin: Any) -> None:
    """Measuring the nesting is linear: 2 MB of ``\\"`` used to keep a worker busy for hours."""
    body = '{"value": "' + '\\"' * 1_000_000
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the body was still being read"))
    signal.alarm(60)  # a guard against a hang, not a measure of speed
    try:
        response = admin.post("/api/v1/measurements/", body, content_type="application/json")
    finally:
        signal.alarm(0)
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_api_body_within_the_nesting_limit_is_parsed(admin: Any) -> None:
    body = '{"components": ' + '{"a": ' * 40 + "1" + "}" * 40 + "}"
    response = admin.post("/api/v1/measurements/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested" not in response.content.decode()  # an ordinary validation answer


@pytest.mark.parametrize(
    "components", [_nested(100_000), "x" * TEN_MB], ids=["100000 deep", "10 MB"]
)
def test_admin_form_with_json_too_deep_or_too_big_is_not_a_500(admin: Any, components: str) -> None:
    data = {"components": components, "period": "2025", "value": "1", "unit": ""}
    response = admin.post("/admin/snippets/indicators/measurement/add/", data)
    assert response.status_code in (200, 400)  # a form error or a bad request, never a crash
    assert Measurement.objects.count() == 0
