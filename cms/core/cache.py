"""Cached public pages and feeds, invalidated whenever content changes.

Anonymous GET requests for public pages and calendar feeds are answered from the
cache. Every cached entry is keyed under two *generation* numbers kept in the cache
itself: the generation of the site serving the request (the Wagtail Site its host name
selects) and a shared generation for what every site shows. A publish, unpublish, move
or deletion of a page, or a save of a page that is or was live, increments its site's
generation only, so a publish in one city keeps every other city's copies; any other
change of data visitors see (approved measurements, risks, units, coordinators, sites,
images) increments the shared one. When the cache is shared (Redis, configured by
``REDIS_URL``) every worker stops serving the old copies at once. What no visitor sees
leaves the copies alone: a draft of a page, a revision, a lock, a measurement until it
is approved, the workflow's and the editors' own records, an image's rendition made
while a page renders. A change made in a transaction increments the generation again
once the transaction commits: a request served between the change and the commit read
the old data, and its copy must not outlive the commit.

Not cached: anyone with a session cookie (signed-in users may see drafts and the
editor's bar; no other cookie plays any part), requests with a query string (search,
filters; and no one can fill the cache with random URLs), the admin, the API and the
private feeds (nor anything marked private or no-store). Entries also
expire after ``OKCORE_PAGE_CACHE_SECONDS`` because pages show what is upcoming "today".

The middleware sits before sessions and authentication: a visitor without a session
costs a look at the two generations and one at the copy, nothing else. Each process
keeps the copies it served in its own memory too, under the same key, up to
``OKCORE_PAGE_CACHE_MEMORY_BYTES``; and with Redis, whose publish/subscribe tells every
process of each move of a generation as it happens (cms.core.redis), the generations
too: a hit on a copy in memory asks Redis nothing. What the pages are made of and keep
under their generations or the digests of their inputs (menus, home pages, the cities'
snapshot, prepared fragments) is kept the same way (:func:`remembered`). A key names the
generations, the address and whether the client takes gzip, nothing else: no header a
visitor sends can add a copy, so each address has at most two (gzipped for clients that
accept it, as browsers and calendar apps do, and plain). These pages carry no secrets,
so compression leaks nothing (BREACH needs a secret in the body).
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import pickle
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.utils import translation
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from cms.core.registry import forget_derived

#: Moves on every change anywhere: what ``generation()`` answers.
GENERATION_KEY = "okcore:pages:generation"
#: Moves on changes every site shows (data, sites, images); part of every copy's key.
SHARED_KEY = "okcore:pages:generation:shared"
#: Moves whenever a page, live or not, is added, deleted or moved (:func:`tree_changed`).
TREE_KEY = "okcore:pages:tree"
#: What Django's GZipMiddleware looks for in Accept-Encoding; the same test picks the copy.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
NOT_CACHED_PREFIXES = ("/admin/", "/api/", "/calendar/private/", "/documents/", "/i18n/")
#: Host names remembered per shared generation (ALLOWED_HOSTS may be "*").
MAX_HOSTS = 1000
#: How long a process keeps a page it found for an address (the generations standing).
ROUTE_SECONDS = 3600
#: Where every bump of a counter is published (cms.core.redis).
CHANNEL = "okcore:pages:generations"
#: How long a silent subscription waits before it checks its connection, and how long a
#: broken one waits before subscribing again.
LISTEN_SECONDS = 5

logger = logging.getLogger(__name__)
#: What Django's Redis cache pickles with: the size a kept value is counted at.
PICKLE_PROTOCOL = pickle.HIGHEST_PROTOCOL
T = TypeVar("T")


def _site_key(site_id: int) -> str:
    return f"okcore:pages:generation:site:{site_id}"


def _fresh_generation() -> int:
    """A number no earlier generation used, should a counter be evicted from the cache
    (random, not the time: the suite's clock stands still)."""
    return secrets.randbits(62)


def _counters(keys: list[str]) -> list[int]:
    """The counters under ``keys``, read in one round trip; a missing one starts afresh."""
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, _fresh_generation(), timeout=None)
        found.update(cache.get_many(missing))
    return [int(found.get(key, 0)) for key in keys]


class _Told:
    """The counters as this process last read them, trusted while Redis's publish/subscribe
    tells it of every move (cms.core.redis): a copy is then served without asking Redis
    anything. Every bump publishes the counter's key; hearing it, each process forgets
    that counter and reads it again when next asked. Until the subscription is confirmed,
    and whenever it breaks, every read goes to Redis, as it does with a cache that cannot
    publish (one process's local memory: its reads are local anyway)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.values: dict[str, int] = {}
        self.listening = False
        #: Moves whenever something is heard: a read overtaken by a message is not kept.
        self.heard = 0
        self.listener: threading.Thread | None = None

    def read(self, keys: list[str]) -> list[int]:
        if self.listener is None and hasattr(cache, "subscribe"):
            self._start()
        with self.lock:
            if self.listening and all(key in self.values for key in keys):
                return [self.values[key] for key in keys]
            heard = self.heard
        found = _counters(keys)
        with self.lock:
            if self.listening and self.heard == heard:
                self.values.update(zip(keys, found, strict=True))
        return found

    def forget(
        self,
        key: str | None = None,
        *,
        listening: bool | None = None,
        by: threading.Thread | None = None,
    ) -> None:
        """Forget a counter (every counter when ``key`` is None); say whether the
        subscription now stands. A listener stopped meanwhile (``by``) is not heard."""
        with self.lock:
            if by is not None and by is not self.listener:
                return
            self.heard += 1
            if key is None:
                self.values = {}
            else:
                self.values.pop(key, None)
            if listening is not None:
                self.listening = listening

    def _start(self) -> None:
        with self.lock:
            if self.listener is not None:
                return
            self.listener = threading.Thread(
                target=self._listen, name="okcore-generations", daemon=True
            )
        self.listener.start()

    def _listen(self) -> None:
        me = threading.current_thread()
        while self.listener is me:
            try:
                subscription = cache.subscribe(CHANNEL)  # type: ignore[attr-defined]
                try:
                    # What this process kept may be under counters Redis has since lost
                    # (a restart): the counters are read afresh, and so is the rest.
                    clear_memory()
                    self.forget(listening=True, by=me)
                    self._hear(subscription, me)
                finally:
                    subscription.close()
            except Exception:
                logger.warning("Not hearing the content generations; reading them", exc_info=True)
            finally:
                self.forget(listening=False, by=me)
            if self.listener is me:
                time.sleep(LISTEN_SECONDS)

    def _hear(self, subscription: Any, me: threading.Thread) -> None:
        """Messages until the listener is stopped; a connection that answers neither a
        message nor a ping within ``LISTEN_SECONDS`` is taken for dead (it raises)."""
        pinged = False
        while self.listener is me:
            message = subscription.get_message(timeout=LISTEN_SECONDS)
            if message is None:
                if pinged:
                    raise ConnectionError("Redis did not answer a ping")
                subscription.ping()
                pinged = True
                continue
            pinged = False
            if message["type"] == "message":
                self.forget(message["data"].decode(), by=me)

    def stop(self) -> None:
        """Stop listening and forget every counter (tests change caches)."""
        with self.lock:
            self.listener = None
            self.listening = False
            self.values = {}
            self.heard += 1

    def after_fork(self) -> None:
        """A fork's child has no listener thread, and its copy of the lock may have been
        held by one at the fork: a lock of its own, nothing held."""
        self.lock = threading.Lock()
        self.stop()


_told = _Told()
os.register_at_fork(after_in_child=_told.after_fork)


def _generations(keys: list[str]) -> list[int]:
    return _told.read(keys)


def generation() -> int:
    """A number that changes with every change visitors see, on any site: for what is
    kept across sites or has no site generation of its own (menus, home pages, translations)."""
    return _generations([GENERATION_KEY])[0]


def shared_generation() -> int:
    """A number that changes with every change every site shows (sites, their settings,
    images, data): for what is kept for all sites at once (the cities' snapshot)."""
    return _generations([SHARED_KEY])[0]


def _bump(keys: list[str]) -> None:
    publish = getattr(cache, "publish", None)
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:  # not there (evicted, or never read): start a generation of its own
            cache.add(key, _fresh_generation(), timeout=None)
        _told.forget(key)
        if publish is not None:
            try:
                publish(CHANNEL, key)
            except Exception:  # the change stands; other workers read it once they resubscribe
                logger.exception("Could not publish the move of %s", key)


def _moved(keys: list[str]) -> None:
    """Move the counters now, and again when the transaction around the change (if any)
    commits: what a request read between the two is not kept under the new numbers."""
    _bump(keys)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _bump(keys))


def invalidate(site_id: int | None = None) -> None:
    """Drop the cached pages and feeds of the site ``site_id``, or of every site, in
    every worker sharing this cache."""
    _moved([GENERATION_KEY, SHARED_KEY if site_id is None else _site_key(site_id)])


def tree_generation() -> int:
    """A number that changes whenever the page tree gains, loses or moves a page, drafts
    included: for what the admin counts of the tree (cms.dashboard.summary)."""
    return _generations([TREE_KEY])[0]


def tree_changed() -> None:
    """A page was added, deleted or moved (cms.core.signals)."""
    _moved([TREE_KEY])


class _Hosts:
    """Which site each host name selects, remembered while the shared generation (which
    a change of any site moves) and that site's generation (a publish or move in it,
    its root page's included) stay the same: a hit needs no query to know its site, and
    a rendered page or an API answer skips Wagtail's site query (2 ms under load)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.generation: int | None = None
        #: host → its site (this process's own object, never handed to a view) and the
        #: site's generation when it was found
        self.sites: dict[str, tuple[Site | None, int]] = {}

    def current(self, request: HttpRequest) -> tuple[str, Site | None]:
        """The generations ("shared.site") and the request's site: one read of the two
        counters (none while Redis tells this process of every move, :class:`_Told`)
        while both stay what this process last saw."""
        host = f"{request.get_host()}|{request.get_port()}"
        known = self.sites.get(host)
        keys = [SHARED_KEY] if known is None else [SHARED_KEY, _site_key(_pk(known[0]))]
        found = _generations(keys)
        if found[0] != self.generation:
            with self.lock:
                self.generation, self.sites = found[0], {}
            known = None
        elif known is not None and found[1] != known[1]:
            known = None
        if known is None:
            site = Site.find_for_request(request)
            del request._wagtail_site  # type: ignore[attr-defined]  # this process's own
            known = (site, _generations([_site_key(_pk(site))])[0])
            with self.lock:
                if len(self.sites) >= MAX_HOSTS:
                    self.sites = {}
                self.sites[host] = known
        return f"{found[0]}.{known[1]}", known[0]


def _pk(site: Site | None) -> int:
    return site.pk if site is not None else 0


def tell_wagtail(request: HttpRequest, site: Site | None, generations: str) -> None:
    """Give Wagtail the request's site (``request._wagtail_site``) as a copy of its own:
    a view may change what it is given; and keep the generations the site was found in,
    under which the routes map remembers the request's page."""
    request._wagtail_site = copy.deepcopy(site)  # type: ignore[attr-defined]
    request.okcore_generations = generations  # type: ignore[attr-defined]


_hosts = _Hosts()


#: A page found for an address, and its view restrictions (Wagtail's, read with it).
Route = tuple[Page, list[PageViewRestriction]]


class _Routes:
    """Which live page each address led Wagtail's routing to, and the page's view
    restrictions, kept in the process's memory while the site's and the shared generation
    stand (a publish, unpublish, move or slug change in the site moves the one, a change
    of a view restriction or of any site the other): a rendered page then asks the
    database nothing to be found and checked, instead of Wagtail's walk down the tree (the
    locale, the home page, a query and its specific row for each part of the address) and
    two queries for the restrictions. Like a copy of a page, what is kept follows every
    change made through Django (its signals move the generations), not one written to the
    database behind its back. Wagtail still runs the restrictions' checks and the page's
    own view, on a copy of the kept page."""

    @staticmethod
    def key(request: HttpRequest) -> str | None:
        """The generations, host, language and path; None where the page cache is off
        (no generations were read for the request)."""
        generations = getattr(request, "okcore_generations", None)
        if generations is None:
            return None
        host = f"{request.get_host()}|{request.get_port()}"
        return f"okcore:route:{generations}|{host}|{translation.get_language()}|{request.path}"

    @staticmethod
    def find(key: str) -> Page | None:
        known = cast("Route | None", _memory.get(key))
        if known is None:
            return None
        kept, restrictions = known
        page = copy.copy(kept)  # what a view sets on its page stays with its request
        page.get_view_restrictions = restrictions.copy
        return page

    @staticmethod
    def keep(key: str, route: RouteResult | None) -> None:
        """Only a plain route to a live page: a routable page's own views (its ``args``)
        are routed by Wagtail every time. The page is read afresh, as it is before any
        view touched it."""
        if route is None or route.args or route.kwargs or not route.page.live:
            return
        if not _memory.enabled():
            return
        page = type(route.page)._default_manager.filter(pk=route.page.pk, live=True).first()
        if page is None:
            return
        known: Route = (page, list(page.get_view_restrictions()))
        size = len(pickle.dumps(known, PICKLE_PROTOCOL))
        _memory.keep(key, known, time.time() + ROUTE_SECONDS, size)


routes = _Routes()


def remembered_in_site(request: HttpRequest, name: str, compute: Callable[[], T]) -> T:
    """What a page shows of its site's live pages (its children, say), kept while the
    request's generations stand (its site's, which every publish, unpublish or move there
    moves, and the shared one, which a change of a view restriction moves); computed on
    every request where the page cache read none (it is off). ``name`` names the page."""
    generations = getattr(request, "okcore_generations", None)
    if generations is None:
        return compute()
    return remembered(f"okcore:in-site:{generations}:{name}", compute, ROUTE_SECONDS)


def copy_key(request: HttpRequest, generations: str | None = None) -> str:
    """The generations, the address and gzip-or-not: the only things a copy depends on.

    "copies": entries of another shape (an earlier release kept response objects) are
    never read; the generations' "shared.site" form is new with the four-part copy."""
    if generations is None:
        generations = _hosts.current(request)[0]
    encoding = "gzip" if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")) else "-"
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"okcore:copies:{generations}:{encoding}:{url}"


def _directives(response: HttpResponseBase) -> set[str]:
    return {part.strip().lower() for part in response.get("Cache-Control", "").split(",")}


#: A kept copy: status, headers, body bytes (gzipped or plain) and when it expires (a Unix
#: time). Never the response object: unpickling one per hit costs more than building a
#: response from these.
Copy = tuple[int, list[tuple[str, str]], bytes, float]


def _copy(response: HttpResponse, seconds: int) -> Copy:
    return (response.status_code, list(response.items()), response.content, time.time() + seconds)


class _Memory:
    """What this process served or read lately, under keys that name what it depends on
    (the generations, a digest of the inputs), least recently used out first, up to
    ``OKCORE_PAGE_CACHE_MEMORY_BYTES``. A key nobody asks for again (its generation
    moved, in any process) ages out."""

    def __init__(self) -> None:
        #: key → the value, when it expires (a Unix time) and its size in bytes
        self.entries: OrderedDict[str, tuple[object, float, int]] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: str) -> object | None:
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            if found[1] <= time.time():
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return found[0]

    @staticmethod
    def enabled() -> bool:
        return bool(settings.OKCORE_PAGE_CACHE_MEMORY_BYTES)

    def keep(self, key: str, value: object, expires: float, size: int) -> None:
        limit = settings.OKCORE_PAGE_CACHE_MEMORY_BYTES
        if size > limit:
            return
        with self.lock:
            if key in self.entries:
                self._drop(key)
            self.entries[key] = (value, expires, size)
            self.size += size
            while self.size > limit:
                self._drop(next(iter(self.entries)))

    def _drop(self, key: str) -> None:
        self.size -= self.entries.pop(key)[2]


_memory = _Memory()


def clear_memory() -> None:
    """Empty this process's memory of copies, kept values, routes and what it derived from
    the registry, as ``cache.clear()`` empties the shared cache (the test suite, between
    tests; a restarted process starts with none)."""
    with _memory.lock:
        _memory.entries.clear()
        _memory.size = 0
    forget_derived()


def _always() -> bool:
    return True


def remembered(
    key: str, compute: Callable[[], T], seconds: int, keep: Callable[[], bool] = _always
) -> T:
    """The value under ``key``, a key that names everything the value depends on (the
    generations, a digest of its inputs): from this process's memory, else from the shared
    cache, else ``compute()``d and kept in both for ``seconds`` — unless ``keep()``, asked
    after computing, says no. One object serves every request of the process: callers
    never change it."""
    found = cast("T | None", _memory.get(key))
    if found is not None:
        return found
    found = cast("T | None", cache.get(key))
    if found is None:
        found = compute()
        if found is None or not keep():
            return found
        cache.set(key, found, seconds)
    if _memory.enabled():
        size = len(pickle.dumps(found, PICKLE_PROTOCOL))
        _memory.keep(key, found, time.time() + seconds, size)
    return found


def _served(copy: Copy) -> HttpResponse:
    status, headers, body, _expires = copy
    response = HttpResponse(body, status=status)
    for name, value in headers:
        response[name] = value
    return response


def _cacheable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and not request.path_info.startswith(NOT_CACHED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class PublicPageCacheMiddleware:
    """Serve and store public pages and feeds for visitors without a session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.gzip = GZipMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        seconds = settings.OKCORE_PAGE_CACHE_SECONDS
        if not seconds:
            return self.get_response(request)
        generations, site = _hosts.current(request)
        if not _cacheable(request):
            tell_wagtail(request, site, generations)
            return self.get_response(request)
        key = copy_key(request, generations)
        found = cast("Copy | None", _memory.get(key))
        if found is None:
            found = cache.get(key)
            if found is not None:
                _memory.keep(key, found, found[3], len(found[2]))
        if found is not None:
            served = _served(found)
            served["X-Cache"] = "hit"
            return served
        tell_wagtail(request, site, generations)
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not {"private", "no-store"} & _directives(response)
        ):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            response = self.gzip.process_response(request, response)
            copy = _copy(cast(HttpResponse, response), seconds)
            cache.set(key, copy, seconds)
            _memory.keep(key, copy, copy[3], len(copy[2]))
            response["X-Cache"] = "miss"
        return response
