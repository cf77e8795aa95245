"""Calendar feeds: the site's events, the programmes' public deadlines and the plugins'
calendar items as iCalendar, via okcore."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _

from cms.core.city import portal_name, site_of, uid_domain
from cms.core.registry import registry
from cms.events.models import EventPage
from cms.events.occurrences import core_event, last_day, writable
from okcore.legal import Deadline
from okcore.services.calendar import RenderedEvent, build_calendar

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
#: DTSTAMP and Last-Modified of what carries no time of its own (deadlines, plugins' items):
#: a fixed moment, so that an unchanged feed keeps its ETag.
NO_CHANGE_TIME = datetime(2024, 1, 1, tzinfo=UTC)


def webcal(url: str) -> str:
    """The subscribe address calendar apps open: webcal:// in place of http(s)://."""
    return "webcal://" + url.split("://", 1)[1]


def subscribe_links(url: str, name: str) -> dict[str, str]:
    """Links that subscribe a calendar app, Google Calendar or Outlook to a feed."""
    return {
        "url": url,
        "webcal": webcal(url),
        "google": "https://calendar.google.com/calendar/r?cid=" + quote(webcal(url), safe=""),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": url, "name": name}),
    }


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


def portal(request: HttpRequest) -> str:
    """The portal's name in the request's site and language: what its calendars are called."""
    return portal_name(site_of(request), translation.get_language() or settings.LANGUAGE_CODE)


def site_feed_title(request: HttpRequest) -> str:
    """The site-wide feed's title in links and the page's head: the portal's, never a fixed one."""
    return _("%(portal)s: events and deadlines") % {"portal": portal(request)}


def feed_uid_domain(request: HttpRequest | None) -> str:
    """The domain in the UIDs of the feeds the request's site serves (its city settings)."""
    return uid_domain(site_of(request) if request is not None else None)


def _rendered_key(page: EventPage, language: str, domain: str, host: str) -> str:
    changed = page.last_published_at.timestamp() if page.last_published_at else 0
    return f"okcore:vevent:{page.pk}:{language}:{page.sequence}:{changed}:{domain}:{host}"


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
    domain = feed_uid_domain(request)
    keys = {page.pk: _rendered_key(page, language, domain, host) for page in pages}
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
                written[keys[page.pk]] = RenderedEvent.of(event, language, domain)
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


def _today_window(years_ahead: int) -> tuple[date, date]:
    """From the first day of last year to the last day of the year ``years_ahead`` on."""
    today = timezone.localdate()
    return date(today.year - 1, 1, 1), date(today.year + years_ahead, 12, 31)


def calendar_items(programs: Collection[str], request: HttpRequest) -> list[RenderedEvent]:
    """The plugins' calendar items of these programmes (an item names its programme), a year
    back to two years ahead, each with a UID of its id and the feed's language, as the
    site's own events have (docs/plugins.md, okcore_calendar_items)."""
    if not programs:
        return []
    language = translation.get_language() or settings.LANGUAGE_CODE
    domain = feed_uid_domain(request)
    items = registry().calendar_items(*_today_window(2), programs)
    return [
        RenderedEvent.of(
            item.model_copy(update={"id": f"{item.id}-{language}"}),
            language,
            domain,
            NO_CHANGE_TIME,
        )
        for item in sorted(items, key=lambda item: (item.program or "", item.id))
    ]


def public_deadlines(programs: Collection[str]) -> list[Deadline]:
    """What these programmes' public feeds show, a year back to a year ahead: the deadlines
    of their obligations marked ``public`` and their Table 1's dated tasks (okcore's
    ``Registry.public_deadlines``). Every other duty stays on due panels and private feeds."""
    return registry().public_deadlines(programs, *_today_window(1))


def calendar_response(
    request: HttpRequest,
    name: str,
    events: Sequence[RenderedEvent],
    deadlines: Sequence[Deadline] = (),
    filename: str = "calendar.ics",
    private: bool = False,
) -> HttpResponse:
    """The feed with ETag and Last-Modified; Django's ConditionalGetMiddleware answers 304
    when the client's copy is current (cached answers included, cms.settings.base).

    A private feed must not stay in any shared cache: a revoked address would go
    on being answered from there.
    """
    language = getattr(request, "LANGUAGE_CODE", None)
    changed = [e.last_modified for e in events if e.last_modified is not None]
    last_modified = max(changed, default=NO_CHANGE_TIME).replace(microsecond=0)
    payload = build_calendar(
        name,
        deadlines,
        locale=language,
        uid_domain=feed_uid_domain(request),
        stamp=last_modified.astimezone(UTC),
        rendered=events,
    )
    etag = quote_etag(hashlib.sha256(payload).hexdigest()[:32])
    last_modified = _version_time(request, etag, last_modified)
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
    known: tuple[str, datetime] | None = cache.get(key)
    if known is not None and known[0] == etag:
        return known[1]
    stamp = max(content_time, timezone.now().replace(microsecond=0))
    if known is not None:
        stamp = max(stamp, known[1] + timedelta(seconds=1))
    cache.set(key, (etag, stamp), VERSION_SECONDS)
    return stamp
