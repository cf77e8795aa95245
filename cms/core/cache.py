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
costs one lookup of the two generations (one round trip) and one of the copy, nothing
else. Copies of ``LARGE`` bytes or more (a feed of thousands of events) are kept in the
process's memory too, under the same key, up to ``OKCORE_PAGE_CACHE_MEMORY_BYTES``: a
hit on them fetches and unpickles nothing but the generations. A key names the
generations, the address and whether the client takes gzip, nothing else: no header a
visitor sends can add a copy, so each address has at most two (gzipped for clients that
accept it, as browsers and calendar apps do, and plain). These pages carry no secrets,
so compression leaks nothing (BREACH needs a secret in the body).
"""

from __future__ import annotations

import copy
import hashlib
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.utils import translation
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

#: Moves on every change anywhere: what ``generation()`` answers.
GENERATION_KEY = "okcore:pages:generation"
#: Moves on changes every site shows (data, sites, images); part of every copy's key.
SHARED_KEY = "okcore:pages:generation:shared"
#: What Django's GZipMiddleware looks for in Accept-Encoding; the same test picks the copy.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
NOT_CACHED_PREFIXES = ("/admin/", "/api/", "/calendar/private/", "/documents/", "/i18n/")
#: Copies from this size up are kept in the process's memory as well as in the cache.
LARGE = 32 * 1024
#: Host names remembered per shared generation (ALLOWED_HOSTS may be "*").
MAX_HOSTS = 1000
#: Addresses whose page is remembered per process (the map starts afresh when full).
MAX_ROUTES = 10_000


def _site_key(site_id: int) -> str:
    return f"okcore:pages:generation:site:{site_id}"


def _fresh_generation() -> int:
    """A number no earlier generation used, should a counter be evicted from the cache
    (random, not the time: the suite's clock stands still)."""
    return secrets.randbits(62)


def _generations(keys: list[str]) -> list[int]:
    """The counters under ``keys``, read in one round trip; a missing one starts afresh."""
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, _fresh_generation(), timeout=None)
        found.update(cache.get_many(missing))
    return [int(found.get(key, 0)) for key in keys]


def generation() -> int:
    """A number that changes with every change visitors see, on any site: for what is
    kept across sites or has no site generation of its own (menus, home pages, translations)."""
    return _generations([GENERATION_KEY])[0]


def _bump(keys: list[str]) -> None:
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:  # not there (evicted, or never read): start a generation of its own
            cache.add(key, _fresh_generation(), timeout=None)


def invalidate(site_id: int | None = None) -> None:
    """Drop the cached pages and feeds of the site ``site_id``, or of every site, in
    every worker sharing this cache: now, and again when the transaction around the
    change (if any) commits."""
    keys = [GENERATION_KEY, SHARED_KEY if site_id is None else _site_key(site_id)]
    _bump(keys)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _bump(keys))


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
        """The generations ("shared.site") and the request's site: one round trip while
        both stay what this process last saw."""
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


class _Routes:
    """Which live page each address led Wagtail's routing to, remembered while the site's
    generation stands (a publish, unpublish, move or slug change in the site moves it, as
    a change of any site moves the shared one): a rendered page is then read in one query
    instead of Wagtail's walk down the tree (the locale, the home page, and a query and
    its specific row for each part of the address). What Wagtail does after routing (view
    restrictions, the page's own view) is untouched."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        #: key → the page's specific class and id
        self.pages: dict[str, tuple[type[Page], int]] = {}

    @staticmethod
    def key(request: HttpRequest) -> str | None:
        """The generations, host, language and path; None where the page cache is off
        (no generations were read for the request)."""
        generations = getattr(request, "okcore_generations", None)
        if generations is None:
            return None
        host = f"{request.get_host()}|{request.get_port()}"
        return f"{generations}|{host}|{translation.get_language()}|{request.path}"

    def find(self, key: str) -> Page | None:
        known = self.pages.get(key)
        if known is None:
            return None
        model, pk = known
        return next(iter(model._default_manager.filter(pk=pk, live=True)[:1]), None)

    def keep(self, key: str, route: RouteResult | None) -> None:
        """Only a plain route to a live page: a routable page's own views (its ``args``)
        are routed by Wagtail every time."""
        if route is None or route.args or route.kwargs or not route.page.live:
            return
        with self.lock:
            if len(self.pages) >= MAX_ROUTES:
                self.pages = {}
            self.pages[key] = (type(route.page), route.page.pk)


routes = _Routes()


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


class _LargeCopies:
    """The large copies this process served, least recently used out first, up to
    ``OKCORE_PAGE_CACHE_MEMORY_BYTES`` of bodies. Keys carry the generations, so a copy
    another process invalidated is never asked for again; it ages out."""

    def __init__(self) -> None:
        self.copies: OrderedDict[str, Copy] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: str) -> Copy | None:
        with self.lock:
            found = self.copies.get(key)
            if found is not None and found[3] <= time.time():
                self._drop(key)
                return None
            if found is not None:
                self.copies.move_to_end(key)
            return found

    def keep(self, key: str, copy: Copy) -> None:
        limit = settings.OKCORE_PAGE_CACHE_MEMORY_BYTES
        if not LARGE <= len(copy[2]) <= limit:
            return
        with self.lock:
            if key in self.copies:
                return
            self.copies[key] = copy
            self.size += len(copy[2])
            while self.size > limit:
                self._drop(next(iter(self.copies)))

    def _drop(self, key: str) -> None:
        self.size -= len(self.copies.pop(key)[2])


_large = _LargeCopies()


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
        found = _large.get(key)
        if found is None:
            found = cache.get(key)
            if found is not None:
                _large.keep(key, found)
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
            _large.keep(key, copy)
            response["X-Cache"] = "miss"
        return response
