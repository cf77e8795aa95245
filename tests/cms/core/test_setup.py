"""What ``okcore_setup`` makes of a fresh database (cms.core.setup); the rest of the set-up
is tested with the command, in tests/cms/test_operations.py."""

from __future__ import annotations

import pytest
from django.test import override_settings
from wagtail.models import Site

from cms.core.models import HomePage
from cms.core.setup import set_up_site

PUBLIC = "https://portal.lublin.example"


@pytest.mark.django_db
@override_settings(WAGTAILADMIN_BASE_URL=PUBLIC)
def test_a_fresh_site_takes_its_address_from_the_admin_base_url() -> None:
    """Wagtail's placeholder, localhost:80, would put http://localhost/ into every page's
    links to its other languages (docs/administrators-guide.md, "A fresh install")."""
    Site.objects.update(hostname="localhost", port=80)
    set_up_site()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("portal.lublin.example", 443)
    english = HomePage.objects.get(locale__language_code="en")
    assert english.full_url == f"{PUBLIC}/en/"


@pytest.mark.django_db
@override_settings(WAGTAILADMIN_BASE_URL=PUBLIC)
def test_an_address_given_in_the_admin_is_kept() -> None:
    Site.objects.update(hostname="otwarty.example", port=8443)
    set_up_site()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("otwarty.example", 8443)
