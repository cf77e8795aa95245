"""Every date or year a query names is bounded: a bad one is a 400 naming it, never a 500."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/events/?start=9999-12-01", "start"),
        ("/api/v1/events/?start=1000-01-01", "start"),
        ("/api/v1/events/?start=2100-12-01&end=9999-12-31", "end"),
        ("/api/v1/events/?year=9999", "year"),
        ("/api/v1/events/?year=1", "year"),
        ("/api/v1/units/?exists_on=9999-12-31", "exists_on"),
        ("/api/v1/measurements/?year=99999999999999999999999", "year"),
        ("/api/v1/indicators/?year=3000", "year"),
    ],
)
def test_out_of_range_date_parameter_is_a_400_naming_it(client: Any, url: str, field: str) -> None:
    response = client.get(url)
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert field in response.json()


def test_last_day_of_the_bounds_is_answered(client: Any) -> None:
    response = client.get("/api/v1/events/?start=2100-12-01&end=2100-12-31")
    assert response.status_code == 200
