"""Activity records count towards a unit's duties: own units only, and who entered them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from admin_forms import form_data
from clock import NOW, days
from django.test import Client
from factories import UnitFactory

from cms.network.models import ActivityRecord, Unit

pytestmark = pytest.mark.django_db
RECORDS = "/admin/snippets/network/activityrecord/"
ADD = f"{RECORDS}add/"


def unit_choices(html: str) -> set[str]:
    select = re.search(r'<select name="unit".*?</select>', html, re.S)
    assert select, "no unit field in the form"
    return set(re.findall(r'<option value="(\d+)"', select.group(0)))


def record(client: Client, unit: Unit, **changes: Any) -> Any:
    """Posts the add form as the browser shows it, naming ``unit`` whatever it offered."""
    html = client.get(ADD).content.decode()
    fields = {
        "unit": str(unit.pk),
        "network": "open-krakow-coordinators",
        "kind": "contact_data_sent",
        "date": days(-3).isoformat(),
    }
    data = form_data(html, None, **{**fields, **changes})
    return client.post(ADD, data)


@pytest.fixture
def units() -> dict[str, Unit]:
    return {
        "own": UnitFactory(slug="wydzial-edukacji", name="Wydział Edukacji"),
        "other": UnitFactory(slug="wydzial-kultury", name="Wydział Kultury"),
    }


def test_coordinator_cannot_record_activity_for_another_unit(
    client: Client, make_user: Any, units: dict[str, Unit]
) -> None:
    client.force_login(make_user("coord", "coordinators"))
    assert unit_choices(client.get(ADD).content.decode()) == {str(units["own"].pk)}
    crafted = record(client, units["other"])
    assert crafted.status_code == 200  # the form again, with the error
    assert "unit" in crafted.context["form"].errors
    assert not ActivityRecord.objects.exists()


def test_activity_record_shows_who_entered_it(
    client: Client, make_user: Any, units: dict[str, Unit]
) -> None:
    coordinator = make_user("coord", "coordinators")
    client.force_login(coordinator)
    assert record(client, units["own"]).status_code == 302
    entered = ActivityRecord.objects.get()
    assert (entered.unit, entered.created_by, entered.created_at) == (
        units["own"],
        coordinator,
        NOW,
    )
    client.force_login(make_user("szadmin", "admins"))
    listing = client.get(RECORDS).content.decode()
    assert re.search(r"<td[^>]*>\s*coord\s*</td>", listing), "no 'entered by' column"
    detail = client.get(f"{RECORDS}inspect/{entered.pk}/")
    assert detail.status_code == 200 and "coord" in detail.content.decode()


def test_portal_administrators_record_activity_for_any_unit(
    client: Client, make_user: Any, units: dict[str, Unit]
) -> None:
    admin = make_user("szadmin", "admins")
    client.force_login(admin)
    assert unit_choices(client.get(ADD).content.decode()) >= {
        str(units["own"].pk),
        str(units["other"].pk),
    }
    assert record(client, units["other"]).status_code == 302
    assert ActivityRecord.objects.get().created_by == admin


def test_coordinator_records_only_in_networks_they_are_designated_in(
    client: Client, make_user: Any, units: dict[str, Unit]
) -> None:
    """A coordinator of 3487/2023 does not fulfil the duties of 351/2026 by a record."""
    client.force_login(make_user("coord", "coordinators"))  # open-krakow-coordinators
    answer = record(client, units["own"], network="ngo-cooperation-coordinators")
    assert answer.status_code == 200
    assert "network" in answer.context["form"].errors
    assert not ActivityRecord.objects.exists()
