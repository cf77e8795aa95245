"""Measurements entered by units and approved by the portal administrators."""

from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "cms.indicators"
    label = "indicators"
    verbose_name = "Indicators"
