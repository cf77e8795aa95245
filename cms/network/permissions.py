"""Unit sections are the network's frame in the page tree: only those who manage the network
make and remove them.

A unit's section (its page under *Units*) is where the unit's group may publish, provisioned
from the network (cms.network.access). Were coordinators able to add one themselves, they
would publish there unmoderated; so only whoever may add units to the network (the portal
administrators) adds, deletes or moves unit sections.
"""

from __future__ import annotations

from typing import Any

from cms.core.permissions import ProposalPermissionTester

MANAGE_SECTIONS = "network.add_unit"


def may_manage_sections(user: Any) -> bool:
    return bool(user.has_perm(MANAGE_SECTIONS))


class UnitIndexPermissionTester(ProposalPermissionTester):
    """Units' index: only unit sections go below it."""

    def can_add_subpage(self) -> bool:
        return may_manage_sections(self.user) and super().can_add_subpage()


class UnitSectionPermissionTester(ProposalPermissionTester):
    """A unit's section: its coordinators publish in it but do not delete or move it."""

    def can_delete(self, ignore_bulk: bool = False) -> bool:
        return may_manage_sections(self.user) and super().can_delete(ignore_bulk)
