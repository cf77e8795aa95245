"""okcore_remind: who hears of a duty, when, in which language, and only once a day."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import formats, translation
from wagtail.users.models import UserProfile

from cms.core.registry import registry
from cms.reminders.models import MailPreference, SentMail
from cms.reminders.schedule import remind

pytestmark = pytest.mark.django_db


#: A scene (conftest.py): a unit, its people, and the quarterly art. 19a duty's next due date.
Scene = Any
FUNDS = "351/2026 §3 pt 5"


NGO_PEOPLE = {"koordynator@example.org", "zastepca@example.org"}


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (-14, NGO_PEOPLE),
        (-13, set()),
        (-3, NGO_PEOPLE),
        (-2, set()),
        (0, NGO_PEOPLE),
        (1, NGO_PEOPLE),  # the first day overdue
        (2, set()),
        (8, NGO_PEOPLE),  # a week later
        (15, NGO_PEOPLE),
        (16, set()),
    ],
)
def test_the_units_people_in_that_network_hear_of_a_duty_on_schedule(
    scene: Scene, offset: int, expected: set[str]
) -> None:
    remind(scene.day(offset))
    assert set(scene.mails(mail.outbox)) == expected


@override_settings(OKCORE_REMINDER_DAYS=(7,))
def test_the_days_before_come_from_the_settings(scene: Scene) -> None:
    remind(scene.day(-14))
    remind(scene.day(-7))
    assert set(scene.mails(mail.outbox)) == NGO_PEOPLE
    assert all(len(subjects) == 1 for subjects in scene.mails(mail.outbox).values())


def test_a_reminder_in_the_recipients_language_with_duty_basis_date_and_link(
    scene: Scene,
) -> None:
    UserProfile.objects.create(user=scene.deputy.user, preferred_language="uk")
    remind(scene.day(-3))
    [message] = [m for m in mail.outbox if FUNDS in m.body and m.to == ["zastepca@example.org"]]
    with translation.override("uk"):
        due = formats.date_format(scene.due, "DATE_FORMAT")
    network = registry().network("ngo-cooperation-coordinators")
    [funds] = [o for o in network.obligations if o.source == FUNDS]
    title = funds.title.get("uk")
    assert funds.title.get("pl") not in message.body  # the Ukrainian title, not the Polish
    assert message.subject.startswith(f"Через 3 дні: {title}")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    for part in (message.body, html):
        assert title in part
        assert FUNDS in part
        assert "Дату встановлено політикою" in part
        assert due in part
        assert "http://localhost/admin/" in part
    # The coordinator, with no language chosen, reads Polish.
    [polish] = [m for m in mail.outbox if FUNDS in m.body and m.to == ["koordynator@example.org"]]
    assert polish.subject.startswith("Za 3 dni:")
    assert "Data ustalona przez politykę" in polish.body


def test_overdue_mails_say_since_when(scene: Scene) -> None:
    remind(scene.day(8))
    with translation.override("pl"):
        due = formats.date_format(scene.due, "DATE_FORMAT")
        since = formats.date_format(scene.day(1), "DATE_FORMAT")
    [message] = [
        m
        for m in mail.outbox
        if FUNDS in m.body and due in m.body and m.to == ["koordynator@example.org"]
    ]
    assert message.subject.startswith("Zaległe:")
    assert f"Zaległe od: {since}" in message.body


def test_a_second_run_the_same_day_sends_nothing(scene: Scene) -> None:
    out = StringIO()
    call_command("okcore_remind", "--on", scene.day(0).isoformat(), stdout=out)
    first = len(mail.outbox)
    assert first >= 2
    assert SentMail.objects.count() == first
    again = StringIO()
    call_command("okcore_remind", "--on", scene.day(0).isoformat(), stdout=again)
    assert len(mail.outbox) == first
    assert "sent 0," in again.getvalue()


def test_a_dry_run_lists_the_mails_and_sends_none(scene: Scene) -> None:
    out = StringIO()
    call_command("okcore_remind", "--on", scene.day(0).isoformat(), "--dry-run", stdout=out)
    assert "koordynator@example.org" in out.getvalue()
    assert mail.outbox == []
    assert not SentMail.objects.exists()


def test_a_bad_day_is_named() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="'2026-13-01' is not a date"):
        call_command("okcore_remind", "--on", "2026-13-01")


def test_a_person_turns_off_advance_reminders_but_not_the_due_day(scene: Scene) -> None:
    MailPreference.objects.create(user=scene.deputy.user, advance=False)
    remind(scene.day(-14))
    assert set(scene.mails(mail.outbox)) == {"koordynator@example.org"}
    remind(scene.day(0))
    remind(scene.day(1))
    assert len(scene.mails(mail.outbox)["zastepca@example.org"]) == 2


def test_a_coordinator_without_an_account_gets_every_mail(scene: Scene) -> None:
    scene.deputy.user = None
    scene.deputy.save()
    remind(scene.day(-14))
    assert "zastepca@example.org" in scene.mails(mail.outbox)
