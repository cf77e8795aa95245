"""Units, coordinators and activity records in the admin; the due panel on the admin home."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.network.compliance import due_items, units_for
from cms.network.models import ActivityRecord, Coordinator, Unit


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "group"
    list_display = ["name_pl", "code", "established", "dissolved", "contact_public"]
    search_fields = ["name_pl", "code"]


class CoordinatorViewSet(SnippetViewSet):
    model = Coordinator
    icon = "user"
    list_display = ["name", "role", "unit", "network", "valid_from", "valid_to"]
    list_filter = ["network", "role", "unit"]


class ActivityRecordViewSet(SnippetViewSet):
    model = ActivityRecord
    icon = "date"
    list_display = ["unit", "kind", "date", "network"]
    list_filter = ["network", "kind", "unit"]


class NetworkGroup(SnippetViewSetGroup):
    items = (UnitViewSet, CoordinatorViewSet, ActivityRecordViewSet)
    menu_icon = "group"
    menu_label = _("Coordinator network")
    menu_name = "network"
    menu_order = 200


register_snippet(NetworkGroup)


class DuePanel(Component):
    """What is due and overdue for the user's units (all units for SZ), from okcore."""

    name = "okcore_due"
    order = 50

    def __init__(self, request: Any) -> None:
        self.request = request

    def render_html(self, parent_context: Any = None) -> SafeString:
        units = units_for(self.request.user)
        today = timezone.localdate()
        return SafeString(
            render_to_string(
                "network/due_panel.html",
                {"items": due_items(units, today) if units else [], "units": units, "today": today},
                request=self.request,
            )
        )


@hooks.register("construct_homepage_panels")
def add_due_panel(request: Any, panels: list[Any]) -> None:
    panels.insert(0, DuePanel(request))


@hooks.register("register_log_actions")
def access_log_actions(actions: Any) -> None:
    actions.register_action(
        "okcore.access.granted", _("Unit access granted"), _("Unit access granted")
    )
    actions.register_action(
        "okcore.access.revoked", _("Unit access revoked"), _("Unit access revoked")
    )
