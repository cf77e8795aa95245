"""404 and 500 in the address's language with the site's navigation, sitemap.xml with
hreflang alternates, robots.txt, the favicon, and canonical / hreflang links on the host
that actually serves the request (cms.core.views, cms.core.sitemaps, site_tags)."""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree

import pytest
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Page, Site

from cms import urls as site_urls
from cms.core.setup import set_up_site
from cms.legal.models import AccessibilityStatementPage

LANGUAGES = ("pl", "en", "uk")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def boom(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise RuntimeError("a bug")


# This module as the URLconf of the 500 tests: the site's, with a view that fails.
handler500 = site_urls.handler500
urlpatterns = [path("<str:language>/boom/", boom), *site_urls.urlpatterns]


@pytest.fixture
def homes(db: Any) -> dict[str, Page]:
    set_up_site()
    site = Site.objects.get(is_default_site=True)
    # The placeholder host of a fresh install, which the served host must override.
    site.hostname, site.port = "localhost", 80
    site.save()
    return {p.locale.language_code: p for p in Page.objects.filter(depth=2).live()}


@pytest.fixture
def served() -> Client:
    """The demo's way: the site recorded on localhost, served on 127.0.0.1:8000."""
    return Client(HTTP_HOST="127.0.0.1:8000")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_missing_page_is_a_404_in_the_address_language_with_navigation(
    homes: dict[str, Page], client: Client, language: str
) -> None:
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    with translation.override(language):
        assert f"<h1>{gettext('Page not found')}</h1>" in html
    assert '<ul class="menu">' in html  # the main menu
    assert 'class="languages"' in html  # the language switcher
    statement = AccessibilityStatementPage.objects.get(locale__language_code=language)
    assert f'href="{statement.url}"' in html[html.index("<footer") :]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_server_error_is_a_500_in_the_address_language_with_navigation(
    homes: dict[str, Page], language: str
) -> None:
    client = Client(HTTP_HOST="localhost", raise_request_exception=False)
    response = client.get(f"/{language}/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    with translation.override(language):
        assert gettext("Something went wrong on our side") in html
    assert '<ul class="menu">' in html
    statement = AccessibilityStatementPage.objects.get(locale__language_code=language)
    assert f'href="{statement.url}"' in html


@pytest.mark.urls(__name__)
def test_the_500_page_needs_no_database(
    homes: dict[str, Page], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database is what broke: the page still comes, localised, with no query."""

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise DatabaseError("the database is gone")

    client = Client(HTTP_HOST="localhost", raise_request_exception=False)
    with monkeypatch.context() as patched:
        patched.setattr(Site, "find_for_request", broken)
        patched.setattr("django.db.backends.utils.CursorWrapper.execute", broken)
        response = client.get("/uk/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="uk">' in html
    with translation.override("uk"):
        assert gettext("Something went wrong on our side") in html
    assert '<a href="/en/" lang="en" hreflang="en">English</a>' in html
    assert '<form class="search" role="search" action="/uk/search/"' in html


def test_the_sitemap_lists_every_language_with_alternates_on_the_served_host(
    homes: dict[str, Page], served: Client
) -> None:
    response = served.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    entries = {
        url.findtext(f"{SITEMAP}loc"): {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
        }
        for url in root.iter(f"{SITEMAP}url")
    }
    base = "http://127.0.0.1:8000"
    for language in LANGUAGES:
        assert f"{base}/{language}/" in entries
    statement = entries[f"{base}/en/accessibility-statement/"]
    assert statement == {
        "pl": f"{base}/pl/deklaracja-dostepnosci/",
        "en": f"{base}/en/accessibility-statement/",
        "uk": f"{base}/uk/deklaratsiia-dostupnosti/",
        "x-default": f"{base}/pl/deklaracja-dostepnosci/",
    }
    live = Page.objects.live().public().filter(depth__gt=1).count()
    assert len(entries) == live
    assert all(str(loc).startswith(base) for loc in entries)


def test_a_draft_is_not_in_the_sitemap(homes: dict[str, Page], served: Client) -> None:
    AccessibilityStatementPage.objects.get(locale__language_code="uk").unpublish()
    body = served.get("/sitemap.xml").content.decode()
    assert "/uk/deklaratsiia-dostupnosti/" not in body
    assert 'hreflang="en" href="http://127.0.0.1:8000/en/accessibility-statement/"' in body


def test_robots_allows_the_pages_and_points_to_the_sitemap(served: Client, db: Any) -> None:
    response = served.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Allow: /" in lines
    for private in ("/admin/", "/api/", "/calendar/private/", "/pl/search/"):
        assert f"Disallow: {private}" in lines
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in lines
    assert not any(line.startswith("Disallow: /documents") for line in lines)  # public PDFs


def test_the_favicon(homes: dict[str, Page], client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/core/favicon.svg")
    html = client.get("/en/").content.decode()
    assert '<link rel="icon" href="/static/core/favicon.svg" type="image/svg+xml">' in html


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000"])
def test_canonical_and_hreflang_links_name_the_served_host(
    homes: dict[str, Page], host: str
) -> None:
    html = Client(HTTP_HOST=host).get("/en/accessibility-statement/").content.decode()
    head = html[: html.index("</head>")]
    assert f'<link rel="canonical" href="http://{host}/en/accessibility-statement/">' in head
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head))
    assert alternates == {
        "pl": f"http://{host}/pl/deklaracja-dostepnosci/",
        "en": f"http://{host}/en/accessibility-statement/",
        "uk": f"http://{host}/uk/deklaratsiia-dostupnosti/",
        "x-default": f"http://{host}/pl/deklaracja-dostepnosci/",
    }
    assert "http://localhost/" not in head  # the site's recorded placeholder
