"""E-mail to coordinators and SZ: reminders of duties and notices of review steps."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "cms.reminders"
    label = "reminders"
    verbose_name = _("Reminders")

    def ready(self) -> None:
        # The notices of review steps listen to the histories' post_save (Django's idiom).
        from cms.reminders import signals  # noqa: F401
