"""The okcore compliance engine over the site's database: what is due and overdue, per unit."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from cms.core.registry import registry, text
from cms.core.roles import administered_sites, is_portal_administrator, staff_sites
from cms.network.models import ActivityRecord, Coordinator, Unit
from okcore.legal import Deadline
from okcore.network import ActivityRecord as CoreRecord
from okcore.network import Coordinator as CoreCoordinator
from okcore.network import CoordinatorNetwork, NetworkState, Role
from okcore.network import Unit as CoreUnit
from okcore.services.compliance import ObligationState, Status, compliance
from okcore.services.deadlines import task_deadlines
from okcore.text import LocalizedText


def core_coordinator(person: Coordinator, unit: str) -> CoreCoordinator:
    """A designation as okcore reads it (``unit``: the unit's slug, which the caller has)."""
    return CoreCoordinator(
        unit=unit,
        role=person.role,
        name=person.name,
        function=person.function or None,
        phone=person.phone or None,
        email=person.email or None,
        valid_from=person.valid_from,
        valid_to=person.valid_to,
    )


def network_state(network_id: str, units: Iterable[Unit]) -> NetworkState:
    """The database's units, people and records of one network, as okcore's state: only
    these units' people and records are read, so one unit's duties cost one unit's rows."""
    network = registry().network(network_id)
    own = {u.id for u in network.units}
    units = [u for u in units if u.slug not in own]
    slugs = {u.slug for u in units} | own
    return NetworkState(
        network=network_id,
        units=[
            CoreUnit(
                id=u.slug,
                code=u.code or None,
                name=dict(u.names),
                established=u.established,
                dissolved=u.dissolved,
                contact_public=u.contact_public,
            )
            for u in units
        ],
        # Contact details decide whether a delivery is complete (3487/2023 §2 pt 2).
        coordinators=[
            core_coordinator(c, c.unit.slug)
            for c in Coordinator.objects.filter(
                network=network_id, unit__slug__in=slugs
            ).select_related("unit")
        ],
        records=[
            CoreRecord(
                unit=r.unit.slug,
                kind=r.kind,
                date=r.date,
                obligation=r.obligation or None,
                due=r.due,
                note=r.note or None,
            )
            for r in ActivityRecord.objects.filter(
                network=network_id, unit__slug__in=slugs
            ).select_related("unit")
        ],
    )


@dataclass
class DueItem:
    unit: str
    unit_name: str
    network: str
    source: str
    title: str
    status: Status
    due: date | None
    since: date | None
    detail: str | None
    basis: str = "law"
    policy_note: str | None = None
    #: The network's and the obligation's ids (None for a programme's task): with
    #: :attr:`open_due` they name the deadline a delivery is for (:func:`deliver_url`).
    network_id: str | None = None
    obligation: str | None = None
    #: The oldest deadline still open (overdue or pending), the one to deliver for first.
    open_due: date | None = None
    #: Whether the duty is delivered on a form (okcore.deliveries, ``Obligation.delivery``).
    has_form: bool = False
    #: The act imposing the duty: its title, and its published text's address when known.
    act_title: str | None = None
    act_url: str | None = None


def missing_text(roles: set[Role]) -> str | None:
    """'no deputy designated', in the user's language."""
    if not roles:
        return None
    if roles == {Role.COORDINATOR, Role.DEPUTY}:
        return gettext("no coordinator and no deputy designated")
    if Role.DEPUTY in roles:
        return gettext("no deputy designated")
    return gettext("no coordinator designated")


def lacking_text(fields: list[str]) -> str | None:
    """'the delivery lacks phone (Jan Kowalski)', in the user's language."""
    if not fields:
        return None
    return gettext("the delivery lacks %(fields)s") % {"fields": ", ".join(fields)}


class TaskDue(NamedTuple):
    """One of Table 1's dated tasks falling due for one unit implementing it."""

    unit: Unit
    program_title: LocalizedText
    deadline: Deadline


def due_tasks(units: list[Unit], on: date, horizon: int) -> list[TaskDue]:
    """Table 1's dated tasks due within ``horizon`` days, for the units implementing them."""
    by_slug = {u.slug: u for u in units}
    found: list[TaskDue] = []
    for program in registry().programs.values():
        for deadline in task_deadlines(program, on, on + timedelta(days=horizon)):
            for slug in sorted(by_slug.keys() & set(deadline.implementers)):
                found.append(TaskDue(by_slug[slug], program.title, deadline))
    return found


def task_item(task: TaskDue) -> DueItem:
    """A dated task's row, in the active language."""
    return DueItem(
        unit=task.unit.slug,
        unit_name=task.unit.name,
        network=text(task.program_title),
        source=task.deadline.source,
        title=text(task.deadline.title),
        status=Status.PENDING,
        due=task.deadline.due,
        since=None,
        detail=None,
    )


class UnitObligation(NamedTuple):
    """One obligation of one unit in one network, as okcore's compliance finds it."""

    network_id: str
    network: CoordinatorNetwork
    unit: CoreUnit
    obligation: ObligationState


def unit_obligations(units: Iterable[Unit], on: date) -> Iterator[UnitObligation]:
    """Every obligation of these units in every network on ``on``: the one walk over okcore's
    compliance that the due panel (:func:`due_items`) and the private feeds share."""
    units = list(units)
    wanted = {u.slug for u in units}
    for network_id, network in sorted(registry().networks.items()):
        state = network_state(network_id, units)
        for row in compliance(network, state, registry().legal_acts, on):
            if row.unit.id in wanted:
                for item in row.obligations:
                    yield UnitObligation(network_id, network, row.unit, item)


def is_due(found: UnitObligation, on: date, horizon: int) -> bool:
    """Overdue, or falling due within ``horizon`` days: what the due panel lists."""
    item = found.obligation
    soon = item.next_due is not None and item.next_due <= on + timedelta(days=horizon)
    return item.status is Status.OVERDUE or (item.status is Status.PENDING and soon)


def obligation_item(found: UnitObligation) -> DueItem:
    """A due obligation's row, in the active language."""
    network_id, network, unit, item = found
    status = item.status
    shown = [d for d in item.deadlines if d.status is status]
    missing = {r for d in shown for r in d.missing_roles}
    lacking = sorted({f for d in shown for f in d.missing_data})
    notes = sorted({text(d.policy_note) for d in shown if d.policy_note})
    act = registry().legal_acts.get(item.obligation.act)
    open_dues = [
        d.due
        for d in item.deadlines
        if d.due is not None and d.status in (Status.OVERDUE, Status.PENDING)
    ]
    return DueItem(
        unit=unit.id,
        unit_name=text(unit.name),
        network=text(network.title),
        source=item.obligation.source,
        title=text(item.obligation.title),
        status=status,
        due=item.next_due if status is Status.PENDING else None,
        since=item.since,
        detail=missing_text(missing) or lacking_text(lacking),
        basis="policy" if notes else "law",
        policy_note=" ".join(notes) or None,
        network_id=network_id,
        obligation=item.obligation.id,
        open_due=min(open_dues, default=None),
        has_form=item.obligation.delivery is not None,
        act_title=text(act.title) if act else None,
        act_url=act.url if act else None,
    )


def urgency(item: DueItem, on: date) -> tuple[bool, date, str]:
    """The panel's order: overdue first, the longest overdue and the soonest due first."""
    return (item.status is not Status.OVERDUE, item.since or item.due or on, item.unit)


def due_items(
    units: Iterable[Unit], on: date, horizon: int = 60, languages: Sequence[str | None] = (None,)
) -> list[tuple[DueItem, ...]]:
    """Overdue duties, and duties falling due within ``horizon`` days, for these units, most
    urgent first: each in every one of ``languages`` (None: the active one), okcore's
    compliance walked once. The due panel stores them (cms.network.duties)."""
    units = list(units)
    found = [f for f in unit_obligations(units, on) if is_due(f, on, horizon)]
    tasks = due_tasks(units, on, horizon)
    versions: list[list[DueItem]] = []
    for language in languages:
        with translation.override(language or translation.get_language()):
            versions.append([*map(obligation_item, found), *map(task_item, tasks)])
    return sorted(zip(*versions, strict=True), key=lambda items: urgency(items[0], on))


def unit_query(user: User | AnonymousUser) -> QuerySet[Unit]:
    """The units a user answers for: all of their sites' for SZ's administrators (one
    city's SZ answers for none of another's), else their own."""
    if is_portal_administrator(user):
        return Unit.objects.of_sites(administered_sites(user))
    if isinstance(user, AnonymousUser):
        return Unit.objects.none()
    today = timezone.localdate()
    ids = Coordinator.objects.valid_on(today).filter(user=user).values("unit_id")
    return Unit.objects.filter(id__in=ids)


def units_for(user: User | AnonymousUser) -> list[Unit]:
    """The units a user answers for (:func:`unit_query`)."""
    return list(unit_query(user))


def deliverable(user: User | AnonymousUser) -> set[tuple[str, str]]:
    """The (unit slug, network) pairs the user delivers for: designated there today and
    allowed to add deliveries (cms.deliveries.access.may_deliver, for every unit at once),
    so the due panel and the private feed offer Deliver only where it leads somewhere."""
    if isinstance(user, AnonymousUser) or not user.has_perm("deliveries.add_delivery"):
        return set()
    found = Coordinator.objects.valid_on(timezone.localdate()).filter(user=user)
    return set(found.values_list("unit__slug", "network"))


def listed_units(user: User | AnonymousUser) -> QuerySet[Unit]:
    """The units the admin lists for a user: those of the sites they work for, as a
    portal administrator or editor (cms.core.roles.staff_sites) or through a unit they
    are designated for; every unit for a superuser. Another city's units are not listed."""
    if user.is_superuser:
        return Unit.objects.all()
    sites = {site.pk: site for site in staff_sites(user)}
    for unit in units_for(user):
        site = unit.shown_on()
        if site is not None:
            sites.setdefault(site.pk, site)
    return Unit.objects.of_sites(list(sites.values()))


def deliver_url(unit: str, obligation: str, due: date) -> str:
    """The admin's Deliver action for one deadline, which cms.deliveries serves (URL name
    ``delivery_deliver``): the due panel, the private feeds and the reminders link it, so
    the address lives here, below them all."""
    query = urlencode({"unit": unit, "obligation": obligation, "due": due.isoformat()})
    return f"{reverse('delivery_deliver')}?{query}"
