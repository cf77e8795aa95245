"""Translating pages with wagtail-localize, each role within its own sections.

wagtail-localize 1.14 asks one thing before "Translate this page" and "Sync translated
pages", in their buttons and in their views: the global permission
``wagtail_localize.submit_translation`` (``wagtail_localize.wagtail_hooks``,
``views.submit_translations.SubmitTranslationView.dispatch``,
``views.update_translations.UpdateTranslationsView.dispatch``). It never asks where: anyone
holding the permission could have any page of the installation copied into any language
tree, another city's included. Editing a translation afterwards is an ordinary page edit
(``views.edit_translation`` asks the target page's ``can_edit`` and ``can_publish``).

So every standing group and every unit's group holds the permission (declared on
``CoreConfig``, cms.core.extensions), and this module adds the *where*:

- the buttons are shown, and the two views answer (and "Convert to alias", which changes
  the live page, only to whoever may publish it), only to whoever may edit the page and
  may publish where its translation goes: the translation's parent in the other language
  tree (or the translation itself, when it exists as a "translation pending" alias). That
  is the portal administrators and editors on their own site's trees, a unit's
  coordinators and deputies in their unit's section, in every language
  (cms.network.access), and nobody in another city's trees;
- page permissions given to a group on a page follow the page into its translations when
  these are created (a further language's home page, a section translated later), except
  the units' groups, whose page permissions the network provisions (cms.network.access);
- a page created in the admin in the source language (Polish) gets a "translation
  pending" alias in every other language tree at once: wagtail-localize's own tree
  synchronisation (``LocaleSynchronization``, ``wagtail_localize.synctree``), which
  :func:`synchronise_locales` turns on. An alias follows its original: a draft while the
  original is one, published with it, showing its (Polish) text, marked ``lang`` in the
  page (templates/base.html) until someone translates it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.models import GroupPagePermission, Locale, Page
from wagtail.signals import copy_for_translation_done
from wagtail_localize import wagtail_hooks as localize_hooks
from wagtail_localize.models import LocaleSynchronization, TranslationSource
from wagtail_localize.views import convert
from wagtail_localize.views.submit_translations import SubmitPageTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView

from cms.core.permissions import may_publish
from cms.core.roles import TRANSLATE, UNIT_GROUP_PREFIX


def _source(page: Page) -> Page:
    """The page a translation is made from: an alias stands for its original."""
    original = page.alias_of if page.alias_of_id else page
    return original.specific if original is not None else page.specific


def may_translate_into(user: Any, page: Page, locale: Locale) -> bool:
    """Whether ``user`` may translate ``page`` into ``locale``: may edit the page and may
    publish where the translation goes (see the module's docstring)."""
    if not user.is_active or not user.has_perm(TRANSLATE) or locale.pk == page.locale_id:
        return False
    if not page.permissions_for_user(user).can_edit():
        return False
    existing = Page.objects.filter(translation_key=page.translation_key, locale=locale).first()
    if existing is not None:
        tester = existing.specific.permissions_for_user(user)
        return bool(tester.can_edit() and tester.can_publish())
    ancestor = page.get_parent()
    while ancestor is not None and not ancestor.is_root():
        translated = ancestor.get_translation_or_none(locale)
        if translated is not None:
            # wagtail-localize copies the missing parents as aliases under this one.
            tester = translated.specific.permissions_for_user(user)
            return bool(tester.can_add_subpage() and may_publish(tester))
        ancestor = ancestor.get_parent()
    return False


def translatable_locales(user: Any, page: Page) -> list[Locale]:
    """The locales ``user`` may translate ``page`` into that have no translation yet (an
    alias does not count: translating converts it)."""
    source = _source(page)
    done = Page.objects.filter(
        translation_key=source.translation_key, alias_of__isnull=True
    ).values_list("locale_id", flat=True)
    return [
        locale
        for locale in Locale.objects.exclude(pk__in=list(done))
        if may_translate_into(user, source, locale)
    ]


def may_sync(user: Any, source: TranslationSource) -> bool:
    """Whether ``user`` may bring a page's translations up to date ("Sync translated
    pages", with or without publishing them): may edit and publish the original and every
    translation kept in sync, as the translations follow the original's new text. Snippets
    keep wagtail-localize's own rule (the global permission)."""
    if not user.is_active or not user.has_perm(TRANSLATE):
        return False
    instance = source.get_source_instance()
    if not isinstance(instance, Page):
        return True
    pages = [instance] + [
        translation.get_target_instance()
        for translation in source.translations.filter(enabled=True)
    ]
    for page in pages:
        tester = page.specific.permissions_for_user(user)
        if not (tester.can_edit() and tester.can_publish()):
            return False
    return True


class SubmitPageTranslation(SubmitPageTranslationView):
    """wagtail-localize's "Translate this page", offering only the locales the user may
    translate into (and refusing a user who may translate into none)."""

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        page = get_object_or_404(Page, id=kwargs["page_id"]).specific
        if page.is_root() or not translatable_locales(request.user, page):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form(self) -> Any:
        form = super().get_form()
        allowed = [locale.pk for locale in translatable_locales(self.request.user, self.object)]
        field = form.fields["locales"]
        field.queryset = field.queryset.filter(pk__in=allowed)
        if self.request.method == "POST" and self.request.POST.get("include_subtree"):
            # The whole subtree goes into the same trees: the user must be free to edit it.
            for descendant in self.object.get_descendants().specific():
                if not descendant.permissions_for_user(self.request.user).can_edit():
                    raise PermissionDenied
        return form


class SyncTranslations(UpdateTranslationsView):
    """wagtail-localize's "Sync translated pages", for whoever may edit and publish the
    original and all its translations."""

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        source = get_object_or_404(TranslationSource, id=kwargs["translation_source_id"])
        if not may_sync(request.user, source):
            raise PermissionDenied
        try:
            # Publishing runs when the transaction commits (wagtail-localize's save_target):
            # a page type that refuses to publish a revision (an annual report not yet
            # approved) says so in a message, not with a server error after the commit.
            with transaction.atomic():
                return super().dispatch(request, *args, **kwargs)
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
            return redirect(
                reverse("wagtailadmin_pages:edit", args=[source.get_source_instance().pk])
            )


def convert_to_alias(request: Any, page_id: int) -> Any:
    """wagtail-localize's "Convert to alias", which asks only ``can_edit`` though it
    changes the live page at once (the original's text, published or unpublished with
    it): only for whoever may publish the page, not a coordinator who only proposes."""
    page = get_object_or_404(Page, id=page_id).specific
    tester = page.permissions_for_user(request.user)
    if not (tester.can_edit() and tester.can_publish()):
        raise PermissionDenied
    return convert.convert_to_alias(request, page_id)


def admin_urls() -> list[Any]:
    """The three views at wagtail-localize's own addresses, ahead of its patterns (registered
    with a lower order), so that every link to them (``wagtail_localize:…``) comes here."""
    return [
        path(
            "localize/submit/page/<int:page_id>/",
            SubmitPageTranslation.as_view(),
            name="okcore_submit_page_translation",
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            SyncTranslations.as_view(),
            name="okcore_update_translations",
        ),
        path(
            "localize/page/<int:page_id>/convert_to_alias/",
            convert_to_alias,
            name="okcore_convert_to_alias",
        ),
    ]


def translation_buttons(
    page: Page, user: Any, view_name: str | None = None, next_url: str | None = None
) -> Iterator[Any]:
    """wagtail-localize's page buttons, each only to whoever may use it here."""
    source = _source(page)
    translate_url = reverse("wagtail_localize:submit_page_translation", args=[source.pk])
    for button in localize_hooks.page_listing_more_buttons(
        page, user, view_name=view_name, next_url=next_url
    ):
        if button.url == translate_url:
            if translatable_locales(user, page):
                yield button
            continue
        found = TranslationSource.objects.get_for_instance_or_none(page)
        if found is not None and may_sync(user, found):
            yield button


def replace_localize_buttons() -> None:
    """Put :func:`translation_buttons` where wagtail-localize registered its own (Wagtail
    has no hook to filter header buttons, nor a way to unregister a hook)."""
    original = localize_hooks.page_listing_more_buttons
    for name in ("register_page_header_buttons", "register_page_listing_more_buttons"):
        registered = hooks._hooks.get(name, [])
        hooks._hooks[name] = [
            (translation_buttons if fn is original else fn, order) for fn, order in registered
        ]


@receiver(copy_for_translation_done, dispatch_uid="okcore-translations")
def follow_into_translation(sender: Any, target_obj: Any, **kwargs: Any) -> None:
    """A page copied into another language tree (a translation, an alias, a parent copied
    along) gets the page permissions its counterparts in the other trees give to a group,
    as the section it translates is the same section."""
    if not isinstance(target_obj, Page):
        return
    given = (
        GroupPagePermission.objects.filter(page__translation_key=target_obj.translation_key)
        .exclude(page=target_obj)
        .exclude(group__name__startswith=UNIT_GROUP_PREFIX)
        .values_list("group_id", "permission_id")
        .distinct()
    )
    for group_id, permission_id in given:
        GroupPagePermission.objects.get_or_create(
            group_id=group_id, page=target_obj, permission_id=permission_id
        )


def synchronise_locales(source: Locale, others: list[Locale]) -> None:
    """Every other language tree synchronised from the source language's: a page created
    in the admin there gets a "translation pending" alias in each (wagtail-localize's
    ``synctree``). From now on only: saving a ``LocaleSynchronization`` would alias every
    existing page at once (wagtail-localize's ``post_save`` receiver), pages that exist in
    one language on purpose among them, so the rows are made without it."""
    have = set(LocaleSynchronization.objects.values_list("locale_id", flat=True))
    LocaleSynchronization.objects.bulk_create(
        LocaleSynchronization(locale=locale, sync_from=source)
        for locale in others
        if locale.pk != source.pk and locale.pk not in have
    )
