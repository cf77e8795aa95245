"""sitemap.xml: every live public page of the request's site, in every language, each
with its translations as ``<xhtml:link rel="alternate" hreflang>`` and the Polish one as
x-default, on the host actually serving the request.

Wagtail's own sitemap lists only the site's root page and below, that is one language:
the other languages' home pages are the root's translations, beside it (cms.core.city).
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest
from wagtail.models import Page

from cms.core.city import in_site, site_of


class PagesSitemap(Sitemap):  # type: ignore[type-arg]
    """The pages of the request's site, all languages."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def items(self) -> list[Page]:
        return self._pages

    @cached_property
    def _pages(self) -> list[Page]:
        pages = Page.objects.live().public().select_related("locale").order_by("path")
        return [p for p in in_site(pages, site_of(self.request)) if p.depth > 1]

    @cached_property
    def _urls_by_key(self) -> dict[UUID, dict[str, str]]:
        """Each page's address in every language, by translation key."""
        found: dict[UUID, dict[str, str]] = defaultdict(dict)
        for page in self._pages:
            url = page.get_url(self.request)
            if url:
                found[page.translation_key][page.locale.language_code] = (
                    self.request.build_absolute_uri(url)
                )
        return found

    def lastmod(self, page: Page) -> Any:
        return page.last_published_at or page.latest_revision_created_at

    def _urls(self, page: int | str, _protocol: str, _domain: str) -> list[dict[str, Any]]:
        """Django's entries, each address on the served host (not ``protocol``, ``domain``)
        with its languages as alternates."""
        urls = []
        for item in self.paginator.page(page).object_list:
            languages = self._urls_by_key.get(item.translation_key, {})
            location = languages.get(item.locale.language_code)
            if location is None:
                continue
            alternates = [{"lang_code": code, "location": url} for code, url in languages.items()]
            if settings.LANGUAGE_CODE in languages:
                alternates.append(
                    {"lang_code": "x-default", "location": languages[settings.LANGUAGE_CODE]}
                )
            urls.append(
                {
                    "item": item,
                    "location": location,
                    "lastmod": self.lastmod(item),
                    "changefreq": None,
                    "priority": "",
                    "alternates": alternates if len(languages) > 1 else [],
                }
            )
        return urls
