"""What one may do to pages where one may only propose (3487/2023 §4 pt 2, 351/2026 §4 ust. 1 pt 2).

Coordinators and deputies may add and change pages, without publishing them, in programme
news and events and in other units' sections: what they write there goes to moderation.
Wagtail, though, lets whoever may add or change pages somewhere also delete and move the
*unpublished* pages there (drafts, proposals waiting in moderation, other people's work),
and copy them to where they may publish. Here every page type asks this tester instead:
deleting and moving need the right to publish at the page, moving also at the destination,
and a page one may not publish is not copied to where one may.
"""

from __future__ import annotations

from typing import Any

from wagtail.models import Page, PagePermissionTester


def may_publish(tester: PagePermissionTester) -> bool:
    """Whether the tester's user may publish at the tester's page (not only propose there)."""
    user = tester.user
    return bool(user.is_active and (user.is_superuser or "publish" in tester.permissions))


class ProposalPermissionTester(PagePermissionTester):
    """Where one may only propose, one may edit and submit for moderation, nothing more."""

    def can_delete(self, ignore_bulk: bool = False) -> bool:
        # Wagtail's can_move is can_delete(ignore_bulk=True): moving away follows too.
        return may_publish(self) and super().can_delete(ignore_bulk)

    def can_move_to(self, destination: Page) -> bool:
        return super().can_move_to(destination) and may_publish(
            destination.permissions_for_user(self.user)
        )

    def can_copy_to(self, destination: Page, recursive: bool = False) -> bool:
        return super().can_copy_to(destination, recursive) and (
            may_publish(self) or not may_publish(destination.permissions_for_user(self.user))
        )


class SitePermissions:
    """Mixed into every page type of the site, ahead of ``Page``: Wagtail asks its tester."""

    permission_tester_class: type[PagePermissionTester] = ProposalPermissionTester

    def permissions_for_user(self, user: Any) -> PagePermissionTester:
        return self.permission_tester_class(user, self)
