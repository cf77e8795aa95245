"""What shared caches and our page cache keep of feeds and pages, and for whom."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from clock import days
from django.core.cache import cache
from django.utils.http import parse_http_date
from factories import CoordinatorFactory

from cms.core.site import publish
from cms.events.models import CalendarToken, EventIndexPage, EventPage
from cms.network.models import Unit

pytestmark = pytest.mark.django_db
FEED = "/pl/calendar/programme.ics"


def _page_copies() -> list[str]:
    """Keys of the cached pages and feeds (the test cache is local memory)."""
    return [k for k in cache._cache if "okcore:copies:" in k]  # type: ignore[attr-defined]


def test_private_feed_is_not_kept_by_shared_caches(
    client: Any, weekly: EventPage, make_user: Any
) -> None:
    user = make_user("coord", "coordinators")
    CoordinatorFactory(
        unit=Unit.objects.get(slug="wydzial-kultury"), valid_from=date(2023, 11, 27), user=user
    )
    token = CalendarToken.objects.create(user=user)
    url = f"/calendar/private/{token.token}.ics"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert "X-Cache" not in response
    assert client.get(FEED)["Cache-Control"] == "public, max-age=900"


def test_conditional_get_after_a_publish_or_unpublish_gets_the_new_feed(
    client: Any, weekly: EventPage, events_index: EventIndexPage
) -> None:
    first = client.get(FEED)
    page = EventPage(title="Nowe spotkanie", start_date=days(20))
    events_index.add_child(instance=page)
    publish(page)
    for validator in (
        {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]},
        {"HTTP_IF_NONE_MATCH": first["ETag"]},
    ):
        changed = client.get(FEED, **validator)
        assert changed.status_code == 200
        assert b"Nowe spotkanie" in changed.content
    assert parse_http_date(changed["Last-Modified"]) > parse_http_date(first["Last-Modified"])
    assert client.get(FEED, HTTP_IF_MODIFIED_SINCE=changed["Last-Modified"]).status_code == 304
    page.unpublish()
    gone = client.get(FEED, HTTP_IF_MODIFIED_SINCE=changed["Last-Modified"])
    assert gone.status_code == 200
    assert b"Nowe spotkanie" not in gone.content


@pytest.mark.parametrize("url", [FEED, "/pl/events/"])
def test_random_cookies_and_encodings_share_two_cached_copies(
    client: Any, weekly: EventPage, url: str
) -> None:
    encodings = ["gzip", "gzip, deflate, br", "br", "", "identity", "deflate, gzip;q=0.5", "x-7"]
    served = []
    for number, encoding in enumerate(encodings * 3):
        response = client.get(
            url, HTTP_ACCEPT_ENCODING=encoding, HTTP_COOKIE=f"_ga=GA{number}; tracker{number}=1"
        )
        assert response.status_code == 200
        served.append(response["X-Cache"])
    assert served.count("miss") <= 2
    assert 0 < len(_page_copies()) <= 2


def test_session_cookie_still_bypasses_the_cache(client: Any, weekly: EventPage) -> None:
    client.get(FEED)
    assert "X-Cache" not in client.get(FEED, HTTP_COOKIE="sessionid=whatever")
