"""Two cities (tests/cms/test_two_cities.py): the menu, the language switcher and the
news index of each site link only to that site's own pages (review1, iso3)."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from clock import days
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page, PageViewRestriction, Site

from cms.core.site import publish
from cms.news.models import NewsPage
from tests.cms import test_two_cities
from tests.cms.test_two_cities import HOSTS, KRAKOW, LUBLIN

pytestmark = pytest.mark.django_db
cities = test_two_cities.cities  # the two-city fixture


def _other(city: str) -> str:
    return LUBLIN if city == KRAKOW else KRAKOW


def _path(page: Page) -> str:
    _site_id, _root, path = page.get_url_parts()
    return str(path)


def _links(body: str, css_class: str) -> list[str]:
    """The addresses in the page's ``<ul class="…">`` list."""
    lists = re.findall(rf'<ul class="{css_class}">(.*?)</ul>', body, re.S)
    assert lists, css_class
    return re.findall(r'href="([^"]*)"', lists[0])


def _homes(site: Site) -> dict[str, str]:
    """The site's home page path in each language."""
    homes = Page.objects.filter(translation_key=site.root_page.translation_key)
    return {home.locale.language_code: _path(home) for home in homes}


def _assert_own_links(client: Client, site: Site, other_hosts: list[str]) -> None:
    """The home and news index pages in each language: no other site's host name, the
    menu's links relative (on this site), a link for each language."""
    news_index = Page.objects.filter(slug="news", locale__language_code="pl")
    own_news = next(p for p in news_index if p.get_site() == site)
    for path in ("/pl/", "/en/", "/uk/", _path(own_news)):
        body = client.get(path, follow=True).content.decode()
        for host in other_hosts:
            assert host not in body, (path, host)
        menu = _links(body, "menu")
        assert menu and all(link.startswith("/") for link in menu), (path, menu)
        switcher = _links(body, "languages")
        assert len(switcher) == 3, (path, switcher)


@pytest.mark.parametrize("city", [KRAKOW, LUBLIN])
def test_menu_and_language_switcher_link_to_the_sites_own_pages(cities, city):
    site = cities["sites"][city]
    _assert_own_links(Client(HTTP_HOST=HOSTS[city]), site, [HOSTS[_other(city)]])
    # A news item exists only in Polish: its English and Ukrainian links are this site's homes.
    news = cities["pages"][city]["news"]
    body = Client(HTTP_HOST=HOSTS[city]).get(_path(news)).content.decode()
    homes = _homes(site)
    assert _links(body, "languages") == [_path(news), homes["en"], homes["uk"]]


def test_the_default_site_links_to_its_own_pages_after_a_further_city(settings):
    """The first city set up, then a second: the first (default) site's pages keep to it."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "lublin.example"]
    call_command("okcore_setup", stdout=StringIO())
    call_command("okcore_setup", hostname="lublin.example", city="Lublin", stdout=StringIO())
    default = Site.objects.get(is_default_site=True)
    client = Client(HTTP_HOST=f"{default.hostname}:{default.port}")
    _assert_own_links(client, default, ["lublin.example"])
    lublin = Site.objects.get(hostname="lublin.example")
    _assert_own_links(Client(HTTP_HOST="lublin.example"), lublin, [default.hostname])


@pytest.mark.parametrize("city", [KRAKOW, LUBLIN])
def test_the_news_index_lists_only_the_sites_own_public_news(cities, city):
    own, other = cities["pages"][city]["news"], cities["pages"][_other(city)]["news"]
    index = own.get_parent()
    private = NewsPage(title="Wiadomość tylko dla zalogowanych", date=days(-1))
    index.add_child(instance=private)
    publish(private)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    body = Client(HTTP_HOST=HOSTS[city]).get(_path(index)).content.decode()
    assert own.title in body
    assert other.title not in body
    assert private.title not in body
