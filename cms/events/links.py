"""'Add to Google Calendar' and 'Add to Outlook' links for one event (its page).

Both services take the event in the link itself: Google Calendar's ``render?action=TEMPLATE``
(``dates`` as ``YYYYMMDD/YYYYMMDD`` for a whole-day event, the end day excluded, else
``YYYYMMDDTHHMMSSZ/…`` in UTC) and Outlook.com's ``deeplink/compose`` (``startdt``/``enddt``
as ISO 8601 in UTC, or days with ``allday=true``, the end day excluded). One function builds
both from the same moments, so the two never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from okcore.services.calendar import Occurrence

if TYPE_CHECKING:
    from cms.events.models import EventPage

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK = "https://outlook.live.com/calendar/0/deeplink/compose"
#: A timed event without an end time lasts an hour in the calendar it is added to.
DEFAULT_LENGTH = timedelta(hours=1)


@dataclass(frozen=True)
class Entry:
    """An event as the links carry it: wall-clock times in ``time_zone``, or days.

    ``end`` is the last day of a whole-day event (included, as the page shows it), or
    the end time of a timed one.
    """

    title: str
    start: datetime | date
    end: datetime | date | None = None
    details: str = ""
    location: str = ""
    time_zone: str = "Europe/Warsaw"

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)


def _bounds(entry: Entry) -> tuple[datetime | date, datetime | date]:
    """Start and end, the end excluded: the day after a whole-day event's last day; a
    timed event's moments in UTC."""
    if entry.all_day:
        start = entry.start if not isinstance(entry.start, datetime) else entry.start.date()
        last = entry.end if entry.end is not None else start
        if isinstance(last, datetime):
            last = last.date()
        return start, max(last, start) + timedelta(days=1)
    assert isinstance(entry.start, datetime)
    zone = ZoneInfo(entry.time_zone)
    start_at = entry.start if entry.start.tzinfo else entry.start.replace(tzinfo=zone)
    if isinstance(entry.end, datetime):
        end_at = entry.end if entry.end.tzinfo else entry.end.replace(tzinfo=zone)
    else:
        end_at = start_at + DEFAULT_LENGTH
    if end_at <= start_at:
        end_at = start_at + DEFAULT_LENGTH
    return start_at.astimezone(UTC), end_at.astimezone(UTC)


def add_links(entry: Entry) -> dict[str, str]:
    """``{"google": …, "outlook": …}``: links that open the event, filled in, in each service."""
    start, end = _bounds(entry)
    if entry.all_day:
        google_dates = f"{start:%Y%m%d}/{end:%Y%m%d}"
        outlook_times = {
            "startdt": f"{start:%Y-%m-%d}",
            "enddt": f"{end:%Y-%m-%d}",
            "allday": "true",
        }
    else:
        google_dates = f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}"
        outlook_times = {
            "startdt": f"{start:%Y-%m-%dT%H:%M:%SZ}",
            "enddt": f"{end:%Y-%m-%dT%H:%M:%SZ}",
            "allday": "false",
        }
    google = {"action": "TEMPLATE", "text": entry.title, "dates": google_dates}
    outlook = {"path": "/calendar/action/compose", "rru": "addevent", "subject": entry.title}
    outlook.update(outlook_times)
    for params, body in ((google, "details"), (outlook, "body")):
        if entry.details:
            params[body] = entry.details
        if entry.location:
            params["location"] = entry.location
    return {"google": f"{GOOGLE}?{urlencode(google)}", "outlook": f"{OUTLOOK}?{urlencode(outlook)}"}


def page_links(
    page: EventPage, occurrences: list[Occurrence], request: HttpRequest | None
) -> dict[str, str]:
    """The links for an event page: its next date (the first, once all are past), its title,
    the start of its text with its address, and its place."""
    today = timezone.localdate()
    upcoming = [o for o in occurrences if _day(o.end or o.start) >= today]
    chosen: Occurrence | None = next(iter(upcoming or occurrences), None)
    start: datetime | date = (
        chosen.start
        if chosen is not None
        else (
            datetime.combine(page.start_date, page.start_time)
            if page.start_time
            else page.start_date
        )
    )
    end = chosen.end if chosen is not None else None
    text = Truncator(" ".join(strip_tags(page.body).split())).chars(300)
    url = page.get_full_url(request) or ""
    details = "\n\n".join(part for part in (text, url) if part)
    title = " ".join(page.title.split())
    location = " ".join((page.location or page.online_url or "").split())
    return add_links(Entry(title, start, end, details, location))


def _day(moment: datetime | date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment
