"""SZ's weekly digest of overdue units, and the notices of a measurement's review."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from clock import TODAY, weekday_on_or_after
from django.core import mail
from django.db import transaction
from django.test import override_settings
from factories import MeasurementFactory, UnitFactory

from cms.indicators.models import Status
from cms.reminders.models import MailPreference
from cms.reminders.schedule import remind

pytestmark = pytest.mark.django_db

MONDAY = weekday_on_or_after(TODAY, 0)


def digests(outbox: list[Any]) -> list[Any]:
    return [m for m in outbox if m.to == ["sz@example.org"]]


def test_sz_gets_the_overdue_units_per_network_on_the_digest_day(scene: Any) -> None:
    remind(MONDAY)
    [digest] = digests(mail.outbox)
    assert digest.subject.startswith("Zaległe obowiązki: 1 jednostka")
    html, _ = digest.alternatives[0]
    for part in (digest.body, html):
        assert "Wydział Kultury" in part
        # Both networks' overdue duties, each under its network's title.
        assert "351/2026" in part and "3487/2023" in part
        assert "http://localhost/admin/" in part
    remind(MONDAY)
    assert len(digests(mail.outbox)) == 1  # once a day


def test_no_digest_on_other_days_or_for_who_turned_it_off(scene: Any) -> None:
    remind(MONDAY + timedelta(days=1))
    assert digests(mail.outbox) == []
    with override_settings(OKCORE_DIGEST_WEEKDAY=MONDAY.weekday() + 1):
        remind(MONDAY + timedelta(days=1))
    assert len(digests(mail.outbox)) == 1
    MailPreference.objects.create(user=scene.sz, digest=False)
    remind(MONDAY + timedelta(days=7))
    assert len(digests(mail.outbox)) == 1


def test_a_measurements_review_steps_are_mailed(
    make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    UnitFactory(slug="wydzial-edukacji", name="Wydział Edukacji")
    coordinator = make_user("coord", "coordinators", email="coord@example.org")
    coordinator.coordinator_roles.update(email="coord@example.org")
    sz = make_user("szadmin", "admins", email="sz@example.org")
    measurement = MeasurementFactory()
    with django_capture_on_commit_callbacks(execute=True):
        measurement.transition(Status.SUBMITTED, coordinator)
    [submitted] = mail.outbox
    assert submitted.to == ["sz@example.org"]
    assert submitted.subject.startswith("Do sprawdzenia:")
    assert "Wydział Edukacji" in submitted.subject
    assert f"http://localhost/admin/snippets/indicators/measurement/edit/{measurement.pk}/" in (
        submitted.body
    )
    with django_capture_on_commit_callbacks(execute=True):
        measurement.transition(Status.RETURNED, sz, "Źródło danych?")
    returned = mail.outbox[-1]
    assert returned.to == ["coord@example.org"]
    assert returned.subject.startswith("Zwrócone do poprawy:")
    assert "Komentarz SZ: Źródło danych?" in returned.body
    assert "Źródło danych?" in returned.alternatives[0][0]
    MailPreference.objects.create(user=coordinator, approved=False, advance=False)
    with django_capture_on_commit_callbacks(execute=True):
        measurement.transition(Status.SUBMITTED, coordinator)
        measurement.transition(Status.APPROVED, sz)
    # The second submission reached SZ; the approval, turned off, did not reach the unit.
    assert [m.to for m in mail.outbox[2:]] == [["sz@example.org"]]


def test_a_step_rolled_back_mails_nobody(
    make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    coordinator = make_user("coord", "coordinators", email="coord@example.org")
    make_user("szadmin", "admins", email="sz@example.org")
    measurement = MeasurementFactory()

    def failing_request() -> None:
        with transaction.atomic():
            measurement.transition(Status.SUBMITTED, coordinator)
            raise RuntimeError("the request failed after the step")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        failing_request()
    assert callbacks == []
    assert mail.outbox == []
