"""The accessibility statement and the privacy notice of each site, in every language."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "cms.legal"
    label = "legal"
    verbose_name = _("Accessibility statement and privacy notice")
    #: Read by cms.core.extensions: its pages invalidate the page cache.
    public_content = True
