"""One city's SZ and staff reach no further than their city (#15): accounts with a role in
another city are neither listed nor changed (cms.core.users), designations are made only
for one's own units (cms.network.forms), and the non-public contacts of another city's
units stay hidden (cms.network.presenters.city_staff)."""

from __future__ import annotations

from typing import Any

import pytest
from admin_forms import form_data
from clock import days
from django.contrib.auth.models import Group, User
from django.test import Client
from factories import UserFactory

from cms.network.access import provision_all
from cms.network.models import Coordinator
from tests.cms import test_two_cities
from tests.cms.test_two_cities import HOSTS, KRAKOW, LUBLIN, _lublin_sz

pytestmark = pytest.mark.django_db
cities = test_two_cities.cities  # the two cities' fixture
PASSWORD = "Przejecie-2026-haslo"


def _krakow_sz() -> User:
    user = UserFactory(username="sz-krakow", email="sz@krakow.example")
    user.groups.add(Group.objects.get(name="Portal administrators (krakow.example)"))
    return user


def _krakow_coordinator(cities: dict[str, Any]) -> User:
    user = UserFactory(username="koord-krakow")
    Coordinator.objects.create(
        unit=cities["units"][KRAKOW],
        network="open-krakow-coordinators",
        role="coordinator",
        name="K",
        valid_from=days(-100),
        user=user,
    )
    provision_all()
    return user


def test_one_citys_sz_neither_lists_nor_changes_the_others_accounts(cities):
    victims = [_krakow_sz(), _krakow_coordinator(cities)]
    own = UserFactory(username="nowa-osoba")  # no role yet: any city's SZ may manage it
    client = _lublin_sz()
    listing = client.get("/admin/users/").content.decode()
    assert "nowa-osoba" in listing
    for victim in victims:
        assert victim.username not in listing
        edit = f"/admin/users/edit/{victim.pk}/"
        assert client.get(edit).status_code == 404
        data = {"email": "attacker@lublin.example", "first_name": "A", "last_name": "B"}
        data |= {"password1": PASSWORD, "password2": PASSWORD, "username": victim.username}
        assert client.post(edit, data).status_code == 404
        assert client.get(f"/admin/users/history/{victim.pk}/").status_code == 404
        victim.refresh_from_db()
        assert not victim.check_password(PASSWORD)
        assert victim.email != "attacker@lublin.example"
        client.post(
            f"/admin/bulk/auth/user/set_active_state/?id={victim.pk}&next=/admin/users/",
            {"mark_as_active": ""},
        )
        victim.refresh_from_db()
        assert victim.is_active
    edit = f"/admin/users/edit/{own.pk}/"
    assert client.get(edit).status_code == 200


def test_the_citys_own_sz_still_manages_its_people(cities):
    coordinator = _krakow_coordinator(cities)
    client = Client(HTTP_HOST=HOSTS[KRAKOW])
    client.force_login(_krakow_sz())
    assert "koord-krakow" in client.get("/admin/users/").content.decode()
    assert client.get(f"/admin/users/edit/{coordinator.pk}/").status_code == 200


def test_one_citys_sz_designates_nobody_in_the_others_units(cities):
    client = _lublin_sz()
    krakow_unit, lublin_unit = cities["units"][KRAKOW], cities["units"][LUBLIN]
    mole = UserFactory(username="mole")
    krakow_sz = _krakow_sz()
    html = client.get("/admin/snippets/network/coordinator/add/").content.decode()
    fields = {"network": "ngo-cooperation-coordinators", "role": "coordinator", "name": "Kret"}
    fields |= {"valid_from": "2020-01-01", "user": str(mole.pk)}
    client.post(
        "/admin/snippets/network/coordinator/add/",
        form_data(html, None, unit=str(krakow_unit.pk), **fields),
    )
    assert not Coordinator.objects.filter(name="Kret").exists()
    assert "sz-krakow" not in html and "mole" in html  # the unit is chosen in a chooser
    fields["user"] = str(krakow_sz.pk)
    client.post(
        "/admin/snippets/network/coordinator/add/",
        form_data(html, None, unit=str(lublin_unit.pk), **fields),
    )
    assert not Coordinator.objects.filter(name="Kret").exists()
    fields["user"] = str(mole.pk)
    client.post(
        "/admin/snippets/network/coordinator/add/",
        form_data(html, None, unit=str(lublin_unit.pk), **fields),
    )
    assert Coordinator.objects.filter(name="Kret", unit=lublin_unit, user=mole).exists()
    for chooser in (
        "/admin/snippets/choose/network/unit/",
        "/admin/snippets/choose/network/unit/results/",
    ):
        response = client.get(chooser)
        json = "json" in response["Content-Type"]
        offered = response.json()["html"] if json else response.content.decode()
        assert "Wydział Spraw Społecznych" in offered and "Wydział Edukacji" not in offered


def test_another_citys_staff_see_only_the_public_contacts(cities):
    Coordinator.objects.create(
        unit=cities["units"][KRAKOW],
        network="open-krakow-coordinators",
        role="coordinator",
        name="Prywatna Osoba",
        email="prywatna@krakow.example",
        valid_from=days(-100),
    )
    _lublin_sz()
    section = cities["pages"][KRAKOW]["section"]
    _site, _root, path = section.get_url_parts()
    for user, sees in ((User.objects.get(username="sz-lublin"), False), (_krakow_sz(), True)):
        client = Client(HTTP_HOST=HOSTS[KRAKOW])
        client.force_login(user)
        api = client.get("/api/v1/units/").content.decode()
        page = client.get(path).content.decode()
        assert ("prywatna@" in api) is sees, user
        assert ("prywatna@" in page) is sees, user
