"""The events app's receivers, connected when its ready() imports this module."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Site
from wagtail.signals import page_published, page_unpublished

from cms.core.languages import language_codes
from cms.events.feeds import full_pages, home_uid_domain, write_texts
from cms.events.models import EventPage, EventText


@receiver(page_published, sender=EventPage)
def write_published_event(sender: Any, instance: EventPage, **kwargs: Any) -> None:
    """Write the published version in every language a feed may show it in, so that no
    feed has to; texts for other UID domains (a private feed's) are written by the feed."""
    EventText.objects.filter(page=instance).forget()
    page = full_pages(EventPage.objects.filter(pk=instance.pk)).get()
    write_texts([page], language_codes(), home_uid_domain(page))


@receiver(page_unpublished, sender=EventPage)
def forget_unpublished_event(sender: Any, instance: EventPage, **kwargs: Any) -> None:
    EventText.objects.filter(page=instance).forget()


@receiver([post_save, post_delete], sender=Site)
def forget_every_text(sender: Any, **kwargs: Any) -> None:
    """A site's host name, port and root page are in its events' addresses, which no text
    records (a page's own path does, cms.events.feeds.feed_rows); sites change rarely, so
    every text goes and the next feeds write them again."""
    EventText.objects.all().forget()
