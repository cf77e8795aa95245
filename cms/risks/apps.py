"""Risk re-assessments with their history."""

from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "cms.risks"
    label = "risks"
    verbose_name = "Risks"
    #: Declarations read by cms.core.extensions (page cache, the portal's roles).
    public_content = True
    administrator_permissions = (
        "risks.add_riskassessment",
        "risks.change_riskassessment",
        "risks.view_riskassessment",
    )
