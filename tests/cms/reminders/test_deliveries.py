"""A delivery's review steps are mailed like a measurement's, and reminders of a duty with
a delivery form link straight to its Deliver action."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import formats, translation
from wagtail.users.models import UserProfile

from cms.deliveries.models import Delivery, Status
from cms.reminders.schedule import remind

pytestmark = pytest.mark.django_db

NGO = "ngo-cooperation-coordinators"
FUNDS_ID = "351-2026-small-grant-funds"


def test_a_deliverys_review_steps_are_mailed(
    scene: Any, django_capture_on_commit_callbacks: Any
) -> None:
    UserProfile.objects.create(user=scene.deputy.user, preferred_language="uk")
    delivery = Delivery.objects.create(
        unit=scene.unit, network=NGO, obligation=FUNDS_ID, due=scene.due
    )
    with django_capture_on_commit_callbacks(execute=True):
        delivery.transition(Status.SUBMITTED, scene.coordinator.user)
    [submitted] = mail.outbox
    with translation.override("pl"):
        due = formats.date_format(scene.due, "DATE_FORMAT")
    assert submitted.to == ["sz@example.org"]
    assert submitted.subject.startswith("Do sprawdzenia: Informacja dla SZ o środkach")
    assert f"termin {due} (Wydział Kultury)" in submitted.subject
    for part in (submitted.body, submitted.alternatives[0][0]):
        assert "351/2026 §3 pt 5" in part
        assert "Data ustalona przez politykę" in part
        assert due in part
        # SZ is sent to its review of the submission, not to the unit's Deliver form.
        assert f"http://localhost{reverse('delivery_review', args=[delivery.pk])}" in part
    with django_capture_on_commit_callbacks(execute=True):
        delivery.transition(Status.RETURNED, scene.sz, "Brak kwoty zaangażowanej.")
    returned = {m.to[0]: m for m in mail.outbox[1:]}
    # The unit's people in the delivery's network, each in their language; not the other
    # network's coordinator.
    assert set(returned) == {"koordynator@example.org", "zastepca@example.org"}
    assert returned["koordynator@example.org"].subject.startswith("Zwrócone do poprawy:")
    assert "Komentarz SZ: Brak kwoty zaangażowanej." in returned["koordynator@example.org"].body
    assert returned["zastepca@example.org"].subject.startswith("Повернуто на виправлення:")
    assert "Коментар SZ: Brak kwoty zaangażowanej." in returned["zastepca@example.org"].body
    edit = f"http://localhost{reverse('delivery_edit', args=[delivery.pk])}"
    assert edit in returned["koordynator@example.org"].body  # where they fix it
    with django_capture_on_commit_callbacks(execute=True):
        delivery.transition(Status.SUBMITTED, scene.coordinator.user)
        delivery.transition(Status.ACKNOWLEDGED, scene.sz)
    acknowledged = [m for m in mail.outbox[4:] if m.to != ["sz@example.org"]]
    assert {m.to[0] for m in acknowledged} == {"koordynator@example.org", "zastepca@example.org"}
    assert any(m.subject.startswith("Przyjęte:") for m in acknowledged)


def test_a_reminder_of_a_duty_with_a_form_links_its_deliver_action(scene: Any) -> None:
    remind(scene.day(-14))
    [message] = [
        m for m in mail.outbox if m.subject.startswith("Za 14 dni: Informacja dla SZ o środkach")
    ][:1]
    link = (
        f"http://localhost{reverse('delivery_deliver')}?unit=wydzial-kultury"
        f"&obligation=351-2026-small-grant-funds&due={scene.due.isoformat()}"
    )
    assert link in message.body
    assert link.replace("&", "&amp;") in message.alternatives[0][0]


def test_no_reminder_of_a_deadline_whose_delivery_waits_for_sz(scene: Any) -> None:
    delivery = Delivery.objects.create(
        unit=scene.unit, network=NGO, obligation=FUNDS_ID, due=scene.due
    )
    delivery.transition(Status.SUBMITTED, scene.coordinator.user)
    remind(scene.day(0))
    remind(scene.day(1))
    assert scene.mails(mail.outbox) == {}
    delivery.transition(Status.RETURNED, scene.sz, "Brak kwoty zaangażowanej.")
    remind(scene.day(8))
    assert set(scene.mails(mail.outbox)) == {"koordynator@example.org", "zastepca@example.org"}
