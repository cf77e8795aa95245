from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The programme's annual report to the Council: generated, edited, approved, published."""

    name = "cms.reports"
    label = "reports"
    default_auto_field = "django.db.models.BigAutoField"
    #: SZ generates, approves and publishes the report of its own site's programmes
    #: (cms.reports.access); read by cms.core.roles.
    administrator_permissions = ("reports.manage_report",)
    #: The public page lists the report and its files.
    public_content = True

    def ready(self) -> None:
        # Django's documented way to connect a signals module's receivers: import it in ready().
        from cms.reports import signals  # noqa: F401
