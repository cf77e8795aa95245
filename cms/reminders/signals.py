"""Notices of a review's steps, for measurements and deliveries alike: a submission goes
to SZ of the unit's site; a return (with SZ's comment) and an approval or acknowledgement
to the unit's coordinators and deputies (for a delivery, those of its network). Each
history row is one step (``transition`` on Measurement and Delivery writes one per step);
the mail leaves once the step is committed, so a rolled-back step sends nothing."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from wagtail.admin.admin_url_finder import AdminURLFinder

from cms.core.registry import registry, text
from cms.core.roles import group_name
from cms.deliveries.models import DeliveryHistory
from cms.deliveries.models import Status as DeliveryStatus
from cms.indicators.models import MeasurementHistory
from cms.indicators.models import Status as MeasurementStatus
from cms.network.models import Coordinator, Unit
from cms.reminders.mail import (
    Mail,
    Recipient,
    account_url,
    basis_text,
    coordinators,
    person,
    site_root,
)
from cms.reminders.models import Kind
from okcore.services.compliance import rules_for

#: Which step sends which notice.
MEASUREMENT_KINDS = {
    MeasurementStatus.SUBMITTED: Kind.SUBMITTED,
    MeasurementStatus.RETURNED: Kind.RETURNED,
    MeasurementStatus.APPROVED: Kind.APPROVED,
}
DELIVERY_KINDS = {
    DeliveryStatus.SUBMITTED: Kind.SUBMITTED,
    DeliveryStatus.RETURNED: Kind.RETURNED,
    DeliveryStatus.ACKNOWLEDGED: Kind.APPROVED,
}

#: Each notice's subject and first line, in the active language.
MEASUREMENT_TEXTS: dict[Kind, tuple[Callable[[], str], Callable[[], str]]] = {
    Kind.SUBMITTED: (
        lambda: gettext("To review: %(what)s, %(period)s (%(unit)s)"),
        lambda: gettext("%(unit)s submitted this measurement for your review."),
    ),
    Kind.RETURNED: (
        lambda: gettext("Returned to you: %(what)s, %(period)s"),
        lambda: gettext(
            "SZ returned this measurement of %(unit)s. Correct it and submit it again."
        ),
    ),
    Kind.APPROVED: (
        lambda: gettext("Approved: %(what)s, %(period)s"),
        lambda: gettext("SZ approved this measurement of %(unit)s."),
    ),
}
DELIVERY_TEXTS: dict[Kind, tuple[Callable[[], str], Callable[[], str]]] = {
    Kind.SUBMITTED: (
        lambda: gettext("To review: %(what)s, due %(period)s (%(unit)s)"),
        lambda: gettext("%(unit)s submitted this delivery for your review."),
    ),
    Kind.RETURNED: (
        lambda: gettext("Returned to you: %(what)s, due %(period)s"),
        lambda: gettext("SZ returned this delivery of %(unit)s. Correct it and submit it again."),
    ),
    Kind.APPROVED: (
        lambda: gettext("Acknowledged: %(what)s, due %(period)s"),
        lambda: gettext(
            "SZ acknowledged this delivery of %(unit)s: the duty is met for this deadline."
        ),
    ),
}


def site_administrators(unit: Unit) -> list[Recipient]:
    """SZ of the unit's site, with an address."""
    name = group_name(settings.PORTAL_ADMINISTRATORS_GROUP, unit.shown_on())
    users = User.objects.filter(groups__name=name, is_active=True).exclude(email="")
    return [person(u) for u in users.order_by("pk")]


def unit_people(unit: Unit, network: str | None) -> list[Recipient]:
    """The unit's coordinators and deputies today, in that network (in every one: None)."""
    people = Coordinator.objects.valid_on(timezone.localdate()).filter(unit=unit)
    if network is not None:
        people = people.filter(network=network)
    return coordinators(people.select_related("user").order_by("role", "pk"))


def notify(
    kind: Kind,
    unit: Unit | None,
    network: str | None,
    key: str,
    texts: tuple[Callable[[], str], Callable[[], str]],
    context: Callable[[], dict[str, Any]],
) -> None:
    """One step's notice. A unit-less measurement (SZ's own) notifies nobody: there is no
    unit whose people to tell, and SZ took the step itself."""
    if unit is None:
        return
    subject, intro = texts

    def full() -> dict[str, Any]:
        values = context()
        values = {**values, "unit": unit.name}
        shown = {k: values[k] for k in ("what", "period", "unit")}
        return {
            **values,
            "subject": subject() % shown,
            "intro": intro() % shown,
            "optional": kind is not Kind.RETURNED,
            "account": account_url(unit),
        }

    recipients = site_administrators(unit) if kind is Kind.SUBMITTED else unit_people(unit, network)
    Mail(kind, key, "reminders/mail/step", full).send(recipients)


@receiver(post_save, sender=MeasurementHistory)
def measurement_step(
    sender: Any, instance: MeasurementHistory, created: bool, **kwargs: Any
) -> None:
    if created and instance.to_status in MEASUREMENT_KINDS:
        transaction.on_commit(partial(measurement_notice, instance.pk))


def by(user: User | None) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def measurement_notice(history_id: int) -> None:
    step = MeasurementHistory.objects.select_related("measurement__unit", "user").get(pk=history_id)
    measurement = step.measurement
    kind = MEASUREMENT_KINDS[MeasurementStatus(step.to_status)]
    program = registry().programs.get(measurement.program_id)
    value = measurement.value if measurement.value is not None else measurement.components

    def context() -> dict[str, Any]:
        name = (
            text(program.indicator(measurement.indicator_id).name)
            if program
            else measurement.indicator
        )
        return {
            "what": name,
            "period": measurement.period,
            "rows": [
                (gettext("Measurement"), f"{name}, {measurement.period}"),
                (gettext("Value"), value),
            ],
            "by": by(step.user),
            "comment": step.comment,
            "link": site_root(measurement.unit)
            + (AdminURLFinder().get_edit_url(measurement) or ""),
        }

    key = f"{kind}/measurement/{step.pk}"
    notify(kind, measurement.unit, None, key, MEASUREMENT_TEXTS[kind], context)


@receiver(post_save, sender=DeliveryHistory)
def delivery_step(sender: Any, instance: DeliveryHistory, created: bool, **kwargs: Any) -> None:
    if created and instance.to_status in DELIVERY_KINDS:
        transaction.on_commit(partial(delivery_notice, instance.pk))


def delivery_notice(history_id: int) -> None:
    step = DeliveryHistory.objects.select_related("delivery__unit", "user").get(pk=history_id)
    delivery = step.delivery
    kind = DELIVERY_KINDS[DeliveryStatus(step.to_status)]
    obligation = delivery.obligation_definition
    basis, note = rules_for(delivery.network_definition).basis(obligation)

    def context() -> dict[str, Any]:
        due = formats.date_format(delivery.due, "DATE_FORMAT")
        return {
            "what": text(obligation.title),
            "period": due,
            "rows": [
                (gettext("Duty"), text(obligation.title)),
                (gettext("Source"), obligation.source),
                (gettext("Basis"), basis_text(basis, note)),
                (gettext("Due date"), due),
            ],
            "by": by(step.user),
            "comment": step.comment,
            # SZ reviews a submission; the unit opens its delivery (to fix a returned one).
            "link": site_root(delivery.unit)
            + reverse(
                "delivery_review" if kind is Kind.SUBMITTED else "delivery_edit",
                args=[delivery.pk],
            ),
        }

    key = f"{kind}/delivery/{step.pk}"
    notify(kind, delivery.unit, delivery.network, key, DELIVERY_TEXTS[kind], context)
