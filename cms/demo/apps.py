"""The demo: invented content for trying the site out, never for a real city's data."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "cms.demo"
    label = "demo"
    verbose_name = _("Demo")
