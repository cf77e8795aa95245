"""Deliveries in the admin: their pages, the "Deliveries" menu item, a unit's "Duties"
button in the unit listing, and the audit log's actions."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton

from cms.core.extensions import register_hook
from cms.deliveries import views
from cms.network.models import Unit


@register_hook("register_admin_urls")
def delivery_urls() -> list[URLPattern]:
    return [
        path("deliveries/", views.delivery_list, name="delivery_list"),
        path("deliveries/deliver/", views.deliver, name="delivery_deliver"),
        path("deliveries/<int:pk>/", views.edit, name="delivery_edit"),
        path("deliveries/<int:pk>/review/", views.review, name="delivery_review"),
        path("deliveries/attachments/<int:pk>/", views.attachment, name="delivery_attachment"),
        path("deliveries/unit/<slug:slug>/", views.unit_duties, name="unit_duties"),
    ]


class DeliveriesMenuItem(MenuItem):
    """Shown to those who see deliveries: units' coordinators and SZ."""

    def is_shown(self, request: Any) -> bool:
        return bool(request.user.has_perm("deliveries.view_delivery"))


@register_hook("register_admin_menu_item")
def deliveries_menu_item() -> MenuItem:
    return DeliveriesMenuItem(
        _("Deliveries"), reverse("delivery_list"), icon_name="mail", order=220
    )


@register_hook("register_snippet_listing_buttons")
def unit_duties_button(snippet: Any, user: Any, next_url: str | None = None) -> list[ListingButton]:
    """The unit's duties and deliveries, for its coordinators and SZ of its city."""
    if not isinstance(snippet, Unit) or not views.sees_unit(user, snippet):
        return []
    return [ListingButton(_("Duties"), reverse("unit_duties", args=[snippet.slug]), priority=30)]


@register_hook("register_log_actions")
def delivery_log_actions(actions: Any) -> None:
    for status, label in (
        ("submitted", _("Delivery submitted")),
        ("acknowledged", _("Delivery acknowledged")),
        ("returned", _("Delivery returned")),
    ):
        actions.register_action(f"okcore.delivery.{status}", label, label)
