"""Cached public pages and feeds, invalidated whenever content changes.

Anonymous GET requests for public pages and calendar feeds are answered from the
cache. Every cached entry is keyed under a *generation* number kept in the cache
itself; any publish, unpublish, deletion or change of working data (approved measurements,
risks, units, coordinators) increments it, so every worker stops serving the old
copies at once when the cache is shared (Redis, configured by ``REDIS_URL``). What no
visitor sees leaves the copies alone: a draft of a page, a revision, a measurement until
it is approved, the workflow's and the editors' own records, an image's rendition made
while a page renders.

Not cached: anyone with a session cookie (signed-in users may see drafts and the
editor's bar; no other cookie plays any part), requests with a query string (search,
filters; and no one can fill the cache with random URLs), the admin, the API and the
private feeds (nor anything marked private or no-store). Entries also
expire after ``OKCORE_PAGE_CACHE_SECONDS`` because pages show what is upcoming "today".

The middleware sits before sessions and authentication: a visitor without a session
costs a cache lookup and nothing else. A key names the generation, the address and
whether the client takes gzip, nothing else: no header a visitor sends can add a
copy, so each address has at most two (gzipped for clients that accept it, as
browsers and calendar apps do, and plain). These pages carry no secrets, so
compression leaks nothing (BREACH needs a secret in the body).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

GENERATION_KEY = "okcore:pages:generation"
#: What Django's GZipMiddleware looks for in Accept-Encoding; the same test picks the copy.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
NOT_CACHED_PREFIXES = ("/admin/", "/api/", "/calendar/private/", "/documents/", "/i18n/")


def _fresh_generation() -> int:
    """A number no earlier generation used, should the counter be evicted from the cache."""
    return time.time_ns() // 1000


def generation() -> int:
    found = cache.get(GENERATION_KEY)
    if found is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        found = cache.get(GENERATION_KEY, 0)
    return int(found)


def invalidate() -> None:
    """Drop every cached page and feed, in every worker sharing this cache."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there (evicted, or never read): start a generation of its own
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)


def copy_key(request: HttpRequest) -> str:
    """The generation, the address and gzip-or-not: the only things a copy depends on.

    "copies": entries of another shape (an earlier release kept response objects) are
    never read."""
    encoding = "gzip" if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")) else "-"
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"okcore:copies:{generation()}:{encoding}:{url}"


def _directives(response: HttpResponseBase) -> set[str]:
    return {part.strip().lower() for part in response.get("Cache-Control", "").split(",")}


#: A kept copy: status, headers and body bytes (gzipped or plain). Never the response object:
#: unpickling one per hit costs more than building a response from these.
Copy = tuple[int, list[tuple[str, str]], bytes]


def _copy(response: HttpResponse) -> Copy:
    return (response.status_code, list(response.items()), response.content)


def _served(copy: Copy) -> HttpResponse:
    status, headers, body = copy
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
        if not seconds or not _cacheable(request):
            return self.get_response(request)
        key = copy_key(request)
        found = cache.get(key)
        if found is not None:
            served = _served(found)
            served["X-Cache"] = "hit"
            return served
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
            cache.set(key, _copy(cast(HttpResponse, response)), seconds)
            response["X-Cache"] = "miss"
        return response
