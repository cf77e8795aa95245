"""Site frame: home page, languages, shared templates."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cms.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from cms.core import cache  # noqa: F401  (connects the invalidation signals)
