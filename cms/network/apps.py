"""Units, coordinators and deputies, activity records, the due panel."""

from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "cms.network"
    label = "network"
    verbose_name = "Coordinator network"
