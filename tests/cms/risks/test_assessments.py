"""A risk re-assessment records who rated the risk (the register's audit trail)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from admin_forms import form_data
from clock import days
from django.test import Client

from cms.risks.models import RiskAssessment

pytestmark = pytest.mark.django_db
ASSESSMENTS = "/admin/snippets/risks/riskassessment/"


def test_a_re_assessment_records_and_lists_who_made_it(client: Client, make_user: Any) -> None:
    administrator = make_user("szadmin", "admins")
    client.force_login(administrator)
    html = client.get(f"{ASSESSMENTS}add/").content.decode()
    data = form_data(
        html,
        None,
        risk="open-krakow-2024-2028/risk-1",
        rating="5",
        assessed_on=days(-1).isoformat(),
        note="Nowe dane z punktu informacyjnego.",
    )
    assert client.post(f"{ASSESSMENTS}add/", data).status_code == 302
    assessment = RiskAssessment.objects.get()
    assert (assessment.rating, assessment.assessed_by) == (5, administrator)
    listing = client.get(ASSESSMENTS).content.decode()
    assert re.search(r"<td[^>]*>\s*szadmin\s*</td>", listing), "no 'assessed by' column"
