"""Site frame: home page, languages, shared templates; the admin's user accounts."""

from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class CoreConfig(AppConfig):
    name = "cms.core"
    label = "core"
    verbose_name = "Core"
    default = True

    def ready(self) -> None:
        from cms.core import cache  # noqa: F401  (connects the invalidation signals)


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with the site's user forms and views (cms.core.users)."""

    user_viewset = "cms.core.users.UserViewSet"
