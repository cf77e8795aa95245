"""Cached public pages and feeds, invalidated whenever content changes.

Anonymous GET requests for public pages and calendar feeds are answered from the
cache. Every cached entry is keyed under a *generation* number kept in the cache
itself; any publish, unpublish, deletion or change of working data (measurements,
risks, units, coordinators) increments it, so every worker stops serving the old
copies at once when the cache is shared (Redis, configured by ``REDIS_URL``).

Not cached: anyone with a session cookie (signed-in users may see drafts and the
editor's bar), requests with a query string (search, filters; and no one can fill
the cache with random URLs), the admin, the API and the private feeds. Entries also
expire after ``OKCORE_PAGE_CACHE_SECONDS`` because pages show what is upcoming "today".

The middleware sits before sessions and authentication: a visitor without a session
costs a cache lookup and nothing else. Copies are stored gzipped for clients that
accept it (browsers and calendar apps do); these pages carry no secrets, so
compression leaks nothing (BREACH needs a secret in the body).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils import translation
from django.utils.cache import get_cache_key, learn_cache_key
from wagtail.signals import page_published, page_unpublished

GENERATION_KEY = "okcore:pages:generation"
NOT_CACHED_PREFIXES = ("/admin/", "/api/", "/calendar/private/", "/documents/", "/i18n/")
#: Apps whose data the public pages show: a change there invalidates the cached pages.
CONTENT_APPS = {
    "core",
    "programmes",
    "indicators",
    "risks",
    "network",
    "news",
    "events",
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
}


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


@receiver(page_published)
@receiver(page_unpublished)
def _page_changed(sender: Any, **kwargs: Any) -> None:
    invalidate()


@receiver(post_save)
@receiver(post_delete)
def _content_changed(sender: Any, **kwargs: Any) -> None:
    if sender._meta.app_label in CONTENT_APPS and not kwargs.get("raw"):
        invalidate()


@contextlib.contextmanager
def _language_neutral(request: HttpRequest) -> Iterator[None]:
    """Keys name the URL, which carries the language: the active one must play no part.

    Django suffixes cache keys with ``request.LANGUAGE_CODE`` (set by the locale
    middleware, so present when storing but not when looking up) or else the active
    language; both are pinned to the default while a key is made.
    """
    saved = request.__dict__.pop("LANGUAGE_CODE", None)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            yield
    finally:
        if saved is not None:
            request.LANGUAGE_CODE = saved  # type: ignore[attr-defined]


def _cacheable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and not request.path_info.startswith(NOT_CACHED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class PublicPageCacheMiddleware:
    """Serve and store public pages and feeds for visitors without a session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.gzip = GZipMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.OKCORE_PAGE_CACHE_SECONDS
        if not seconds or not _cacheable(request):
            return self.get_response(request)
        prefix = f"okcore:pages:{generation()}"
        with _language_neutral(request):
            key = get_cache_key(request, prefix, "GET", cache=cache)
        if key is not None:
            found = cache.get(key)
            if found is not None:
                found["X-Cache"] = "hit"
                return found  # type: ignore[no-any-return]
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
        ):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            response = self.gzip.process_response(request, response)
            with _language_neutral(request):
                stored_key = learn_cache_key(request, response, seconds, prefix, cache=cache)
            cache.set(stored_key, response, seconds)
            response["X-Cache"] = "miss"
        return response
