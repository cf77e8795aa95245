"""Which city's site a unit belongs to: its own, else the default site (cms.network)."""

from __future__ import annotations

import pytest
from factories import UnitFactory, UserFactory
from wagtail.admin.panels import ObjectList
from wagtail.models import Page, Site

from cms.core.site import default_site, ensure_home
from cms.network.forms import UnitForm
from cms.network.models import Unit

pytestmark = pytest.mark.django_db


def _lublin() -> Site:
    page = Page(title="lublin", slug="lublin")
    Page.get_first_root_node().add_child(instance=page)
    return Site.objects.create(hostname="lublin.example", port=80, root_page=page)


def test_a_unit_with_no_site_is_the_default_sites():
    ensure_home()
    lublin = _lublin()
    first, own = UnitFactory(slug="wydzial-edukacji"), UnitFactory(slug="wss", site=lublin)
    assert list(Unit.objects.of_site(default_site())) == [first]
    assert list(Unit.objects.of_site(lublin)) == [own]
    assert set(Unit.objects.of_sites([default_site(), lublin])) == {first, own}
    assert not Unit.objects.of_site(None).exists()
    assert (first.shown_on(), own.shown_on()) == (default_site(), lublin)


def test_the_form_offers_a_site_only_where_there_is_a_choice():
    ensure_home()
    form = ObjectList(Unit.panels, base_form_class=UnitForm).bind_to_model(Unit).get_form_class()
    superuser = UserFactory(username="root", is_superuser=True)
    assert "site" not in form(for_user=superuser).fields
    lublin = _lublin()
    field = form(for_user=superuser).fields["site"]
    assert set(field.queryset) == {default_site(), lublin}
    assert not field.required  # empty: the default site
