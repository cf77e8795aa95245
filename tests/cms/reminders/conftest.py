"""A unit of the NGO-cooperation network with its coordinator and deputy (each with an
account), a coordinator of the other network, and SZ; the quarterly art. 19a duty's next
due date, as compliance computes it on the frozen day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from clock import TODAY
from django.utils import formats, translation
from factories import CoordinatorFactory, UnitFactory

from cms.network.compliance import unit_obligations
from cms.network.models import Role, Unit
from okcore.services.compliance import Status

NGO = "ngo-cooperation-coordinators"
#: Quarterly information on the art. 19a funds (351/2026 §3 pt 5).
FUNDS = "351/2026 §3 pt 5"


@dataclass
class Scene:
    unit: Unit
    coordinator: Any
    deputy: Any
    other_network: Any
    sz: Any
    due: date
    #: The duty the scene follows.
    source: str = FUNDS

    def day(self, offset: int) -> date:
        return self.due + timedelta(days=offset)

    def mails(self, outbox: list[Any]) -> dict[str, list[str]]:
        """The mails about this duty's deadline (not an earlier one still overdue) in the
        outbox, all in Polish: each recipient's subjects."""
        with translation.override("pl"):
            due = f"Termin: {formats.date_format(self.due, 'DATE_FORMAT')}"
        found: dict[str, list[str]] = {}
        for message in outbox:
            if self.source in message.body and due in message.body:
                for address in message.to:
                    found.setdefault(address, []).append(message.subject)
        return found


def next_due(unit: Unit, source: str, on: date) -> date:
    found = [
        d.due
        for row in unit_obligations([unit], on)
        if row.obligation.obligation.source == source
        for d in row.obligation.deadlines
        if d.status is Status.PENDING and d.due
    ]
    return min(found)


@pytest.fixture
def scene(make_user: Any) -> Scene:
    unit = UnitFactory(slug="wydzial-kultury", name="Wydział Kultury")
    start = TODAY - timedelta(days=400)
    coordinator = CoordinatorFactory(
        unit=unit,
        network=NGO,
        valid_from=start,
        email="koordynator@example.org",
        user=make_user("koordynator", email="koordynator@example.org"),
    )
    deputy = CoordinatorFactory(
        unit=unit,
        network=NGO,
        role=Role.DEPUTY,
        valid_from=start,
        email="zastepca@example.org",
        user=make_user("zastepca", email="zastepca@example.org"),
    )
    # Another network's coordinator, and one whose designation ended: neither hears of it.
    other = CoordinatorFactory(unit=unit, valid_from=start, email="inna-siec@example.org")
    CoordinatorFactory(
        unit=unit,
        network=NGO,
        valid_from=start,
        valid_to=start + timedelta(days=30),
        email="dawny@example.org",
    )
    sz = make_user("sz", "admins", email="sz@example.org")
    return Scene(unit, coordinator, deputy, other, sz, next_due(unit, FUNDS, TODAY))
