"""Bulk actions on user accounts follow the same rules as the forms (cms.core.users)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from wagtail import hooks

from cms.core.translating import admin_urls, replace_localize_buttons
from cms.core.users import assignable_groups, may_manage_account, refusal, superusers_only


def guard_user_bulk_actions(request: Any, _action_type: str, objects: Any, action: Any) -> Any:
    """Not a superuser: no bulk action on a superuser or on an account with a role in a
    city the user does not administer, no role outside the standing groups."""
    if action.model is not get_user_model() or request.user.is_superuser:
        return None
    if any(account.is_superuser for account in objects):
        return superusers_only(request)
    if any(not may_manage_account(request.user, account) for account in objects):
        return refusal(request, _("An account with a role in another city is not yours to change."))
    role = action.cleaned_form.cleaned_data.get("role")
    if role is not None and not assignable_groups(request.user).filter(pk=role.pk).exists():
        return refusal(
            request,
            _(
                "A unit's group follows the coordinator network, and groups other than the "
                "portal administrators and editors are given by a superuser."
            ),
        )
    return None


# Registered by call, not as a decorator: Wagtail's untyped decorator would untype the function.
hooks.register("before_bulk_action", guard_user_bulk_actions)

# Translating within one's own sections (cms.core.translating): its views ahead of
# wagtail-localize's at the same addresses, its buttons in place of wagtail-localize's.
hooks.register("register_admin_urls", admin_urls, order=-1)
replace_localize_buttons()
