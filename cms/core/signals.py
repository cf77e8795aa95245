"""The core app's receivers, connected when its ready() imports this module."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.images.models import AbstractRendition
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.core.cache import invalidate, tree_changed
from cms.core.extensions import public_content_apps
from cms.core.models import CitySettings
from cms.core.translating import follow_into_translation  # noqa: F401  (its receiver)
from cms.core.workflow_names import install as install_workflow_names


@receiver([post_save, post_delete], sender=Site)
@receiver([post_save, post_delete], sender=CitySettings)
@receiver([post_save, post_delete], sender=get_image_model())
def cities_changed(sender: Any, **kwargs: Any) -> None:
    """A site, a city's settings or an image (perhaps a logo, whose deletion empties the
    settings' field without saving them) changed: what cms.core.city answers (kept under
    the shared generation) must follow."""
    invalidate()


#: wagtailcore's models that public pages show or depend on; its others (revisions,
#: workflow states, comments, logs, the reference index) are the editors' alone.
WAGTAILCORE_PUBLIC_MODELS = frozenset(
    {"site", "locale", "collection", "pageviewrestriction", "collectionviewrestriction"}
)


#: What saving a draft (``Page.save_revision``), a revision's arrival from moderation
#: and locking write on a page: its editors' state, not what is live.
DRAFT_FIELDS = frozenset(
    {
        "wagtail_admin_comments",
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)
#: Set on a page before a save that leaves it not live: whether it was live until then.
WAS_LIVE = "_okcore_was_live"


def _draft_only(update_fields: Any) -> bool:
    return update_fields is not None and frozenset(update_fields) <= DRAFT_FIELDS


@receiver(pre_save, dispatch_uid="okcore-cache-page-was-live")
def page_about_to_be_saved(
    sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any
) -> None:
    """A save taking a page off the site (wagtail-localize's conversion to an alias
    writes ``live=False`` without an unpublish signal) must invalidate like an unpublish:
    the database says whether it was live."""
    if (
        isinstance(instance, Page)
        and not instance.live
        and instance.pk is not None
        and not _draft_only(update_fields)
    ):
        setattr(instance, WAS_LIVE, Page.objects.filter(pk=instance.pk, live=True).exists())


def shown_to_visitors(instance: Any, deleted: bool, update_fields: Any = None) -> bool:
    """Whether saving or deleting ``instance`` can change what a visitor without a session
    sees. A model says so with a ``shown_to_visitors()`` method (cms.core.review's
    reviewed objects do); by default every change of a public content app counts."""
    if isinstance(instance, Page):
        # A page's live fields are on the site while it is live, also when it has a draft
        # pending (okcore_sync writes titles and slugs under an editor's draft). Saving the
        # draft, a revision or a lock writes DRAFT_FIELDS only; a page never published is
        # not on the site; publishing and unpublishing send signals of their own.
        if deleted:
            return True
        if _draft_only(update_fields):
            return False
        return bool(instance.live or getattr(instance, WAS_LIVE, False))
    if isinstance(instance, AbstractRendition):
        return False  # made while a page renders: not a change of content
    if instance._meta.app_label == "wagtailcore":
        return instance._meta.model_name in WAGTAILCORE_PUBLIC_MODELS
    check = getattr(instance, "shown_to_visitors", None)
    return bool(check()) if callable(check) else True


def site_of_path(url_path: str) -> int | None:
    """The site whose tree holds the page at ``url_path`` (its root or a translation of
    the root is an ancestor), from Wagtail's cached list of site roots; None for a page
    outside every site."""
    for root in Site.get_site_root_paths():  # most specific first
        if url_path.startswith(root.root_path):
            return int(root.site_id)
    return None


def invalidate_pages(*url_paths: str) -> None:
    """Drop the copies of the sites holding these pages; for a page no site holds, every
    site's (the safe side: such a page has no site generation to bump)."""
    for site_id in {site_of_path(path) for path in url_paths}:
        invalidate(site_id)


@receiver([page_published, page_unpublished], dispatch_uid="okcore-cache-pages")
def page_published_or_unpublished(sender: Any, instance: Page, **kwargs: Any) -> None:
    invalidate_pages(instance.url_path)


@receiver(post_page_move, dispatch_uid="okcore-cache-page-moves")
def page_moved(sender: Any, url_path_before: str, url_path_after: str, **kwargs: Any) -> None:
    invalidate_pages(url_path_before, url_path_after)


@receiver(post_save, dispatch_uid="okcore-page-tree-added")
def page_added(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """A page of any type, live or a draft, joins the tree (what the admin counts)."""
    if created and isinstance(instance, Page):
        tree_changed()


@receiver(post_delete, sender=Page, dispatch_uid="okcore-page-tree-deleted")
@receiver(post_page_move, dispatch_uid="okcore-page-tree-moved")
def page_deleted_or_moved(sender: Any, **kwargs: Any) -> None:
    """A page leaves the tree (a page of any type is deleted with its Page row, which this
    hears) or moves, perhaps into another site's."""
    tree_changed()


@receiver([post_save, post_delete], dispatch_uid="okcore-cache-content")
def content_changed(sender: Any, instance: Any, signal: Any, **kwargs: Any) -> None:
    """A change to the data of an app that declares ``public_content`` (cms.core.extensions)
    empties the cached public pages (cms.core.cache), unless no visitor sees it: a page's
    copies of its own site, anything else every site's."""
    if (
        sender._meta.app_label not in public_content_apps()
        or kwargs.get("raw")
        or not shown_to_visitors(instance, signal is post_delete, kwargs.get("update_fields"))
    ):
        return
    if isinstance(instance, Page):
        invalidate_pages(instance.url_path)
    else:
        invalidate()


# The standing workflow's and task's names read in the reader's language (imported from
# ready(), like every receiver here, once Wagtail's models are loaded).
install_workflow_names()
