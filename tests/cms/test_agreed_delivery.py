"""Material handed in for moderation carries two dates (issue 14, point 18): the delivery
agreed in advance with the administrators (351/2026 §4 ust. 2 "termin dostarczenia") and
the go-live date; the approvers see both."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import pytest
from clock import WARSAW, days
from django.core.exceptions import ValidationError
from django.utils import translation
from site_setup import client_for


def test_approvers_see_the_agreed_delivery_and_the_go_live_date(site: dict[str, Any]) -> None:
    page = site["pages"]["other"]["pl"]  # culture's news: education only proposes there
    page.agreed_delivery_on = days(3)
    page.go_live_at = datetime.combine(days(10), time(9), tzinfo=WARSAW)
    page.save_revision()
    html = client_for("admin", site).get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'name="agreed_delivery_on"' in html
    assert days(3).isoformat() in html
    assert days(10).isoformat() in html


def test_agreed_delivery_after_go_live_is_refused(site: dict[str, Any]) -> None:
    page = site["pages"]["own"]["pl"]
    page.agreed_delivery_on = days(11)
    page.go_live_at = datetime.combine(days(10), time(9), tzinfo=WARSAW)
    with translation.override("en"), pytest.raises(ValidationError, match="after the go-live date"):
        page.full_clean()
