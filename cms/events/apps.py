"""Programme events."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "cms.events"
    label = "events"
    verbose_name = _("Events")
    #: Declarations read by cms.core.extensions (its pages invalidate the page cache) and
    #: cms.network.access (coordinators propose programme events here, moderated).
    public_content = True
    proposal_index_pages = ("events.EventIndexPage",)

    def ready(self) -> None:
        # Django's documented way to connect a signals module's receivers: import it in ready().
        from cms.events import signals  # noqa: F401
