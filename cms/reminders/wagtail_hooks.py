"""The account settings' panel where a user turns off the mails they may do without
(the language of every mail is Wagtail's own preference, on the same page)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab

from cms.core.extensions import register_hook
from cms.reminders.models import MailPreference


class MailPreferenceForm(forms.ModelForm[MailPreference]):
    class Meta:
        model = MailPreference
        fields = ["advance", "approved", "submitted", "digest"]


@register_hook("register_account_settings_panel")
class MailPreferencePanel(BaseSettingsPanel):
    name = "okcore_mail"
    title = _("E-mails from the portal")
    tab = notifications_tab
    order = 200
    help_text = _(
        "Mails on a due date, while a duty is overdue and when SZ returns your submission "
        "are always sent: they ask you to act."
    )

    def get_form(self) -> MailPreferenceForm:
        instance = MailPreference.objects.filter(user=self.user).first() or MailPreference(
            user=self.user
        )
        data: Any = self.request.POST if self.request.method == "POST" else None
        return MailPreferenceForm(data, instance=instance, prefix=self.name)
