"""Risk re-assessments with their history."""

from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "cms.risks"
    label = "risks"
    verbose_name = "Risks"
