"""Which measurements a user may enter: only for indicators whose tasks name their unit.

SZ's portal administrators (who may approve measurements) may enter any of their own
city's; a unit's coordinators and deputies only for their units, and only for indicators
of tasks that list the unit as implementer (Table 1 of the programme). Either way only
indicators of the programmes served where the unit is shown: unit slugs are one namespace,
so another city's programme naming a slug says nothing about this city's unit.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Left, StrIndex
from django.db.models.lookups import In
from wagtail.models import Site
from wagtail.permission_policies.base import ModelPermissionPolicy

from cms.core.city import site_programmes
from cms.core.registry import registry
from cms.core.roles import administered_sites
from cms.network.compliance import units_for
from cms.network.models import Unit
from okcore.program import Program


def key_prefix(field: str) -> Left:
    """A stored key up to its first ``/`` (``Program.uid_prefix``: which programme it is
    of), computed by the database; empty for a key without one."""
    return Left(field, StrIndex(field, Value("/")))


def indicators_for_unit(slug: str, site: Site | None) -> frozenset[str]:
    """Keys of indicators whose tasks list the unit as implementer, in the programmes of
    the site that shows the unit (``unit.shown_on()``)."""
    return _implemented(slug, tuple(program.id for program in site_programmes(site)))


@cache
def _implemented(slug: str, programmes: tuple[str, ...]) -> frozenset[str]:
    found = set()
    for program_id in programmes:
        program = registry().programs[program_id]
        for goal in program.goals:
            implementing = {
                t.number for t in goal.tasks if any(p.unit == slug for p in t.implementers)
            }
            for indicator in goal.indicators:
                if implementing & set(indicator.tasks):
                    found.add(program.indicator_uid(indicator))
    return frozenset(found)


def is_approver(user: Any) -> bool:
    return bool(user.has_perm("indicators.approve_measurement"))


def entry_units(user: Any) -> QuerySet[Unit]:
    """The units whose values the user may enter: SZ's, their cities' units."""
    if is_approver(user):
        return Unit.objects.of_sites(administered_sites(user))
    return Unit.objects.filter(pk__in=[u.pk for u in units_for(user)])


def entry_programmes(user: Any) -> list[Program]:
    """The programmes whose indicators the user may enter: those of SZ's cities, or of the
    sites that show the user's units."""
    if is_approver(user):
        sites = administered_sites(user)
    else:
        sites = list({s.pk: s for u in units_for(user) if (s := u.shown_on())}.values())
    return [program for site in sites for program in site_programmes(site)]


def _of_units_site(unit: Unit, indicator: str) -> bool:
    """Whether the indicator is of a programme served where the unit is shown."""
    return any(indicator.startswith(p.uid_prefix) for p in site_programmes(unit.shown_on()))


def may_enter(user: Any, unit: Unit | None, indicator: str) -> bool:
    if is_approver(user):
        return approves(user, unit, indicator)
    if unit is None or not user.has_perm("indicators.add_measurement"):
        return False
    return entry_units(user).filter(pk=unit.pk).exists() and indicator in indicators_for_unit(
        unit.slug, unit.shown_on()
    )


def of_sites(sites: list[Site]) -> Q:
    """The measurements of these cities' sites: their units' values, and the values with
    no unit of the programmes they serve (one condition on the key's programme part, not
    one per programme: 150 of them on one site in the bench)."""
    served = [program.uid_prefix for site in sites for program in site_programmes(site)]
    return Q(unit__in=Unit.objects.of_sites(sites)) | Q(
        In(key_prefix("indicator"), served), unit__isnull=True
    )


def approves(user: Any, unit: Unit | None, indicator: str) -> bool:
    """Whether the value is in an approver's own city (:func:`approvable`, for one value):
    a unit of the city's, and an indicator of a programme served where the unit is shown
    (also for a superuser: another city's indicator is no value of this unit's)."""
    if unit is not None and not _of_units_site(unit, indicator):
        return False
    if user.is_superuser:
        return True
    sites = administered_sites(user)
    if unit is not None:
        return Unit.objects.of_sites(sites).filter(pk=unit.pk).exists()
    return any(indicator.startswith(p.uid_prefix) for s in sites for p in site_programmes(s))


def approvable(user: Any) -> Q:
    """What an approver sees: every value for a superuser, their own cities' for SZ."""
    return Q() if user.is_superuser else of_sites(administered_sites(user))


class MeasurementPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to the user's units for anyone who cannot approve."""

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Any) -> bool:
        if not self.user_has_permission(user, action):
            return False
        if is_approver(user):
            return approves(user, instance.unit, instance.indicator)
        if action == "view":  # what the listing shows: the user's units' measurements
            return entry_units(user).filter(pk=instance.unit_id).exists()
        if action in ("change", "delete") and instance.status not in ("draft", "returned"):
            return False  # submitted and approved values are SZ's to change
        return may_enter(user, instance.unit, instance.indicator)

    def instances_user_has_any_permission_for(self, user: Any, actions: list[str]) -> Any:
        queryset = super().instances_user_has_any_permission_for(user, actions)
        if is_approver(user):
            return queryset.filter(approvable(user))
        return queryset.filter(unit__in=entry_units(user))
