"""The core app's receivers, connected when its ready() imports this module."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.images.models import AbstractRendition
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.core.cache import invalidate
from cms.core.city import forget_cities
from cms.core.extensions import public_content_apps
from cms.core.models import CitySettings
from cms.core.translating import follow_into_translation  # noqa: F401  (its receiver)
from cms.core.workflow_names import install as install_workflow_names


@receiver([post_save, post_delete], sender=Site)
@receiver([post_save, post_delete], sender=CitySettings)
@receiver([post_save, post_delete], sender=get_image_model())
def cities_changed(sender: Any, **kwargs: Any) -> None:
    """A site, a city's settings or an image (perhaps a logo, whose deletion empties the
    settings' field without saving them) changed: what cms.core.city answers must follow."""
    forget_cities()


#: wagtailcore's models that public pages show or depend on; its others (revisions,
#: workflow states, comments, logs, the reference index) are the editors' alone.
WAGTAILCORE_PUBLIC_MODELS = frozenset(
    {"site", "locale", "collection", "pageviewrestriction", "collectionviewrestriction"}
)


def shown_to_visitors(instance: Any, deleted: bool) -> bool:
    """Whether saving or deleting ``instance`` can change what a visitor without a session
    sees. A model says so with a ``shown_to_visitors()`` method (cms.core.review's
    reviewed objects do); by default every change of a public content app counts."""
    if isinstance(instance, Page):
        # A draft (a save leaving unpublished changes, or of a page never published) is not
        # on the site; publishing and unpublishing send signals of their own.
        return deleted or (instance.live and not instance.has_unpublished_changes)
    if isinstance(instance, AbstractRendition):
        return False  # made while a page renders: not a change of content
    if instance._meta.app_label == "wagtailcore":
        return instance._meta.model_name in WAGTAILCORE_PUBLIC_MODELS
    check = getattr(instance, "shown_to_visitors", None)
    return bool(check()) if callable(check) else True


@receiver([page_published, page_unpublished, post_page_move], dispatch_uid="okcore-cache-pages")
def page_published_unpublished_or_moved(sender: Any, **kwargs: Any) -> None:
    invalidate()


@receiver([post_save, post_delete], dispatch_uid="okcore-cache-content")
def content_changed(sender: Any, instance: Any, signal: Any, **kwargs: Any) -> None:
    """A change to the data of an app that declares ``public_content`` (cms.core.extensions)
    empties the cached public pages (cms.core.cache), unless no visitor sees it."""
    if (
        sender._meta.app_label in public_content_apps()
        and not kwargs.get("raw")
        and shown_to_visitors(instance, deleted=signal is post_delete)
    ):
        invalidate()


# The standing workflow's and task's names read in the reader's language (imported from
# ready(), like every receiver here, once Wagtail's models are loaded).
install_workflow_names()
