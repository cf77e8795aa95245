"""One installation, two cities (#15): Kraków's programme on krakow.example, the example
Lublin programme on lublin.example, one database. Neither site shows the other's pages,
feeds, API answers or admin sections (cms.core.city, cms.core.roles)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from clock import YEAR, days
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from factories import MeasurementFactory, UnitFactory, UserFactory
from wagtail.models import Page, Site

from cms.core.models import CitySettings, HomePage
from cms.core.site import publish
from cms.events.models import EventIndexPage, EventPage
from cms.indicators.models import Measurement, Status
from cms.network.access import provision_all
from cms.network.models import Unit, UnitIndexPage, UnitPage
from cms.news.models import NewsIndexPage, NewsPage
from cms.programmes.models import ProgrammePage

pytestmark = pytest.mark.django_db

KRAKOW, LUBLIN = "open-krakow-2024-2028", "lublin-welcome-2025-2029"
HOSTS = {KRAKOW: "krakow.example", LUBLIN: "lublin.example"}
KRAKOW_INDICATOR = f"{KRAKOW}/indicator/schools-and-residents-reached"
LUBLIN_INDICATOR = f"{LUBLIN}/indicator/lublin-info-point-visits"


def _under(home: Page, model: type[Page]) -> Page:
    found: Page = model.objects.descendant_of(home).get()
    return found


def _city_content(site: Site, unit: Unit, name: str) -> dict[str, Page]:
    """A unit's section, a news item and an event on the site, titled after the city."""
    home = site.root_page
    section = UnitPage(title=f"Sekcja {name}", slug=unit.slug, unit=unit)
    _under(home, UnitIndexPage).add_child(instance=section)
    publish(section)
    news = NewsPage(title=f"Wiadomość {name}", date=days(-3), body="<p>tekst</p>")
    _under(home, NewsIndexPage).add_child(instance=news)
    publish(news)
    event = EventPage(title=f"Spotkanie {name}", start_date=days(10), unit=unit)
    _under(home, EventIndexPage).add_child(instance=event)
    publish(event)
    return {"section": section, "news": news, "event": event}


@pytest.fixture
def cities(settings: Any) -> dict[str, Any]:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, *HOSTS.values()]
    out = StringIO()
    call_command("okcore_setup", hostname="krakow.example", city="Kraków", stdout=out)
    call_command("okcore_setup", hostname="lublin.example", city="Lublin", stdout=out)
    call_command("okcore_sync", KRAKOW, LUBLIN, verbosity=0, stdout=out)
    sites = {key: Site.objects.get(hostname=host) for key, host in HOSTS.items()}
    units = {
        KRAKOW: UnitFactory(slug="wydzial-edukacji", name="Wydział Edukacji", site=sites[KRAKOW]),
        LUBLIN: UnitFactory(slug="wss", name="Wydział Spraw Społecznych", site=sites[LUBLIN]),
    }
    pages = {
        KRAKOW: _city_content(sites[KRAKOW], units[KRAKOW], "Kraków"),
        LUBLIN: _city_content(sites[LUBLIN], units[LUBLIN], "Lublin"),
    }
    measurements = {
        KRAKOW: MeasurementFactory(
            unit=units[KRAKOW], indicator=KRAKOW_INDICATOR, status=Status.APPROVED
        ),
        LUBLIN: MeasurementFactory(
            unit=units[LUBLIN], indicator=LUBLIN_INDICATOR, value=900, status=Status.APPROVED
        ),
    }
    provision_all()
    return {"sites": sites, "units": units, "pages": pages, "measurements": measurements}


def _client(city: str) -> Client:
    return Client(HTTP_HOST=HOSTS[city])


def _other(city: str) -> str:
    return LUBLIN if city == KRAKOW else KRAKOW


def _path(page: Page) -> str:
    """The page's path on its own site."""
    _site_id, _root, path = page.get_url_parts()
    return str(path)


def test_okcore_setup_adds_a_city_once_with_its_settings_homes_and_groups(cities):
    lublin = cities["sites"][LUBLIN]
    out = StringIO()
    call_command("okcore_setup", hostname="lublin.example", city="Lublin", stdout=out)
    assert "existing site lublin.example:80" in out.getvalue()
    assert Site.objects.filter(hostname="lublin.example").count() == 1
    assert CitySettings.objects.get(site=lublin).city == {"pl": "Lublin"}
    homes = HomePage.objects.filter(translation_key=lublin.root_page.translation_key)
    assert sorted(h.locale.language_code for h in homes) == ["en", "pl", "uk"]
    assert Group.objects.filter(name="Portal administrators (lublin.example)").exists()
    assert Group.objects.filter(name="Portal editors (lublin.example)").exists()


def test_sync_puts_each_programme_under_its_citys_home_pages(cities):
    for city, site in cities["sites"].items():
        homes = HomePage.objects.filter(translation_key=site.root_page.translation_key)
        for home in homes:
            assert ProgrammePage.objects.child_of(home).get().okcore_id == city


@pytest.mark.parametrize("city", [KRAKOW, LUBLIN])
def test_a_home_page_lists_only_its_own_programme_news_and_events(cities, city):
    body = _client(city).get("/", follow=True).content.decode()
    own, other = cities["pages"][city], cities["pages"][_other(city)]
    programmes = {
        c: ProgrammePage.objects.get(okcore_id=c, locale__language_code="pl") for c in HOSTS
    }
    assert programmes[city].title in body
    assert programmes[_other(city)].title not in body
    assert own["news"].title in body and own["event"].title in body
    assert other["news"].title not in body and other["event"].title not in body


@pytest.mark.parametrize("city", [KRAKOW, LUBLIN])
def test_another_citys_pages_are_not_found(cities, city):
    other = _other(city)
    programme = ProgrammePage.objects.get(okcore_id=other, locale__language_code="pl")
    pages = [programme, *cities["pages"][other].values()]
    for page in pages:
        assert _client(other).get(_path(page)).status_code == 200, page
        assert _client(city).get(_path(page)).status_code == 404, page


@pytest.mark.parametrize("city", [KRAKOW, LUBLIN])
def test_the_api_answers_with_the_sites_own_programmes_units_and_data(cities, city):
    client, other = _client(city), _other(city)
    units, measurements = cities["units"], cities["measurements"]

    def ids(url: str, key: str = "id") -> set[Any]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        return {row[key] for row in response.json()["results"]}

    assert ids("/api/v1/programmes/") == {city}
    assert ids("/api/v1/goals/", "programme") == {city}
    assert ids("/api/v1/tasks/", "programme") == {city}
    assert ids("/api/v1/indicators/?limit=100", "programme") == {city}
    assert ids("/api/v1/risks/", "programme") == {city}
    assert ids("/api/v1/units/", "slug") == {units[city].slug}
    assert ids("/api/v1/measurements/") == {measurements[city].pk}
    events = ids(f"/api/v1/events/?year={YEAR}&limit=500", "title")
    assert cities["pages"][city]["event"].title in events
    assert cities["pages"][other]["event"].title not in events
    indicator = KRAKOW_INDICATOR if other == KRAKOW else LUBLIN_INDICATOR
    for url in (
        f"/api/v1/programmes/{other}/",
        f"/api/v1/indicators/{indicator}/",
        f"/api/v1/units/{units[other].slug}/",
        f"/api/v1/measurements/{measurements[other].pk}/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/api/v1/goals/?programme={other}",
        f"/api/v1/tasks/?unit={units[other].slug}",
        f"/api/v1/events/?programme={other}",
    ):
        assert client.get(url).status_code == 400, url


@pytest.mark.parametrize("city", [KRAKOW, LUBLIN])
def test_search_finds_only_the_sites_own_pages(cities, city):
    body = _client(city).get("/search/", {"q": "Wiadomość"}, follow=True).content.decode()
    assert cities["pages"][city]["news"].title in body
    assert cities["pages"][_other(city)]["news"].title not in body


@pytest.mark.parametrize("city", [KRAKOW, LUBLIN])
def test_feeds_keep_to_the_sites_own_programmes_and_units(cities, city):
    client, other = _client(city), _other(city)
    site_wide = client.get("/pl/calendar/programme.ics").content.decode()
    assert cities["pages"][city]["event"].title in site_wide
    assert cities["pages"][other]["event"].title not in site_wide
    assert client.get(f"/pl/calendar/programme/{city}.ics").status_code == 200
    assert client.get(f"/pl/calendar/programme/{other}.ics").status_code == 404
    events_page = client.get("/pl/events/", follow=True).content.decode()
    assert cities["pages"][city]["event"].title in events_page
    assert cities["pages"][other]["event"].title not in events_page
    own_unit = client.get(f"/pl/calendar/unit/{cities['units'][city].slug}.ics")
    assert own_unit.status_code == 200
    assert client.get(f"/pl/calendar/unit/{cities['units'][other].slug}.ics").status_code == 404


def _lublin_sz() -> Client:
    user = UserFactory(username="sz-lublin")
    user.groups.add(Group.objects.get(name="Portal administrators (lublin.example)"))
    client = Client(HTTP_HOST="lublin.example")
    client.force_login(user)
    return client


def test_one_citys_sz_neither_sees_nor_edits_the_others_pages_and_units(cities):
    client = _lublin_sz()
    krakow_home = cities["sites"][KRAKOW].root_page
    lublin_home = cities["sites"][LUBLIN].root_page
    root = client.get(f"/admin/pages/{Page.get_first_root_node().pk}/").content.decode()
    assert f"/admin/pages/{lublin_home.pk}/" in root
    assert f"/admin/pages/{krakow_home.pk}/" not in root
    assert client.get(f"/admin/pages/{lublin_home.pk}/").status_code == 200
    programme = ProgrammePage.objects.get(okcore_id=KRAKOW, locale__language_code="pl")
    assert client.get(f"/admin/pages/{programme.pk}/edit/").status_code in (302, 403)
    own = ProgrammePage.objects.get(okcore_id=LUBLIN, locale__language_code="pl")
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    units = client.get("/admin/snippets/network/unit/").content.decode()
    assert "Wydział Spraw Społecznych" in units and "Wydział Edukacji" not in units
    account = client.get("/admin/users/new/").content.decode()
    assert "Portal administrators (lublin.example)" in account
    assert "krakow.example" not in account
    section = cities["pages"][LUBLIN]["section"]
    form = client.get(f"/admin/pages/{section.pk}/edit/").content.decode()
    assert "Wydział Spraw Społecznych" in form and "Wydział Edukacji" not in form
    for listing in ("coordinator", "activityrecord"):
        page = client.get(f"/admin/snippets/network/{listing}/")
        assert page.status_code == 200
        assert "Wydział Edukacji" not in page.content.decode()
    krakow_unit = cities["units"][KRAKOW]
    assert client.get(f"/admin/snippets/network/unit/edit/{krakow_unit.pk}/").status_code == 404
    measurements = client.get("/admin/snippets/indicators/measurement/").content.decode()
    for indicator, listed in ((LUBLIN_INDICATOR, True), (KRAKOW_INDICATOR, False)):
        for pk in Measurement.objects.filter(indicator=indicator).values_list("pk", flat=True):
            edit = f"/admin/snippets/indicators/measurement/edit/{pk}/"
            assert (edit in measurements) is listed, (indicator, edit)


def test_a_further_sites_lists_run_a_fixed_number_of_queries(cities):
    """Scoping by site costs the same few queries however much each city holds."""
    lublin = cities["sites"][LUBLIN]
    client = _client(LUBLIN)
    lists = [
        "/api/v1/programmes/",
        "/api/v1/goals/",
        f"/api/v1/indicators/?programme={LUBLIN}",
        "/api/v1/units/?limit=200",
        f"/api/v1/events/?year={YEAR}&limit=500",
        "/api/v1/measurements/?limit=500",
    ]

    def grow(size: int) -> None:
        for n in range(size):
            unit = UnitFactory(site=lublin)
            MeasurementFactory(
                unit=unit,
                indicator=LUBLIN_INDICATOR,
                period=YEAR - n % 2,
                value=n,
                status=Status.APPROVED,
            )
            event = EventPage(title=f"Dyżur {n}", start_date=days(n + 1), unit=unit)
            _under(lublin.root_page, EventIndexPage).add_child(instance=event)
            publish(event)

    for url in lists:
        client.get(url)  # caches that fill once per process: site root paths, the cities
    small = {url: _queries(client, url) for url in lists}
    grow(8)
    for url in lists:
        client.get(url)  # once after the change: the host found again, new values prepared
    assert {url: _queries(client, url) for url in lists} == small


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(captured)


def test_one_citys_sz_approves_none_of_the_others_measurements(cities):
    client = _lublin_sz()
    submitted = MeasurementFactory(
        unit=cities["units"][KRAKOW],
        indicator=KRAKOW_INDICATOR,
        period=2024,
        status=Status.SUBMITTED,
    )
    refused = client.post(f"/admin/measurements/{submitted.pk}/approve/")
    assert refused.status_code in (302, 403)  # Wagtail turns a refusal into a redirect
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    api = Client(HTTP_HOST="krakow.example")
    api.force_login(User.objects.get(username="sz-lublin"))
    assert api.post(f"/api/v1/measurements/{submitted.pk}/approve/").status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
