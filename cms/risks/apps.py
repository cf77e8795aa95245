"""Risk re-assessments with their history."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "cms.risks"
    label = "risks"
    verbose_name = _("Risks")
    #: Declarations read by cms.core.extensions (page cache, the portal's roles).
    public_content = True
    administrator_permissions = (
        "risks.add_riskassessment",
        "risks.change_riskassessment",
        "risks.view_riskassessment",
    )

    def ready(self) -> None:
        # Django's documented way to connect a signals module's receivers: import it in ready().
        from cms.risks import signals  # noqa: F401
