"""Programme, goal, task and indicator pages synced from okcore."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "cms.programmes"
    label = "programmes"
    verbose_name = _("Programmes")
    #: Its pages show on the public site (cms.core.extensions: changes invalidate the cache).
    public_content = True
