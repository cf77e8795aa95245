"""Two cities' data kept apart (#15, review 1): one city's SZ enters and approves no values
of the other city's indicators, a unit slug the other city's programme names brings none of
its tasks, indicators or deadlines, and one city's events show on neither the other's unit
pages nor its coordinators' private feeds."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from admin_forms import form_data
from clock import WARSAW, days
from django.contrib.auth.models import User
from django.test import Client
from factories import MeasurementFactory, UnitFactory, UserFactory

from cms.core.site import publish
from cms.events.models import CalendarToken, EventIndexPage, EventPage
from cms.events.views import unit_deadlines
from cms.indicators.access import indicators_for_unit
from cms.indicators.models import Measurement, Status
from cms.network.access import provision_all
from cms.network.models import Coordinator
from cms.network.presenters import unit_tasks
from tests.cms.test_two_cities import (  # noqa: F401  # cities: the fixture
    HOSTS,
    KRAKOW,
    KRAKOW_INDICATOR,
    LUBLIN,
    LUBLIN_INDICATOR,
    _lublin_sz,
    _path,
    cities,
)

pytestmark = pytest.mark.django_db
ADD = "/admin/snippets/indicators/measurement/add/"
#: A slug Kraków's programme names as an implementer of KRAKOW_INDICATOR's task.
KRAKOW_IMPLEMENTER = "wydzial-kultury"


def test_one_citys_sz_enters_and_approves_no_value_of_the_others_indicators(cities):  # noqa: F811  # the fixture
    client = _lublin_sz()
    lublin_unit = cities["units"][LUBLIN]
    form = client.get(ADD).content.decode()
    assert LUBLIN_INDICATOR in form
    assert KRAKOW_INDICATOR not in form
    krakow_unit = cities["units"][KRAKOW]
    data = form_data(
        form,
        None,
        indicator=LUBLIN_INDICATOR,
        period="2025",
        unit=str(krakow_unit.pk),
        value="654321",
        components="{}",
    )
    client.post(ADD, data)
    assert not Measurement.objects.filter(unit=krakow_unit, value=654321).exists()
    data = form_data(
        form,
        None,
        indicator=KRAKOW_INDICATOR,
        period="2025",
        unit=str(lublin_unit.pk),
        value="123456",
        components="{}",
    )
    client.post(ADD, data)
    assert not Measurement.objects.filter(indicator=KRAKOW_INDICATOR, value=123456).exists()
    # One stored some other way is not Lublin's SZ's to approve.
    stray = MeasurementFactory(
        unit=lublin_unit, indicator=KRAKOW_INDICATOR, period=2024, status=Status.SUBMITTED
    )
    client.post(f"/admin/measurements/{stray.pk}/approve/")
    stray.refresh_from_db()
    assert stray.status == Status.SUBMITTED
    listing = client.get("/admin/snippets/indicators/measurement/").content.decode()
    assert "Wydział Spraw Społecznych" in listing and "Wydział Edukacji" not in listing


def test_a_slug_the_other_citys_programme_names_brings_none_of_its_work(cities):  # noqa: F811  # the fixture
    krakow, lublin = cities["sites"][KRAKOW], cities["sites"][LUBLIN]
    assert KRAKOW_INDICATOR in indicators_for_unit(KRAKOW_IMPLEMENTER, krakow)
    squat = UnitFactory(slug=KRAKOW_IMPLEMENTER, name="Squat", site=lublin)
    assert indicators_for_unit(squat.slug, lublin) == frozenset()
    assert unit_tasks(squat) == []
    # Kraków's Table 1 gives "sz" dated tasks (1.3, 6.4 in 2028); Lublin's "sz" has none.
    namesake = UnitFactory(slug="sz", name="Lubelskie SZ", site=lublin)
    with time_machine.travel(datetime(2028, 6, 1, 10, tzinfo=WARSAW), tick=False):
        assert not [
            d for d in unit_deadlines([namesake]).deadlines if d.source.startswith("Program")
        ]
    coordinator = UserFactory(username="koord-squat")
    Coordinator.objects.create(
        unit=squat,
        network="lublin-coordinators",
        role="coordinator",
        name="S",
        valid_from=days(-10),
        user=coordinator,
    )
    provision_all()
    client = Client(HTTP_HOST=HOSTS[LUBLIN])
    client.force_login(coordinator)
    form = client.get(ADD).content.decode()
    assert KRAKOW_INDICATOR not in form
    data = form_data(
        form,
        None,
        indicator=KRAKOW_INDICATOR,
        period="2025",
        unit=str(squat.pk),
        value="777",
        components="{}",
    )
    client.post(ADD, data)
    assert not Measurement.objects.filter(indicator=KRAKOW_INDICATOR, value=777).exists()


def test_one_citys_events_stay_off_the_others_unit_page_and_private_feeds(cities):  # noqa: F811  # the fixture
    _lublin_sz()
    lublin_sz = User.objects.get(username="sz-lublin")
    krakow_unit = cities["units"][KRAKOW]
    index = EventIndexPage.objects.descendant_of(cities["sites"][LUBLIN].root_page).get()
    form_class = EventPage.get_edit_handler().get_form_class()
    form = form_class(instance=EventPage(), parent_page=index, for_user=lublin_sz)
    offered = form.fields["unit"].queryset
    assert offered.filter(pk=cities["units"][LUBLIN].pk).exists()
    assert not offered.filter(pk=krakow_unit.pk).exists()
    # One saved before (or some other way) still shows on neither.
    event = EventPage(title="Impreza Lubelska Obca", start_date=days(5), unit=krakow_unit)
    index.add_child(instance=event)
    publish(event)
    krakow = Client(HTTP_HOST=HOSTS[KRAKOW])
    body = krakow.get(_path(cities["pages"][KRAKOW]["section"])).content.decode()
    assert cities["pages"][KRAKOW]["event"].title in body
    assert event.title not in body
    coordinator = UserFactory(username="koord-krakow")
    Coordinator.objects.create(
        unit=krakow_unit,
        network="open-krakow-coordinators",
        role="coordinator",
        name="K",
        valid_from=days(-100),
        user=coordinator,
    )
    token = CalendarToken.objects.create(user=coordinator)
    feed = krakow.get(f"/calendar/private/{token.token}.ics").content.decode()
    assert cities["pages"][KRAKOW]["event"].title in feed
    assert event.title not in feed
