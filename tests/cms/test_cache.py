"""Public pages and feeds come from the cache until something is published or changed."""

from __future__ import annotations

from typing import Any

import pytest
from clock import days
from factories import MeasurementFactory

from cms.core.site import publish
from cms.events.models import EventPage
from cms.indicators.models import Status

pytestmark = pytest.mark.django_db
FEED = "/pl/calendar/programme/open-krakow-2024-2028.ics"


def test_pages_and_feeds_are_cached_until_a_publish(
    client: Any, weekly: Any, events_index: Any
) -> None:
    for url in (FEED, "/pl/events/", FEED.replace("/pl/", "/uk/")):
        assert client.get(url)["X-Cache"] == "miss"
        assert client.get(url)["X-Cache"] == "hit"
    page = EventPage(
        title="Nowe spotkanie", start_date=days(30), goal="open-krakow-2024-2028/goal-1"
    )
    events_index.add_child(instance=page)
    publish(page)
    fresh = client.get(FEED)
    assert fresh["X-Cache"] == "miss"
    assert b"Nowe spotkanie" in fresh.content


def test_approved_measurement_invalidates_the_programme_pages(client: Any, site: Any) -> None:
    url = site["pages"]["programme"]["pl"].url
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"
    MeasurementFactory(period=2025, status=Status.APPROVED)
    assert client.get(url)["X-Cache"] == "miss"


def test_conditional_request_on_a_cached_feed(client: Any, weekly: Any) -> None:
    first = client.get(FEED)
    cached = client.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"])
    assert cached.status_code == 304


def test_not_cached_for_signed_in_users_or_query_strings(
    client: Any, make_user: Any, weekly: Any
) -> None:
    assert "X-Cache" not in client.get(FEED + "?uncached=1")
    client.get(FEED)
    client.force_login(make_user("editor", "editors"))
    assert "X-Cache" not in client.get(FEED)
    assert "X-Cache" not in client.get("/api/v1/programmes/")


def test_gzip_copies_for_clients_that_accept_them(client: Any, weekly: Any) -> None:
    import gzip

    plain = client.get(FEED)
    client.get(FEED, HTTP_ACCEPT_ENCODING="gzip")
    packed = client.get(FEED, HTTP_ACCEPT_ENCODING="gzip")
    assert packed["X-Cache"] == "hit"
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert "Content-Encoding" not in client.get(FEED)
