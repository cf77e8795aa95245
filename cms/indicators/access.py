"""Which measurements a user may enter: only for indicators whose tasks name their unit.

SZ's portal administrators (who may approve measurements) may enter any; a unit's
coordinators and deputies only for their units, and only for indicators of tasks that
list the unit as implementer (Table 1 of the programme).
"""

from __future__ import annotations

from functools import cache

from django.db.models import QuerySet
from wagtail.permission_policies.base import ModelPermissionPolicy

from cms.core.registry import registry
from cms.network.compliance import units_for
from cms.network.models import Unit


@cache
def indicators_for_unit(slug: str) -> frozenset[str]:
    """'programme/indicator' keys of indicators whose tasks list the unit as implementer."""
    found = set()
    for program in registry().programs.values():
        for goal in program.goals:
            implementing = {
                t.number for t in goal.tasks if any(p.unit == slug for p in t.implementers)
            }
            for indicator in goal.indicators:
                if implementing & set(indicator.tasks):
                    found.add(f"{program.id}/{indicator.id}")
    return frozenset(found)


def is_approver(user) -> bool:  # type: ignore[no-untyped-def]
    return bool(user.has_perm("indicators.approve_measurement"))


def entry_units(user) -> QuerySet[Unit]:  # type: ignore[no-untyped-def]
    if is_approver(user):
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=[u.pk for u in units_for(user)])


def may_enter(user, unit: Unit | None, indicator: str) -> bool:  # type: ignore[no-untyped-def]
    if is_approver(user):
        return True
    if unit is None or not user.has_perm("indicators.add_measurement"):
        return False
    return entry_units(user).filter(pk=unit.pk).exists() and indicator in indicators_for_unit(
        unit.slug
    )


class MeasurementPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to the user's units for anyone who cannot approve."""

    def user_has_permission_for_instance(self, user, action, instance):  # type: ignore[no-untyped-def]
        if not self.user_has_permission(user, action):
            return False
        if is_approver(user):
            return True
        if action == "view":  # what the listing shows: the user's units' measurements
            return entry_units(user).filter(pk=instance.unit_id).exists()
        if action in ("change", "delete") and instance.status not in ("draft", "returned"):
            return False  # submitted and approved values are SZ's to change
        return may_enter(user, instance.unit, instance.indicator)

    def instances_user_has_any_permission_for(self, user, actions):  # type: ignore[no-untyped-def]
        queryset = super().instances_user_has_any_permission_for(user, actions)
        if is_approver(user):
            return queryset
        return queryset.filter(unit__in=entry_units(user))
