"""Activity records count towards a unit's duties: by hand only SZ, with a reason and a name."""

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


def test_coordinators_deliver_rather_than_record_by_hand(
    client: Client, make_user: Any, units: dict[str, Unit]
) -> None:
    """Units fulfil their duties by deliveries SZ acknowledges; a hand-typed record is SZ's."""
    client.force_login(make_user("coord", "coordinators"))
    assert client.get(ADD).status_code in (302, 403)
    assert client.post(ADD, {"unit": units["own"].pk}).status_code in (302, 403)
    assert not ActivityRecord.objects.exists()


def test_a_record_by_hand_says_why_and_who_entered_it(
    client: Client, make_user: Any, units: dict[str, Unit]
) -> None:
    admin = make_user("szadmin", "admins")
    client.force_login(admin)
    assert unit_choices(client.get(ADD).content.decode()) >= {
        str(units["own"].pk),
        str(units["other"].pk),
    }
    unexplained = record(client, units["other"])
    assert unexplained.status_code == 200
    assert "reason" in unexplained.context["form"].errors
    assert record(client, units["other"], reason="Data sent by post").status_code == 302
    entered = ActivityRecord.objects.get()
    assert (entered.unit, entered.created_by, entered.created_at, entered.reason) == (
        units["other"],
        admin,
        NOW,
        "Data sent by post",
    )
    listing = client.get(RECORDS).content.decode()
    assert re.search(r"<td[^>]*>\s*szadmin\s*</td>", listing), "no 'entered by' column"
    detail = client.get(f"{RECORDS}inspect/{entered.pk}/")
    assert detail.status_code == 200 and "Data sent by post" in detail.content.decode()


def test_a_record_names_only_an_obligation_its_kind_fulfils(
    client: Client, make_user: Any, units: dict[str, Unit]
) -> None:
    client.force_login(make_user("szadmin", "admins"))
    wrong = record(
        client, units["own"], reason="by post", obligation="3487-2023-reporting-materials"
    )
    assert wrong.status_code == 200
    assert "kind" in wrong.context["form"].errors
    unknown = record(client, units["own"], reason="by post", obligation="no-such-duty")
    assert "obligation" in unknown.context["form"].errors
    assert not ActivityRecord.objects.exists()
