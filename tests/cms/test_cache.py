"""Public pages and feeds come from the cache until something is published or changed."""

from __future__ import annotations

from typing import Any

import pytest
from clock import days
from django.core.cache import cache
from django.db import transaction
from django.test import RequestFactory
from factories import MeasurementFactory
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from cms.core.cache import copy_key, generation
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


def test_the_cache_keeps_bytes_and_a_hit_replays_the_first_answer(client: Any, weekly: Any) -> None:
    """A kept copy is status, headers and body bytes, never a pickled response object."""
    first = client.get(FEED, HTTP_ACCEPT_ENCODING="gzip")
    request = RequestFactory(HTTP_HOST="localhost").get(FEED, HTTP_ACCEPT_ENCODING="gzip")
    status, headers, body, _expires = cache.get(copy_key(request))
    assert (status, body) == (200, first.content)
    hit = client.get(FEED, HTTP_ACCEPT_ENCODING="gzip")
    assert (hit.status_code, hit.content, hit["X-Cache"]) == (200, first.content, "hit")
    for name in ("Content-Type", "Content-Encoding", "ETag", "Last-Modified", "Vary"):
        assert hit[name] == first[name] == dict(headers)[name]


def test_a_draft_of_a_published_page_keeps_the_cached_copies(client: Any, weekly: Any) -> None:
    """Editors saving drafts all day must not empty the cache: no visitor sees a draft."""
    assert client.get(FEED)["X-Cache"] == "miss"
    before = generation()
    weekly.title = "Szkic nowego tytułu"
    weekly.save_revision()
    assert generation() == before
    assert client.get(FEED)["X-Cache"] == "hit"
    publish(weekly)
    assert client.get(FEED)["X-Cache"] == "miss"


def test_a_measurement_empties_the_cache_only_when_its_approval_changes(
    client: Any, site: Any, make_user: Any
) -> None:
    """Drafts, submissions and returns are SZ's business; the approved values are public."""
    url = site["pages"]["programme"]["pl"].url
    sz = make_user("sz", "admins")
    measurement = MeasurementFactory(period=2025, status=Status.DRAFT)
    client.get(url)
    for step in (Status.SUBMITTED, Status.RETURNED, Status.SUBMITTED):
        with transaction.atomic():
            measurement.take_step(step, sz, "why" if step == Status.RETURNED else "")
        assert client.get(url)["X-Cache"] == "hit", step
    with transaction.atomic():
        measurement.take_step(Status.APPROVED, sz, "")
    assert client.get(url)["X-Cache"] == "miss"
    measurement.value = (measurement.value or 0) + 1
    measurement.save()  # an approved value corrected
    assert client.get(url)["X-Cache"] == "miss"


def test_a_rendition_made_while_a_page_renders_keeps_the_cached_copies() -> None:
    image = get_image_model().objects.create(title="logo", file=get_test_image_file())
    before = generation()
    image.get_rendition("fill-40x40")
    assert generation() == before
