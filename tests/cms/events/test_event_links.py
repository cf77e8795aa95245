"""Calendars on the public pages (issue 18): an event's 'Add to Google Calendar' and 'Add to
Outlook' links (one helper builds both: whole days vs. times in UTC), the category feeds as
subscriptions (webcal://) beside their download, goal feeds on goal pages, and the past
events' heading only over past events."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from clock import TODAY, WARSAW, days
from django.utils import translation
from django.utils.translation import gettext

from cms.core.site import publish
from cms.events.links import Entry, add_links
from cms.events.models import Category, EventPage
from cms.events.occurrences import page_occurrences
from cms.programmes.models import GoalPage

PROGRAM = "open-krakow-2024-2028"


def _query(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", {
        k: v[0] for k, v in parse_qs(parts.query).items()
    }


def test_a_whole_day_event_is_added_as_days_the_end_day_excluded() -> None:
    links = add_links(
        Entry("Festiwal Kultur", date(2026, 12, 7), details="Tekst", location="Rynek")
    )
    base, google = _query(links["google"])
    assert base == "https://calendar.google.com/calendar/render"
    assert google == {
        "action": "TEMPLATE",
        "text": "Festiwal Kultur",
        "dates": "20261207/20261208",
        "details": "Tekst",
        "location": "Rynek",
    }
    base, outlook = _query(links["outlook"])
    assert base == "https://outlook.live.com/calendar/0/deeplink/compose"
    assert outlook["subject"] == "Festiwal Kultur"
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == (
        "2026-12-07",
        "2026-12-08",
        "true",
    )
    assert (outlook["body"], outlook["location"]) == ("Tekst", "Rynek")


def test_a_several_day_event_ends_the_day_after_its_last_day() -> None:
    links = add_links(Entry("Festiwal", date(2026, 12, 30), date(2027, 1, 1)))
    assert _query(links["google"])[1]["dates"] == "20261230/20270102"
    outlook = _query(links["outlook"])[1]
    assert (outlook["startdt"], outlook["enddt"]) == ("2026-12-30", "2027-01-02")


@pytest.mark.parametrize(
    ("day", "utc_start", "utc_end"),
    [
        (date(2026, 1, 15), "20260115T170000Z", "20260115T183000Z"),  # CET, UTC+1
        (date(2026, 7, 16), "20260716T160000Z", "20260716T173000Z"),  # CEST, UTC+2
    ],
)
def test_a_timed_event_is_added_in_utc(day: date, utc_start: str, utc_end: str) -> None:
    entry = Entry("Spotkanie", datetime.combine(day, time(18)), datetime.combine(day, time(19, 30)))
    links = add_links(entry)
    assert _query(links["google"])[1]["dates"] == f"{utc_start}/{utc_end}"
    outlook = _query(links["outlook"])[1]
    iso = [
        f"{v[:4]}-{v[4:6]}-{v[6:8]}T{v[9:11]}:{v[11:13]}:{v[13:15]}Z" for v in (utc_start, utc_end)
    ]
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == (*iso, "false")
    assert "details" not in _query(links["google"])[1]


def test_a_timed_event_without_an_end_lasts_an_hour() -> None:
    links = add_links(Entry("Dyżur", datetime(2026, 3, 2, 9, 0)))
    assert _query(links["google"])[1]["dates"] == "20260302T080000Z/20260302T090000Z"


def test_text_is_encoded_not_injected() -> None:
    links = add_links(Entry("A & B?", date(2026, 5, 1), details="x=1&y=2", location="ul. Długa 1"))
    google = _query(links["google"])[1]
    assert (google["text"], google["details"], google["location"]) == (
        "A & B?",
        "x=1&y=2",
        "ul. Długa 1",
    )


@pytest.mark.django_db
def test_event_page_offers_google_and_outlook_for_its_next_date(client: Any, weekly: Any) -> None:
    html = client.get(weekly.url).content.decode()
    with translation.override("pl"):
        assert gettext("Add to Google Calendar") in html
        assert gettext("Add to Outlook") in html
    google = [p for p in html.split('"') if p.startswith("https://calendar.google.com")]
    outlook = [p for p in html.split('"') if p.startswith("https://outlook.live.com")]
    assert len(google) == 1 and len(outlook) == 1
    dates = _query(unescape(google[0]))[1]["dates"]
    starts = [o.start for o in page_occurrences(weekly)]
    upcoming = [s for s in starts if s.date() >= TODAY] or starts
    expected = upcoming[0].replace(tzinfo=WARSAW).astimezone(UTC)
    assert dates.split("/")[0] == f"{expected:%Y%m%dT%H%M%SZ}"  # a timed series: UTC
    fields = _query(unescape(outlook[0]))[1]
    assert fields["startdt"] == f"{expected:%Y-%m-%dT%H:%M:%SZ}"
    assert fields["subject"] == weekly.title and fields["location"] == weekly.location


@pytest.fixture
def one_day(events_index: Any) -> Any:
    def make(title: str, on: date) -> EventPage:
        page = EventPage(title=title, start_date=on, location="Rynek", category=Category.FESTIVAL)
        events_index.add_child(instance=page)
        publish(page)
        return page

    return make


@pytest.mark.django_db
def test_past_events_heading_only_over_past_events(
    client: Any, events_index: Any, one_day: Any
) -> None:
    one_day("Przyszłe", days(10))
    with translation.override("pl"):
        heading = f"<h2>{gettext('Past events')}</h2>"
    html = client.get(events_index.url).content.decode()
    assert heading not in html
    one_day("Minione", days(-10))
    html = client.get(events_index.url).content.decode()
    assert heading in html
    assert html.index(heading) < html.index("Minione")


@pytest.mark.django_db
def test_category_feeds_are_subscriptions_with_a_download_beside(
    client: Any, events_index: Any
) -> None:
    html = client.get(events_index.url).content.decode()
    for value in [*Category.values, "deadline"]:
        address = f"localhost/pl/calendar/category/{value}.ics"
        assert f'href="webcal://{address}"' in html, value
        assert f'href="http://{address}"' in html, value


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["pl", "en", "uk"])
def test_goal_pages_link_their_goal_feed(client: Any, code: str) -> None:
    goal = GoalPage.objects.get(okcore_id=f"{PROGRAM}/goal-2", locale__language_code=code)
    html = client.get(goal.url).content.decode()
    address = f"localhost/{code}/calendar/programme/{PROGRAM}/goal/2.ics"
    assert f'href="webcal://{address}"' in html
    assert f'href="http://{address}"' in html
