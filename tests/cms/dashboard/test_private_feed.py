"""A coordinator's private feed links each open deadline of a duty with a delivery form to
its Deliver action."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import icalendar
import pytest
from clock import TODAY
from dashboard_world import FUNDS, coordinator_of
from factories import UnitFactory

from cms.core.registry import registry
from cms.events.models import CalendarToken
from cms.network.compliance import deliver_url, unit_obligations
from okcore.services.compliance import Status

pytestmark = pytest.mark.django_db


def test_private_feed_carries_the_deliver_link_for_those_who_deliver(
    client: Any, make_user: Any
) -> None:
    anna = make_user("anna")
    kultura = UnitFactory(slug="wydzial-kultury", name="Wydział Kultury")
    coordinator_of(kultura, anna)
    token = CalendarToken.objects.create(user=anna)
    response = client.get(f"/calendar/private/{token.token}.ics")
    assert response.status_code == 200
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    state = next(s for *_rest, s in unit_obligations([kultura], TODAY) if s.obligation.id == FUNDS)
    # The feed covers a year back (cms.events.views): older lapses are the due panel's.
    shown = TODAY - timedelta(days=366)
    open_dues = [
        d.due
        for d in state.deadlines
        if d.status in (Status.OVERDUE, Status.PENDING) and d.due and d.due >= shown
    ]
    assert open_dues
    for due in open_dues:
        url = f"http://localhost{deliver_url(kultura.slug, FUNDS, due)}"
        event = next(e for e in events if str(e["UID"]).startswith(f"deadline-{FUNDS}-{due}"))
        assert str(event["URL"]) == url
        assert url in str(event["DESCRIPTION"])
    # A met deadline, and a duty without a form, link nothing.
    met = [d.due for d in state.deadlines if d.status not in (Status.OVERDUE, Status.PENDING)]
    for event in events:
        if any(str(event["UID"]).startswith(f"deadline-{FUNDS}-{due}") for due in met):
            assert "URL" not in event
    formless = {
        obligation.id
        for network in registry().networks.values()
        for obligation in network.obligations
        if obligation.delivery is None
    }
    for event in events:
        if any(str(event["UID"]).startswith(f"deadline-{oid}-") for oid in formless):
            assert "URL" not in event
    # SZ delivers for no unit: its feed links nothing.
    token = CalendarToken.objects.create(user=make_user("sz", "admins"))
    events = icalendar.Calendar.from_ical(
        client.get(f"/calendar/private/{token.token}.ics").content
    ).walk("VEVENT")
    assert any(str(e["UID"]).startswith(f"deadline-{FUNDS}-") for e in events)
    assert not any("URL" in e for e in events if str(e["UID"]).startswith("deadline-"))
