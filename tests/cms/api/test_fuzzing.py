"""schemathesis against the published OpenAPI schema: no server errors, answers as documented.

Runs anonymously and as a coordinator with a token, so the write paths are fuzzed too.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from clock import quarter_start
from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from factories import CoordinatorFactory, MeasurementFactory
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cms.deliveries import services

EXAMPLES = 30
NGO = "ngo-cooperation-coordinators"
FUNDS = "351-2026-small-grant-funds"
QUARTER_END = quarter_start() + relativedelta(months=3) - relativedelta(days=1)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def _keep_test_connection() -> Iterator[None]:
    """Calls through the WSGI app start and end with signals that would close the test's
    database connection (and its transaction) on PostgreSQL; Django's own test client
    disconnects the handler the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.fixture
def token(site: dict[str, Any]) -> str:
    from django.contrib.auth import get_user_model
    from site_setup import client_for

    client_for("coordinator", site)
    user = get_user_model().objects.get(username="coordinator")
    return str(Token.objects.get_or_create(user=user)[0].key)


@pytest.fixture
def _private_root(tmp_path: Path) -> Iterator[None]:
    """Fuzzed uploads land in a fresh directory, never among the developer's files."""
    with override_settings(OKCORE_PRIVATE_ROOT=str(tmp_path)):
        yield


def a_delivery(site: dict[str, Any]) -> None:
    """The token's owner also coordinates in the NGO network, with a draft and its file, so
    the delivery paths are fuzzed on an object the user may change."""
    user = get_user_model().objects.get(username="coordinator")
    CoordinatorFactory(unit=site["education"], network=NGO, user=user, valid_from=date(2026, 2, 24))
    duty = services.find_duty(site["education"], FUNDS, period_end=QUARTER_END)
    delivery = services.start_delivery(user, duty, {"planned": "100"})
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    services.add_attachment(user, delivery, upload)


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_test_connection", "_private_root")
def test_api_conforms_to_its_schema(site: dict[str, Any], weekly: Any, token: str) -> None:
    MeasurementFactory(unit=site["education"], period=2024)
    a_delivery(site)
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 27

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case: Any) -> None:
            cache.clear()  # the write throttle is not what is under test here
            case.call_and_validate(headers={"Host": "localhost"}, checks=CHECKS)
            case.call_and_validate(
                headers={"Host": "localhost", "Authorization": f"Token {token}"}, checks=CHECKS
            )

        run()
