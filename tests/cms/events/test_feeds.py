"""Feeds from the iCalendar texts stored at publication (cms.events.feeds): the same bytes as
writing every event, constant queries, and never a draft's or an unpublished event's text."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import icalendar
import pytest
from clock import NOW, days
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Site

from cms.core.site import publish, translation_of
from cms.events import feeds
from cms.events.feeds import full_pages, write_texts
from cms.events.models import EventIndexPage, EventPage, EventText

pytestmark = pytest.mark.django_db
FEED = "/pl/calendar/programme.ics"
FEEDS = [FEED, "/en/calendar/programme.ics", "/pl/calendar/category/festival.ics"]


@pytest.fixture(autouse=True)
def _no_page_cache(settings: Any) -> None:
    settings.OKCORE_PAGE_CACHE_SECONDS = 0  # every request builds its feed


def body(client: Any, url: str = FEED) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    content: bytes = response.content
    return content


def events(content: bytes) -> list[Any]:
    """The feed's events, without the programmes' deadlines."""
    calendar = icalendar.Calendar.from_ical(content)
    return [c for c in calendar.walk("VEVENT") if str(c["UID"]).startswith("event-")]


def summaries(content: bytes) -> list[str]:
    return [str(c["SUMMARY"]) for c in events(content)]


def urls(content: bytes) -> dict[str, str]:
    return {str(c["SUMMARY"]): str(c.get("URL")) for c in events(content)}


@pytest.fixture
def several(weekly: EventPage, events_index: EventIndexPage) -> list[EventPage]:
    """A weekly series with a cancelled and a moved date, an all-day festival over three
    days, a cancelled event and an English translation of one."""
    festival = EventPage(
        title="Festiwal", start_date=days(10), end_date=days(12), category="festival"
    )
    cancelled = EventPage(
        title="Odwołane", start_date=days(5), start_time=time(12), status="cancelled"
    )
    for page in (festival, cancelled):
        events_index.add_child(instance=page)
        publish(page)
    translation_of(festival, Locale.objects.get(language_code="en"), "Festival")
    return [weekly, festival, cancelled]


def test_publishing_stores_the_text_in_every_language(several: list[EventPage]) -> None:
    stored = EventText.objects.filter(page=several[0])
    assert sorted(stored.values_list("language", flat=True)) == ["en", "pl", "uk"]
    assert all(text.published_at == several[0].last_published_at for text in stored)


def test_a_feed_from_stored_texts_equals_one_writing_every_event(
    client: Any, several: list[EventPage]
) -> None:
    stored = {url: body(client, url) for url in FEEDS}
    EventText.objects.all().delete()
    written = {url: body(client, url) for url in FEEDS}
    assert written == stored
    assert EventText.objects.exists()  # what the feed wrote, it stored
    assert {url: body(client, url) for url in FEEDS} == stored
    statuses = {str(c["SUMMARY"]): str(c["STATUS"]) for c in events(stored[FEED])}
    assert statuses["Odwołane"] == "CANCELLED"
    assert "Festival" in summaries(stored["/en/calendar/programme.ics"])
    assert "Festival" not in summaries(stored[FEED])


def test_a_text_older_than_its_page_is_written_again(client: Any, several: list[EventPage]) -> None:
    before = body(client)
    EventText.objects.update(text="BEGIN:VEVENT\r\nSUMMARY:stale\r\nEND:VEVENT\r\n")
    EventText.objects.update(published_at=NOW - timedelta(days=1))  # an earlier publication's text
    assert body(client) == before


def test_a_draft_changes_nothing_until_it_is_published(client: Any, weekly: EventPage) -> None:
    before = body(client)
    draft = EventPage.objects.get(pk=weekly.pk)
    draft.title = "Szkic"
    draft.start_time = time(9)
    revision = draft.save_revision()
    assert body(client) == before
    assert "Szkic" not in EventText.objects.get(page=weekly, language="pl").text
    revision.publish()
    assert "Szkic" in summaries(body(client))
    assert "Szkic" in EventText.objects.get(page=weekly, language="pl").text


def test_unpublishing_or_deleting_takes_the_event_and_its_texts_away(
    client: Any, several: list[EventPage]
) -> None:
    weekly, festival, _cancelled = several
    weekly.unpublish()
    assert not EventText.objects.filter(page=weekly).exists()
    festival.delete()
    assert not EventText.objects.filter(page_id=festival.pk).exists()
    shown = summaries(body(client))
    assert "Odwołane" in shown
    assert weekly.title not in shown
    assert "Festiwal" not in shown


def test_a_move_has_its_texts_written_again(
    client: Any, several: list[EventPage], events_index: EventIndexPage
) -> None:
    weekly = several[0]
    other = events_index.get_parent().add_child(
        instance=EventIndexPage(title="Inne", slug="inne", live=True)
    )
    weekly.move(other, pos="last-child")
    assert "/inne/" in urls(body(client))[weekly.title]
    assert "/inne/" in EventText.objects.get(page=weekly, language="pl").text


def test_a_new_slug_above_the_events_has_their_texts_written_again(
    client: Any, several: list[EventPage], events_index: EventIndexPage
) -> None:
    """Wagtail rewrites the descendants' paths in bulk: no event is saved or published."""
    assert "/events/" in urls(body(client))["Festiwal"]
    events_index.slug = "kalendarz"
    publish(events_index)
    shown = urls(body(client))
    assert "/kalendarz/" in shown["Festiwal"]
    assert "/events/" not in shown["Festiwal"]


def test_a_sites_new_host_has_every_text_written_again(
    client: Any, several: list[EventPage], settings: Any
) -> None:
    settings.OKCORE_UID_DOMAIN = "kalendarz.example.org"  # UIDs that do not follow the host
    assert urls(body(client))["Festiwal"].startswith("http://localhost/")
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "127.0.0.1", 8080
    site.save()
    assert urls(body(client))["Festiwal"].startswith("http://127.0.0.1:8080/")


def test_a_text_another_writer_stored_is_written_again(
    client: Any, several: list[EventPage], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deploy that changes how texts are written (a new WRITER) has them rewritten."""
    before = body(client)
    EventText.objects.update(text="BEGIN:VEVENT\r\nSUMMARY:stale\r\nEND:VEVENT\r\n")
    monkeypatch.setattr(feeds, "WRITER", "the next release")
    assert body(client) == before
    assert EventText.objects.filter(language="pl", writer="the next release").count() == 3


def _add_events(events_index: EventIndexPage, count: int) -> None:
    """Live events without a publication's signal (as imports and the benchmark make them)."""
    for n in range(count):
        events_index.add_child(
            instance=EventPage(
                title=f"E{n}", start_date=days(n % 60), last_published_at=NOW, live=True
            )
        )


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        body(client, url)
    return len(captured)


def test_stored_feed_queries_do_not_grow_with_events(
    client: Any, weekly: EventPage, events_index: EventIndexPage
) -> None:
    _add_events(events_index, 10)
    old = EventPage(title="Dawno", start_date=days(-400), last_published_at=NOW, live=True)
    events_index.add_child(instance=old)
    assert "Dawno" not in summaries(body(client))  # stores the new events' texts
    few = _queries(client, FEED)
    _add_events(events_index, 190)
    body(client)
    assert EventText.objects.filter(language="pl").count() == 201
    assert _queries(client, FEED) == few


def _write_every_text() -> None:
    write_texts(full_pages(EventPage.objects.all()), ["pl", "en", "uk"], "example.org")


def _queries_to_forget_every_text() -> int:
    with CaptureQueriesContext(connection) as captured:
        Site.objects.get(is_default_site=True).save()
    assert not EventText.objects.exists()
    return len(captured)


def test_forgetting_texts_takes_as_many_queries_for_many_events_as_for_few(
    events_index: EventIndexPage,
) -> None:
    """Django's delete() would read the rows and delete them 100 at a time."""
    _add_events(events_index, 5)
    _write_every_text()
    few = _queries_to_forget_every_text()
    _add_events(events_index, 100)
    _write_every_text()
    assert EventText.objects.count() == 315
    assert _queries_to_forget_every_text() == few


def test_texts_are_stored_in_the_order_of_their_key(
    events_index: EventIndexPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writers running at once (feeds, publications) lock the rows in one order: two of
    them never wait for each other."""
    _add_events(events_index, 3)
    stored: list[EventText] = []
    bulk_create = EventText.objects.bulk_create

    def spy(rows: list[EventText], **kwargs: Any) -> list[EventText]:
        stored.extend(rows)
        return bulk_create(rows, **kwargs)

    monkeypatch.setattr(EventText.objects, "bulk_create", spy)
    pages = full_pages(EventPage.objects.order_by("-pk"))
    write_texts(pages, ["uk", "pl", "en"], "b.example.org")
    keys = [(row.page_id, row.language, row.domain) for row in stored]
    assert len(keys) == 9
    assert keys == sorted(keys)


def test_the_command_writes_every_live_event(client: Any, several: list[EventPage]) -> None:
    before = body(client)
    EventText.objects.all().delete()
    call_command("okcore_event_texts", verbosity=0)
    # weekly, the festival, its translation and the cancelled event, in 3 languages each
    assert EventText.objects.count() == 12
    with CaptureQueriesContext(connection) as captured:
        assert body(client) == before
    assert not [q for q in captured if q["sql"].startswith("INSERT")]
