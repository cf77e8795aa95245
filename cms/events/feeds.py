"""Calendar feeds: the site's events, the programmes' public deadlines and the plugins'
calendar items as iCalendar, via okcore."""

from __future__ import annotations

import hashlib
import importlib
import inspect
import logging
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple, TypeVar
from urllib.parse import quote, urlencode

import icalendar
from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, F, FilteredRelation, Q, When
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _

from cms.core.city import portal_name, site_of, uid_domain
from cms.core.registry import registry
from cms.events.models import EventPage, EventText, schedule_problems
from cms.events.occurrences import core_event, last_day, writable
from okcore.legal import Deadline
from okcore.services.calendar import RenderedEvent, build_calendar

logger = logging.getLogger(__name__)
T = TypeVar("T")

#: How long past events (and cancelled ones, with STATUS:CANCELLED) stay in feeds.
KEEP_PAST_DAYS = 180
CONTENT_TYPE = "text/calendar; charset=utf-8"
#: How long a feed's content version (ETag and the time it first appeared) is remembered.
VERSION_SECONDS = 30 * 24 * 3600
#: DTSTAMP and Last-Modified of what carries no time of its own (deadlines, plugins' items):
#: a fixed moment, so that an unchanged feed keeps its ETag.
NO_CHANGE_TIME = datetime(2024, 1, 1, tzinfo=UTC)
#: The modules whose code decides a stored text's bytes: this one (which calls the writer),
#: the page as okcore's event, okcore's event, its texts and the iCalendar writer.
WRITER_MODULES = (
    __name__,
    "cms.events.occurrences",
    "okcore.events",
    "okcore.text",
    "okcore.services.calendar",
)
#: The writer's version: a digest of those modules' sources and of the icalendar library's
#: version. A text stored by another version is written again like an outdated one, so a
#: deploy that changes how texts are written never serves the old ones.
WRITER = hashlib.sha256(
    "\0".join(
        [icalendar.__version__]
        + [inspect.getsource(importlib.import_module(name)) for name in WRITER_MODULES]
    ).encode()
).hexdigest()[:32]


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


def _page_language(page: EventPage) -> str:
    return str(page.locale.language_code)


def one_per_event(items: Iterable[T], language: str, code: Callable[[T], str]) -> list[T]:
    """One of each event's pages (anything with a ``translation_key``; ``code`` reads its
    language): its translation in ``language``, else the source (Polish) page."""
    chosen: dict[object, tuple[int, T]] = {}
    for item in items:
        found = code(item)
        rank = 0 if found == language else 1 if found == settings.LANGUAGE_CODE else 2
        key = item.translation_key  # type: ignore[attr-defined]
        if key not in chosen or rank < chosen[key][0]:
            chosen[key] = (rank, item)
    return [item for _, item in chosen.values()]


def in_language(pages: Iterable[EventPage], language: str) -> list[EventPage]:
    """One page per event, as :func:`one_per_event` chooses."""
    return one_per_event(pages, language, _page_language)


class FeedRow(NamedTuple):
    """What a feed reads of an event page and its stored text: plain values, as building
    10,000 page objects would cost more than the whole feed."""

    pk: int
    translation_key: object
    language: str
    published_at: datetime | None
    sequence: int
    start_date: date
    text: str | None
    start_time: time | None
    end_date: date | None
    end_time: time | None
    repeat: str
    repeat_interval: int | None
    repeat_until: date | None
    repeat_count: int | None
    year: int | None
    time_zone: str | None

    def schedule_problems(self) -> dict[str, str | Promise]:
        return schedule_problems(self)

    def rendered(self) -> RenderedEvent | None:
        """The stored text, if one was written from the page's current publication."""
        if self.text is None:
            return None
        return RenderedEvent(
            text=self.text.encode(),
            year=self.year or self.start_date.year,
            time_zone=self.time_zone or None,
            last_modified=self.published_at,
        )


def _row_language(row: FeedRow) -> str:
    return row.language


def feed_rows(pages: Any, language: str, domain: str, horizon: date) -> list[FeedRow]:
    """Each page with its stored text for this language and domain, in one query: the text
    only if written from the page's current publication (``last_published_at`` and
    ``sequence``) at its current path, by this :data:`WRITER`, and of an event not over
    before ``horizon``."""
    stored = FilteredRelation("texts", condition=Q(texts__language=language, texts__domain=domain))
    same_publication = Q(stored__sequence=F("sequence")) & (
        Q(stored__published_at=F("last_published_at"))
        | Q(stored__published_at__isnull=True, last_published_at__isnull=True)
    )
    same_writing = Q(stored__url_path=F("url_path"), stored__writer=WRITER)
    current = Case(
        When(
            same_publication & same_writing & Q(stored__last_day__gte=horizon),
            then=F("stored__text"),
        ),
        default=None,
    )
    rows = (
        pages.annotate(stored=stored, current_text=current)
        .order_by()
        .values_list(
            "pk",
            "translation_key",
            "locale__language_code",
            "last_published_at",
            "sequence",
            "start_date",
            "current_text",
            "start_time",
            "end_date",
            "end_time",
            "repeat",
            "repeat_interval",
            "repeat_until",
            "repeat_count",
            "stored__year",
            "stored__time_zone",
        )
    )
    return [FeedRow._make(row) for row in rows]


def portal(request: HttpRequest) -> str:
    """The portal's name in the request's site and language: what its calendars are called."""
    return portal_name(site_of(request), translation.get_language() or settings.LANGUAGE_CODE)


def site_feed_title(request: HttpRequest) -> str:
    """The site-wide feed's title in links and the page's head: the portal's, never a fixed one."""
    return _("%(portal)s: events and deadlines") % {"portal": portal(request)}


def feed_uid_domain(request: HttpRequest | None) -> str:
    """The domain in the UIDs of the feeds the request's site serves (its city settings)."""
    return uid_domain(site_of(request) if request is not None else None)


def home_uid_domain(page: EventPage) -> str:
    """The UID domain of the site the page is on: what its public feeds write."""
    return uid_domain(page.get_site())


def write_texts(
    pages: Iterable[EventPage], languages: Collection[str], domain: str
) -> dict[tuple[int, str], RenderedEvent]:
    """Write each page in each language and store the texts (one query), replacing what was
    stored for the same language and domain. Pages that cannot be written are left out.

    The event's URL is the page's own site's, whichever host asked, so a text depends
    on the language and the UID domain only. The rows go in key order, so that writers
    running at once (feeds, publications) lock them in the same order and never deadlock.
    """
    written: dict[tuple[int, str], RenderedEvent] = {}
    rows = []
    for page in pages:
        if not writable(page):
            continue
        for language in languages:
            try:
                rendered = RenderedEvent.of(core_event(page, None, language), language, domain)
            except (ValueError, OverflowError) as error:  # saved past validation
                logger.warning("event page %s left out: %s", page.pk, error)
                break
            written[page.pk, language] = rendered
            rows.append(
                EventText(
                    page=page,
                    language=language,
                    domain=domain,
                    published_at=page.last_published_at,
                    sequence=page.sequence,
                    url_path=page.url_path,
                    writer=WRITER,
                    last_day=last_day(page),
                    year=rendered.year,
                    time_zone=rendered.time_zone or "",
                    text=rendered.text.decode(),
                )
            )
    rows.sort(key=lambda row: (row.page_id, row.language, row.domain))
    EventText.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["page", "language", "domain"],
        update_fields=[
            "published_at",
            "sequence",
            "url_path",
            "writer",
            "last_day",
            "year",
            "time_zone",
            "text",
        ],
    )
    return written


def full_pages(pages: Any) -> Any:
    """Event pages with everything :func:`core_event` reads."""
    return pages.select_related("unit", "locale").prefetch_related("cancellations", "moves")


def rendered_events(rows: Sequence[FeedRow], language: str, domain: str) -> list[RenderedEvent]:
    """Each row's event as iCalendar text, as stored at its publication, in the rows' order.

    A text missing or older than its page is written and stored now (its page read in
    full). Pages that cannot be written are left out.
    """
    rows = [row for row in rows if writable(row)]
    found = {row.pk: rendered for row in rows if (rendered := row.rendered()) is not None}
    missing = [row.pk for row in rows if row.pk not in found]
    if missing:
        written = write_texts(
            full_pages(EventPage.objects.filter(pk__in=missing)), [language], domain
        )
        found.update((pk, text) for (pk, _language), text in written.items())
    return [found[row.pk] for row in rows if row.pk in found]


def feed_events(
    pages: Any, request: HttpRequest | None, language: str | None = None
) -> list[RenderedEvent]:
    """The feed's events: one page per event in ``language``, by start, none over before
    :data:`KEEP_PAST_DAYS` ago."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    domain = feed_uid_domain(request)
    horizon = timezone.localdate() - timedelta(days=KEEP_PAST_DAYS)
    rows = one_per_event(feed_rows(pages, language, domain, horizon), language, _row_language)
    chosen = [row for row in rows if last_day(row) >= horizon]
    chosen.sort(key=lambda row: (row.start_date, row.pk))
    return rendered_events(chosen, language, domain)


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
