"""Programme, goal, task and indicator pages synced from okcore."""

from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "cms.programmes"
    label = "programmes"
    verbose_name = "Programmes"
    #: Its pages show on the public site (cms.core.extensions: changes invalidate the cache).
    public_content = True
