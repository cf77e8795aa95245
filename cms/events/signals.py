"""The events app's receivers, connected when its ready() imports this module."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.core.languages import language_codes
from cms.events.feeds import full_pages, home_uid_domain, write_texts
from cms.events.models import EventPage, EventText


@receiver(page_published, sender=EventPage)
def write_published_event(sender: Any, instance: EventPage, **kwargs: Any) -> None:
    """Write the published version in every language a feed may show it in, so that no
    feed has to; texts for other UID domains (a private feed's) are written by the feed."""
    EventText.objects.filter(page=instance).delete()
    page = full_pages(EventPage.objects.filter(pk=instance.pk)).get()
    write_texts([page], language_codes(), home_uid_domain(page))


@receiver(page_unpublished, sender=EventPage)
def forget_unpublished_event(sender: Any, instance: EventPage, **kwargs: Any) -> None:
    EventText.objects.filter(page=instance).delete()


@receiver(post_page_move)
def forget_moved_events(sender: Any, instance: Page, **kwargs: Any) -> None:
    """A move changes the URL in the texts of the page and every event below it without a
    publish; the next feed writes them again."""
    EventText.objects.filter(
        page__in=EventPage.objects.descendant_of(instance, inclusive=True)
    ).delete()
