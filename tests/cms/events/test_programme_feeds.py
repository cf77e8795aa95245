"""Feeds per site and programme (issue 15): what each holds, read back with icalendar.

The test site serves Kraków's programme and the example plugin's Lublin programme (it
names no city, so the default site serves it), until a test gives Kraków a site of its own.
"""

from __future__ import annotations

from datetime import time, timedelta

import icalendar
import pytest
import time_machine
from clock import NOW, days
from django.core.cache import cache
from django.test import Client
from wagtail.models import Page, Site

from cms.core.city import portal_name
from cms.core.models import CitySettings
from cms.core.registry import registry
from cms.core.site import default_site, ensure_child, ensure_home, publish
from cms.events.models import EventIndexPage, EventPage
from cms.programmes.models import GoalPage

pytestmark = pytest.mark.django_db
KRAKOW = "open-krakow-2024-2028"
LUBLIN = "lublin-welcome-2025-2029"
#: The example plugin's calendar item in the Polish feeds (docs/plugins.md).
CONSULTATION = "Otwarte konsultacje"
#: Kraków's own site in the tests that give it one (a host the test settings allow).
KRAKOW_HOST = "127.0.0.1"


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


def test_calendar_items_keep_their_uids_and_the_feed_its_etag(client: Client) -> None:
    """A minute later, with nothing cached, the feed is the same to the byte: a calendar app
    gets 304, and its copies of the items stay theirs."""
    url = f"/pl/calendar/programme/{LUBLIN}.ics"
    first = client.get(url)
    cache.clear()
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        again = client.get(url)
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert again.content == first.content
    uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(again.content).walk("VEVENT")}
    assert "event-lublin-open-consultation-pl@localhost" in uids


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


def krakow_site() -> Site:
    """Kraków on a site of its own, with its names, UID domain and an event filed under
    goal 2; the default site then serves Lublin alone (its data names no city)."""
    page = Page(title="Kraków", slug="krakow-root")
    Page.get_first_root_node().add_child(instance=page)
    site = Site.objects.create(hostname=KRAKOW_HOST, port=80, root_page=page)
    CitySettings.objects.create(
        site=site,
        city={"pl": "Kraków"},
        portal_name={"pl": "Portal Krakowski", "en": "Kraków Portal"},
        uid_domain="kalendarz.krakow.example",
    )
    site.refresh_from_db()
    index = ensure_child(ensure_home(site)["pl"], EventIndexPage, "Wydarzenia", "events")
    event = EventPage(
        title="Forum Krakowskie",
        start_date=days(10),
        start_time=time(17),
        goal=f"{KRAKOW}/goal-2",
    )
    index.add_child(instance=event)
    publish(event)
    return site


def test_each_site_serves_its_own_programmes(client: Client, weekly: EventPage) -> None:
    krakow_site()
    krakow = Client(HTTP_HOST=KRAKOW_HOST)
    feed = calendar(krakow, "/pl/calendar/programme.ics")
    assert str(feed["X-WR-CALNAME"]) == "Portal Krakowski"
    assert "Forum Krakowskie" in summaries(feed)
    assert "Spotkanie koordynatorów" not in summaries(feed)  # the default site's event
    assert cites(feed, "Program §6 ust. 8") and not cites(feed, "Program §7 ust. 2")
    assert CONSULTATION not in summaries(feed)
    assert {str(e["UID"]).rpartition("@")[2] for e in feed.walk("VEVENT")} == {
        "kalendarz.krakow.example"
    }
    english = calendar(krakow, f"/en/calendar/programme/{KRAKOW}.ics")
    assert str(english["X-WR-CALNAME"]) == registry().programs[KRAKOW].short_title.get("en")
    assert str(calendar(krakow, "/en/calendar/category/festival.ics")["X-WR-CALNAME"]) == (
        "Kraków Portal – festival"
    )
    for url in (
        f"/pl/calendar/programme/{LUBLIN}.ics",
        f"/pl/calendar/programme/{LUBLIN}/goal/1.ics",
        f"/pl/calendar/event/{weekly.pk}.ics",
    ):
        assert krakow.get(url).status_code == 404, url
    lublin = calendar(client, "/pl/calendar/programme.ics")
    assert str(lublin["X-WR-CALNAME"]) == portal_name(default_site(), "pl")
    assert str(lublin["X-WR-CALNAME"]) == registry().programs[LUBLIN].short_title.get("pl")
    assert CONSULTATION in summaries(lublin) and not cites(lublin, "Program §6 ust. 8")
    assert "Forum Krakowskie" not in summaries(lublin)
    assert client.get(f"/pl/calendar/programme/{KRAKOW}.ics").status_code == 404


def test_the_old_goal_address_moves_to_the_programmes_goal_feed(client: Client) -> None:
    krakow_site()
    krakow = Client(HTTP_HOST=KRAKOW_HOST)
    moved = krakow.get("/en/calendar/goal/2.ics")
    assert moved.status_code == 301
    assert moved["Location"] == f"/en/calendar/programme/{KRAKOW}/goal/2.ics"
    assert summaries(calendar(krakow, moved["Location"])) == {"Forum Krakowskie"}
    assert krakow.get("/en/calendar/goal/99.ics").status_code == 404
    lublin = client.get("/pl/calendar/goal/1.ics")
    assert lublin["Location"] == f"/pl/calendar/programme/{LUBLIN}/goal/1.ics"


def test_each_site_has_its_own_cached_copy_and_conditional_requests(client: Client) -> None:
    krakow_site()
    krakow = Client(HTTP_HOST=KRAKOW_HOST)
    url = "/pl/calendar/programme.ics"
    for _ in range(2):  # the second answer of each comes from the cache
        own, other = krakow.get(url), client.get(url)
        assert b"Forum Krakowskie" in own.content
        assert b"Forum Krakowskie" not in other.content
    assert own["X-Cache"] == other["X-Cache"] == "hit"
    assert krakow.get(url, HTTP_IF_NONE_MATCH=own["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH=own["ETag"]).status_code == 200


def test_subscribe_links_are_titled_after_the_portal(client: Client) -> None:
    krakow_site()
    krakow = Client(HTTP_HOST=KRAKOW_HOST)
    html = krakow.get("/pl/events/").content.decode()
    assert "Subskrybuj: Portal Krakowski: wydarzenia i terminy" in html
    head = html.split("</head>")[0]
    assert 'title="Portal Krakowski: wydarzenia i terminy"' in head
    assert f'href="webcal://{KRAKOW_HOST}/pl/calendar/programme.ics"' in html


def test_each_home_page_lists_its_own_sites_events(
    client: Client, events_index: EventIndexPage
) -> None:
    lublin_event = EventPage(title="Dzień Lublina", start_date=days(12))
    events_index.add_child(instance=lublin_event)
    publish(lublin_event)
    krakow_site()
    own = Client(HTTP_HOST=KRAKOW_HOST).get("/pl/").content.decode()
    assert "Forum Krakowskie" in own and "Dzień Lublina" not in own
    other = client.get("/pl/").content.decode()
    assert "Dzień Lublina" in other and "Forum Krakowskie" not in other


def test_a_goal_page_offers_its_own_feed(client: Client) -> None:
    program = registry().programs[KRAKOW]
    goal = program.goal(2)
    page = GoalPage.objects.live().get(okcore_id=program.goal_uid(goal), locale__language_code="pl")
    body = client.get(page.url).content.decode()
    assert f"/calendar/programme/{KRAKOW}/goal/2.ics" in body
