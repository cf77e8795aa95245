"""What a unit's public page shows: contact points and contacts (if public), tasks, and
the sections the apps above the network add (its news, its events:
:data:`UNIT_PAGE_SECTIONS`)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cms.core.city import site_programmes
from cms.core.extensions import page_sections
from cms.core.registry import text

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


def unit_context(page: Any, request: Any) -> dict[str, Any]:
    unit = page.unit
    # City staff (anyone who may use the admin) see every coordinator and every contact. The
    # public sees only the people who agreed to be contact points (351/2026 §5), and the
    # unit's own contact if the unit made it public.
    staff = bool(request and request.user.has_perm("wagtailadmin.access_admin"))
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
