"""Who may deliver, see and acknowledge what (3487/2023 §2–§3, 351/2026 §2–§3).

A unit's coordinators and deputies deliver for their own unit, in the network they are
designated in, while the designation is valid; SZ's portal administrators see their own
cities' deliveries and acknowledge or return them, never a submission of their own. The
admin and the API both ask here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from cms.core.roles import administered_sites
from cms.deliveries.models import Delivery
from cms.network.models import Coordinator, Unit


def designations(user: Any) -> QuerySet[Coordinator]:
    """The user's designations valid today (none for an anonymous user)."""
    if not user.is_authenticated:
        return Coordinator.objects.none()
    return Coordinator.objects.valid_on(timezone.localdate()).filter(
        user=user, unit__in=Unit.objects.all()
    )


def may_deliver(user: Any, unit: Unit, network: str) -> bool:
    """Designated today for this unit in this network, and allowed to change deliveries."""
    return bool(user.has_perm("deliveries.add_delivery")) and (
        designations(user).filter(unit=unit, network=network).exists()
    )


def reviewed_units(user: Any) -> QuerySet[Unit]:
    """The units whose deliveries the user acknowledges: every unit for a superuser, their
    own cities' for SZ, none for anyone else."""
    if not user.has_perm("deliveries.acknowledge_delivery"):
        return Unit.objects.none()
    if user.is_superuser:
        return Unit.objects.all()
    return Unit.objects.of_sites(administered_sites(user))


def may_review(user: Any, delivery: Delivery) -> bool:
    """SZ of the unit's city, and not the person who submitted it (four eyes)."""
    if delivery.submitted_by_id is not None and delivery.submitted_by_id == user.pk:
        return False
    return reviewed_units(user).filter(pk=delivery.unit_id).exists()


def visible_deliveries(user: Any) -> QuerySet[Delivery]:
    """SZ sees its cities' deliveries; a coordinator or deputy their units' in their
    networks; nobody else any."""
    mine = Q(pk__in=[])
    for unit_id, network in designations(user).values_list("unit_id", "network"):
        mine |= Q(unit_id=unit_id, network=network)
    return Delivery.objects.filter(mine | Q(unit__in=reviewed_units(user)))
