"""A delivery from draft to acknowledgement: the duty for exactly that deadline turns met."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from clock import TODAY, quarter_start
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from factories import CoordinatorFactory, UnitFactory

from cms.core.review import TransitionConflict
from cms.deliveries import services
from cms.deliveries.models import Delivery, Status
from cms.network.compliance import unit_obligations
from cms.network.models import ActivityRecord, Unit
from okcore.services.compliance import Status as DeadlineStatus

pytestmark = pytest.mark.django_db
NGO = "ngo-cooperation-coordinators"
FUNDS = "351-2026-small-grant-funds"
QUARTER_END = quarter_start() + relativedelta(months=3) - relativedelta(days=1)
AMOUNTS = {"planned": "10000", "committed": "2500.50", "remaining": 7499.5}


@pytest.fixture
def coordinator(make_user: Any) -> Any:
    user = make_user("anna")
    unit = UnitFactory(slug="wydzial-kultury", name="Wydział Kultury")
    CoordinatorFactory(unit=unit, network=NGO, user=user, valid_from=date(2026, 2, 24))
    return user


def deadline_status(unit: Unit, obligation: str, due: date) -> DeadlineStatus:
    for _n, _network, _unit, state in unit_obligations([unit], TODAY):
        if state.obligation.id == obligation:
            return next(d.status for d in state.deadlines if d.due == due)
    raise AssertionError(f"no {obligation}")


def test_acknowledged_delivery_fulfils_exactly_its_quarter(
    coordinator: Any, make_user: Any
) -> None:
    unit = Unit.objects.get(slug="wydzial-kultury")
    duty = services.find_duty(unit, FUNDS, period_end=QUARTER_END)
    assert duty.deadline.status is DeadlineStatus.PENDING
    delivery = services.start_delivery(coordinator, duty, AMOUNTS)
    assert delivery.data == {"planned": "10000.00", "committed": "2500.50", "remaining": "7499.50"}
    services.submit(coordinator, delivery)
    with pytest.raises(PermissionDenied):
        services.review(coordinator, delivery, Status.ACKNOWLEDGED)
    sz = make_user("sz", "admins")
    services.review(sz, delivery, Status.ACKNOWLEDGED)
    delivery.refresh_from_db()
    assert delivery.status == Status.ACKNOWLEDGED
    record = ActivityRecord.objects.get()
    assert (record.obligation, record.due, record.created_by) == (FUNDS, duty.deadline.due, sz)
    assert deadline_status(unit, FUNDS, duty.deadline.due) is DeadlineStatus.MET
    assert [h.to_status for h in delivery.history.all()] == ["submitted", "acknowledged"]


def test_submission_needs_every_required_field(coordinator: Any) -> None:
    unit = Unit.objects.get(slug="wydzial-kultury")
    delivery = services.start_delivery(
        coordinator, services.find_duty(unit, FUNDS, period_end=QUARTER_END), {"planned": 5}
    )
    with pytest.raises(ValidationError) as error:
        services.submit(coordinator, delivery)
    assert "committed: this field is required" in " ".join(error.value.messages)
    assert Delivery.objects.get().status == Status.DRAFT


def test_nobody_delivers_for_another_unit(coordinator: Any) -> None:
    other = UnitFactory(slug="wydzial-edukacji", name="Wydział Edukacji")
    CoordinatorFactory(unit=other, network=NGO, valid_from=date(2026, 2, 24))
    with pytest.raises(PermissionDenied):
        services.start_delivery(
            coordinator, services.find_duty(other, FUNDS, period_end=QUARTER_END)
        )
    assert not Delivery.objects.exists()


def test_acknowledged_contact_data_fills_what_the_register_lacks(make_user: Any) -> None:
    """The phone a unit delivers reaches SZ's register of coordinators, so the duty is
    no longer 'lacking phone' (3487/2023 §2 pt 2); a value the register holds stays."""
    user = make_user("kasia")
    unit = UnitFactory(slug="wydzial-sportu", name="Wydział Sportu")
    person = CoordinatorFactory(
        unit=unit, user=user, name="Kasia Wrona", function="inspektor", email="k@example.org"
    )
    deputy = CoordinatorFactory(
        unit=unit, role="deputy", name="Jan Kos", function="", phone="", email=""
    )
    duty = next(
        services.find_duty(unit, "3487-2023-contact-data", due=deadline.due)
        for _n, obligation, deadline in services.unit_duties(unit, TODAY)
        if obligation.id == "3487-2023-contact-data" and deadline is not None
    )
    delivery = services.start_delivery(user, duty)
    fields = {
        f.name: f.initial
        for f in services.duty_fields(unit, duty.network, duty.obligation, duty.deadline.due)
    }
    assert fields["coordinator_surname"] == "Wrona" and fields["coordinator_phone"] is None
    data = {name: value for name, value in fields.items() if value}
    data |= {
        "coordinator_phone": "+48 12 000 00 00",
        "coordinator_email": "other@example.org",
        "deputy_function": "referent",
        "deputy_phone": "+48 12 111 11 11",
        "deputy_email": "not an e-mail",
    }
    services.save_data(user, delivery, data)
    services.submit(user, delivery)
    services.review(make_user("sz", "admins"), delivery, Status.ACKNOWLEDGED)
    person.refresh_from_db()
    deputy.refresh_from_db()
    assert (person.phone, person.email) == ("+48 12 000 00 00", "k@example.org")
    assert (deputy.function, deputy.phone, deputy.email) == ("referent", "+48 12 111 11 11", "")


def test_a_file_never_lands_on_a_delivery_submitted_meanwhile(coordinator: Any) -> None:
    unit = Unit.objects.get(slug="wydzial-kultury")
    delivery = services.start_delivery(
        coordinator, services.find_duty(unit, FUNDS, period_end=QUARTER_END), AMOUNTS
    )
    stale = Delivery.objects.get(pk=delivery.pk)  # read while a draft, like a slow upload
    services.submit(coordinator, delivery)
    with pytest.raises(TransitionConflict):
        services.add_attachment(coordinator, stale, SimpleUploadedFile("late.txt", b"late"))
    assert not delivery.attachments.exists()


def test_nul_characters_are_refused_not_stored(coordinator: Any) -> None:
    """PostgreSQL stores no NUL in text: a clear error rather than a server error."""
    unit = Unit.objects.get(slug="wydzial-kultury")
    with pytest.raises(ValidationError) as error:
        services.start_delivery(
            coordinator,
            services.find_duty(unit, FUNDS, period_end=QUARTER_END),
            {**AMOUNTS, "note": "a\x00b"},
        )
    assert "note: contains a NUL character" in error.value.messages
    assert not Delivery.objects.exists()


def test_an_open_call_names_a_deadline_after_an_announcement_under_the_act(
    coordinator: Any,
) -> None:
    """351/2026 §3 pt 6 runs from each call the unit announces: not before the ordinance
    was in force, not from a call still to come."""
    unit = Unit.objects.get(slug="wydzial-kultury")
    for due in (date(1, 1, 1), date(2026, 2, 1), TODAY + relativedelta(days=8)):
        with pytest.raises(ValidationError):
            services.find_duty(unit, "351-2026-open-calls", due=due)
    due = TODAY + relativedelta(days=7)  # without delay: the network's 7 days (a policy)
    deadline = services.find_duty(unit, "351-2026-open-calls", due=due).deadline
    assert (deadline.due, deadline.basis) == (due, "policy")
    assert deadline.policy_note is not None
