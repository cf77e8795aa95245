"""Site frame: home page, languages, shared templates; the admin's user accounts."""

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig

from cms.core.checks import cities_named_once, plugins_installed


class CoreConfig(AppConfig):
    name = "cms.core"
    label = "core"
    verbose_name = _("Core")
    default = True
    #: The home page and the city settings (cms.core.extensions: their changes invalidate
    #: the page cache).
    public_content = True
    administrator_permissions = (
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        # Accounts of coordinators and editors; never superusers (cms.core.users).
        "auth.add_user",
        "auth.change_user",
    )
    editor_permissions = (
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
    )
    #: Translating pages with wagtail-localize: a unit's coordinators and deputies in their
    #: section (cms.core.translating limits it to where one may publish; the standing
    #: groups get it from cms.core.roles.grant_translating).
    unit_group_permissions = ("wagtail_localize.submit_translation",)

    def ready(self) -> None:
        checks.register(plugins_installed)
        checks.register(cities_named_once, checks.Tags.database)
        # Django's documented way to connect a signals module's receivers: import it in
        # ready() (it also installs cms.core.workflow_names, which reads Wagtail's models).
        from cms.core import signals  # noqa: F401


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with the site's user forms and views (cms.core.users)."""

    user_viewset = "cms.core.users.UserViewSet"
