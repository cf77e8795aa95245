"""Programme, goal, task and indicator pages synced from okcore."""

from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "cms.programmes"
    label = "programmes"
    verbose_name = "Programmes"
