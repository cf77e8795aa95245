"""A city belongs to one site: ``okcore_setup --hostname`` finds a host name's site
whatever its port and refuses a further site with no city or another site's city; the
admin's city settings refuse another site's city; ``okcore.W002`` reports the rest."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from admin_forms import form_data
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation
from factories import UserFactory
from wagtail.models import Site

from cms.core.city import programme_site
from cms.core.models import CitySettings
from cms.core.registry import registry

pytestmark = pytest.mark.django_db
KRAKOW = "open-krakow-2024-2028"


def _setup(**options: Any) -> str:
    out = StringIO()
    call_command("okcore_setup", stdout=out, **options)
    return out.getvalue()


def _first_on_https() -> Site:
    """The first city set up, then its host renamed to krakow.example on 443 (Settings →
    Sites), its settings naming Kraków."""
    _setup()
    first = Site.objects.get(is_default_site=True)
    first.hostname, first.port = "krakow.example", 443
    first.save()
    CitySettings.objects.update_or_create(site=first, defaults={"city": {"pl": "Kraków"}})
    return first


def test_the_default_sites_host_on_another_port_is_that_site_not_a_second(settings):
    settings.ALLOWED_HOSTS = ["krakow.example"]
    first = _first_on_https()
    out = _setup(hostname="krakow.example", city="Kraków")
    assert "existing site krakow.example:443" in out
    assert list(Site.objects.filter(hostname="krakow.example")) == [first]
    assert _setup(hostname="krakow.example").count("existing site krakow.example:443") == 1
    assert programme_site(registry().programs[KRAKOW]) == first


def test_a_host_name_on_another_port_given_explicitly_is_refused():
    _first_on_https()
    with pytest.raises(CommandError, match=r"krakow\.example is already a site on port 443"):
        _setup(hostname="krakow.example", port=80, city="Kraków")
    assert Site.objects.filter(hostname="krakow.example").count() == 1


def test_a_further_city_needs_its_city():
    _setup()
    with pytest.raises(CommandError, match=r"--city: name the city of lublin\.example"):
        _setup(hostname="lublin.example")
    assert not Site.objects.filter(hostname="lublin.example").exists()
    default = Site.objects.get(is_default_site=True)  # the default site needs none
    assert "existing site" in _setup(hostname=default.hostname, port=default.port)


def test_a_host_name_django_does_not_serve_is_a_warning(settings):
    _setup()
    settings.ALLOWED_HOSTS = ["krakow.example"]
    out = _setup(hostname="lublin.example", city="Lublin")
    assert "lublin.example is not in ALLOWED_HOSTS" in out
    settings.ALLOWED_HOSTS = [".example"]
    assert "ALLOWED_HOSTS" not in _setup(hostname="lublin.example")


def test_a_city_another_site_names_is_refused_by_okcore_setup():
    _first_on_https()
    with pytest.raises(CommandError, match=r"krakow\.example already names the city Kraków"):
        _setup(hostname="lublin.example", city="kraków")
    assert not Site.objects.filter(hostname="lublin.example").exists()


def test_the_city_settings_refuse_a_city_another_site_names(settings):
    settings.ALLOWED_HOSTS = ["lublin.example"]
    _first_on_https()
    _setup(hostname="lublin.example", city="Lublin")
    lublin = Site.objects.get(hostname="lublin.example")
    own = CitySettings.objects.get(site=lublin)
    own.city = {"pl": "Lublin", "en": " KRAKÓW "}
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        own.full_clean()
    assert "krakow.example already names the city Kraków" in str(refused.value)
    own.city = {"pl": "Lublin", "en": "Lublin"}
    own.full_clean()  # its own name, again in English: fine

    client = Client(HTTP_HOST="lublin.example")
    client.force_login(UserFactory(username="root", is_superuser=True))
    url = f"/admin/settings/core/citysettings/{lublin.pk}/"
    with translation.override("en"):
        data = form_data(client.get(url).content.decode(), None, city_0="Kraków")
        response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert re.search(r"already names the city Kraków|już podaje miasto Kraków", response.text)
    assert CitySettings.objects.get(site=lublin).city == {"pl": "Lublin"}


def _w002() -> list[checks.CheckMessage]:
    return [m for m in checks.run_checks(databases=["default"]) if m.id == "okcore.W002"]


def test_two_sites_naming_one_city_are_a_system_check_warning(settings):
    settings.ALLOWED_HOSTS = ["lublin.example"]
    first = _first_on_https()
    _setup(hostname="lublin.example", city="Lublin")
    assert _w002() == []
    lublin = Site.objects.get(hostname="lublin.example")
    CitySettings.objects.filter(site=lublin).update(city={"pl": "Lublin", "en": "kraków"})
    [warning] = _w002()
    assert warning.msg == (
        f"Sites krakow.example (id {first.pk}) and lublin.example (id {lublin.pk}) both name "
        "the city 'kraków': its programmes are shown on krakow.example only"
    )
    assert all(m.id != "okcore.W002" for m in checks.run_checks())  # no database asked
