"""Units, coordinators and deputies, activity records, the due panel."""

from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "cms.network"
    label = "network"
    verbose_name = "Coordinator network"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from cms.events.models import EventIndexPage
        from cms.network import signals
        from cms.network.models import UnitIndexPage
        from cms.news.models import NewsIndexPage

        for model in (NewsIndexPage, EventIndexPage, UnitIndexPage):
            post_save.connect(
                signals.index_page_created, sender=model, dispatch_uid=f"okcore-{model.__name__}"
            )
