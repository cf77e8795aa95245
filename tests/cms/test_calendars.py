"""Calendar feeds, read back by independent clients (icalendar, recurring-ical-events)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from clock import SEASON, YEAR, days
from django.utils import timezone
from factories import CoordinatorFactory

from cms.core.site import publish
from cms.events.models import CalendarToken, EventIndexPage, EventPage
from cms.network.models import Coordinator, Unit

pytestmark = pytest.mark.django_db
WARSAW = ZoneInfo("Europe/Warsaw")


def feed(client: Any, url: str, **headers: Any) -> Any:
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def page_starts(client: Any, page: EventPage) -> list[datetime]:
    html = client.get(page.url).content.decode()
    return [datetime.fromisoformat(v) for v in re.findall(r'<time datetime="([^"]+)"', html)]


def test_feed_occurrences_equal_the_event_page_across_daylight_saving(
    client: Any, weekly: EventPage
) -> None:
    calendar = feed(client, "/pl/calendar/programme.ics")
    expanded = recurring_ical_events.of(calendar).between(date(YEAR, 3, 1), date(YEAR, 12, 31))
    # The page's own: not the deadlines nor the Lublin plugin's consultations.
    expanded = [o for o in expanded if str(o["UID"]).startswith(f"event-{weekly.translation_key}")]
    from_feed = sorted(
        o.decoded("DTSTART").astimezone(WARSAW).replace(tzinfo=None) for o in expanded
    )
    shown = sorted(s.replace(tzinfo=None) for s in page_starts(client, weekly))
    assert shown == from_feed
    at = lambda day, hour: datetime.combine(day, time(hour))  # noqa: E731
    assert at(SEASON.first, 18) in shown  # winter time
    assert at(SEASON.after_spring, 18) in shown  # after the last Sunday of March
    assert at(SEASON.after_autumn, 18) in shown  # after the last Sunday of October
    assert at(SEASON.cancelled, 18) not in shown
    assert at(SEASON.moved_to, 17) in shown and at(SEASON.moved_from, 18) not in shown
    offsets = {
        o.decoded("DTSTART").utcoffset().total_seconds()
        for o in expanded
        if o.decoded("DTSTART").date() != SEASON.moved_to
    }
    assert offsets == {3600.0, 7200.0}


def test_rfc_properties(client: Any, weekly: EventPage) -> None:
    calendar = feed(client, "/en/calendar/programme.ics")
    for name in (
        "PRODID",
        "VERSION",
        "CALSCALE",
        "METHOD",
        "NAME",
        "X-WR-CALNAME",
        "REFRESH-INTERVAL",
        "X-PUBLISHED-TTL",
    ):
        assert name in calendar, name
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Warsaw"
    master = next(e for e in calendar.walk("VEVENT") if "RRULE" in e)
    for name in ("UID", "DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "EXDATE", "LOCATION", "URL"):
        assert name in master, name
    until = master["RRULE"]["UNTIL"][0]
    assert until.utcoffset().total_seconds() == 0
    moved = next(e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" in e)
    assert moved["UID"] == master["UID"]


def test_uid_stable_and_sequence_grows_on_time_or_place_changes(
    client: Any, weekly: EventPage
) -> None:
    def master() -> Any:
        calendar = feed(client, "/pl/calendar/programme.ics")
        return next(e for e in calendar.walk("VEVENT") if "RRULE" in e)

    before = master()
    weekly.title = "Spotkanie koordynatorów (nowy tytuł)"
    publish(weekly)
    retitled = master()
    assert retitled["UID"] == before["UID"]
    assert retitled["SEQUENCE"] == before["SEQUENCE"]
    weekly.refresh_from_db()
    weekly.start_time = time(17, 30)
    publish(weekly)
    moved = master()
    assert moved["UID"] == before["UID"]
    assert moved["SEQUENCE"] > before["SEQUENCE"]


def test_conditional_requests(client: Any, weekly: EventPage) -> None:
    first = client.get("/pl/calendar/programme.ics")
    assert (
        client.get("/pl/calendar/programme.ics", HTTP_IF_NONE_MATCH=first["ETag"]).status_code
        == 304
    )
    assert (
        client.get(
            "/pl/calendar/programme.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
        ).status_code
        == 304
    )
    weekly.location = "Pałac Krzysztofory"
    weekly.last_published_at = timezone.now()
    publish(weekly)
    changed = client.get("/pl/calendar/programme.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_cancelled_event_stays_with_status_cancelled(client: Any, weekly: EventPage) -> None:
    weekly.status = "cancelled"
    publish(weekly)
    calendar = feed(client, "/pl/calendar/programme.ics")
    master = next(e for e in calendar.walk("VEVENT") if "RRULE" in e)
    assert master["STATUS"] == "CANCELLED"


def test_filtered_feeds(client: Any, weekly: EventPage, events_index: EventIndexPage) -> None:
    other = EventPage(title="Festiwal", start_date=days(14), category="festival")
    events_index.add_child(instance=other)
    publish(other)
    summaries = lambda url: {str(e["SUMMARY"]) for e in feed(client, url).walk("VEVENT")}  # noqa: E731
    assert summaries("/pl/calendar/category/festival.ics") == {"Festiwal"}
    assert summaries("/pl/calendar/unit/wydzial-kultury.ics") == {"Spotkanie koordynatorów"}
    goal = "/pl/calendar/programme/open-krakow-2024-2028/goal/{}.ics"
    assert summaries(goal.format(2)) == {"Spotkanie koordynatorów"}
    assert summaries(goal.format(5)) == set()
    assert client.get(goal.format(99)).status_code == 404
    programme = feed(client, "/pl/calendar/programme/open-krakow-2024-2028.ics")
    assert {str(e["SUMMARY"]) for e in programme.walk("VEVENT") if "RRULE" in e} == {
        "Spotkanie koordynatorów"
    }
    assert "Festiwal" not in {str(e["SUMMARY"]) for e in programme.walk("VEVENT")}
    assert client.get("/pl/calendar/programme/warszawa.ics").status_code == 404
    deadlines = feed(client, "/pl/calendar/category/deadline.ics").walk("VEVENT")
    # Public deadlines are the obligations marked public (Kraków's Mayor's report, Lublin's
    # half-year report) and Table 1's dated tasks (docs/rules.md), whichever fall in the
    # feed's window around today; never a unit's duty towards SZ.
    cited = [f"{e['SUMMARY']} {e.get('DESCRIPTION', '')}" for e in deadlines]
    assert any("Program §6 ust. 8" in text for text in cited)
    assert any("Program §7 ust. 2" in text for text in cited)
    public = ("Program §6 ust. 8", "Program §7 ust. 2", "Program Tabela 1 poz.")
    assert all(any(source in text for source in public) for text in cited)
    single = feed(client, f"/pl/calendar/event/{other.pk}.ics").walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in single] == ["Festiwal"]
    assert client.get("/pl/calendar/category/nonsense.ics").status_code == 404


def test_pages_offer_subscriptions(
    client: Any, weekly: EventPage, events_index: EventIndexPage
) -> None:
    html = client.get(events_index.url).content.decode()
    assert 'href="webcal://localhost/pl/calendar/programme.ics"' in html
    assert (
        "calendar.google.com/calendar/r?cid=webcal%3A%2F%2Flocalhost%2Fpl%2Fcalendar%2Fprogramme.ics"
        in html
    )
    assert (
        "outlook.live.com/calendar/0/addfromweb?url=http%3A%2F%2Flocalhost%2Fpl%2Fcalendar%2Fprogramme.ics"
        in html
    )
    assert '<link rel="alternate" type="text/calendar"' in html
    event_html = client.get(weekly.url).content.decode()
    head = event_html.split("</head>")[0]
    assert f'href="/pl/calendar/event/{weekly.pk}.ics"' in head
    assert 'href="http://localhost/pl/calendar/programme.ics"' in head  # {{ block.super }}


def test_private_feed_by_token(client: Any, weekly: EventPage, make_user: Any) -> None:
    user = make_user("coord", "coordinators")
    CoordinatorFactory(
        unit=Unit.objects.get(slug="wydzial-kultury"),
        network="ngo-cooperation-coordinators",
        valid_from=days(-100),
        user=user,
    )
    assert client.get("/calendar/private/not-a-token.ics").status_code == 404
    client.force_login(user)
    client.post("/admin/my-calendar/", {"action": "new"})
    token = CalendarToken.objects.get(user=user, revoked_at__isnull=True)
    client.logout()
    calendar = feed(client, f"/calendar/private/{token.token}.ics")
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert any("351/2026 §3 pt 5" in s for s in summaries)  # the unit's internal deadline
    assert "Spotkanie koordynatorów" in summaries
    public = [str(e["SUMMARY"]) for e in feed(client, "/pl/calendar/programme.ics").walk("VEVENT")]
    assert not any("351/2026" in s for s in public)
    client.force_login(user)
    client.post("/admin/my-calendar/", {"action": "revoke"})
    client.logout()
    assert client.get(f"/calendar/private/{token.token}.ics").status_code == 404
    assert Coordinator.objects.filter(user=user).exists()
