"""Who may generate, approve and publish a programme's report: SZ of the programme's site
(its portal administrators, 3487/2023 §4), never a coordinator, an editor or another
city's SZ."""

from __future__ import annotations

from typing import Any

from cms.core.city import programme_site_id
from cms.core.registry import registry
from cms.core.roles import administered_sites


def managed_programmes(user: Any) -> list[str]:
    """The ids of the programmes whose report the user manages, in id order (the sites
    from the cities' snapshot: no query per programme, 150 of them on one site in the
    bench)."""
    if not user.is_authenticated or not user.has_perm("reports.manage_report"):
        return []
    sites = {site.pk for site in administered_sites(user)}
    return [
        program.id
        for program in sorted(registry().programs.values(), key=lambda p: p.id)
        if programme_site_id(program) in sites
    ]


def may_manage(user: Any, program_id: str) -> bool:
    return program_id in managed_programmes(user)
