"""The REST API: programmes with indicator status, units, measurements."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cms.api"
    label = "okcore_api"
    verbose_name = "API"
