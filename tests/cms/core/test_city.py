"""Which city a site is for: its programmes, its names and its calendar domain, from its
settings or, when it has none, from the programmes it serves (cms.core.city)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from wagtail.models import Page, Site

from cms.core.city import (
    city_name,
    footer_text,
    portal_name,
    programme_site,
    site_of,
    site_programmes,
    uid_domain,
)
from cms.core.models import CitySettings, HomePage
from cms.core.registry import registry
from cms.core.site import default_site, ensure_home

KRAKOW = "open-krakow-2024-2028"
LUBLIN = "lublin-welcome-2025-2029"

pytestmark = pytest.mark.django_db


def _second_site(hostname: str = "krakow.example") -> Site:
    """A site of its own, rooted at a bare page until ensure_home gives it a home."""
    page = Page(title=hostname, slug=hostname.replace(".", "-"))
    Page.get_first_root_node().add_child(instance=page)
    return Site.objects.create(hostname=hostname, port=80, root_page=page)


def test_with_no_settings_the_default_site_serves_every_programme():
    ensure_home()
    site = default_site()
    assert [p.id for p in site_programmes(site)] == sorted(registry().programs)
    assert all(programme_site(p) == site for p in registry().programs.values())


def test_a_site_naming_a_city_serves_its_programmes_and_the_default_site_the_rest():
    ensure_home()
    krakow = _second_site()
    CitySettings.objects.create(site=krakow, city={"pl": "kraków"})  # any case
    assert [p.id for p in site_programmes(krakow)] == [KRAKOW]
    assert KRAKOW not in [p.id for p in site_programmes(default_site())]
    assert LUBLIN in [p.id for p in site_programmes(default_site())]
    assert programme_site(registry().programs[KRAKOW]) == krakow


def test_names_default_to_the_programme_and_its_city():
    krakow = _second_site()
    CitySettings.objects.create(site=krakow, city={"pl": "Kraków"})
    program = registry().programs[KRAKOW]
    assert portal_name(krakow, "en") == program.short_title.get("en")
    assert portal_name(krakow, "uk") == program.short_title.get("uk")
    assert city_name(krakow, "uk") == program.city.get("uk")
    assert footer_text(krakow, "pl") == ""


def test_settings_win_and_fall_back_to_polish():
    krakow = _second_site()
    settings = CitySettings.objects.create(
        site=krakow,
        city={"pl": "Kraków"},
        portal_name={"pl": "Portal miejski", "en": "City portal"},
        footer={"pl": "Stopka"},
    )
    assert portal_name(krakow, "en") == "City portal"
    assert portal_name(krakow, "uk") == "Portal miejski"
    assert footer_text(krakow, "en") == "Stopka"
    settings.portal_name = {"pl": "Nowa nazwa"}
    settings.save()  # the cached snapshot follows the change
    assert portal_name(krakow, "en") == "Nowa nazwa"


def test_calendar_domain_from_settings_else_the_environment_else_the_host(settings):
    krakow = _second_site("kalendarz.example.org")
    settings.OKCORE_UID_DOMAIN = ""
    assert uid_domain(krakow) == "kalendarz.example.org"
    settings.OKCORE_UID_DOMAIN = "events.example.net"
    assert uid_domain(krakow) == "events.example.net"
    CitySettings.objects.create(site=krakow, uid_domain="otwarty.example.pl")
    assert uid_domain(krakow) == "otwarty.example.pl"


def test_a_bad_domain_is_refused_naming_the_form():
    settings = CitySettings(site=_second_site(), uid_domain="Not A Domain!")
    with pytest.raises(ValidationError) as error:
        settings.full_clean()
    assert list(error.value.message_dict) == ["uid_domain"]


def test_the_host_name_selects_the_site():
    ensure_home()
    krakow = _second_site()
    assert site_of(RequestFactory().get("/", HTTP_HOST="krakow.example")) == krakow
    assert site_of(RequestFactory().get("/", HTTP_HOST="elsewhere.example")) == default_site()


def test_each_site_gets_its_own_home_titled_after_its_portal():
    ensure_home()
    krakow = _second_site()
    CitySettings.objects.create(site=krakow, city={"pl": "Kraków"})
    homes = ensure_home(krakow)
    krakow.refresh_from_db()
    assert krakow.root_page.specific == homes["pl"]
    assert isinstance(homes["pl"], HomePage)
    program = registry().programs[KRAKOW]
    assert {code: home.title for code, home in homes.items()} == {
        code: program.short_title.get(code) for code in ("pl", "en", "uk")
    }
    assert ensure_home(krakow) == homes  # idempotent
    assert default_site().root_page.specific != homes["pl"]
