"""SZ's inbox: every submission waiting for SZ in one queue, oldest first.

Units submit deliveries (cms.deliveries; 3487/2023 §2–§3, 351/2026 §2–§3) and indicator
values (cms.indicators); SZ acknowledges or returns the one and approves or returns the
other. Both wait in the same queue, filterable by network, duty and unit, so nothing
submitted stays unseen behind another listing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from wagtail.models import Site

from cms.core.city import site_programmes
from cms.core.registry import registry, text
from cms.deliveries.access import reviewed_units
from cms.deliveries.models import Delivery
from cms.deliveries.models import Status as DeliveryStatus
from cms.deliveries.services import duty_fields
from cms.indicators.access import approvable, is_approver
from cms.indicators.models import Measurement
from cms.indicators.models import Status as MeasurementStatus
from cms.indicators.selectors import measurement_details
from cms.network.models import Unit
from okcore.deliveries import FieldType

#: The filters an inbox offers, in the order it shows them.
FACETS = ("network", "duty", "unit")


def sees_inbox(user: Any) -> bool:
    """SZ's: those who acknowledge deliveries or approve measurements."""
    return bool(user.has_perm("deliveries.acknowledge_delivery")) or is_approver(user)


@dataclass
class Row:
    """One submission waiting for SZ: a delivery or a measurement."""

    kind: str
    obj: Delivery | Measurement
    unit: Unit | None
    network: str
    network_label: str
    duty: str
    duty_label: str
    submitted: datetime | None
    #: Filled in by :func:`with_details` for the rows shown expanded.
    details: dict[str, Any] = field(default_factory=dict)

    def facet(self, name: str) -> tuple[str, str]:
        """The row's value and its label under one of the :data:`FACETS`."""
        if name == "network":
            return self.network, self.network_label
        if name == "duty":
            return self.duty, self.duty_label
        return (self.unit.slug, self.unit.name) if self.unit else ("", _("no unit"))


def _networks_of_programmes() -> dict[str, tuple[str, str]]:
    """The network that serves each programme, to file its indicators' values under."""
    found: dict[str, tuple[str, str]] = {}
    for network_id, network in sorted(registry().networks.items()):
        if network.program:
            found.setdefault(network.program, (network_id, text(network.title)))
    return found


def delivery_rows(user: Any) -> list[Row]:
    """Submitted deliveries of the units the user reviews, never the user's own submission
    (four eyes, cms.deliveries.access.may_review)."""
    found = (
        Delivery.objects.filter(status=DeliveryStatus.SUBMITTED, unit__in=reviewed_units(user))
        .exclude(submitted_by=user)
        .select_related("unit")
        .prefetch_related("attachments")
    )
    rows = []
    for delivery in found:
        try:
            network_label = text(delivery.network_definition.title)
        except KeyError:  # a plugin removed since: the stored id still names it
            network_label = delivery.network
        rows.append(
            Row(
                kind="delivery",
                obj=delivery,
                unit=delivery.unit,
                network=delivery.network,
                network_label=network_label,
                duty=delivery.obligation,
                duty_label=f"{delivery.title} ({delivery.source})"
                if delivery.source
                else delivery.title,
                submitted=delivery.submitted_at,
            )
        )
    return rows


def measurement_rows(user: Any) -> list[Row]:
    """Submitted indicator values the user may approve (their own city's), filed under the
    network serving the indicator's programme and under the indicator as the duty."""
    if not is_approver(user):
        return []
    networks = _networks_of_programmes()
    found = (
        Measurement.objects.filter(status=MeasurementStatus.SUBMITTED)
        .filter(approvable(user))
        .select_related("unit__site")
    )
    default = Site.objects.filter(is_default_site=True).first()
    served: dict[int | None, tuple[str, ...]] = {}
    rows = []
    for measurement in found:
        unit = measurement.unit
        if unit is not None:
            # cms.indicators.access.approves, for every row at once: the indicator is of a
            # programme served where the unit is shown (another city's is no value of it).
            site = unit.site or default
            key = site.pk if site else None
            if key not in served:
                served[key] = tuple(p.uid_prefix for p in site_programmes(site))
            if not measurement.indicator.startswith(served[key]):
                continue
        program = registry().programs.get(measurement.program_id)
        if program is None or measurement.indicator_id not in program.indicators:
            continue  # a programme or indicator removed since: nothing to weigh it against
        goal, indicator = program.indicators[measurement.indicator_id]
        network, network_label = networks.get(program.id, (program.id, text(program.title)))
        rows.append(
            Row(
                kind="measurement",
                obj=measurement,
                unit=measurement.unit,
                network=network,
                network_label=network_label,
                duty=measurement.indicator,
                duty_label=f"{goal.number}.{indicator.number} {text(indicator.name)}",
                submitted=measurement.updated_at,
            )
        )
    return rows


@dataclass
class Inbox:
    """The queue, the rows the filters leave, and how many rows each filter value has."""

    rows: list[Row]
    shown: list[Row]
    counts: dict[str, list[tuple[str, str, int]]]
    chosen: dict[str, str]


def inbox(user: Any, chosen: Mapping[str, str] | None = None) -> Inbox:
    """Everything waiting for the user, oldest first; ``chosen`` narrows it by network,
    duty or unit (a value no row has leaves nothing)."""
    rows = delivery_rows(user) + measurement_rows(user)
    rows.sort(key=lambda r: (r.submitted is None, r.submitted or datetime.min, r.kind, r.obj.pk))
    chosen = {k: v for k, v in (chosen or {}).items() if k in FACETS and v}
    counts = {}
    for facet in FACETS:
        tally = Counter(row.facet(facet) for row in rows)
        counts[facet] = sorted(
            ((value, label, n) for (value, label), n in tally.items()), key=lambda c: c[1]
        )
    shown = [r for r in rows if all(r.facet(f)[0] == v for f, v in chosen.items())]
    return Inbox(rows=rows, shown=shown, counts=counts, chosen=chosen)


def _shown_value(spec: Any, value: Any, names: dict[str, str]) -> str:
    """A delivered value as SZ reads it: choices by their label, files by their name."""
    if value in (None, "", []):
        return ""
    if spec.type is FieldType.FILE:
        return ", ".join(names.get(str(ref), str(ref)) for ref in value)
    if spec.type is FieldType.CHOICE:
        labels = {c.value: c.label.get(None) for c in spec.choices}
        if isinstance(value, list):
            return ", ".join(labels.get(v, str(v)) for v in value)
        return str(labels.get(value, value))
    return str(value)


def delivery_details(delivery: Delivery) -> dict[str, Any]:
    """Every field of the unit's form with its label and what the unit gave."""
    attachments = list(delivery.attachments.all())  # prefetched by delivery_rows
    names = {str(a.pk): a.name for a in attachments}
    try:
        obligation = delivery.obligation_definition
    except (KeyError, LookupError):
        return {"fields": [(name, str(value), None) for name, value in delivery.data.items()]}
    specs = duty_fields(delivery.unit, delivery.network, obligation, delivery.due)
    return {
        "fields": [
            (
                text(spec.label),
                _shown_value(spec, delivery.data.get(spec.name), names),
                spec.group_label and text(spec.group_label),
            )
            for spec in specs
        ],
        "attachments": attachments,
    }


def with_details(rows: list[Row]) -> list[Row]:
    """The rows with what SZ reads before deciding."""
    for row in rows:
        if isinstance(row.obj, Delivery):
            row.details = delivery_details(row.obj)
        else:
            row.details = measurement_details(row.obj)
    return rows
