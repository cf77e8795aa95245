"""Sending one mail to its recipients: each in their own language, as plain text with an
HTML alternative, at most once per key, and one failure never stops the others."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Site
from wagtail.users.models import UserProfile

from cms.core.languages import language_codes
from cms.core.registry import text
from cms.network.compliance import deliver_url
from cms.network.models import Coordinator, Unit
from cms.reminders.models import Kind, MailPreference, SentMail
from okcore.legal import Basis, Obligation
from okcore.text import LocalizedText

logger = logging.getLogger("cms.reminders")


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    #: None for a coordinator record without an account: they get every mail, having no
    #: settings to turn any off (docs/editors-guide.md).
    user: User | None = None


def language_of(user: User | None) -> str:
    """The language the user chose in their account settings (Wagtail's own preference)
    if the site has it, else Polish."""
    if user is None:
        return settings.LANGUAGE_CODE
    chosen = (
        UserProfile.objects.filter(user=user).values_list("preferred_language", flat=True).first()
    )
    return chosen if chosen in language_codes() else settings.LANGUAGE_CODE


def person(user: User) -> Recipient:
    return Recipient(user.email, language_of(user), user)


def coordinators(people: Iterable[Coordinator]) -> list[Recipient]:
    """The people's work addresses, once each, in the language of their linked account."""
    found: dict[str, Recipient] = {}
    for c in people:
        if c.email and c.email.lower() not in found:
            found[c.email.lower()] = Recipient(c.email, language_of(c.user), c.user)
    return list(found.values())


def site_root(unit: Unit | None) -> str:
    """The address of the unit's city's site (a unit without one: the default site), for
    absolute links; WAGTAILADMIN_BASE_URL when there is no site at all."""
    site = (
        unit.shown_on() if unit is not None else Site.objects.filter(is_default_site=True).first()
    )
    if site is None:
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return str(site.root_url).rstrip("/")


def admin_home(unit: Unit | None) -> str:
    return site_root(unit) + reverse("wagtailadmin_home")


def account_url(unit: Unit | None) -> str:
    """Where a user turns mails off (cms.reminders.wagtail_hooks) and picks their language."""
    return site_root(unit) + reverse("wagtailadmin_account")


def action_url(unit: Unit, obligation: Obligation, due: date | None) -> str:
    """Where the recipient acts: the duty's Deliver action when it has a delivery form
    (cms.deliveries), else the dashboard with its due panel."""
    if obligation.delivery is not None and due is not None:
        return site_root(unit) + deliver_url(unit.slug, obligation.id, due)
    return admin_home(unit)


def basis_text(basis: Basis, note: LocalizedText | None) -> str:
    """Law or policy, with the policy's reason, in the active language."""
    if basis is Basis.POLICY:
        label = gettext("Date set by policy")
        return f"{label}: {text(note)}" if note else label
    return gettext("Date set by law")


@dataclass
class Outcome:
    """What a run did, for the command's summary."""

    sent: list[str] = field(default_factory=list)
    skipped: int = 0
    failed: list[str] = field(default_factory=list)

    def add(self, other: Outcome) -> None:
        self.sent += other.sent
        self.skipped += other.skipped
        self.failed += other.failed


@dataclass(frozen=True)
class Mail:
    """One message to several people. ``key`` names what it is about (with the day, for
    the scheduled ones); ``context`` is called in each recipient's language, so names and
    duty titles come out in it, and gives the ``subject``; ``template`` names
    ``<template>.txt`` and ``<template>.html``."""

    kind: Kind
    key: str
    template: str
    context: Callable[[], dict[str, Any]]

    def render(self, language: str) -> tuple[str, str, str]:
        with translation.override(language):
            context = self.context()
            subject = str(context["subject"])
            text = render_to_string(f"{self.template}.txt", context)
            html = render_to_string(f"{self.template}.html", context)
        return " ".join(subject.split()), text, html

    def send(self, recipients: Iterable[Recipient], dry_run: bool = False) -> Outcome:
        outcome = Outcome()
        for recipient in recipients:
            key = f"{self.key}/{recipient.email.lower()}"[:500]
            if not wants(recipient, self.kind) or SentMail.objects.filter(key=key).exists():
                outcome.skipped += 1
                continue
            subject, text, html = self.render(recipient.language)
            line = f"{self.kind} to {recipient.email} ({recipient.language}): {subject}"
            if dry_run:
                outcome.sent.append(line)
                continue
            message = EmailMultiAlternatives(subject, text, to=[recipient.email])
            message.attach_alternative(html, "text/html")
            try:
                message.send()
            except Exception:  # SMTP refusals, timeouts, DNS: that one mail fails, not the run
                logger.exception("e-mail not sent: %s", line)
                outcome.failed.append(line)
                continue
            SentMail.objects.get_or_create(
                key=key, defaults={"kind": self.kind, "recipient": recipient.email}
            )
            outcome.sent.append(line)
        return outcome


def wants(recipient: Recipient, kind: Kind) -> bool:
    """Required mails always; the others unless the user turned them off."""
    if recipient.user is None:
        return True
    preference = MailPreference.objects.filter(user=recipient.user).first()
    return preference is None or preference.wants(kind)
