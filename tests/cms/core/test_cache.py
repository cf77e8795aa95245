"""The cached copies are scoped by site, outlive no transaction and large ones stay in memory."""

from __future__ import annotations

from typing import Any

import pytest
from clock import days
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from factories import MeasurementFactory
from wagtail.models import Page, PageViewRestriction

from cms.core import cache as page_cache
from cms.core.cache import copy_key, invalidate
from cms.core.signals import site_of_path
from cms.core.site import publish
from cms.events.models import EventPage
from cms.indicators.models import Status
from tests.cms import test_two_cities
from tests.cms.test_two_cities import HOSTS, KRAKOW, LUBLIN

pytestmark = pytest.mark.django_db
cities = test_two_cities.cities  # the two-city fixture
FEED = "/pl/calendar/programme/open-krakow-2024-2028.ics"


def _served(clients: dict[str, Client]) -> dict[str, str]:
    return {city: clients[city].get("/pl/", follow=True)["X-Cache"] for city in clients}


def test_a_publish_in_one_city_keeps_the_other_citys_copies(cities: Any) -> None:
    clients = {city: Client(HTTP_HOST=host) for city, host in HOSTS.items()}
    assert _served(clients) == {KRAKOW: "miss", LUBLIN: "miss"}
    assert _served(clients) == {KRAKOW: "hit", LUBLIN: "hit"}
    news = cities["pages"][LUBLIN]["news"]
    news.title = "Nowa wiadomość z Lublina"
    news.save_revision()
    assert _served(clients) == {KRAKOW: "hit", LUBLIN: "hit"}  # a draft
    publish(news)
    assert _served(clients) == {KRAKOW: "hit", LUBLIN: "miss"}
    assert b"Nowa wiadomo" in clients[LUBLIN].get("/pl/", follow=True).content
    cities["pages"][KRAKOW]["event"].unpublish()
    assert _served(clients) == {KRAKOW: "miss", LUBLIN: "hit"}


def test_a_change_of_shared_data_empties_every_citys_copies(cities: Any) -> None:
    clients = {city: Client(HTTP_HOST=host) for city, host in HOSTS.items()}
    _served(clients)
    assert _served(clients) == {KRAKOW: "hit", LUBLIN: "hit"}
    MeasurementFactory(unit=cities["units"][LUBLIN], period=2025, status=Status.APPROVED)
    assert _served(clients) == {KRAKOW: "miss", LUBLIN: "miss"}


def test_a_copy_made_before_the_commit_is_not_served_after_it(
    client: Any, site: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A request between a change and its commit reads the old data: its copy, kept under
    the new generation, must not be served once the change is committed."""
    url = site["pages"]["programme"]["pl"].url
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        invalidate()
        assert client.get(url)["X-Cache"] == "miss"  # in the transaction: as if concurrent
        assert client.get(url)["X-Cache"] == "hit"
    assert client.get(url)["X-Cache"] == "miss"


def test_a_hit_comes_from_memory_until_the_generation_moves(
    client: Any, weekly: Any, events_index: Any, django_assert_num_queries: Any
) -> None:
    first = client.get(FEED, HTTP_ACCEPT_ENCODING="gzip")
    assert first["X-Cache"] == "miss"
    request = client.get(FEED).wsgi_request  # a plain copy, kept too
    cache.delete_many(
        [copy_key(request), copy_key(client.get(FEED, HTTP_ACCEPT_ENCODING="gzip").wsgi_request)]
    )  # only this process's memory has them now
    with django_assert_num_queries(0):
        hit = client.get(FEED, HTTP_ACCEPT_ENCODING="gzip")
    assert (hit["X-Cache"], hit.content) == ("hit", first.content)
    assert client.get(FEED, HTTP_IF_NONE_MATCH=hit["ETag"]).status_code == 304

    page = EventPage(
        title="Nowe spotkanie", start_date=days(30), goal="open-krakow-2024-2028/goal-1"
    )
    events_index.add_child(instance=page)
    publish(page)  # as another process would: it moves the generation in the shared cache
    fresh = client.get(FEED)
    assert fresh["X-Cache"] == "miss"
    assert b"Nowe spotkanie" in fresh.content


def test_no_memory_copies_when_the_setting_is_zero(client: Any, weekly: Any, settings: Any) -> None:
    settings.OKCORE_PAGE_CACHE_MEMORY_BYTES = 0
    client.get(FEED)
    cache.delete(copy_key(client.get(FEED).wsgi_request))
    assert client.get(FEED)["X-Cache"] == "miss"


def test_the_memory_keeps_the_most_recently_used_values_within_its_bytes(settings: Any) -> None:
    settings.OKCORE_PAGE_CACHE_MEMORY_BYTES = 2 * 1024
    memory = page_cache._Memory()
    for key in ("a", "b"):
        memory.keep(key, key.upper(), float("inf"), 1024)
    assert memory.get("a") == "A"  # "b" is now the least recently used
    memory.keep("c", "C", float("inf"), 1024)
    assert [memory.get(key) for key in "abc"] == ["A", None, "C"]
    memory.keep("large", "L", float("inf"), 2 * 1024 + 1)
    memory.keep("expired", "E", 0.0, 1)
    assert memory.get("large") is None and memory.get("expired") is None
    assert list(memory.entries) == ["c"]  # "a" made room for "expired", which expired
    assert memory.size == 1024


def test_a_page_belongs_to_the_site_whose_tree_holds_it_in_every_language(cities: Any) -> None:
    for city, site in cities["sites"].items():
        for home in Page.objects.filter(translation_key=site.root_page.translation_key):
            assert site_of_path(home.url_path) == site.pk, (city, home.url_path)
        assert site_of_path(cities["pages"][city]["news"].url_path) == site.pk
    assert site_of_path("/") is None  # the tree's root: no site's


def _site_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum('"wagtailcore_site"' in query["sql"] for query in queries.captured_queries)


def test_a_rendered_answer_knows_its_site_without_a_query_until_a_site_changes(
    cities: Any,
) -> None:
    """Wagtail asks the database for the request's site on every page and API answer; the
    cache's host map answers instead, and follows a change of the sites at once."""
    clients = {city: Client(HTTP_HOST=host) for city, host in HOSTS.items()}
    path = "/pl/?uncached=1"  # a query string: rendered, never a copy
    assert _site_queries(clients[LUBLIN], path) >= 1  # new to this process (and the cities)
    assert _site_queries(clients[LUBLIN], path) == 0
    assert _site_queries(clients[KRAKOW], "/api/v1/programmes/") == 1
    assert _site_queries(clients[KRAKOW], "/api/v1/programmes/") == 0
    lublin = cities["sites"][LUBLIN]
    lublin.site_name = "Lublin otwarty"
    lublin.save()
    assert _site_queries(clients[LUBLIN], path) >= 1  # the sites again (and the cities)
    assert _site_queries(clients[LUBLIN], path) == 0
    _site_queries(clients[KRAKOW], "/api/v1/programmes/")  # every site found again
    publish(cities["pages"][LUBLIN]["news"])  # its root page may have moved: found again
    assert _site_queries(clients[LUBLIN], path) >= 1
    assert _site_queries(clients[KRAKOW], "/api/v1/programmes/") == 0  # another site's
    request_site = clients[LUBLIN].get(path).wsgi_request._wagtail_site  # type: ignore[attr-defined]
    assert request_site.site_name == "Lublin otwarty"
    assert request_site is not page_cache._hosts.sites[f"{HOSTS[LUBLIN]}|80"][0]  # a copy


def _page_queries(client: Client, path: str) -> tuple[int, int, bytes]:
    """Status, the queries of the page table and the body of one rendered answer."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    tree = sum('FROM "wagtailcore_page"' in query["sql"] for query in queries.captured_queries)
    return response.status_code, tree, response.content


def test_a_rendered_page_is_found_by_its_remembered_route_until_its_site_changes(
    cities: Any,
) -> None:
    """Wagtail walks the tree on every rendered page (locale, home page, a query and its
    specific row per part of the address); the routes map reads the page in one query,
    and forgets what a publish, unpublish or move in the site changed."""
    lublin, krakow = Client(HTTP_HOST=HOSTS[LUBLIN]), Client(HTTP_HOST=HOSTS[KRAKOW])
    news = cities["pages"][LUBLIN]["news"]
    path = test_two_cities._path(news) + "?uncached=1"  # a query string: rendered each time
    walked = _page_queries(lublin, path)
    remembered = _page_queries(lublin, path)
    assert walked[0] == remembered[0] == 200
    assert remembered[1] < walked[1]
    assert remembered[2] == walked[2]
    assert _page_queries(krakow, path)[0] == 404  # the same address on another site
    news.unpublish()
    assert _page_queries(lublin, path)[0] == 404
    news.slug = "przeniesiona"
    publish(news)
    assert _page_queries(lublin, path)[0] == 404
    moved = test_two_cities._path(type(news).objects.get(pk=news.pk)) + "?uncached=1"
    assert "/przeniesiona/" in moved
    assert _page_queries(lublin, moved)[0] == 200


def test_a_remembered_route_forgets_a_page_saved_off_line_without_an_unpublish(
    cities: Any,
) -> None:
    """wagtail-localize takes a page off line by saving it not live, with no unpublish
    signal: the site's generation moves all the same, Wagtail routes again and answers 404."""
    client = Client(HTTP_HOST=HOSTS[LUBLIN])
    news = cities["pages"][LUBLIN]["news"]
    path = test_two_cities._path(news) + "?uncached=1"
    assert client.get(path).status_code == 200
    news.live = False
    news.save()
    assert client.get(path).status_code == 404


def test_a_remembered_route_asks_nothing_of_the_database_and_follows_a_restriction(
    cities: Any,
) -> None:
    """A known address: no query reads the page nor its view restrictions (Wagtail's two);
    a restriction added moves the shared generation, and Wagtail's check then applies it."""
    client = Client(HTTP_HOST=HOSTS[LUBLIN])
    news = cities["pages"][LUBLIN]["news"]
    path = test_two_cities._path(news) + "?uncached=1"
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    read = [q["sql"] for q in queries.captured_queries]
    assert not [sql for sql in read if '"wagtailcore_pageviewrestriction"' in sql], read
    own = (f'"page_ptr_id" = {news.pk}', f'"wagtailcore_page"."id" = {news.pk}')
    assert not [sql for sql in read if any(where in sql for where in own)], read
    PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(path)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_rendered_programme_or_goal_page_known_to_the_process_runs_one_query(
    site: Any, django_assert_num_queries: Any
) -> None:
    """Found by its route, its view restrictions, children and parent link kept under the
    generations, its main content and parts kept under its inputs: what is left is the
    query of its inputs' version (cms.programmes.prepared), which the database moves."""
    goal = site["pages"]["programme"]["pl"]
    client = Client(HTTP_HOST="localhost")
    for page in (goal.get_parent(), goal):
        url = page.url + "?uncached=1"  # rendered, never a copy
        first = client.get(url)
        with django_assert_num_queries(1):
            again = client.get(url)
        assert again.content == first.content
