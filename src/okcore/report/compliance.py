"""A coordinator network's compliance in a year, as the report's table counts it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from okcore.legal import LegalAct
from okcore.network import CoordinatorNetwork, NetworkState
from okcore.report.model import UnitCompliance
from okcore.services.compliance import Status, compliance

#: Which count each deadline's status adds to; ongoing duties have no deadline to count.
COUNTS = {
    Status.MET: "met",
    Status.MET_LATE: "late",
    Status.OVERDUE: "missing",
    Status.PENDING: "pending",
}


def year_compliance(
    network: CoordinatorNetwork,
    state: NetworkState,
    acts: Mapping[str, LegalAct],
    year: int,
    on: date,
    locale: str | None = None,
) -> list[UnitCompliance]:
    """Per unit, how the deadlines due in ``year`` stand on ``on`` (the data's date): met,
    met late, missing (overdue) or pending (not yet due, or due and still open within its
    time). Read on a day after the year, a delivery made late in January counts as late,
    not missing. Units with no deadline in the year are left out."""
    rows: list[UnitCompliance] = []
    for row in compliance(network, state, acts, on):
        counts = dict.fromkeys(COUNTS.values(), 0)
        for item in row.obligations:
            for deadline in item.deadlines:
                if deadline.due is None or deadline.due.year != year:
                    continue
                if (count := COUNTS.get(deadline.status)) is not None:
                    counts[count] += 1
        if any(counts.values()):
            rows.append(
                UnitCompliance(
                    unit=row.unit.id,
                    unit_name=row.unit.name.get(locale),
                    network=network.id,
                    network_title=network.title.get(locale),
                    **counts,
                )
            )
    return sorted(rows, key=lambda r: r.unit_name)
