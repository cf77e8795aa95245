"""Events: who may name the organising unit, bounded dates, feeds that survive bad rows."""

from __future__ import annotations

import logging
from datetime import date, datetime, time
from typing import Any

import icalendar
import pytest
import recurring_ical_events
from admin_forms import form_data
from clock import YEAR, days
from django.core.exceptions import ValidationError
from site_setup import client_for

from cms.core.site import publish
from cms.events.models import (
    MAX_REPEAT_COUNT,
    EventCancellation,
    EventIndexPage,
    EventMove,
    EventPage,
)
from cms.network.models import UnitPage

pytestmark = pytest.mark.django_db
FEEDS = ("/pl/calendar/programme.ics", "/pl/calendar/category/other.ics")


def _add_form(client: Any, parent: Any) -> tuple[str, str]:
    url = f"/admin/pages/add/events/eventpage/{parent.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    return url, response.content.decode()


def _event_post(html: str, unit: Any, **changes: str) -> dict[str, Any]:
    fields = {
        "title": "Dzień otwarty",
        "slug": "dzien-otwarty",
        "start_date": days(30).isoformat(),
        "unit": str(unit.pk),
        "action-publish": "1",
    }
    return form_data(html, "page-edit-form", **{**fields, **changes})


def test_coordinator_cannot_name_another_unit_as_organiser(site: dict[str, Any]) -> None:
    client = client_for("coordinator", site)
    own = UnitPage.objects.get(slug="wydzial-edukacji", locale__language_code="pl")
    url, html = _add_form(client, own)
    assert f'<option value="{site["education"].pk}"' in html
    assert f'<option value="{site["culture"].pk}"' not in html  # not offered
    response = client.post(url, _event_post(html, site["culture"]))  # crafted POST
    assert not EventPage.objects.filter(slug="dzien-otwarty").exists()
    assert "wskaż jedną z jednostek, które koordynujesz" in response.content.decode()
    client.post(url, _event_post(html, site["education"]))
    assert EventPage.objects.get(slug="dzien-otwarty").unit == site["education"]


def test_editor_may_name_any_unit_as_organiser(site: dict[str, Any]) -> None:
    client = client_for("editor", site)
    index = EventIndexPage.objects.get(locale__language_code="pl")
    url, html = _add_form(client, index)
    client.post(url, _event_post(html, site["culture"]))
    assert EventPage.objects.get(slug="dzien-otwarty").unit == site["culture"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"start_date": date(9999, 12, 31)}, "start_date"),
        ({"start_date": date(1999, 12, 31)}, "start_date"),
        ({"end_date": date(9990, 1, 1)}, "end_date"),
        ({"repeat": "weekly", "repeat_count": 9999}, "repeat_count"),
        ({"repeat": "daily", "repeat_interval": 10000}, "repeat_interval"),
        ({"repeat": "weekly", "repeat_until": days(11 * 366)}, "repeat_until"),
    ],
)
def test_absurd_dates_and_series_are_refused(fields: dict[str, Any], field: str) -> None:
    page = EventPage(title="Spotkanie", slug="spotkanie", **{"start_date": days(10), **fields})
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert field in refused.value.message_dict


def test_absurd_dates_are_a_form_error_in_the_admin(site: dict[str, Any]) -> None:
    client = client_for("editor", site)
    index = EventIndexPage.objects.get(locale__language_code="pl")
    url, html = _add_form(client, index)
    data = _event_post(html, site["culture"], start_date="9999-12-31")
    response = client.post(url, data)
    assert not EventPage.objects.filter(slug="dzien-otwarty").exists()
    assert "2000-01-01" in response.content.decode()


def test_limits_of_a_series_are_accepted(events_index: EventIndexPage) -> None:
    page = EventPage(
        title="Dyżur",
        start_date=days(1),
        repeat="weekly",
        repeat_until=days(1).replace(year=days(1).year + 10),
    )
    page.full_clean(exclude=["path", "depth", "slug"])
    page.repeat_until, page.repeat_count = None, MAX_REPEAT_COUNT
    page.full_clean(exclude=["path", "depth", "slug"])


def _good_and_bad(events_index: EventIndexPage) -> EventPage:
    """A good event and a bad one (still valid here): the bad one is returned."""
    good = EventPage(title="Dobre spotkanie", start_date=days(7), start_time=time(17))
    bad = EventPage(title="Złe spotkanie", start_date=days(14), start_time=time(17))
    for page in (good, bad):
        events_index.add_child(instance=page)
        publish(page)
    return bad


BAD_ROWS = {
    "weekly 9999 times": {"repeat": "weekly", "repeat_count": 9999},
    "start in 9990": {"start_date": date(9990, 6, 1)},
    "start on 9999-12-31": {"start_date": date(9999, 12, 31)},
    "yearly every 30000 years": {"repeat": "yearly", "repeat_interval": 30000, "repeat_count": 3},
}


@pytest.mark.parametrize("bad_fields", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_one_bad_event_leaves_feeds_pages_and_api_working(
    client: Any, events_index: EventIndexPage, bad_fields: dict[str, Any], caplog: Any
) -> None:
    bad = _good_and_bad(events_index)
    EventPage.objects.filter(pk=bad.pk).update(**bad_fields)  # past validation, as an import might
    with caplog.at_level(logging.WARNING, logger="cms.events"):
        for url in FEEDS:
            response = client.get(url)
            assert response.status_code == 200, url
            calendar = icalendar.Calendar.from_ical(response.content)
            summaries = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
            assert "Dobre spotkanie" in summaries and "Złe spotkanie" not in summaries
        assert client.get(bad.url).status_code == 200
        assert client.get(f"/pl/calendar/event/{bad.pk}.ics").status_code == 200
        api = client.get(f"/api/v1/events/?start={days(1)}&end={days(30)}&limit=50")
        assert api.status_code == 200
        assert {row["title"] for row in api.json()["results"]} == {"Dobre spotkanie"}
    assert f"event page {bad.pk} left out" in caplog.text


def test_moved_or_cancelled_date_far_away_leaves_feeds_working(
    client: Any, events_index: EventIndexPage
) -> None:
    page = EventPage(
        title="Cotygodniowy dyżur",
        start_date=days(1),
        start_time=time(10),
        repeat="weekly",
        repeat_count=10,
    )
    events_index.add_child(instance=page)
    publish(page)
    EventCancellation.objects.create(page=page, date=date(9999, 12, 31))
    EventMove.objects.create(page=page, original_date=days(8), new_date=date(9999, 12, 31))
    for url in (*FEEDS, page.url, f"/pl/calendar/event/{page.pk}.ics"):
        assert client.get(url).status_code == 200, url


def test_moved_or_cancelled_date_outside_the_bounds_is_refused() -> None:
    with pytest.raises(ValidationError):
        EventCancellation(date=date(9999, 12, 31)).clean()
    with pytest.raises(ValidationError):
        EventMove(original_date=days(8), new_date=date(9999, 1, 1)).clean()


def test_title_with_line_breaks_is_one_line_in_the_calendar(
    client: Any, events_index: EventIndexPage
) -> None:
    page = EventPage(
        title="Spotkanie\r\nDTSTART:20000101T000000\rLOCATION:gdzie indziej",
        location="Sala 1\r\nSala 2",
        start_date=days(7),
        start_time=time(18),
    )
    events_index.add_child(instance=page)
    publish(page)
    for url in (f"/pl/calendar/event/{page.pk}.ics", "/pl/calendar/programme.ics"):
        response = client.get(url)
        assert response.status_code == 200, url
        calendar = icalendar.Calendar.from_ical(response.content)
        found = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]).startswith("Spotkanie")]
        assert [str(e["SUMMARY"]) for e in found] == [
            "Spotkanie DTSTART:20000101T000000 LOCATION:gdzie indziej"
        ]
        assert str(found[0]["LOCATION"]) == "Sala 1 Sala 2"
        expanded = recurring_ical_events.of(calendar).between(days(6), days(8))
        own = f"event-{page.translation_key}"  # not a plugin's calendar item that day
        starts = [
            o.decoded("DTSTART").replace(tzinfo=None)
            for o in expanded
            if str(o.get("UID", "")).startswith(own)
        ]
        assert starts == [datetime.combine(page.start_date, page.start_time)]


def test_repeat_count_bound_keeps_series_in_feeds_until_its_end(
    client: Any, events_index: EventIndexPage
) -> None:
    """A series every third year, three times, stays in feeds until its last time."""
    page = EventPage(
        title="Gala",
        start_date=date(YEAR - 5, 1, 10),
        repeat="yearly",
        repeat_interval=3,
        repeat_count=3,
    )
    events_index.add_child(instance=page)
    publish(page)
    calendar = icalendar.Calendar.from_ical(client.get("/pl/calendar/programme.ics").content)
    assert "Gala" in {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
