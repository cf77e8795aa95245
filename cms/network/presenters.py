"""What a unit's public page shows: contact points and contacts (if public), tasks, and
the sections the apps above the network add (its news, its events:
:data:`UNIT_PAGE_SECTIONS`)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from wagtail.models import Site

from cms.core.city import site_programmes
from cms.core.extensions import page_sections
from cms.core.registry import text
from cms.core.roles import staff_sites

#: Hook name: ``(unit_page, request) -> PageSection`` adding a section (the unit's news, its
#: events) to a unit's page; registered by the apps above the network in wagtail_hooks.py.
UNIT_PAGE_SECTIONS = "okcore_unit_page_sections"


def unit_tasks(unit: Any) -> list[dict[str, Any]]:
    """The tasks naming the unit (a network.Unit), in the programmes of the site that shows
    it: slugs are one namespace, so another city's programme naming the same slug means
    another unit."""
    found = []
    for program in site_programmes(unit.shown_on()):
        for goal in program.goals:
            for task in goal.tasks:
                if any(p.unit == unit.slug for p in [*task.implementers, *task.partners]):
                    found.append(
                        {
                            "uid": program.task_uid(goal, task),
                            "number": f"{goal.number}.{task.number}",
                            "title": text(task.title),
                        }
                    )
    return found


def city_staff(user: Any, unit: Any) -> bool:
    """Whether the user works for the unit's city: its portal administrator or editor
    (cms.core.roles.staff_sites), or designated today for one of its units (as
    cms.network.compliance.units_for); a superuser for every city. Another city's staff
    are the public here."""
    site: Site | None = unit.shown_on()
    if user is None or not user.is_authenticated or site is None:
        return False
    if not user.has_perm("wagtailadmin.access_admin"):
        return False
    if any(mine.pk == site.pk for mine in staff_sites(user)):
        return True
    # The models import this module: the unit's own managers reach its designations.
    designations = unit.coordinators.model.objects.valid_on(timezone.localdate())
    units = type(unit).objects.of_site(site)
    return bool(designations.filter(user=user, unit__in=units).exists())


def unit_context(page: Any, request: Any) -> dict[str, Any]:
    unit = page.unit
    # The city's staff (city_staff) see every coordinator and every contact. The public, and
    # another city's staff, see only the people who agreed to be contact points (351/2026
    # §5), and the unit's own contact if the unit made it public.
    staff = bool(request and city_staff(request.user, unit))
    today = timezone.localdate()
    designated = unit.coordinators.valid_on(today).order_by("network", "role")
    shown = list(designated if staff else designated.public_contacts(today))
    return {
        "coordinators": shown,
        "not_shown": designated.count() - len(shown),
        "show_unit_contact": unit.contact_public or staff,
        "tasks": unit_tasks(unit),
        "sections": page_sections(UNIT_PAGE_SECTIONS, page, request),
    }
