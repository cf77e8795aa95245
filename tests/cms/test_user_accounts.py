"""Portal administrators (SZ) create the accounts of coordinators and editors
(docs/administrators-guide.md), and can make nobody a superuser nor touch a superuser.
"""

from __future__ import annotations

from typing import Any

import pytest
from admin_forms import form_data
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from factories import UserFactory

from cms.network.access import group_for
from cms.network.models import Unit

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "Koordynator-2026-haslo"
NAMES = {"email": "jan@example.org", "first_name": "Jan", "last_name": "Kowalski"}


@pytest.fixture
def sz(make_user: Any) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(make_user("sz", "admins"))
    return client


@pytest.fixture
def root() -> Any:
    return UserFactory(username="root", is_superuser=True, email="root@example.org")


def account_data(html: str, **changes: Any) -> dict[str, Any]:
    return form_data(
        html,
        None,
        username="nowak",
        email="nowak@example.org",
        first_name="Anna",
        last_name="Nowak",
        password1=PASSWORD,
        password2=PASSWORD,
        **changes,
    )


def test_portal_administrator_creates_a_coordinators_account(sz: Client) -> None:
    response = sz.get("/admin/users/new/")
    assert response.status_code == 200
    editors = Group.objects.get(name=settings.PORTAL_EDITORS_GROUP)
    sz.post("/admin/users/new/", account_data(response.content.decode(), groups=[editors.pk]))
    account = User.objects.get(username="nowak")
    assert account.check_password(PASSWORD)
    assert list(account.groups.all()) == [editors]
    assert not account.is_superuser and not account.is_staff


def test_portal_administrator_cannot_make_anyone_superuser(sz: Client, make_user: Any) -> None:
    html = sz.get("/admin/users/new/").content.decode()
    assert 'name="is_superuser"' not in html
    sz.post("/admin/users/new/", account_data(html, is_superuser="on"))
    assert not User.objects.get(username="nowak").is_superuser
    coordinator = make_user("koordynator", "coordinators")
    edit = f"/admin/users/edit/{coordinator.pk}/"
    html = sz.get(edit).content.decode()
    assert 'name="is_superuser"' not in html
    sz.post(edit, form_data(html, None, is_superuser="on", **NAMES))
    assert User.objects.get(pk=coordinator.pk).first_name == "Jan"  # the edit went through
    assert not User.objects.filter(is_superuser=True).exists()


def test_portal_administrator_cannot_edit_a_superuser(sz: Client, root: Any) -> None:
    edit = f"/admin/users/edit/{root.pk}/"
    response = sz.get(edit)
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    sz.post(edit, {"username": "root", "email": "sz@example.org", "password1": PASSWORD})
    root.refresh_from_db()
    assert root.email == "root@example.org" and not root.check_password(PASSWORD)
    assert edit not in sz.get("/admin/users/").content.decode()


def test_portal_administrator_cannot_delete_accounts(sz: Client, root: Any, make_user: Any) -> None:
    """A superuser's least of all; others are deactivated, which keeps their history."""
    coordinator = make_user("koordynator", "coordinators")
    for account in (root, coordinator):
        sz.post(f"/admin/users/delete/{account.pk}/", {})
        sz.post(f"/admin/bulk/auth/user/delete/?id={account.pk}&next=/admin/users/", {})
    assert User.objects.filter(pk__in=[root.pk, coordinator.pk]).count() == 2


def test_portal_administrator_cannot_deactivate_a_superuser_in_bulk(sz: Client, root: Any) -> None:
    sz.post(
        f"/admin/bulk/auth/user/set_active_state/?id={root.pk}&next=/admin/users/",
        {"mark_as_active": "False"},
    )
    root.refresh_from_db()
    assert root.is_active


def test_portal_administrator_gives_only_the_standing_groups(sz: Client, make_user: Any) -> None:
    """Units' groups follow the network; other groups (whatever they allow) are a superuser's."""
    powerful = Group.objects.create(name="Site settings")
    coordinator = make_user("koordynator", "coordinators")
    unit_group = group_for(Unit.objects.get(slug="wydzial-edukacji"))
    assert list(coordinator.groups.all()) == [unit_group]
    edit = f"/admin/users/edit/{coordinator.pk}/"
    html = sz.get(edit).content.decode()
    assert f'value="{powerful.pk}"' not in html
    sz.post(edit, form_data(html, None, groups=[powerful.pk], **NAMES))
    sz.post(
        f"/admin/bulk/auth/user/assign_role/?id={coordinator.pk}&next=/admin/users/",
        {"role": str(powerful.pk)},
    )
    assert set(coordinator.groups.all()) == {unit_group}
    editors = Group.objects.get(name=settings.PORTAL_EDITORS_GROUP)
    sz.post(edit, form_data(html, None, groups=[editors.pk], **NAMES))
    assert set(coordinator.groups.all()) == {unit_group, editors}
