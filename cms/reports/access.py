"""Who may generate, approve and publish a programme's report: SZ of the programme's site
(its portal administrators, 3487/2023 §4), never a coordinator, an editor or another
city's SZ."""

from __future__ import annotations

from typing import Any

from cms.core.city import site_programmes
from cms.core.roles import administered_sites


def managed_programmes(user: Any) -> list[str]:
    """The ids of the programmes whose report the user manages, in id order (each site's
    programmes as kept: no query per programme, 150 of them on one site in the bench)."""
    if not user.is_authenticated or not user.has_perm("reports.manage_report"):
        return []
    return sorted(
        program.id for site in administered_sites(user) for program in site_programmes(site)
    )


def may_manage(user: Any, program_id: str) -> bool:
    return program_id in managed_programmes(user)
