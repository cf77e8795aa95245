"""Coordinators' names, phones and emails are public only for people who agreed to be public
contact points (351/2026 §5); signed-in city staff see everyone."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from clock import days
from django.test import Client
from factories import CoordinatorFactory, MeasurementFactory
from site_setup import client_for
from wagtail.models import Page

from cms.events.models import EventPage
from cms.indicators.models import Status
from cms.network.models import Unit

pytestmark = pytest.mark.django_db
PROGRAM_ID = "open-krakow-2024-2028"
PERSONAL = {
    "name": "Zofia Wyjątkowa-Tajna",
    "email": "zofia.tajna@example.org",
    "phone": "+48 600 111 222",
}


#: A unit's duties and its deliveries: the city's working data, for its signed-in staff
#: (docs/api.md). The public is refused them; anyone else signed in sees none of them.
WORKING_DATA = "/api/v1/units/{slug}/obligations/", "/api/v1/deliveries/"


def every_public_get(client: Client, values: dict[str, str]) -> dict[str, bytes]:
    """Each GET operation of the published schema, with its path filled in, and what it answered."""
    schema = client.get("/api/v1/schema/?format=json").json()
    answers = {}
    for template, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        path = template
        for name, value in values.items():
            if template.startswith(("/api/v1/measurements/", "/api/v1/deliveries/")):
                value = values["measurement"]
            path = path.replace("{" + name + "}", value)
        path = path.replace("{aid}", values["measurement"])
        assert "{" not in path, f"no value to fill {template}"
        response = client.get(path + ("?year=2025" if "exports" in path else ""))
        if template.startswith(WORKING_DATA):
            assert response.status_code in (401, 403, 404) or response.json()["results"] == [], (
                path,
                response.content[:200],
            )
        else:
            assert response.status_code == 200, (path, response.content[:200])
        answers[path] = response.content
    return answers


@pytest.mark.parametrize("role", ["public", "expired"])
def test_no_public_response_carries_personal_data(
    role: str, site: dict[str, Any], weekly: Any
) -> None:
    CoordinatorFactory(unit=site["culture"], **PERSONAL)
    site["culture"].contact_public = True
    site["culture"].save()
    approved = MeasurementFactory(unit=site["culture"], period=2025, status=Status.APPROVED)
    client = client_for(role, site)
    values = {
        "id": PROGRAM_ID,
        "exporter": "icc",
        "programme": PROGRAM_ID,
        "indicator": "schools-and-residents-reached",
        "slug": "wydzial-kultury",
        "measurement": str(approved.pk),
    }
    answers = every_public_get(client, values)
    assert len(answers) >= 13
    for path, body in answers.items():
        text = body.decode("utf-8", "replace")
        for value in PERSONAL.values():
            assert value not in text, f"{value!r} in {path}"
    unit = client.get("/api/v1/units/wydzial-kultury/").json()
    assert unit["coordinators"] == []  # nobody in it agreed to be a public contact point
    assert unit["email"] == "kultura@example.org"  # the unit's own contact, made public


def test_staff_see_coordinators(site: dict[str, Any]) -> None:
    CoordinatorFactory(unit=site["culture"], **PERSONAL)
    unit = client_for("editor", site).get("/api/v1/units/wydzial-kultury/").json()
    assert {(c["name"], c["email"], c["phone"]) for c in unit["coordinators"]} >= {
        tuple(PERSONAL.values())
    }
    hidden = Client(HTTP_HOST="localhost").get("/api/v1/units/wydzial-kultury/").json()
    assert hidden["email"] is None  # contact not made public


#: Agreed to be a public contact point: shown on their unit's page and in the API.
CONTACT = {
    "name": "Wiktor Jawny-Kontakt",
    "function": "specjalista ds. organizacji pozarzadowych",
    "email": "wiktor.jawny@example.org",
    "phone": "+48 600 333 444",
}
#: Designated but never public: no consent, consent from tomorrow, consent but no longer
#: designated, and no consent in a unit that made its own contact public.
UNSEEN = [
    {"name": "Zofia Ukryta-Osoba", "email": "zofia.ukryta@example.org", "phone": "+48 600 555 01"},
    {"name": "Jan Jutrzejszy-Zgoda", "email": "jan.jutro@example.org", "phone": "+48 600 555 02"},
    {
        "name": "Olga Byla-Koordynatorka",
        "email": "olga.byla@example.org",
        "phone": "+48 600 555 03",
    },
    {"name": "Piotr Cichy-Zastepca", "email": "piotr.cichy@example.org", "phone": "+48 600 555 04"},
]


def people(site: dict[str, Any]) -> None:
    culture, education = site["culture"], site["education"]
    culture.contact_public = True  # the unit's own contact: says nothing about its people
    culture.save()
    CoordinatorFactory(unit=culture, public_contact_consent_on=days(-30), **CONTACT)
    CoordinatorFactory(unit=culture, role="deputy", **UNSEEN[0])
    CoordinatorFactory(unit=education, public_contact_consent_on=days(1), **UNSEEN[1])
    CoordinatorFactory(
        unit=culture, public_contact_consent_on=days(-400), valid_to=days(-1), **UNSEEN[2]
    )
    CoordinatorFactory(unit=culture, role="deputy", **UNSEEN[3])


def public_pages_and_feeds(client: Client) -> dict[str, bytes]:
    """Every live public page of every language, and every calendar feed they link to or
    that exists for a unit, the programme or an event, as an anonymous visitor gets them."""
    answers = {}
    feeds = {f"/{code}/calendar/programme.ics" for code in ("pl", "en", "uk")}
    feeds |= {
        f"/{code}/calendar/unit/{u.slug}.ics"
        for u in Unit.objects.all()
        for code in ("pl", "en", "uk")
    }
    feeds |= {
        f"/pl/calendar/event/{pk}.ics" for pk in EventPage.objects.values_list("pk", flat=True)
    }
    for page in Page.objects.live().public().filter(depth__gt=1):
        url = page.get_url()
        response = client.get(url)
        assert response.status_code == 200, url
        answers[url] = response.content
        html = response.content.decode()
        links = [urlsplit(link) for link in re.findall(r'href="([^"]+\.ics)"', html)]
        feeds |= {link.path for link in links if link.netloc in ("", "localhost")}
    for url in sorted(feeds):
        response = client.get(url)
        assert response.status_code == 200, url
        answers[url] = response.content
    return answers


def test_only_consenting_contact_points_are_public_anywhere(
    site: dict[str, Any], weekly: Any
) -> None:
    people(site)
    client = Client(HTTP_HOST="localhost")
    approved = MeasurementFactory(unit=site["culture"], period=2025, status=Status.APPROVED)
    values = {
        "id": PROGRAM_ID,
        "exporter": "icc",
        "programme": PROGRAM_ID,
        "indicator": "schools-and-residents-reached",
        "slug": "wydzial-kultury",
        "measurement": str(approved.pk),
    }
    answers = {**public_pages_and_feeds(client), **every_public_get(client, values)}
    assert sum(url.endswith(".ics") for url in answers) >= 10
    for url, body in answers.items():
        text = body.decode("utf-8", "replace")
        for person in UNSEEN:
            for value in person.values():
                assert value not in text, f"{value!r} in {url}"
    unit_page = site["culture_page"].url
    for code in ("pl", "en", "uk"):
        page = client.get(unit_page.replace("/pl/", f"/{code}/", 1)).content.decode()
        for value in CONTACT.values():
            assert value in page, (code, value)
    contacts = client.get("/api/v1/units/wydzial-kultury/").json()["coordinators"]
    assert contacts == [{"network": "open-krakow-coordinators", "role": "coordinator", **CONTACT}]


def test_withdrawn_consent_hides_the_contact_point(site: dict[str, Any]) -> None:
    people(site)
    client = Client(HTTP_HOST="localhost")
    unit_page = site["culture_page"].url
    assert CONTACT["email"] in client.get(unit_page).content.decode()  # and now kept in the cache
    person = site["culture"].coordinators.get(name=CONTACT["name"])
    person.public_contact_consent_on = None
    person.save()
    assert CONTACT["email"] not in client.get(unit_page).content.decode()
    assert client.get("/api/v1/units/wydzial-kultury/").json()["coordinators"] == []
