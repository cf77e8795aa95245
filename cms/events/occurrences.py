"""An event page as okcore's event, and the dates it falls on.

Kept apart from the models so that the page (its own list of dates) and the feeds both
use it without the models importing the feeds.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import strip_tags

from okcore.events import Event, EventStatus, MovedOccurrence, Recurrence
from okcore.services.calendar import Occurrence, occurrences

if TYPE_CHECKING:
    from cms.events.models import EventPage

logger = logging.getLogger(__name__)


class Schedule(Protocol):
    """An event's dates and repetition: a page, or a feed's row of one."""

    @property
    def pk(self) -> Any: ...
    @property
    def start_date(self) -> date: ...
    @property
    def start_time(self) -> time | None: ...
    @property
    def end_date(self) -> date | None: ...
    @property
    def end_time(self) -> time | None: ...
    @property
    def repeat(self) -> str: ...
    @property
    def repeat_interval(self) -> int | None: ...
    @property
    def repeat_until(self) -> date | None: ...
    @property
    def repeat_count(self) -> int | None: ...
    def schedule_problems(self) -> dict[str, str | Promise]: ...


def one_line(text: str) -> str:
    """A title or place as one line: a line break (pasted, or a crafted POST) is a space."""
    return " ".join(text.split())


def _moment(day: date, at: time | None) -> datetime | date:
    return datetime.combine(day, at) if at is not None else day


def core_event(
    page: EventPage, request: HttpRequest | None = None, language: str | None = None
) -> Event:
    """The page as an okcore event; its id (and so its UID) survives every edit.

    The UID names the feed's language, not the page's: an English feed that shows
    the Polish page until a translation exists keeps the same UID afterwards.
    """
    start = _moment(page.start_date, page.start_time)
    end = None
    if page.end_date or page.end_time:
        end = _moment(page.end_date or page.start_date, page.end_time or page.start_time)
    recurrence = None
    if page.repeat:  # Repeat.NONE is ""
        recurrence = Recurrence(
            frequency=page.repeat,
            interval=page.repeat_interval or 1,
            until=page.repeat_until,
            count=page.repeat_count,
        )
    moves = []
    for move in page.moves.all():
        new_start = _moment(move.new_date, move.new_start_time or page.start_time)
        new_end = None
        if move.new_end_time is not None:
            new_end = _moment(move.new_date, move.new_end_time)
        moves.append(
            MovedOccurrence(
                original_start=_moment(move.original_date, page.start_time),
                start=new_start,
                end=new_end,
            )
        )
    return Event(
        id=f"{page.translation_key}-{language or page.locale.language_code}",
        title=one_line(page.title),
        description=strip_tags(page.body).replace("\r\n", "\n").replace("\r", "\n").strip() or None,
        start=start,
        end=end,
        recurrence=recurrence,
        cancelled_occurrences=[_moment(c.date, page.start_time) for c in page.cancellations.all()],
        moved_occurrences=moves,
        location=one_line(page.location or page.online_url) or None,
        url=page.get_full_url(request),
        categories=[page.category],
        status=EventStatus(page.status),  # the site's statuses are okcore's, value for value
        unit=page.unit.slug if page.unit else None,
        sequence=page.sequence,
        last_modified=page.last_published_at,
    )


def last_day(page: Schedule) -> date:
    """The last day the event may happen (or later, never earlier), for keeping feeds short."""
    if page.repeat and page.repeat_until:
        return page.repeat_until
    if page.repeat and not page.repeat_count:
        return date.max
    if page.repeat and page.repeat_count:
        span = 366 * page.repeat_count * (page.repeat_interval or 1)
        return page.start_date + timedelta(days=min(span, (date.max - page.start_date).days))
    return page.end_date or page.start_date


def writable(page: Schedule) -> bool:
    """Whether the page's dates can go into a feed, a listing or the API.

    Validation keeps bad dates out; a row saved past it (an import, a shell) is
    left out and logged rather than breaking every feed it belongs to.
    """
    problems = page.schedule_problems()
    if problems:
        logger.warning("event page %s left out: %s", page.pk, problems)
    return not problems


def page_occurrences(page: EventPage, limit: int = 200) -> list[Occurrence]:
    """What the event page lists: every date of the series, up to a year from today."""
    if not writable(page):
        return []
    until = max(page.start_date, timezone.localdate()) + timedelta(days=366)
    return occurrences(core_event(page), page.start_date, until)[:limit]
