"""Notices of a review's steps: a submission goes to SZ of the unit's site, a return (with
SZ's comment) and an approval to the unit's coordinators and deputies. Each history row
is one step (cms.indicators.models.Measurement.transition writes one per transition); the
mail leaves once the step is committed, so a rolled-back step sends nothing."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.admin.admin_url_finder import AdminURLFinder

from cms.core.registry import registry, text
from cms.core.roles import group_name
from cms.indicators.models import MeasurementHistory, Status
from cms.network.models import Coordinator, Unit
from cms.reminders.mail import Mail, Recipient, account_url, coordinators, person, site_root
from cms.reminders.models import Kind

#: Which step sends which notice.
KINDS = {
    Status.SUBMITTED: Kind.SUBMITTED,
    Status.RETURNED: Kind.RETURNED,
    Status.APPROVED: Kind.APPROVED,
}

#: Each notice's subject and first line, in the active language.
SUBJECTS = {
    Kind.SUBMITTED: lambda: gettext("To review: %(what)s, %(period)s (%(unit)s)"),
    Kind.RETURNED: lambda: gettext("Returned to you: %(what)s, %(period)s"),
    Kind.APPROVED: lambda: gettext("Approved: %(what)s, %(period)s"),
}
INTROS = {
    Kind.SUBMITTED: lambda: gettext("%(unit)s submitted this measurement for your review."),
    Kind.RETURNED: lambda: gettext(
        "SZ returned this measurement of %(unit)s. Correct it and submit it again."
    ),
    Kind.APPROVED: lambda: gettext("SZ approved this measurement of %(unit)s."),
}


def site_administrators(unit: Unit | None) -> list[Recipient]:
    """SZ of the unit's site (of the default site for a unit-less item), with an address."""
    site = unit.shown_on() if unit is not None else None
    name = group_name(settings.PORTAL_ADMINISTRATORS_GROUP, site)
    users = User.objects.filter(groups__name=name, is_active=True).exclude(email="")
    return [person(u) for u in users.order_by("pk")]


def unit_people(unit: Unit | None) -> list[Recipient]:
    """The unit's coordinators and deputies today, in every network."""
    if unit is None:
        return []
    today = timezone.localdate()
    return coordinators(
        Coordinator.objects.valid_on(today)
        .filter(unit=unit)
        .select_related("user")
        .order_by("role", "pk")
    )


def recipients(kind: Kind, unit: Unit | None) -> list[Recipient]:
    return site_administrators(unit) if kind is Kind.SUBMITTED else unit_people(unit)


@receiver(post_save, sender=MeasurementHistory)
def measurement_step(
    sender: Any, instance: MeasurementHistory, created: bool, **kwargs: Any
) -> None:
    if created and instance.to_status in KINDS:
        transaction.on_commit(partial(send_measurement_notice, instance.pk))


def send_measurement_notice(history_id: int) -> None:
    step = MeasurementHistory.objects.select_related("measurement__unit", "user").get(pk=history_id)
    measurement = step.measurement
    kind = KINDS[Status(step.to_status)]
    unit = measurement.unit
    program_id, indicator_id = measurement.program_id, measurement.indicator_id
    program = registry().programs.get(program_id)

    def context() -> dict[str, Any]:
        name = text(program.indicator(indicator_id).name) if program else measurement.indicator
        values = {"what": name, "period": measurement.period, "unit": unit.name if unit else ""}
        return {
            "subject": SUBJECTS[kind]() % values,
            "intro": INTROS[kind]() % values,
            "optional": kind is not Kind.RETURNED,
            "account": account_url(unit),
            "what": name,
            "period": measurement.period,
            "value": measurement.value if measurement.value is not None else measurement.components,
            "by": (step.user.get_full_name() or step.user.get_username()) if step.user else "",
            "comment": step.comment,
            "link": site_root(unit) + (AdminURLFinder().get_edit_url(measurement) or ""),
        }

    mail = Mail(kind, f"{kind}/measurement/{step.pk}", "reminders/mail/step", context)
    mail.send(recipients(kind, unit))
