"""Every page, the admin and the API name the city that runs the site: from its settings,
else from the programmes it serves (cms.core.city, cms/templates)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from cms.core.models import CitySettings
from cms.core.registry import registry
from cms.core.site import default_site, ensure_home
from okcore.text import LocalizedText

pytestmark = pytest.mark.django_db
KRAKOW = "open-krakow-2024-2028"


@pytest.fixture
def gdansk(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A site whose only programme is another city's (a copy of the synced one, renamed)."""
    program = (
        registry()
        .programs[KRAKOW]
        .model_copy(
            update={
                "short_title": LocalizedText({"pl": "Gdańsk Otwarty", "en": "Open Gdańsk"}),
                "city": LocalizedText({"pl": "Gdańsk", "en": "Gdańsk"}),
            }
        )
    )
    monkeypatch.setattr(registry(), "programs", {KRAKOW: program})
    ensure_home()
    return program


def _part(html: str, pattern: str) -> str:
    found = re.search(pattern, html, re.S)
    assert found is not None, pattern
    return found.group(1)


def _title(html: str) -> str:
    return _part(html, r"<title>(.*?)</title>")


def _header(html: str) -> str:
    return _part(html, r'<a class="brand"[^>]*>(.*?)</a>')


def _footer(html: str) -> str:
    return _part(html, r'<footer class="site-footer">(.*?)</footer>')


def test_with_no_settings_the_programme_names_the_portal_and_its_city(
    client: Any, gdansk: Any
) -> None:
    html = client.get("/en/").content.decode()
    assert _title(html).endswith("Open Gdańsk")  # the home page's own title before it
    assert _header(html) == "Open Gdańsk"
    footer = _footer(html)
    assert "Open Gdańsk – Gdańsk" in footer
    assert "Krak" not in footer
    # the programme, linked to its page
    assert f'<a href="/en/{KRAKOW}/">Open Gdańsk</a>' in footer
    assert "mailto:" not in footer  # no contact given, none invented
    page = client.get(f"/en/{KRAKOW}/").content.decode()
    assert _title(page).endswith(" · Open Gdańsk")


def test_settings_name_the_portal_and_give_the_footer_and_contacts(
    client: Any, gdansk: Any
) -> None:
    CitySettings.objects.create(
        site=default_site(),
        portal_name={"pl": "Portal Gdańska", "en": "Gdańsk portal"},
        footer={"en": "Run by the City of Gdańsk."},
        contact_email="portal@example.org",
        contact_phone="+48 58 000 00 00",
        contact_address="ul. Nowe Ogrody 8/12, Gdańsk",
        accessibility_contact="access@example.org",
    )
    html = client.get("/en/").content.decode()
    assert _title(html).endswith("Gdańsk portal")
    assert _header(html) == "Gdańsk portal"
    footer = _footer(html)
    assert "Run by the City of Gdańsk." in footer
    assert "Open Gdańsk" not in footer  # the text replaces the default footer
    assert '<a href="mailto:portal@example.org">' in footer
    assert '<a href="tel:+48580000000">+48 58 000 00 00</a>' in footer
    assert "ul. Nowe Ogrody 8/12, Gdańsk" in footer
    assert "accessibility contact" in footer
    assert '<a href="mailto:access@example.org">' in footer
    assert _header(client.get("/pl/").content.decode()) == "Portal Gdańska"


def test_the_accessibility_contact_defaults_to_the_contact_email(client: Any, gdansk: Any) -> None:
    CitySettings.objects.create(site=default_site(), contact_email="portal@example.org")
    footer = _footer(client.get("/en/").content.decode())
    assert footer.count('href="mailto:portal@example.org"') == 2


def test_the_logo_replaces_the_name_and_a_lost_one_never_breaks_the_page(
    client: Any, gdansk: Any
) -> None:
    image = get_image_model().objects.create(title="logo", file=get_test_image_file())
    CitySettings.objects.create(site=default_site(), logo=image)
    header = _header(client.get("/en/").content.decode())
    assert re.fullmatch(r'<img src="[^"]+" alt="Open Gdańsk" width="\d+" height="\d+">', header)

    image.file.storage.delete(image.file.name)  # the file gone: no rendition can be made
    image.renditions.all().delete()
    CitySettings.objects.get().save()  # a new snapshot
    response = client.get("/en/")
    assert response.status_code == 200
    assert _header(response.content.decode()) == "Open Gdańsk"

    image.delete()  # the settings' field emptied without saving them
    response = client.get("/en/")
    assert response.status_code == 200
    assert _header(response.content.decode()) == "Open Gdańsk"


def test_the_city_costs_no_queries_once_its_snapshot_is_cached(
    client: Any, gdansk: Any, settings: Any
) -> None:
    settings.OKCORE_PAGE_CACHE_SECONDS = 0  # measure the work, not the page cache

    def queries() -> int:
        client.get("/en/")
        with CaptureQueriesContext(connection) as captured:
            client.get("/en/")
        return len(captured)

    bare = queries()
    image = get_image_model().objects.create(title="logo", file=get_test_image_file())
    CitySettings.objects.create(
        site=default_site(),
        footer={"en": "Footer"},
        contact_email="portal@example.org",
        contact_phone="+48 58 000 00 00",
        accessibility_contact="access@example.org",
        logo=image,
    )
    assert queries() <= bare


def test_the_admin_and_the_api_name_the_portal(client: Any, gdansk: Any, make_user: Any) -> None:
    CitySettings.objects.create(site=default_site(), portal_name={"pl": "Portal Gdańska"})
    login = client.get("/admin/login/").content.decode()
    assert "Portal Gdańska" in _title(login)
    assert "<h1>Zaloguj się do: Portal Gdańska</h1>" in login
    client.force_login(make_user("admin", "admins", is_staff=True))
    dashboard = client.get("/admin/").content.decode()
    assert _title(dashboard).endswith("- Portal Gdańska")
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    assert schema["info"]["title"] == "Portal Gdańska API"
    for docs in ("/api/v1/docs/", "/api/v1/redoc/"):
        assert _title(client.get(docs).content.decode()) == "Portal Gdańska API", docs
