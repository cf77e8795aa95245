"""What the dashboard's tests read: two units of Kraków with submitted deliveries and a
submitted value, and a unit of another city with a submission of its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from clock import NOW, YEAR, quarter_start
from dateutil.relativedelta import relativedelta
from factories import CoordinatorFactory, MeasurementFactory, UnitFactory
from wagtail.models import Site

from cms.deliveries import services
from cms.deliveries.models import Delivery
from cms.deliveries.models import Status as DeliveryStatus
from cms.indicators.models import Measurement
from cms.indicators.models import Status as MeasurementStatus
from cms.network.models import Unit

NGO = "ngo-cooperation-coordinators"
FUNDS = "351-2026-small-grant-funds"
#: The last day of this quarter: the period 351/2026's quarterly information covers.
QUARTER_END = quarter_start() + relativedelta(months=3) - relativedelta(days=1)
AMOUNTS = {"planned": "10000", "committed": "2500.50", "remaining": "7499.50"}
#: Ordinance 351/2026 came into force on this day: designations run from it.
IN_FORCE = date(2026, 2, 24)


@dataclass
class World:
    sz: Any
    anna: Any
    bob: Any
    kultura: Unit
    edukacja: Unit
    older: Delivery
    newer: Delivery
    value: Measurement
    foreign: Delivery


def coordinator_of(unit: Unit, user: Any) -> None:
    CoordinatorFactory(unit=unit, network=NGO, user=user, valid_from=IN_FORCE)


def submitted(user: Any, unit: Unit, days_ago: int) -> Delivery:
    """The unit's quarterly information, submitted ``days_ago`` days before now."""
    delivery = services.start_delivery(
        user, services.find_duty(unit, FUNDS, period_end=QUARTER_END), AMOUNTS
    )
    services.submit(user, delivery)
    Delivery.objects.filter(pk=delivery.pk).update(submitted_at=NOW - timedelta(days=days_ago))
    delivery.refresh_from_db()
    return delivery


def build_world(make_user: Any) -> World:
    sz = make_user("sz", "admins")
    anna, bob = make_user("anna"), make_user("bob")
    kultura = UnitFactory(slug="wydzial-kultury", name="Wydział Kultury")
    edukacja = UnitFactory(slug="wydzial-edukacji", name="Wydział Edukacji")
    coordinator_of(kultura, anna)
    coordinator_of(edukacja, bob)
    older = submitted(bob, edukacja, days_ago=3)
    newer = submitted(anna, kultura, days_ago=1)
    value = MeasurementFactory(unit=edukacja, period=YEAR - 1, status=MeasurementStatus.SUBMITTED)
    Measurement.objects.filter(pk=value.pk).update(updated_at=NOW - timedelta(days=2))
    elsewhere = Site.objects.create(
        hostname="lublin.example", root_page=Site.objects.get(is_default_site=True).root_page
    )
    lublin = UnitFactory(slug="wydzial-spraw-spolecznych", name="Lublin WSS", site=elsewhere)
    foreign = Delivery.objects.create(
        unit=lublin,
        network=NGO,
        obligation=FUNDS,
        due=older.due,
        status=DeliveryStatus.SUBMITTED,
        data=AMOUNTS,
        submitted_at=NOW - timedelta(days=10),
    )
    return World(sz, anna, bob, kultura, edukacja, older, newer, value, foreign)
