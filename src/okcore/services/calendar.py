"""iCalendar (RFC 5545, RFC 7986) for deadlines and events.

UIDs come from stable ids, so a calendar app updates an item in place when
it changes instead of adding a copy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from dateutil import rrule

from okcore.events import Event, Recurrence
from okcore.legal import Deadline
from okcore.text import LocalizedText, base_language

#: The product that wrote the calendar (RFC 5545 §3.7.3): okcore, whichever city's it is.
PRODID = "-//okcore//okcore calendar//EN"
DEFAULT_UID_DOMAIN = "okcore.invalid"
DEADLINE_CATEGORY = "deadline"


#: The words around a deadline's description, in the feed's language (English when the
#: feed's language has none).
WORDS: dict[str, dict[str, str]] = {
    "source": {"pl": "Źródło", "en": "Source", "uk": "Джерело"},
    "period": {"pl": "Okres", "en": "Period", "uk": "Період"},
    "implementers": {"pl": "Realizatorzy", "en": "Implementers", "uk": "Виконавці"},
    "policy": {
        "pl": "Termin wynika z przyjętych ustaleń",
        "en": "Date set by policy",
        "uk": "Строк визначено ухваленими правилами",
    },
    "law": {
        "pl": "Termin wynika z przepisów",
        "en": "Date set by law",
        "uk": "Строк визначено законодавством",
    },
}


def word(key: str, locale: str | None) -> str:
    """One of :data:`WORDS` in ``locale`` ("pl-PL" reads as "pl"), else in English."""
    words = WORDS[key]
    return words[base_language(locale, words)]


def _text(value: LocalizedText | None, locale: str | None) -> str | None:
    return None if value is None else value.get(locale)


def deadline_uid(item: Deadline, domain: str) -> str:
    parts = [item.obligation, item.due.isoformat()]
    if item.unit:
        parts.append(item.unit)
    return f"deadline-{'-'.join(parts)}@{domain}"


def deadline_component(
    item: Deadline, locale: str | None, domain: str, stamp: datetime
) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", deadline_uid(item, domain))
    component.add("dtstamp", stamp)
    component.add("dtstart", item.due)
    component.add("dtend", item.due + timedelta(days=1))
    component.add("summary", f"{_text(item.title, locale)} ({item.source})")
    lines = [f"{word('source', locale)}: {item.source}"]
    if item.period_start and item.period_end:
        period = f"{item.period_start.isoformat()} – {item.period_end.isoformat()}"
        lines.append(f"{word('period', locale)}: {period}")
    if item.implementers:
        lines.append(f"{word('implementers', locale)}: {', '.join(item.implementers)}")
    if item.policy_note:
        lines.append(f"{word('policy', locale)}: {_text(item.policy_note, locale)}")
    else:
        lines.append(f"{word('law', locale)}: {item.source}")
    component.add("description", "\n".join(lines))
    component.add("categories", [DEADLINE_CATEGORY])
    component.add("transp", "TRANSPARENT")
    component.add("class", "PUBLIC")
    return component


def _rrule(recurrence: Recurrence, start: datetime | date, zone: ZoneInfo) -> dict[str, object]:
    rule: dict[str, object] = {"FREQ": recurrence.frequency.value.upper()}
    if recurrence.interval != 1:
        rule["INTERVAL"] = recurrence.interval
    if recurrence.count is not None:
        rule["COUNT"] = recurrence.count
    if recurrence.until is not None:
        if isinstance(start, datetime):
            # RFC 5545: with a zoned DTSTART, UNTIL is in UTC; the last start of that day.
            last = datetime.combine(recurrence.until, start.time()).replace(tzinfo=zone)
            rule["UNTIL"] = last.astimezone(UTC)
        else:
            rule["UNTIL"] = recurrence.until
    return rule


def _zoned(moment: datetime | date, zone: ZoneInfo) -> datetime | date:
    return moment.replace(tzinfo=zone) if isinstance(moment, datetime) else moment


def event_components(
    event: Event, locale: str | None, domain: str, stamp: datetime
) -> list[icalendar.Event]:
    """The master VEVENT and one per moved occurrence (RECURRENCE-ID)."""
    zone = ZoneInfo(event.time_zone)
    uid = f"event-{event.id}@{domain}"

    def base(start: datetime | date, end: datetime | date | None) -> icalendar.Event:
        component = icalendar.Event()
        component.add("uid", uid)
        component.add("dtstamp", stamp)
        component.add("dtstart", _zoned(start, zone))
        if isinstance(end, datetime):
            component.add("dtend", _zoned(end, zone))
        elif not isinstance(start, datetime):
            # An all-day event's end is its last day; DTEND is the day after (RFC 5545 §3.6.1).
            component.add("dtend", (end or start) + timedelta(days=1))
        component.add("summary", _text(event.title, locale))
        if event.description:
            component.add("description", _text(event.description, locale))
        if event.url:
            component.add("url", event.url)
        if event.categories:
            component.add("categories", list(event.categories))
        component.add("status", event.status.value.upper())
        component.add("sequence", event.sequence)
        if event.last_modified:
            component.add("last-modified", event.last_modified.astimezone(UTC))
        return component

    master = base(event.start, event.end)
    if event.location:
        master.add("location", _text(event.location, locale))
    if event.recurrence:
        master.add("rrule", _rrule(event.recurrence, event.start, zone))
        # Moved occurrences need no EXDATE: their RECURRENCE-ID overrides replace them.
        if event.cancelled_occurrences:
            master.add("exdate", [_zoned(d, zone) for d in event.cancelled_occurrences])
    components = [master]
    duration = None if event.end is None else event.end - event.start
    for moved in event.moved_occurrences:
        end = moved.end
        if end is None and duration is not None:
            end = moved.start + duration
        component = base(moved.start, end)
        component.add("recurrence-id", _zoned(moved.original_start, zone))
        location = moved.location or event.location
        if location:
            component.add("location", _text(location, locale))
        components.append(component)
    return components


@dataclass(frozen=True)
class RenderedEvent:
    """An event already written as iCalendar text, with what the calendar around it needs.

    Writing components is most of a large feed's cost; a site keeps these per event
    and only writes again the events that changed.
    """

    text: bytes
    year: int
    time_zone: str | None = None
    last_modified: datetime | None = None

    @classmethod
    def of(
        cls,
        event: Event,
        locale: str | None = None,
        uid_domain: str = DEFAULT_UID_DOMAIN,
        stamp: datetime | None = None,
    ) -> RenderedEvent:
        """DTSTAMP is the event's own last change, so its text does not depend on the feed."""
        stamp = event.last_modified or stamp or datetime.now(UTC).replace(microsecond=0)
        components = event_components(event, locale, uid_domain, stamp)
        moments = [event.start, *(m.start for m in event.moved_occurrences)]
        timed = any(isinstance(moment, datetime) for moment in moments)
        return cls(
            text=b"".join(component.to_ical() for component in components),
            year=event.start.year,
            time_zone=event.time_zone if timed else None,
            last_modified=event.last_modified,
        )


def build_calendar(
    name: str,
    deadlines: Sequence[Deadline] = (),
    events: Iterable[Event] = (),
    locale: str | None = None,
    uid_domain: str = DEFAULT_UID_DOMAIN,
    refresh: timedelta = timedelta(hours=12),
    stamp: datetime | None = None,
    rendered: Sequence[RenderedEvent] = (),
) -> bytes:
    """A whole calendar: deadlines, ``events`` and events ``rendered`` earlier."""
    stamp = stamp or datetime.now(UTC).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(refresh))
    for item in deadlines:
        calendar.add_component(deadline_component(item, locale, uid_domain, stamp))
    chunks = [RenderedEvent.of(e, locale, uid_domain, stamp) for e in events] + list(rendered)
    zones = sorted({c.time_zone for c in chunks if c.time_zone})
    if zones:
        first = date(min(c.year for c in chunks) - 1, 1, 1)
        last = date(max(c.year for c in chunks) + 10, 1, 1)
        for tzid in zones:
            calendar.add_component(
                icalendar.Timezone.from_tzid(tzid, first_date=first, last_date=last)
            )
    text: bytes = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    return text[: -len(end)] + b"".join(c.text for c in chunks) + end


@dataclass(frozen=True)
class Occurrence:
    """One happening of an event, in wall-clock time of the event's zone (or a date)."""

    start: datetime | date
    end: datetime | date | None
    moved: bool = False


_RRULE_FREQUENCIES: dict[str, Any] = {
    "daily": rrule.DAILY,
    "weekly": rrule.WEEKLY,
    "monthly": rrule.MONTHLY,
    "yearly": rrule.YEARLY,
}


def occurrences(event: Event, start: date, end: date) -> list[Occurrence]:
    """The event's occurrences starting between two days (inclusive), as the site lists them.

    Only the window is expanded, so an open-ended weekly series costs what the
    window holds, not every week until the year 9999. Independent of any iCalendar
    library: tests compare it with what calendar clients expand from the feed.
    """
    duration = None if event.end is None else event.end - event.start
    first: datetime = (
        event.start
        if isinstance(event.start, datetime)
        else datetime.combine(event.start, datetime.min.time())
    )
    if event.recurrence is None:
        candidates = [first]

        def is_occurrence(moment: datetime) -> bool:
            return moment == _key(first)

    else:
        until = None
        if event.recurrence.until is not None:
            until = datetime.combine(event.recurrence.until, datetime.max.time())
        rule = rrule.rrule(
            _RRULE_FREQUENCIES[event.recurrence.frequency.value],
            dtstart=_key(first),
            interval=event.recurrence.interval,
            until=until,
            count=event.recurrence.count,
        )
        candidates = rule.between(
            datetime.combine(start, datetime.min.time()),
            datetime.combine(end, datetime.max.time()),
            inc=True,
        )

        def is_occurrence(moment: datetime) -> bool:
            return moment in rule

    def as_event_type(moment: datetime) -> datetime | date:
        return moment if isinstance(event.start, datetime) else moment.date()

    cancelled = {_key(c) for c in event.cancelled_occurrences}
    moved = {_key(m.original_start): m for m in event.moved_occurrences}
    found: list[Occurrence] = []
    for moment in candidates:
        key = _key(moment)
        if key in cancelled or key in moved:
            continue
        begins = as_event_type(moment)
        found.append(Occurrence(begins, None if duration is None else begins + duration))
    for key, move in moved.items():
        if key in cancelled or not is_occurrence(key):
            continue
        new_end = move.end
        if new_end is None and duration is not None:
            new_end = move.start + duration
        found.append(Occurrence(move.start, new_end, moved=True))
    return sorted((o for o in found if start <= _day(o.start) <= end), key=lambda o: _key(o.start))


def _day(moment: datetime | date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _key(moment: datetime | date) -> datetime:
    if isinstance(moment, datetime):
        return moment.replace(tzinfo=None)
    return datetime.combine(moment, datetime.min.time())
