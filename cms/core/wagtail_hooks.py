"""Bulk actions on user accounts follow the same rules as the forms (cms.core.users); the
Help menu's link to the project's guide for editors."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import FileResponse, Http404, HttpRequest
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

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


def editors_guide(request: HttpRequest) -> FileResponse:
    """This installation's guide for editors, as the Markdown text it is written in."""
    guide = settings.OKCORE_EDITORS_GUIDE_FILE
    if not guide.is_file():
        raise Http404
    return FileResponse(guide.open("rb"), content_type="text/plain; charset=utf-8")


def editors_guide_urls() -> list[URLPattern]:
    return [path("editors-guide/", editors_guide, name="okcore_editors_guide")]


class EditorsGuideMenuItem(MenuItem):
    """Shown where there is a guide: the setting's address or the installation's file."""

    def is_shown(self, request: HttpRequest) -> bool:
        return (
            bool(settings.OKCORE_EDITORS_GUIDE_URL) or settings.OKCORE_EDITORS_GUIDE_FILE.is_file()
        )

    def render_component(self, request: HttpRequest) -> Any:
        # Wagtail makes the Help menu's items once: the address is read when shown.
        self.url = settings.OKCORE_EDITORS_GUIDE_URL or reverse("okcore_editors_guide")
        return super().render_component(request)


def editors_guide_menu_item() -> MenuItem:
    """In the Help menu, before Wagtail's own (general) guide."""
    return EditorsGuideMenuItem(
        gettext_lazy("Guide for the portal's editors"),
        "",
        icon_name="help",
        order=900,
        name="okcore-editors-guide",
        attrs={"target": "_blank", "rel": "noreferrer"},
    )


hooks.register("register_admin_urls", editors_guide_urls)
hooks.register("register_help_menu_item", editors_guide_menu_item)

# Translating within one's own sections (cms.core.translating): its views ahead of
# wagtail-localize's at the same addresses, its buttons in place of wagtail-localize's.
hooks.register("register_admin_urls", admin_urls, order=-1)
replace_localize_buttons()
