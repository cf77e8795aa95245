"""The account settings' panel where a user turns off the mails they may do without."""

from __future__ import annotations

import re
from typing import Any

import pytest

from cms.reminders.models import Kind, MailPreference

pytestmark = pytest.mark.django_db


def test_the_account_settings_turn_off_optional_mails(client: Any, make_user: Any) -> None:
    user = make_user("koordynator", "coordinators", email="k@example.org", first_name="Anna")
    client.force_login(user)
    page = client.get("/admin/account/").content.decode()
    assert "E-maile z portalu" in page
    fields = dict(re.findall(r'name="(okcore_mail-\w+)"[^>]*?(checked)?', page))
    kinds = ("advance", "approved", "submitted", "digest")
    assert set(fields) == {f"okcore_mail-{kind}" for kind in kinds}
    form = {
        "name_email-first_name": "Anna",
        "name_email-last_name": "Nowak",
        "name_email-email": "k@example.org",
        "locale-preferred_language": "uk",
        "locale-current_time_zone": "",
        "theme-theme": "system",
        "theme-density": "default",
        "theme-contrast": "system",
        "theme-keyboard_shortcuts": "on",
        "okcore_mail-approved": "on",
        "okcore_mail-submitted": "on",
        "okcore_mail-digest": "on",
    }
    response = client.post("/admin/account/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    preference = MailPreference.objects.get(user=user)
    assert not preference.wants(Kind.ADVANCE)
    assert preference.wants(Kind.APPROVED)
    # Required mails cannot be turned off.
    assert preference.wants(Kind.DUE) and preference.wants(Kind.OVERDUE)
    assert preference.wants(Kind.RETURNED)
