"""Calendar feeds: the site's events and the plugins' deadlines as iCalendar, via okcore."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from cms.core.registry import registry
from cms.events.models import EventPage, EventStatus, Repeat
from okcore.events import Event, MovedOccurrence, Recurrence
from okcore.events import EventStatus as CoreStatus
from okcore.legal import Bearer, Deadline
from okcore.services.calendar import RenderedEvent, build_calendar, occurrences
from okcore.services.deadlines import all_deadlines, task_deadlines

logger = logging.getLogger(__name__)

#: How long past events (and cancelled ones, with STATUS:CANCELLED) stay in feeds.
KEEP_PAST_DAYS = 180
CONTENT_TYPE = "text/calendar; charset=utf-8"
#: How long an event's written iCalendar text is kept; any publish of the page gives a new key.
RENDERED_SECONDS = 7 * 24 * 3600
#: What a feed reads of each page to choose and key its events; the rest only on a cache miss.
FEED_FIELDS = (
    "translation_key",
    "locale__language_code",
    "last_published_at",
    "sequence",
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "repeat",
    "repeat_interval",
    "repeat_until",
    "repeat_count",
)
#: How long a feed's content version (ETag and the time it first appeared) is remembered.
VERSION_SECONDS = 30 * 24 * 3600


def webcal(url: str) -> str:
    """The subscribe address calendar apps open: webcal:// in place of http(s)://."""
    return "webcal://" + url.split("://", 1)[1]


def subscribe_links(url: str, name: str) -> dict[str, str]:
    """Links that subscribe a calendar app, Google Calendar or Outlook to a feed."""
    from urllib.parse import quote, urlencode

    return {
        "url": url,
        "webcal": webcal(url),
        "google": "https://calendar.google.com/calendar/r?cid=" + quote(webcal(url), safe=""),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": url, "name": name}),
    }


def uid_domain() -> str:
    return str(settings.OKCORE_UID_DOMAIN)


def one_line(text: str) -> str:
    """A title or place as one line: a line break (pasted, or a crafted POST) is a space."""
    return " ".join(text.split())


def _moment(day: date, at: object) -> datetime | date:
    return datetime.combine(day, at) if at is not None else day  # type: ignore[arg-type]


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
    if page.repeat and page.repeat != Repeat.NONE:
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
        status=CoreStatus.CANCELLED
        if page.status == EventStatus.CANCELLED
        else CoreStatus(page.status),
        unit=page.unit.slug if page.unit else None,
        sequence=page.sequence,
        last_modified=page.last_published_at,
    )


def last_day(page: EventPage) -> date:
    """The last day the event may happen (or later, never earlier), for keeping feeds short."""
    if page.repeat and page.repeat_until:
        return page.repeat_until
    if page.repeat and not page.repeat_count:
        return date.max
    if page.repeat and page.repeat_count:
        span = 366 * page.repeat_count * (page.repeat_interval or 1)
        return page.start_date + timedelta(days=min(span, (date.max - page.start_date).days))
    return page.end_date or page.start_date


def writable(page: EventPage) -> bool:
    """Whether the page's dates can go into a feed, a listing or the API.

    Validation keeps bad dates out; a row saved past it (an import, a shell) is
    left out and logged rather than breaking every feed it belongs to.
    """
    problems = page.schedule_problems()
    if problems:
        logger.warning("event page %s left out: %s", page.pk, problems)
    return not problems


def in_language(pages: Iterable[EventPage], language: str) -> list[EventPage]:
    """One page per event: its translation in ``language``, else the source (Polish) page."""
    chosen: dict[object, tuple[int, EventPage]] = {}
    for page in pages:
        code = page.locale.language_code
        rank = 0 if code == language else 1 if code == settings.LANGUAGE_CODE else 2
        if page.translation_key not in chosen or rank < chosen[page.translation_key][0]:
            chosen[page.translation_key] = (rank, page)
    return [page for _, page in chosen.values()]


def feed_pages(pages: Any) -> Any:
    """The fields a feed needs to pick its events; every other column waits for a cache miss."""
    return pages.select_related("locale").only(*FEED_FIELDS)


def _rendered_key(page: EventPage, language: str, host: str) -> str:
    changed = page.last_published_at.timestamp() if page.last_published_at else 0
    return f"okcore:vevent:{page.pk}:{language}:{page.sequence}:{changed}:{uid_domain()}:{host}"


def rendered_events(
    pages: Sequence[EventPage], request: HttpRequest | None, language: str
) -> list[RenderedEvent]:
    """Each page's events as iCalendar text: from the cache, written only for changed pages.

    A publish gives the page a new ``last_published_at`` and so a new key; the old
    text is never served again and expires on its own. Pages that cannot be
    written are left out.
    """
    pages = [page for page in pages if writable(page)]
    host = request.get_host() if request is not None else ""
    keys = {page.pk: _rendered_key(page, language, host) for page in pages}
    found = cache.get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        written = {}
        full = (
            EventPage.objects.filter(pk__in=missing)
            .select_related("unit", "locale")
            .prefetch_related("cancellations", "moves")
        )
        for page in full:
            try:
                event = core_event(page, request, language)
                written[keys[page.pk]] = RenderedEvent.of(event, language, uid_domain())
            except (ValueError, OverflowError) as error:  # saved past validation
                logger.warning("event page %s left out: %s", page.pk, error)
        cache.set_many(written, RENDERED_SECONDS)
        found.update(written)
    return [found[keys[page.pk]] for page in pages if keys[page.pk] in found]


def feed_events(
    pages: Any, request: HttpRequest | None, language: str | None = None
) -> list[RenderedEvent]:
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    horizon = timezone.localdate() - timedelta(days=KEEP_PAST_DAYS)
    chosen = [p for p in in_language(feed_pages(pages), language) if last_day(p) >= horizon]
    chosen.sort(key=lambda p: (p.start_date, p.pk))
    return rendered_events(chosen, request, language)


def public_deadlines(program_id: str | None = None) -> list[Deadline]:
    """Deadlines that concern the public: the mayor's duties and the dated tasks of each
    programme's Table 1 (a council resolution, so public; bearer: their implementers).

    The units' duties towards SZ (designations, reports) stay on their due panels and
    private feeds. Which is which comes from the data: an obligation's bearer, and
    whether a task has a date (continuous tasks have no deadline).
    """
    reg = registry()
    today = timezone.localdate()
    start, end = date(today.year - 1, 1, 1), date(today.year + 1, 12, 31)
    obligations = {
        key: o
        for key, o in reg.obligations.items()
        if o.bearer is Bearer.MAYOR
        and (program_id is None or reg.obligation_owner.get(key) == program_id)
    }
    found = all_deadlines(obligations, reg.legal_acts, start, end, owners=reg.obligation_owner)
    for program in reg.programs.values():
        if program_id in (None, program.id):
            found.extend(task_deadlines(program, start, end))
    return sorted(found, key=lambda d: (d.due, d.source, d.obligation))


def calendar_response(
    request: HttpRequest,
    name: str,
    events: Sequence[RenderedEvent],
    deadlines: Sequence[Deadline] = (),
    filename: str = "calendar.ics",
    private: bool = False,
) -> HttpResponse:
    """The feed with ETag and Last-Modified; 304 when the client's copy is current.

    A private feed must not stay in any shared cache: a revoked address would go
    on being answered from there.
    """
    language = getattr(request, "LANGUAGE_CODE", None)
    changed = [e.last_modified for e in events if e.last_modified is not None]
    last_modified = max(changed, default=datetime(2024, 1, 1, tzinfo=UTC)).replace(microsecond=0)
    payload = build_calendar(
        name,
        deadlines,
        locale=language,
        uid_domain=uid_domain(),
        stamp=last_modified.astimezone(UTC),
        rendered=events,
    )
    etag = quote_etag(hashlib.sha256(payload).hexdigest()[:32])
    last_modified = _version_time(request, etag, last_modified)
    if _not_modified(request, etag, last_modified):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(payload, content_type=CONTENT_TYPE)
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=900"
    return response


def _version_time(request: HttpRequest, etag: str, content_time: datetime) -> datetime:
    """When this feed last changed: later for every new content, never the same second.

    The events' own times do not show every change (an event unpublished, a
    deadline added, two publishes within a second), so the time a content is
    first served counts too; If-Modified-Since then never gets 304 for a changed feed.
    """
    key = (
        "okcore:feed-version:"
        + hashlib.sha256((request.get_host() + request.path).encode()).hexdigest()
    )
    known = cache.get(key)
    if known is not None and known[0] == etag:
        return known[1]  # type: ignore[no-any-return]
    stamp = max(content_time, timezone.now().replace(microsecond=0))
    if known is not None:
        stamp = max(stamp, known[1] + timedelta(seconds=1))
    cache.set(key, (etag, stamp), VERSION_SECONDS)
    return stamp


def _not_modified(request: HttpRequest, etag: str, last_modified: datetime) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return (
            etag in [tag.strip() for tag in if_none_match.split(",")]
            or if_none_match.strip() == "*"
        )
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(last_modified.timestamp()) <= since


def page_occurrences(page: EventPage, limit: int = 200) -> list[object]:
    """What the event page lists: every date of the series, up to a year from today."""
    if not writable(page):
        return []
    until = max(page.start_date, timezone.localdate()) + timedelta(days=366)
    return list(occurrences(core_event(page), page.start_date, until))[:limit]
