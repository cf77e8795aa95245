"""Each unit's current duties, stored (UnitDuty): what the due panel reads.

Computing compliance for 3,000 units takes seconds, so the panel must not do it on view.
The rows are computed per unit and stamped with the day and the rules, code and languages
they were computed for (UnitDutyStamp, :func:`rules_version`). A change to a unit, its
coordinators or deputies or its records deletes that unit's stamp in the change's own
transaction (cms.network.signals) and recomputes the unit once it commits; a reader
recomputes any unit of theirs whose stamp is missing, of another day or of other rules
before reading, so the table is never shown stale, even after midnight without the daily
command (``okcore_refresh_duties``), which only spares the first reader of the day the
work.
"""

from __future__ import annotations

import hashlib
import heapq
import json
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Min, QuerySet
from django.utils import timezone, translation

from cms.core.languages import language_codes
from cms.core.registry import registry
from cms.core.version import code_version
from cms.network.compliance import DueItem, due_items
from cms.network.models import (
    DutySummary,
    Unit,
    UnitDuty,
    UnitDutyStamp,
    of_sites_condition,
)
from okcore.registry import Registry
from okcore.services.compliance import Status

#: How far ahead the panel looks: duties due within these days are listed.
HORIZON = 60

#: The texts of a DueItem that depend on the language; the rest are stored as columns.
TEXTS = ("unit_name", "network", "title", "detail", "policy_note", "act_title")

#: What of a programme's goals its dated tasks are made of (okcore.services.deadlines).
TASK_FIELDS = {"__all__": {"number": True, "tasks": True}}

#: Per site and network, how many of the units overdue the longest are kept by name.
LONGEST = 10
#: PostgreSQL's advisory lock on the stored summary (:func:`summarise`): any number, the
#: same in every process.
SUMMARY_LOCK = 2026_0351

#: The registry each process loaded, with the fingerprint of its rules.
_digests: dict[int, tuple[Registry, str]] = {}


def registry_digest() -> str:
    """A fingerprint of the networks, the acts and the programmes' dated tasks, computed
    once per registry a process loads."""
    current = registry()
    known = _digests.get(id(current))
    if known is None or known[0] is not current:
        document = {
            "networks": {k: v.as_document() for k, v in sorted(current.networks.items())},
            "acts": {k: v.as_document() for k, v in sorted(current.legal_acts.items())},
            "tasks": {
                k: p.model_dump(mode="json", include={"title": True, "goals": TASK_FIELDS})
                for k, p in sorted(current.programs.items())
            },
        }
        digest = hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()
        known = _digests[id(current)] = (current, digest)
    return known[1]


def rules_version() -> str:
    """A fingerprint of everything the rows are computed from besides the database: the
    rules (:func:`registry_digest`), the code that computes and words them and the
    languages they are written in. Other rules (a plugin updated by a deploy), a new
    release or a language added make every stored row stale, in every worker, without a
    signal."""
    parts = [registry_digest(), code_version(), *language_codes()]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def duty_rows(units: list[Unit], on: date) -> list[UnitDuty]:
    """The units' duties due on ``on``, in the panel's order, each with its texts in every
    language."""
    by_slug = {u.slug: u for u in units}
    languages = language_codes()
    rows = []
    for items in due_items(units, on, HORIZON, languages):
        item = items[0]
        rows.append(
            UnitDuty(
                unit=by_slug[item.unit],
                unit_slug=item.unit,
                overdue=item.status is Status.OVERDUE,
                urgency=item.since or item.due or on,
                source=item.source,
                due=item.due,
                since=item.since,
                open_due=item.open_due,
                basis=item.basis,
                network_id=item.network_id or "",
                obligation=item.obligation or "",
                has_form=item.has_form,
                act_url=item.act_url or "",
                texts={
                    language: {name: getattr(version, name) for name in TEXTS}
                    for language, version in zip(languages, items, strict=True)
                },
            )
        )
    return rows


def fresh_stamps(on: date) -> QuerySet[UnitDutyStamp]:
    """The stamps of units whose rows are for ``on`` under the current rules."""
    return UnitDutyStamp.objects.filter(on=on, rules=rules_version())


def stale(unit_ids: Collection[int], on: date) -> list[int]:
    """Those of the units without rows for ``on`` under the current rules: one query."""
    done = set(fresh_stamps(on).filter(unit_id__in=unit_ids).values_list("unit_id", flat=True))
    return sorted(set(unit_ids) - done)


def lock(unit_ids: Collection[int]) -> list[int]:
    """Lock the units' rows (PostgreSQL; in a transaction) in the order of their ids; the
    ids of those that exist. Whoever writes or deletes a unit's duties takes its lock
    first, so two of them (a reader, the daily command, a change, a deletion) wait for
    each other and never deadlock."""
    found = Unit.objects.select_for_update().filter(pk__in=unit_ids).order_by("pk")
    return list(found.values_list("pk", flat=True))


def refresh(unit_ids: Collection[int], on: date, *, every: bool = False) -> int:
    """Compute again the rows of those of these units that are stale (``every``: of all
    of them); how many were.

    The units are locked first (:func:`lock`), so a change committing meanwhile deletes
    the new stamp after this commits, and two readers never both write a unit.
    """
    if not unit_ids:
        return 0
    with transaction.atomic():
        ids = lock(unit_ids)
        if not every:
            ids = stale(ids, on)
        if not ids:
            return 0
        units = list(Unit.objects.filter(pk__in=ids).order_by("pk"))
        rows = duty_rows(units, on)
        UnitDuty.objects.filter(unit_id__in=ids).delete()
        UnitDutyStamp.objects.filter(unit_id__in=ids).delete()
        UnitDuty.objects.bulk_create(rows, batch_size=500)
        version = rules_version()
        UnitDutyStamp.objects.bulk_create(
            [UnitDutyStamp(unit=u, on=on, rules=version) for u in units], batch_size=500
        )
        summarise()
    return len(ids)


def changed(unit_ids: Iterable[int | None]) -> None:
    """Something these units' duties are computed from changed: their rows are stale from
    this transaction on, and are computed again once it commits (a failure there is
    logged; the next reader computes them)."""
    ids = sorted({pk for pk in unit_ids if pk is not None})
    if not ids:
        return
    with transaction.atomic():  # the lock needs a transaction, also for a save in autocommit
        lock(ids)
        UnitDutyStamp.objects.filter(unit_id__in=ids).delete()
        transaction.on_commit(lambda: refresh(ids, timezone.localdate()), robust=True)


def deleting(unit_id: int) -> None:
    """A unit is being deleted (before Django deletes what refers to it): its duties go
    first, under its lock, so the deletion never deadlocks with a recomputation of the
    unit, and rows a recomputation wrote after the deletion listed the unit's rows do not
    outlive the unit (its deletion would fail); the summary goes without them in the same
    transaction."""
    with transaction.atomic():
        lock([unit_id])
        UnitDuty.objects.filter(unit_id=unit_id).delete()
        UnitDutyStamp.objects.filter(unit_id=unit_id).delete()
        summarise()


@dataclass(frozen=True)
class Lag:
    """How many units have something overdue in a network, and the first day overdue
    and id of the :data:`LONGEST` overdue the longest, longest first."""

    units: int
    longest: list[tuple[date, int]]


def lagging(duties: QuerySet[UnitDuty]) -> dict[tuple[int | None, str], Lag]:
    """Per site and network of the rows' units, who has something overdue: one query,
    a row per lagging unit and network."""
    firsts = (
        duties.filter(overdue=True)
        .exclude(network_id="")
        .order_by()
        .values_list("unit__site_id", "network_id", "unit_id")
        .annotate(first=Min("urgency"))  # the day overdue since
    )
    found: dict[tuple[int | None, str], list[tuple[date, int]]] = defaultdict(list)
    for site_id, network_id, unit_id, first in firsts:
        found[(site_id, network_id)].append((first, unit_id))
    return {key: Lag(len(units), heapq.nsmallest(LONGEST, units)) for key, units in found.items()}


def by_network(lags: Iterable[tuple[str, Lag]]) -> dict[str, Lag]:
    """Several sites' lags per network added up (a unit has one site)."""
    per_network: dict[str, list[Lag]] = defaultdict(list)
    for network_id, lag in lags:
        per_network[network_id].append(lag)
    return {
        network_id: Lag(
            sum(lag.units for lag in of_sites),
            heapq.nsmallest(LONGEST, (unit for lag in of_sites for unit in lag.longest)),
        )
        for network_id, of_sites in per_network.items()
    }


def network_lags(duties: QuerySet[UnitDuty]) -> dict[str, Lag]:
    """Per network, who lags among the rows' units, their sites added up."""
    return by_network((network, lag) for (_site, network), lag in lagging(duties).items())


def summarise() -> None:
    """The stored summary (DutySummary) computed again from every stored row, in the
    transaction that wrote them: per site and network, how many duties and who lags. One
    writer at a time (PostgreSQL's advisory lock, taken after the units' locks,
    :func:`lock`): a second waits for the first to commit, then reads its rows, so
    neither's rows are left out."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SUMMARY_LOCK])
        lags = lagging(UnitDuty.objects.all())
        counts = (
            UnitDuty.objects.order_by()
            .values_list("unit__site_id", "network_id")
            .annotate(duties=Count("pk"))
        )
        rows = []
        for site_id, network_id, duties in counts:
            lag = lags.get((site_id, network_id), Lag(0, []))
            rows.append(
                DutySummary(
                    site_id=site_id,
                    network_id=network_id,
                    duties=duties,
                    lagging=lag.units,
                    longest=[[unit_id, first.isoformat()] for first, unit_id in lag.longest],
                )
            )
        DutySummary.objects.all().delete()
        DutySummary.objects.bulk_create(rows)


@dataclass(frozen=True)
class Summary:
    """How many duties some sites' units have stored, and per network who lags."""

    duties: int
    lagging: dict[str, Lag]


def stored_summary(sites: Collection[Any]) -> Summary:
    """The duties of these sites' units counted and who lags among them, as
    :func:`summarise` stored them: the same as counting their current duties and
    :func:`lagging`, read from a row per site and network."""
    rows = list(DutySummary.objects.filter(of_sites_condition(sites)))
    return Summary(
        duties=sum(row.duties for row in rows),
        lagging=by_network(
            (
                row.network_id,
                Lag(row.lagging, [(date.fromisoformat(day), unit) for unit, day in row.longest]),
            )
            for row in rows
            if row.lagging
        ),
    )


def current_duties(units: QuerySet[Unit], on: date) -> QuerySet[UnitDuty]:
    """These units' duties on ``on``, most urgent first and then by unit slug (as the
    database collates it), which an index keeps: the first 100 of 16,500 rows are read,
    not sorted. Only the stale units are computed (the units given as a query, so 3,000
    ids never travel as parameters)."""
    fresh = fresh_stamps(on).values("unit_id")
    refresh(list(units.exclude(pk__in=fresh).values_list("pk", flat=True)), on)
    return UnitDuty.objects.filter(unit__in=units.values("pk")).order_by(
        "-overdue", "urgency", "unit_slug", "pk"
    )


def texts_of(row: UnitDuty) -> dict[str, Any]:
    """The row's texts in the active language, else in the site's default one, else in
    any it holds: a row written under other languages or by other code (a worker of the
    previous release, until the reader recomputes it) still shows."""
    found = row.texts
    preferred = (translation.get_language(), settings.LANGUAGE_CODE, *found)
    texts: dict[str, Any] = next((found[code] for code in preferred if code in found), {})
    return {name: texts.get(name) for name in TEXTS}


def as_item(row: UnitDuty) -> DueItem:
    """A stored row as the panel shows it, in the active language."""
    return DueItem(
        unit=row.unit.slug,
        status=Status.OVERDUE if row.overdue else Status.PENDING,
        source=row.source,
        due=row.due,
        since=row.since,
        open_due=row.open_due,
        basis=row.basis,
        network_id=row.network_id or None,
        obligation=row.obligation or None,
        has_form=row.has_form,
        act_url=row.act_url or None,
        **texts_of(row),
    )
