"""Which reminders a day brings: for each unit's dated duties, its coordinators and
deputies in that network hear of it some days before (OKCORE_REMINDER_DAYS), on the due
day and weekly while it is overdue; SZ gets a weekly digest of its site's overdue units."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.utils.translation import gettext, ngettext
from wagtail.models import Site

from cms.core.registry import text
from cms.core.roles import group_name
from cms.deliveries.models import Delivery
from cms.deliveries.models import Status as DeliveryStatus
from cms.network.compliance import UnitObligation, unit_obligations
from cms.network.models import Coordinator, Unit
from cms.reminders.mail import (
    Mail,
    Outcome,
    Recipient,
    account_url,
    action_url,
    admin_home,
    basis_text,
    coordinators,
    person,
)
from cms.reminders.models import Kind
from okcore.services.compliance import DeadlineState, Status

#: A duty overdue is recalled on the first day it is late and every this many days after.
OVERDUE_EVERY = 7


def kind_on(deadline: DeadlineState, on: date) -> Kind | None:
    """Whether ``on`` is a day to remind of this deadline, and with which mail."""
    if deadline.status is Status.PENDING and deadline.due is not None:
        left = (deadline.due - on).days
        if left == 0:
            return Kind.DUE
        if left in settings.OKCORE_REMINDER_DAYS:
            return Kind.ADVANCE
    if deadline.status is Status.OVERDUE and deadline.since is not None:
        late = (on - deadline.since).days
        if late >= 0 and late % OVERDUE_EVERY == 0:
            return Kind.OVERDUE
    return None


def duty_subject(kind: Kind, title: str, unit: str, left: int) -> str:
    values = {"title": title, "unit": unit, "days": left}
    if kind is Kind.ADVANCE:
        return (
            ngettext(
                "In %(days)d day: %(title)s (%(unit)s)",
                "In %(days)d days: %(title)s (%(unit)s)",
                left,
            )
            % values
        )
    if kind is Kind.DUE:
        return gettext("Due today: %(title)s (%(unit)s)") % values
    return gettext("Overdue: %(title)s (%(unit)s)") % values


def duty_intro(kind: Kind, left: int) -> str:
    if kind is Kind.ADVANCE:
        return ngettext(
            "This duty of your unit falls due in %(days)d day.",
            "This duty of your unit falls due in %(days)d days.",
            left,
        ) % {"days": left}
    if kind is Kind.DUE:
        return gettext("This duty of your unit falls due today.")
    return gettext(
        "This duty of your unit is overdue. You will be reminded every week until it is done."
    )


def duty_mail(
    row: UnitObligation, unit: Unit, deadline: DeadlineState, kind: Kind, on: date
) -> Mail:
    obligation = row.obligation.obligation
    due = deadline.due

    def context() -> dict[str, Any]:
        title = text(obligation.title)
        return {
            "subject": duty_subject(kind, title, unit.name, (due - on).days if due else 0),
            "intro": duty_intro(kind, (due - on).days if due else 0),
            "optional": kind is Kind.ADVANCE,
            "account": account_url(unit),
            "unit": unit.name,
            "network": text(row.network.title),
            "title": title,
            "source": obligation.source,
            "basis": basis_text(deadline.basis, deadline.policy_note),
            "due": due,
            "since": deadline.since if kind is Kind.OVERDUE else None,
            "period_start": deadline.period_start,
            "period_end": deadline.period_end,
            "link": action_url(unit, obligation, due),
        }

    key = f"{kind}/{unit.slug}/{row.network_id}/{obligation.id}/{due}/{on}"
    return Mail(kind, key, "reminders/mail/duty", context)


def duty_reminders(
    rows: list[UnitObligation], units: dict[str, Unit], on: date
) -> Iterator[tuple[Mail, list[Recipient]]]:
    """Each reminder of the day with the unit's coordinator and deputies in that network.
    A deadline whose delivery waits for SZ is the unit's part done: no reminder of it."""
    people: dict[tuple[int, str], list[Coordinator]] = defaultdict(list)
    for c in Coordinator.objects.valid_on(on).select_related("user").order_by("role", "pk"):
        people[(c.unit_id, c.network)].append(c)
    waiting = set(
        Delivery.objects.filter(status=DeliveryStatus.SUBMITTED).values_list(
            "unit_id", "network", "obligation", "due"
        )
    )
    for row in rows:
        unit = units[row.unit.id]
        obligation = row.obligation.obligation.id
        for deadline in row.obligation.deadlines:
            kind = kind_on(deadline, on)
            if (unit.pk, row.network_id, obligation, deadline.due) in waiting:
                continue
            if kind is not None:
                yield (
                    duty_mail(row, unit, deadline, kind, on),
                    coordinators(people[(unit.pk, row.network_id)]),
                )


def digests(
    rows: list[UnitObligation], units: dict[str, Unit], on: date
) -> Iterator[tuple[Mail, list[Recipient]]]:
    """On OKCORE_DIGEST_WEEKDAY, each site's SZ gets its overdue units, per network."""
    if on.weekday() != settings.OKCORE_DIGEST_WEEKDAY:
        return
    for site in Site.objects.order_by("pk"):
        mine = {u.slug for u in Unit.objects.of_site(site)}
        overdue = [r for r in rows if r.unit.id in mine and r.obligation.status is Status.OVERDUE]
        admins = User.objects.filter(
            groups__name=group_name(settings.PORTAL_ADMINISTRATORS_GROUP, site), is_active=True
        ).exclude(email="")
        if not overdue or not admins:
            continue
        yield digest_mail(site, overdue, units, on), [person(u) for u in admins.order_by("pk")]


def digest_mail(
    site: Site, overdue: list[UnitObligation], units: dict[str, Unit], on: date
) -> Mail:
    def context() -> dict[str, Any]:
        networks: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in overdue:
            networks[text(row.network.title)].append(
                {
                    "unit": units[row.unit.id].name,
                    "title": text(row.obligation.obligation.title),
                    "source": row.obligation.obligation.source,
                    "since": row.obligation.since,
                }
            )
        count = len({r.unit.id for r in overdue})
        return {
            "subject": ngettext(
                "Overdue duties: %(count)d unit", "Overdue duties: %(count)d units", count
            )
            % {"count": count},
            "optional": True,
            "account": account_url(units[overdue[0].unit.id]),
            "networks": sorted(networks.items()),
            "on": on,
            "link": admin_home(units[overdue[0].unit.id]),
        }

    return Mail(Kind.DIGEST, f"digest/{site.pk}/{on}", "reminders/mail/digest", context)


def remind(on: date, dry_run: bool = False) -> Outcome:
    """Send the day's reminders and digests; safe to run again the same day."""
    units = {u.slug: u for u in Unit.objects.all()}
    rows = list(unit_obligations(units.values(), on))
    outcome = Outcome()
    for mail, recipients in [*duty_reminders(rows, units, on), *digests(rows, units, on)]:
        outcome.add(mail.send(recipients, dry_run=dry_run))
    return outcome
