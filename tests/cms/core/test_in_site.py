"""Which pages are a site's: the trees of its home page in every language (cms.core.city)."""

from __future__ import annotations

import pytest
from wagtail.models import Page, Site

from cms.core.city import in_site
from cms.core.models import HomePage
from cms.core.site import default_site, ensure_home

pytestmark = pytest.mark.django_db


def test_a_sites_pages_are_its_homes_trees_in_every_language():
    first = ensure_home()
    bare = Page(title="lublin", slug="lublin")
    Page.get_first_root_node().add_child(instance=bare)
    lublin = Site.objects.create(hostname="lublin.example", port=80, root_page=bare)
    own = ensure_home(lublin)
    mine = set(in_site(HomePage.objects.all(), lublin))
    assert mine == set(own.values())
    assert not mine & set(first.values())
    assert set(first.values()) <= set(in_site(HomePage.objects.all(), default_site()))
    assert not in_site(Page.objects.all(), None).exists()
