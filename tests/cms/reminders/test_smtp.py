"""A reminder through a real SMTP server in this process (aiosmtpd on loopback): the
message as it travels, parsed back with the email package; a refused address fails alone."""

from __future__ import annotations

import email
import email.policy
import logging
import socket
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from cms.reminders.models import SentMail

pytestmark = pytest.mark.django_db

FUNDS = "351/2026 §3 pt 5"


class Mailbox:
    """An SMTP server's handler: keeps each message, refuses addresses starting 'refused'."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        if address.startswith("refused"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[Mailbox]:
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_TIMEOUT=10,
            DEFAULT_FROM_EMAIL="portal@example.org",
        ):
            yield mailbox
    finally:
        controller.stop()


def test_a_reminder_travels_through_smtp_and_a_refused_address_fails_alone(
    scene: Any, smtp: Mailbox, caplog: pytest.LogCaptureFixture
) -> None:
    scene.deputy.email = "refused-zastepca@example.org"
    scene.deputy.save()
    day = scene.day(-3).isoformat()
    with caplog.at_level(logging.ERROR, "cms.reminders"), pytest.raises(CommandError):
        call_command("okcore_remind", "--on", day, stdout=StringIO(), stderr=StringIO())
    [message] = [
        m
        for m in smtp.messages
        if m["To"] == "koordynator@example.org"
        and m["Subject"].strip().startswith("Za 3 dni: Informacja dla SZ o środkach")
    ]
    assert message["From"] == "portal@example.org"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    for part in (text, html):
        assert FUNDS in part
        assert "http://localhost/admin/" in part
    assert "refused-zastepca@example.org" in caplog.text
    assert not SentMail.objects.filter(recipient="refused-zastepca@example.org").exists()
    assert SentMail.objects.filter(recipient="koordynator@example.org").exists()
    # The next run retries only what failed.
    received = len(smtp.messages)
    scene.deputy.email = "zastepca@example.org"
    scene.deputy.save()
    call_command("okcore_remind", "--on", day, stdout=StringIO())
    assert {m["To"] for m in smtp.messages[received:]} == {"zastepca@example.org"}
