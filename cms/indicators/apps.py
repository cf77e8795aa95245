"""Measurements entered by units and approved by the portal administrators."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "cms.indicators"
    label = "indicators"
    verbose_name = _("Indicators")
    #: Declarations read by cms.core.extensions (page cache, the portal's roles) and
    #: cms.network.access (what a unit's group may do).
    public_content = True
    administrator_permissions = (
        "indicators.add_measurement",
        "indicators.change_measurement",
        "indicators.delete_measurement",
        "indicators.view_measurement",
        "indicators.approve_measurement",
    )
    unit_group_permissions = (
        "indicators.add_measurement",
        "indicators.change_measurement",
        "indicators.delete_measurement",
        "indicators.view_measurement",
    )

    def ready(self) -> None:
        # Django's documented way to connect a signals module's receivers: import it in ready().
        from cms.indicators import signals  # noqa: F401
