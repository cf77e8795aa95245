"""The REST API: programmes with indicator status, units, measurements."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "cms.api"
    label = "okcore_api"
    verbose_name = _("API")
