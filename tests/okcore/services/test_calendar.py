"""iCalendar output, read back by independent parsers (icalendar, recurring-ical-events)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from okcore.events import Event
from okcore.legal import Deadline
from okcore.services.calendar import build_calendar

WARSAW = ZoneInfo("Europe/Warsaw")

MEETING = Event.model_validate(
    {
        "id": "coordinators-weekly",
        "title": {"pl": "Spotkanie koordynatorów", "en": "Coordinators' meeting"},
        "start": "2026-03-19T18:00:00",
        "end": "2026-03-19T19:30:00",
        "recurrence": {"frequency": "weekly", "until": "2026-11-05"},
        "cancelled_occurrences": ["2026-04-02T18:00:00"],
        "moved_occurrences": [
            {"original_start": "2026-10-22T18:00:00", "start": "2026-10-23T17:00:00"}
        ],
        "location": "Centrum Wielokulturowe",
        "categories": ["coordinators-meeting"],
        "sequence": 2,
    }
)
DEADLINE = Deadline.model_validate(
    {
        "obligation": "351-2026-small-grant-funds",
        "due": "2027-03-31",
        "title": {"pl": "Informacja o środkach art. 19a", "en": "Small-grant funds"},
        "source": "351/2026 §3 pt 5",
        "bearer": "coordinator",
        "period_start": "2027-01-01",
        "period_end": "2027-03-31",
    }
)


def parse(payload: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(payload)


def test_calendar_properties() -> None:
    calendar = parse(build_calendar("Open Kraków", [DEADLINE], [MEETING], locale="en"))
    for name, value in {
        "VERSION": "2.0",
        "CALSCALE": "GREGORIAN",
        "METHOD": "PUBLISH",
        "NAME": "Open Kraków",
        "X-WR-CALNAME": "Open Kraków",
    }.items():
        assert str(calendar[name]) == value
    assert "PRODID" in calendar
    assert "REFRESH-INTERVAL" in calendar
    assert "X-PUBLISHED-TTL" in calendar
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Warsaw"]


def test_deadline_is_an_all_day_item_with_a_stable_uid() -> None:
    first = parse(build_calendar("d", [DEADLINE]))
    again = parse(build_calendar("d", [DEADLINE], stamp=datetime(2030, 1, 1, tzinfo=UTC)))
    [event] = first.walk("VEVENT")
    assert event.decoded("DTSTART") == date(2027, 3, 31)
    assert event.decoded("DTEND") == date(2027, 4, 1)
    assert "351/2026 §3 pt 5" in str(event["SUMMARY"])
    assert event["UID"] == again.walk("VEVENT")[0]["UID"]


def test_occurrences_keep_local_time_across_daylight_saving() -> None:
    calendar = parse(build_calendar("m", events=[MEETING]))
    occurrences = recurring_ical_events.of(calendar).between(date(2026, 3, 1), date(2026, 12, 1))
    starts = [o.decoded("DTSTART") for o in occurrences]
    # Every occurrence is at 18:00 in Warsaw, before and after 29 March and 25 October.
    regular = [s for s in starts if s.date() != date(2026, 10, 23)]
    assert {s.astimezone(WARSAW).hour for s in regular} == {18}
    assert datetime(2026, 3, 26, 18, tzinfo=WARSAW) in starts  # after the March change
    assert datetime(2026, 10, 29, 18, tzinfo=WARSAW) in starts  # after the October change
    assert {s.utcoffset().total_seconds() / 3600 for s in regular} == {1.0, 2.0}  # type: ignore[union-attr]
    # Cancelled: gone. Moved: at its new time only.
    assert datetime(2026, 4, 2, 18, tzinfo=WARSAW) not in starts
    assert datetime(2026, 10, 22, 18, tzinfo=WARSAW) not in starts
    assert datetime(2026, 10, 23, 17, tzinfo=WARSAW) in starts
    # UNTIL is inclusive of the last day's occurrence.
    assert max(starts) == datetime(2026, 11, 5, 18, tzinfo=WARSAW)
    assert len(starts) == 34 - 1


def test_until_is_in_utc() -> None:
    calendar = parse(build_calendar("m", events=[MEETING]))
    master = next(e for e in calendar.walk("VEVENT") if "RRULE" in e)
    until = master["RRULE"]["UNTIL"][0]
    assert until.tzinfo is not None
    assert until.utcoffset().total_seconds() == 0
    assert master["SEQUENCE"] == 2


def test_own_expansion_matches_an_independent_client() -> None:
    from okcore.services.calendar import occurrences

    ours = [o.start for o in occurrences(MEETING, date(2026, 3, 1), date(2026, 12, 1))]
    calendar = parse(build_calendar("m", events=[MEETING]))
    theirs = [
        o.decoded("DTSTART").replace(tzinfo=None)
        for o in recurring_ical_events.of(calendar).between(date(2026, 3, 1), date(2026, 12, 1))
    ]
    assert sorted(ours) == sorted(theirs)
    assert datetime(2026, 10, 23, 17, 0) in ours
    assert datetime(2026, 4, 2, 18, 0) not in ours


def test_open_ended_series_expands_only_the_window_asked_for() -> None:
    """A weekly series with no end: each window matches an independent client's expansion."""
    from okcore.services.calendar import occurrences

    open_ended = MEETING.model_copy(
        update={"recurrence": MEETING.recurrence.model_copy(update={"until": None})}
    )
    calendar = parse(build_calendar("m", events=[open_ended]))
    for start, end in [
        (date(2026, 10, 1), date(2026, 11, 30)),
        (date(2031, 1, 1), date(2031, 2, 1)),
    ]:
        ours = [o.start for o in occurrences(open_ended, start, end)]
        theirs = [
            o.decoded("DTSTART").replace(tzinfo=None)
            for o in recurring_ical_events.of(calendar).between(start, end + timedelta(days=1))
        ]
        assert ours == sorted(theirs)
    window = occurrences(open_ended, date(2031, 1, 1), date(2031, 2, 1))
    assert [o.start.date() for o in window] == [date(2031, 1, d) for d in (2, 9, 16, 23, 30)]
    moved_in = occurrences(open_ended, date(2026, 10, 23), date(2026, 10, 23))
    assert [(o.start, o.moved) for o in moved_in] == [(datetime(2026, 10, 23, 17, 0), True)]


def test_an_all_day_events_end_is_its_last_day() -> None:
    """'1–3 December' is three days in a calendar app, and a one-day event ending the day it
    starts is one day, never zero (DTEND is exclusive, RFC 5545 §3.6.1)."""
    fair = Event(id="fair", title="Fair", start=date(2026, 12, 1), end=date(2026, 12, 3))
    talk = Event(id="talk", title="Talk", start=date(2026, 12, 7), end=date(2026, 12, 7))
    calendar = parse(build_calendar("e", events=[fair, talk]))
    ends = {str(e["UID"]).split("@")[0]: e.decoded("DTEND") for e in calendar.walk("VEVENT")}
    assert ends == {"event-fair": date(2026, 12, 4), "event-talk": date(2026, 12, 8)}
    days = {
        o.decoded("DTSTART")
        for o in recurring_ical_events.of(calendar).between(date(2026, 12, 3), date(2026, 12, 4))
    }
    assert days == {date(2026, 12, 1)}  # the fair still runs on its last day
