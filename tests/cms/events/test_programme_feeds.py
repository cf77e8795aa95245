"""Feeds per site and programme (issue 15): what each holds, read back with icalendar.

The test site serves Kraków's programme and the example plugin's Lublin programme (it
names no city, so the default site serves it), until a test gives Kraków a site of its own.
"""

from __future__ import annotations

from typing import Any

import icalendar
import pytest
from django.core.cache import cache
from django.test import Client

from cms.core.registry import registry
from cms.events.models import EventPage

pytestmark = pytest.mark.django_db
KRAKOW = "open-krakow-2024-2028"
LUBLIN = "lublin-welcome-2025-2029"
#: The example plugin's calendar item in the Polish feeds (docs/plugins.md).
CONSULTATION = "Otwarte konsultacje"


def calendar(client: Client, url: str) -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def summaries(feed: icalendar.Calendar) -> set[str]:
    return {str(event["SUMMARY"]) for event in feed.walk("VEVENT")}


def cites(feed: icalendar.Calendar, source: str) -> bool:
    return any(source in summary for summary in summaries(feed))


def test_site_wide_feed_holds_every_programme_the_site_serves(
    client: Client, weekly: EventPage
) -> None:
    feed = calendar(client, "/pl/calendar/programme.ics")
    assert "Spotkanie koordynatorów" in summaries(feed)  # the site's own event
    assert CONSULTATION in summaries(feed)  # Lublin's plugin's calendar item
    assert cites(feed, "Program §6 ust. 8")  # Kraków's public obligation
    assert cites(feed, "Program §7 ust. 2")  # Lublin's
    assert not cites(feed, "3487/2023") and not cites(feed, "351/2026")  # units' duties


def test_a_programme_feed_holds_its_own_items_and_deadlines_only(
    client: Client, weekly: EventPage
) -> None:
    lublin = calendar(client, f"/en/calendar/programme/{LUBLIN}.ics")
    program = registry().programs[LUBLIN]
    assert str(lublin["X-WR-CALNAME"]) == (program.short_title or program.title).get("en")
    assert "Open consultation" in summaries(lublin)
    assert cites(lublin, "Program §7 ust. 2") and not cites(lublin, "Program §6 ust. 8")
    assert "Spotkanie koordynatorów" not in summaries(lublin)
    [item] = [e for e in lublin.walk("VEVENT") if str(e["SUMMARY"]) == "Open consultation"]
    assert str(item["UID"]).startswith("event-lublin-open-consultation-en@")
    assert item["RRULE"]["INTERVAL"] == [4]
    krakow = calendar(client, f"/pl/calendar/programme/{KRAKOW}.ics")
    assert CONSULTATION not in summaries(krakow)
    assert "Spotkanie koordynatorów" in summaries(krakow)


def test_the_uids_of_calendar_items_stay_from_one_request_to_the_next(client: Client) -> None:
    url = f"/pl/calendar/programme/{LUBLIN}.ics"
    first = [str(e["UID"]) for e in calendar(client, url).walk("VEVENT")]
    client.get("/")  # nothing changes in between but the cache
    assert first == [str(e["UID"]) for e in calendar(client, url).walk("VEVENT")]


def test_goal_feeds_and_unknown_programmes_or_goals(client: Client, weekly: EventPage) -> None:
    goal = calendar(client, f"/pl/calendar/programme/{KRAKOW}/goal/2.ics")
    assert summaries(goal) == {"Spotkanie koordynatorów"}
    assert summaries(calendar(client, f"/pl/calendar/programme/{LUBLIN}/goal/1.ics")) == set()
    for url in (
        f"/pl/calendar/programme/{KRAKOW}/goal/99.ics",
        "/pl/calendar/programme/warszawa-2030/goal/1.ics",
        "/pl/calendar/programme/warszawa-2030.ics",
    ):
        assert client.get(url).status_code == 404, url
    # Two programmes: the old address of "goal 2" could mean either.
    assert client.get("/pl/calendar/goal/2.ics").status_code == 404


def test_which_obligations_are_public_is_the_datas_choice(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The annual report (bearer: mayor) leaves the feeds once its data says it is not
    public (docs/rules.md); the bearer plays no part."""
    obligations = registry().obligations
    report = obligations["open-krakow-annual-report"]
    monkeypatch.setitem(obligations, report.id, report.model_copy(update={"public": False}))
    assert not cites(calendar(client, "/pl/calendar/programme.ics"), "Program §6 ust. 8")
    monkeypatch.undo()
    cache.clear()  # the feed is cached until something is published (cms.core.cache)
    assert cites(calendar(client, "/pl/calendar/programme.ics"), "Program §6 ust. 8")
