from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The programme's annual report to the Council: generated, edited, approved, published."""

    name = "cms.reports"
    label = "reports"
    default_auto_field = "django.db.models.BigAutoField"
