"""The measurement screens (issue 18): the form offers only what the user may enter,
compound values part by part, years the rule allows; the submit/approve/return pages
say what the value is; values read "163", not "163.0"; the due panel's rows link on."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from admin_forms import form_data
from clock import TODAY, YEAR
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from factories import MeasurementFactory

from cms.core.values import number
from cms.dashboard.panels import row_action
from cms.indicators.models import Measurement, Status
from cms.network.compliance import DueItem
from okcore.program import Period
from okcore.services.compliance import Status as DueStatus
from okcore.services.indicators import YearRefusal, entry_years, year_refusal

PROGRAM = "open-krakow-2024-2028"
OWN = f"{PROGRAM}/indicator/schools-and-residents-reached"  # education implements its tasks
FOREIGN = f"{PROGRAM}/indicator/info-point-beneficiaries"  # not education's
COMPOUND = f"{PROGRAM}/indicator/consultation-meetings"  # parts: meetings, participants
ADD = "/admin/snippets/indicators/measurement/add/"
LIST = "/admin/snippets/indicators/measurement/"
FIRST = 2024  # the programme's first year
ALLOWED = list(range(FIRST, min(YEAR, 2028) + 1))


def test_okcore_allows_the_programmes_years_up_to_this_one() -> None:
    period = Period(start=2024, end=2028)
    assert list(entry_years(period, date(2026, 6, 15))) == [2024, 2025, 2026]
    assert list(entry_years(period, date(2031, 1, 1))) == [2024, 2025, 2026, 2027, 2028]
    assert year_refusal(period, 2027, date(2026, 6, 15)) is YearRefusal.NOT_BEGUN
    assert year_refusal(period, 2023, date(2026, 6, 15)) is YearRefusal.OUTSIDE_PERIOD
    assert year_refusal(period, 2026, date(2026, 6, 15)) is None


def _select(html: str, name: str) -> list[str]:
    found = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert found, name
    return [v for v in re.findall(r'<option value="([^"]*)"', found.group(1)) if v]


def test_a_coordinator_is_offered_only_what_they_may_enter(client: Any, make_user: Any) -> None:
    user = make_user("coord", "coordinators")
    client.force_login(user)
    html = client.get(ADD).content.decode()
    indicators = _select(html, "indicator")
    assert OWN in indicators
    assert FOREIGN not in indicators
    assert [int(y) for y in _select(html, "period")] == sorted(ALLOWED, reverse=True)
    units = _select(html, "unit")  # a plain list of their units, no chooser of every unit
    assert len(units) == 1
    assert "Choose unit" not in html and "chooser" not in html.split('name="unit"')[1][:300]


def test_sz_is_offered_every_indicator_and_its_city_units(client: Any, make_user: Any) -> None:
    client.force_login(make_user("sz", "admins"))
    html = client.get(ADD).content.decode()
    indicators = _select(html, "indicator")
    assert {OWN, FOREIGN, COMPOUND} <= set(indicators)


def test_a_refused_indicator_is_refused_once(client: Any, make_user: Any) -> None:
    user = make_user("coord", "coordinators")
    client.force_login(user)
    html = client.get(ADD).content.decode()
    data = form_data(html, None, indicator=FOREIGN, period=str(FIRST), value="5")
    data["unit"] = _select(html, "unit")[0]
    form = client.post(ADD, data).context["form"]
    assert dict(form.errors).keys() == {"indicator"}
    assert len(form.errors["indicator"]) == 1  # no "unknown indicator" beside it
    assert not Measurement.objects.exists()


def test_a_future_year_is_refused_in_the_form_and_the_api(client: Any, make_user: Any) -> None:
    client.force_login(make_user("sz", "admins"))
    html = client.get(ADD).content.decode()
    data = form_data(html, None, indicator=FOREIGN, period=str(YEAR + 1), value="5")
    form = client.post(ADD, data).context["form"]
    assert "period" in form.errors
    body = {"indicator": FOREIGN, "period": YEAR + 1, "value": 5}
    answer = client.post("/api/v1/measurements/", json.dumps(body), content_type="application/json")
    assert answer.status_code == 400
    assert "period" in answer.json()
    assert not Measurement.objects.exists()


def test_compound_values_are_entered_part_by_part(client: Any, make_user: Any) -> None:
    client.force_login(make_user("sz", "admins"))
    with translation.override("en"):
        html = client.get(ADD, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="components-0-meetings"' in html
    assert 'name="components-0-participants"' in html
    assert 'name="components"' not in html  # no raw JSON box
    data = form_data(html, None, indicator=COMPOUND, period=str(FIRST), value="")
    data["components-0-meetings"] = "2"
    response = client.post(ADD, data)
    errors = " ".join(response.context["form"].errors["components"])
    assert "(participants)" in errors and "meetings" in errors  # the valid parts named
    data["components-0-participants"] = "22,5" if "," in number(2.5) else "22.5"
    response = client.post(ADD, data)
    assert response.status_code == 302, response.context["form"].errors
    saved = Measurement.objects.get()
    assert saved.components == {"meetings": 2.0, "participants": 22.5}


@pytest.mark.parametrize("typed", ["1_000", "١٢", "1e3", "0x10", "12 apples"])
def test_a_part_is_a_number_as_people_type_it(client: Any, make_user: Any, typed: str) -> None:
    """Python's float() takes underscores, exponents and other scripts' digits; a form
    for people takes digits, a sign and decimals."""
    client.force_login(make_user("sz", "admins"))
    html = client.get(ADD).content.decode()
    data = form_data(html, None, indicator=COMPOUND, period=str(FIRST), value="")
    data["components-0-meetings"] = typed
    data["components-0-participants"] = "-0"
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert repr(typed) in " ".join(response.context["form"].errors["components"])
    assert not Measurement.objects.exists()


def test_lists_show_whole_numbers_without_decimals(client: Any, make_user: Any) -> None:
    MeasurementFactory(indicator=FOREIGN, period=FIRST, value=163.0, unit=None)
    client.force_login(make_user("sz", "admins"))
    html = client.get(LIST).content.decode()
    assert "163.0" not in html
    assert re.search(r">\s*163\s*<", html)
    with translation.override("pl"):
        assert number(2.5) == "2,5"
    with translation.override("en"):
        assert (number(163.0), number(2.5), number(None)) == ("163", "2.5", "—")


def test_the_approve_page_says_what_the_value_is(client: Any, make_user: Any) -> None:
    MeasurementFactory(indicator=OWN, period=FIRST, value=100, status=Status.APPROVED)
    measurement = MeasurementFactory(
        indicator=OWN, period=FIRST + 1, value=171.0, status=Status.SUBMITTED, note="from schools"
    )
    client.force_login(make_user("sz", "admins"))
    url = reverse("measurement_transition", args=[measurement.pk, "approve"])
    with translation.override("en"):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "schools-and-residents-reached" not in html.split("<main")[-1]  # no machine id
    assert "171.0" not in html and "171" in html
    assert "from schools" in html
    assert f"<td>{FIRST}</td><td>100</td>" in html  # the earlier value
    assert f'href="{reverse("inbox")}"' in html  # a way back


def test_reopening_an_approve_link_says_what_happened(client: Any, make_user: Any) -> None:
    measurement = MeasurementFactory(indicator=OWN, period=FIRST, status=Status.SUBMITTED)
    sz = make_user("sz", "admins", first_name="Anna", last_name="Nowak")
    client.force_login(sz)
    url = reverse("measurement_transition", args=[measurement.pk, "approve"])
    assert client.post(url, {}).status_code == 302
    again = client.get(url)
    assert again.status_code == 200
    html = again.content.decode()
    assert "Anna Nowak" in html
    assert 'id="okcore-already-done"' in html
    assert '<form method="post">' not in html  # nothing to approve again


def test_a_value_of_an_indicator_the_programme_dropped_still_opens(
    client: Any, make_user: Any
) -> None:
    measurement = MeasurementFactory(indicator=OWN, period=FIRST, value=42, status=Status.SUBMITTED)
    gone = f"{PROGRAM}/indicator/dropped-by-a-newer-plugin"
    Measurement.objects.filter(pk=measurement.pk).update(indicator=gone)  # as after an upgrade
    client.force_login(make_user("sz", "admins"))
    response = client.get(reverse("measurement_transition", args=[measurement.pk, "approve"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert gone in html and "42" in html


def _item(**changes: Any) -> DueItem:
    fields: dict[str, Any] = {
        "unit": "wydzial-edukacji",
        "unit_name": "Wydział Edukacji",
        "network": "n",
        "source": "s",
        "title": "t",
        "status": DueStatus.PENDING,
        "due": TODAY,
        "since": None,
        "detail": None,
    }
    return DueItem(**{**fields, **changes})


def test_every_due_row_links_to_its_next_step(db: Any) -> None:
    duties = reverse("unit_duties", args=["wydzial-edukacji"])
    assert row_action(_item(), {}, set()).url == duties  # a duty without a form
    with_form = _item(network_id="net", obligation="ob", open_due=TODAY, has_form=True)
    assert row_action(with_form, {}, set()).url == duties  # not theirs to deliver
    deliver = row_action(with_form, {}, {("wydzial-edukacji", "net")})
    assert deliver.url and deliver.label == translation.pgettext("dashboard", "Deliver")
    assert gettext("Deliver")  # the label exists in the catalogue's source
