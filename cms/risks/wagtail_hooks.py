from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.risks.forms import RiskAssessmentForm
from cms.risks.models import RiskAssessment


class RiskAssessmentViewSet(SnippetViewSet):
    model = RiskAssessment
    icon = "warning"
    menu_label = _("Risk re-assessments")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["risk", "rating", "assessed_on", "assessed_by"]
    edit_handler = ObjectList(RiskAssessment.panels, base_form_class=RiskAssessmentForm)
    list_filter = ["risk"]


register_snippet(RiskAssessmentViewSet)
