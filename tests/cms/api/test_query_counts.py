"""Every list runs the same number of SQL queries for a few rows as for many."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
from clock import YEAR
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import CoordinatorFactory, MeasurementFactory, UnitFactory
from site_setup import client_for

from cms.core.registry import registry
from cms.core.site import publish
from cms.events.models import EventCancellation, EventMove, EventPage
from cms.indicators.models import Status
from cms.risks.models import RiskAssessment

pytestmark = pytest.mark.django_db
PROGRAM_ID = "open-krakow-2024-2028"
LISTS = [
    "/api/v1/programmes/",
    "/api/v1/goals/",
    "/api/v1/tasks/",
    f"/api/v1/indicators/?programme={PROGRAM_ID}&limit=100",
    "/api/v1/risks/",
    "/api/v1/units/?limit=200",
    f"/api/v1/events/?year={YEAR}&limit=500",
    "/api/v1/measurements/?limit=500",
]
INDICATORS = [
    registry().programs[PROGRAM_ID].indicator_uid(key)
    for key in registry().programs[PROGRAM_ID].indicators
]


def grow(size: int, events_index: Any) -> None:
    """``size`` more units with coordinators, measurements, re-assessments and events."""
    program = registry().programs[PROGRAM_ID]
    for n in range(size):
        unit = UnitFactory()
        CoordinatorFactory(unit=unit)
        CoordinatorFactory(unit=unit, role="deputy")
        for year in (2024, 2025):
            MeasurementFactory(
                unit=unit,
                indicator=INDICATORS[n % len(INDICATORS)],
                period=year,
                status=Status.APPROVED if n % 2 else Status.SUBMITTED,
            )
        risk = program.risks[n % len(program.risks)]
        RiskAssessment.objects.create(risk=program.risk_uid(risk), rating=1 + n % 7)
        page = EventPage(
            title=f"Wydarzenie {n}",
            start_date=date(YEAR, 1, 1 + n % 28),
            start_time=time(10) if n % 2 else None,
            repeat="weekly" if n % 3 == 0 else "",
            unit=unit,
            goal=f"{PROGRAM_ID}/goal-{1 + n % 6}",
        )
        events_index.add_child(instance=page)
        page.cancellations.add(EventCancellation(date=date(YEAR, 2, 1)))
        page.moves.add(EventMove(original_date=page.start_date, new_date=date(YEAR, 3, 3)))
        publish(page)


def queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured)


@pytest.mark.parametrize("role", ["public", "admin"])
def test_lists_run_a_fixed_number_of_queries(
    role: str, site: dict[str, Any], events_index: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(role, site)
    grow(2, events_index)
    for url in LISTS:
        client.get(url)  # caches that fill once per process: site root paths
    small = {url: queries(client, url) for url in LISTS}
    grow(20, events_index)
    for url in LISTS:
        before = len(client.get(url).json()["results"])
        with django_assert_num_queries(small[url]):
            after = client.get(url)
        assert len(after.json()["results"]) >= before, url
