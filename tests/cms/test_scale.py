"""Scale must not show in the query count: one programme or 150, the same queries per request."""

from __future__ import annotations

from typing import Any

import pytest
from clock import YEAR, days
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import sample_values

from cms.core.registry import registry
from cms.core.site import ensure_home, publish
from cms.events.models import EventPage
from cms.indicators.models import Measurement, Status
from cms.programmes.models import GoalPage, ProgrammePage

pytestmark = pytest.mark.django_db
PROGRAM_ID = "open-krakow-2024-2028"
URLS = [
    "{programme}",
    "{goal}",
    f"/api/v1/indicators/?programme={PROGRAM_ID}&limit=100",
    "/api/v1/goals/?limit=10",
    "/api/v1/tasks/?limit=10",
    "/api/v1/risks/?limit=10",
    "/api/v1/programmes/?limit=10",
    f"/api/v1/events/?year={YEAR}&programme={PROGRAM_ID}",
    "/api/v1/measurements/?limit=10",
    f"/pl/calendar/programme/{PROGRAM_ID}.ics",
    "/pl/calendar/programme.ics",
]


def add_programmes(count: int, events_index: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """``count`` more programmes shaped like Kraków's, with pages, measurements and events."""
    krakow = registry().programs[PROGRAM_ID]
    home = ensure_home()["pl"]
    rows = []
    for n in range(count):
        program = krakow.model_copy(update={"id": f"city-{n}-2024-2028"})
        monkeypatch.setitem(registry().programs, program.id, program)
        page = ProgrammePage(title=f"Programme {n}", slug=program.id, okcore_id=program.id)
        home.add_child(instance=page)
        publish(page)
        event = EventPage(title=f"E{n}", start_date=days(-45), goal=f"{program.id}/goal-1")
        events_index.add_child(instance=event)
        publish(event)
        rows += [
            Measurement(
                indicator=program.indicator_uid(key),
                period=2025,
                status="approved",
                **sample_values(program.indicator_uid(key), 1),
            )
            for key in program.indicators
        ]
    Measurement.objects.bulk_create(rows)


def counts(client: Any, urls: list[str]) -> dict[str, int]:
    found = {}
    for url in urls:
        client.get(url)  # per-process caches (site root paths) fill on first use
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        found[url] = len(captured)
    return found


def test_one_programme_or_150_same_queries(
    client: Any, settings: Any, events_index: Any, weekly: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.OKCORE_PAGE_CACHE_SECONDS = 0  # measure the work, not the cache
    programme = ProgrammePage.objects.get(okcore_id=PROGRAM_ID, locale__language_code="pl")
    goal = GoalPage.objects.get(okcore_id=f"{PROGRAM_ID}/goal-2", locale__language_code="pl")
    urls = [u.format(programme=programme.url, goal=goal.url) for u in URLS]
    Measurement.objects.create(
        indicator=f"{PROGRAM_ID}/indicator/info-point-beneficiaries",
        period=2025,
        value=4500,
        status=Status.APPROVED,
    )
    one = counts(client, urls)
    add_programmes(149, events_index, monkeypatch)
    assert len(registry().programs) >= 150
    assert counts(client, urls) == one
