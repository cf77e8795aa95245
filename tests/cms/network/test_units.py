"""A unit's names by language (one field, any configured language) and its collection."""

from __future__ import annotations

from typing import Any

import pytest
from admin_forms import form_data
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from factories import UnitFactory
from wagtail.models import Collection

from cms.network.access import collection_for
from cms.network.models import Unit

pytestmark = pytest.mark.django_db
UNITS = "/admin/snippets/network/unit/"


def test_name_is_the_current_languages_else_polish() -> None:
    unit = UnitFactory(names={"pl": "Wydział Kultury", "en": "Culture Department"})
    with translation.override("en"):
        assert unit.name == "Culture Department"
    with translation.override("uk"):
        assert unit.name == "Wydział Kultury"


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ({"en": "Culture"}, "Give the name in Polish."),
        ({"pl": " "}, "Give the name in Polish."),
        ({"pl": "Kultura", "de": "Kultur"}, "No such language on this site: de. Use pl, en, uk."),
        (["Kultura"], "Give the texts by language code."),
    ],
)
def test_names_need_polish_and_only_the_sites_languages(names: Any, message: str) -> None:
    unit = Unit(slug="kultura", names=names)
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            unit.full_clean()
        assert error.value.message_dict["names"] == [message]


def test_units_are_listed_by_polish_name() -> None:
    UnitFactory(slug="b", names={"pl": "Biuro", "en": "Zoo office"})
    UnitFactory(slug="a", names={"pl": "Archiwum", "en": "Yard"})
    assert [u.slug for u in Unit.objects.all()] == ["a", "b"]


def test_admin_form_has_a_box_per_language(client: Client, make_user: Any) -> None:
    client.force_login(make_user("szadmin", "admins"))
    html = client.get(f"{UNITS}add/").content.decode()
    for code in ("pl", "en", "uk"):
        assert f'lang="{code}"' in html
    data = form_data(
        html, None, slug="kultura", names_0="Wydział Kultury", names_1="", names_2="Культура"
    )
    response = client.post(f"{UNITS}add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Unit.objects.get(slug="kultura").names == {"pl": "Wydział Kultury", "uk": "Культура"}


def test_admin_form_refuses_a_unit_without_a_polish_name(client: Client, make_user: Any) -> None:
    client.force_login(make_user("szadmin", "admins"))
    html = client.get(f"{UNITS}add/").content.decode()
    data = form_data(html, None, slug="kultura", names_0="", names_1="Culture")
    client.post(f"{UNITS}add/", data)
    assert not Unit.objects.filter(slug="kultura").exists()


def test_a_renamed_unit_keeps_its_collection() -> None:
    unit = UnitFactory(slug="kultura", names={"pl": "Wydział Kultury"})
    collection = collection_for(unit)
    assert collection.name == "Wydział Kultury"
    unit.names = {"pl": "Wydział Kultury i Dziedzictwa"}
    unit.save()
    unit.refresh_from_db()
    assert collection_for(unit) == collection
    assert Collection.objects.filter(name__startswith="Wydział Kultury").count() == 1
