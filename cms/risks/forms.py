"""The re-assessment form records who rated the risk, as measurements and records do."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminModelForm

from cms.risks.models import RiskAssessment


class RiskAssessmentForm(WagtailAdminModelForm):
    def save(self, commit: bool = True) -> RiskAssessment:
        if self.instance._state.adding:
            self.instance.assessed_by = self.for_user
        assessment: RiskAssessment = super().save(commit)
        return assessment
