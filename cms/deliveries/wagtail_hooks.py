"""Deliveries in the admin: the audit log's actions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from cms.core.extensions import register_hook


@register_hook("register_log_actions")
def delivery_log_actions(actions: Any) -> None:
    for status, label in (
        ("submitted", _("Delivery submitted")),
        ("acknowledged", _("Delivery acknowledged")),
        ("returned", _("Delivery returned")),
    ):
        actions.register_action(f"okcore.delivery.{status}", label, label)
