"""Deliveries: what units send SZ to fulfil their duties, and SZ's acknowledgement."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveriesConfig(AppConfig):
    name = "cms.deliveries"
    label = "deliveries"
    verbose_name = _("Deliveries")
    #: Declarations read by cms.core.extensions (the portal's roles) and cms.network.access
    #: (what a unit's group may do). Who may deliver for which unit is narrowed further
    #: by cms.deliveries.access.
    administrator_permissions = (
        "deliveries.view_delivery",
        "deliveries.acknowledge_delivery",
    )
    unit_group_permissions = (
        "deliveries.add_delivery",
        "deliveries.change_delivery",
        "deliveries.view_delivery",
    )
