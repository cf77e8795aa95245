"""Access ends on the day after the designation's last day, through the API as in the admin."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from clock import NOW, days
from django.test import Client
from factories import CoordinatorFactory, UserFactory
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def post_measurement(client: Client, period: int, **headers: Any) -> Any:
    body = {
        "indicator": "open-krakow-2024-2028/indicator/schools-and-residents-reached",
        "period": period,
        "unit": "wydzial-edukacji",
        "value": 150,
    }
    return client.post(
        "/api/v1/measurements/", json.dumps(body), content_type="application/json", **headers
    )


@pytest.mark.parametrize("channel", ["token", "session"])
def test_expired_coordinator_cannot_write_through_the_api(
    channel: str, site: dict[str, Any]
) -> None:
    """Yesterday was the designation's last day: yesterday's token or session writes no more."""
    client = Client(HTTP_HOST="localhost")
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        user = UserFactory(username="leaving")
        CoordinatorFactory(
            unit=site["education"], user=user, valid_from=date(2023, 11, 27), valid_to=days(-1)
        )
        if channel == "token":
            headers = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=user).key}"}
        else:
            client.force_login(user)
            headers = {}
        assert post_measurement(client, 2024, **headers).status_code == 201  # still designated
    refused = post_measurement(client, 2025, **headers)
    assert refused.status_code == 403, refused.content
    assert not user.groups.exists()
