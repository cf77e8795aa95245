"""E-mail to coordinators and SZ: reminders of duties and notices of review steps."""

from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "cms.reminders"
    label = "reminders"
    verbose_name = "Reminders"

    def ready(self) -> None:
        # The notices listen to the review histories' post_save (cms.reminders.notices).
        from cms.reminders import notices  # noqa: F401
