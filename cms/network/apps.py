"""Units, coordinators and deputies, activity records, the due panel."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "cms.network"
    label = "network"
    verbose_name = _("Coordinator network")
    #: Declarations read by cms.core.extensions (page cache, the portal's roles) and
    #: cms.network.access (what a unit's group may do, where it proposes pages).
    public_content = True
    administrator_permissions = (
        "network.add_unit",
        "network.change_unit",
        "network.view_unit",
        "network.add_coordinator",
        "network.change_coordinator",
        "network.view_coordinator",
        "network.delete_coordinator",
        "network.add_activityrecord",
        "network.change_activityrecord",
        "network.view_activityrecord",
    )
    unit_group_permissions = (
        "wagtailadmin.access_admin",
        "network.view_unit",
        "network.view_coordinator",
        # Units deliver (cms.deliveries); SZ's acknowledgement makes the record.
        "network.view_activityrecord",
    )
    proposal_index_pages = ("network.UnitIndexPage",)

    def ready(self) -> None:
        # Django's documented way to connect a signals module's receivers: import it in ready().
        from cms.network import signals

        signals.connect_index_pages()
