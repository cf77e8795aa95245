"""The admin home's panels: SZ's inbox on top, then what is due, with what to do next.

Compliance for thousands of units takes seconds, so the due panel reads each unit's
current duties as stored (cms.network.duties); which deliveries exist and where they stand
is read fresh on every view (one query), so a row never offers Deliver for a deadline
already submitted, returned or acknowledged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import pgettext
from wagtail import hooks
from wagtail.admin.ui.components import Component

from cms.core.registry import registry, text
from cms.core.roles import administered_sites, is_portal_administrator
from cms.dashboard.inbox import inbox, sees_inbox, with_details
from cms.deliveries.access import designations, visible_deliveries
from cms.deliveries.models import Delivery
from cms.deliveries.models import Status as DeliveryStatus
from cms.indicators.access import entry_units, is_approver
from cms.indicators.models import Measurement
from cms.indicators.models import Status as MeasurementStatus
from cms.network.compliance import DueItem, deliver_url, deliverable, unit_query
from cms.network.duties import (
    LONGEST,
    Lag,
    Summary,
    as_item,
    current_duties,
    network_lags,
    stored_summary,
)
from cms.network.models import Unit, UnitDuty

#: Hook name: ``(request) -> list[DueRow]``: a duty an app above tracks itself (the
#: annual report, cms.reports), shown in its own table above the units' duties.
DUE_PANEL_ROWS = "okcore_due_panel_rows"


@dataclass(frozen=True)
class DueRow:
    """A duty of the programme an app adds to the due panel: its deadline, source and
    basis, where it stands and the link to act on it."""

    title: str
    source: str
    due: date
    basis: str
    policy_note: str
    state: str
    url: str
    url_label: str
    #: The day after a missed deadline, when the duty is still not done: the row says
    #: "overdue since" like a unit's overdue duty, not only where the work stands.
    overdue_since: date | None = None


def hook_rows(request: Any) -> list[DueRow]:
    """The rows the apps add (DUE_PANEL_ROWS), earliest deadline first."""
    rows = [row for contribute in hooks.get_hooks(DUE_PANEL_ROWS) for row in contribute(request)]
    return sorted(rows, key=lambda row: row.due)


@dataclass(frozen=True)
class Action:
    """What the row offers: a link (``url``) or only where the duty stands."""

    label: str
    url: str


def row_action(
    item: DueItem,
    deliveries: dict[tuple[str, str, str, date], Delivery],
    allowed: set[tuple[str, str]],
    reviewer: bool = False,
) -> Action:
    """The row's next step, always a link: Deliver for the oldest open deadline, the
    delivery where it stands (SZ's inbox for SZ, when it waits for SZ), or else the
    unit's Duties page."""
    duties = Action(
        pgettext("dashboard", "See the duties"), reverse("unit_duties", args=[item.unit])
    )
    if not item.has_form or item.open_due is None or item.network_id is None:
        return duties
    assert item.obligation is not None  # a network's duty always names its obligation
    found = deliveries.get((item.unit, item.network_id, item.obligation, item.open_due))
    mine = (item.unit, item.network_id) in allowed
    if found is None:
        if not mine:
            return duties
        return Action(
            pgettext("dashboard", "Deliver"), deliver_url(item.unit, item.obligation, item.open_due)
        )
    shown = reverse("delivery_edit", args=[found.pk])  # read only once it is with SZ
    if found.status == DeliveryStatus.SUBMITTED:
        return Action(
            pgettext("dashboard", "Submitted, waiting for SZ"),
            reverse("inbox") if reviewer else shown,
        )
    if found.status == DeliveryStatus.RETURNED:
        return Action(pgettext("dashboard", "View returned"), shown)
    if found.status == DeliveryStatus.ACKNOWLEDGED:
        return Action(pgettext("dashboard", "Acknowledged by SZ"), shown)
    return Action(pgettext("dashboard", "Continue the draft"), shown)


def fresh_deliveries(items: list[DueItem]) -> dict[tuple[str, str, str, date], Delivery]:
    """The deliveries of the rows' units by unit, network, obligation and deadline: one query."""
    found = Delivery.objects.filter(unit__slug__in={i.unit for i in items}).select_related("unit")
    return {(d.unit.slug, d.network, d.obligation, d.due): d for d in found}


def returned_to(user: Any) -> dict[str, list[Any]]:
    """What SZ returned to the user's units, with SZ's comment: deliveries of the units and
    networks they are designated for, and their units' indicator values (not for SZ)."""
    deliveries = (
        visible_deliveries(user)
        .filter(status=DeliveryStatus.RETURNED, unit__in=designations(user).values("unit"))
        .select_related("unit")
        .order_by("due")
    )
    measurements = (
        []
        if is_approver(user)
        else Measurement.objects.filter(
            status=MeasurementStatus.RETURNED, unit__in=entry_units(user)
        )
        .select_related("unit")
        .order_by("updated_at")
    )
    return {
        "deliveries": [(d, reverse("delivery_edit", args=[d.pk])) for d in deliveries],
        "measurements": [
            (m, reverse("wagtailsnippets_indicators_measurement:edit", args=[m.pk]))
            for m in measurements
        ],
    }


@dataclass(frozen=True)
class Lagging:
    """A network's units with something overdue: how many, the first few by how long,
    and the units' listing narrowed to them (SZ's view of who lags)."""

    network: str
    count: int
    names: list[str]
    url: str


def summary_of(user: Any, duties: QuerySet[UnitDuty], reviewer: bool) -> Summary:
    """How many duties the user's units have and per network who lags among them (asked
    of a ``reviewer`` only): for SZ as stored per site (cms.network.duties.summarise: one
    query whether 20 units answer to SZ or 3,000), for anyone else from their units' rows."""
    if is_portal_administrator(user):
        return stored_summary(administered_sites(user))
    return Summary(duties.count(), network_lags(duties) if reviewer else {})


def overdue_by_network(found: dict[str, Lag], names: int) -> list[Lagging]:
    """Per network, how many units have something overdue, the ``names`` overdue the
    longest by name (one query) and the units' listing narrowed to them."""
    named = Unit.objects.in_bulk(
        {unit for lag in found.values() for _first, unit in lag.longest[:names]}
    )
    listing = reverse("wagtailsnippets_network_unit:list")
    shown = [
        Lagging(
            network=text(registry().network(network_id).title),
            count=lag.units,
            names=[named[unit].name for _first, unit in lag.longest[:names] if unit in named],
            url=f"{listing}?{urlencode({'overdue': network_id})}",
        )
        for network_id, lag in found.items()
    ]
    return sorted(shown, key=lambda found: found.network)


class DuePanel(Component):
    """What is due and overdue for the user's units (all units for SZ), from okcore, with
    the next step on each row; for coordinators what SZ returned, first."""

    name = "okcore_due"
    order = 50

    def __init__(self, request: Any) -> None:
        self.request = request

    #: SZ answers for every unit: the panel shows the most urgent rows, then how many more.
    limit = 100
    #: The programmes' duties (an annual report per programme of SZ's site), the earliest
    #: due first, then how many more: 150 programmes may share one site.
    programme_limit = 10
    #: Per network, the units overdue the longest named beside the count of those that
    #: lag (at most the stored duties.LONGEST); the units' listing has them all.
    lagging_names = LONGEST

    def render_html(self, parent_context: Any = None) -> SafeString:
        user = self.request.user
        units = unit_query(user)
        today = timezone.localdate()
        duties = current_duties(units, today)
        shown = [as_item(row) for row in duties.select_related("unit")[: self.limit]]
        deliveries = fresh_deliveries(shown) if shown else {}
        allowed = deliverable(user)
        reviewer = sees_inbox(user)
        summary = summary_of(user, duties, reviewer)
        context = {
            "rows": [(item, row_action(item, deliveries, allowed, reviewer)) for item in shown],
            "more": max(0, summary.duties - self.limit),
            "units": units.exists(),
            "today": today,
            "returned": returned_to(user),
            "overdue": overdue_by_network(summary.lagging, self.lagging_names) if reviewer else [],
        }
        programme_rows = hook_rows(self.request)
        context["programme_rows"] = programme_rows[: self.programme_limit]
        context["programme_more"] = max(0, len(programme_rows) - self.programme_limit)
        return SafeString(
            render_to_string("dashboard/due_panel.html", context, request=self.request)
        )


class InboxPanel(Component):
    """SZ's inbox at the top of the dashboard: how much waits, and the oldest submissions
    to decide on the spot."""

    name = "okcore_inbox"
    order = 40
    #: The oldest submissions shown in full; the inbox view has the rest.
    limit = 5

    def __init__(self, request: Any) -> None:
        self.request = request

    def render_html(self, parent_context: Any = None) -> SafeString:
        found = inbox(self.request.user)
        context = {
            "inbox": found,
            "rows": with_details(found.rows[: self.limit]),
            "next": reverse("inbox"),
        }
        return SafeString(
            render_to_string("dashboard/inbox_panel.html", context, request=self.request)
        )
