"""The page tree's frame: one home page per language, with index pages below."""

from __future__ import annotations

from typing import TypeVar

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from cms.core.models import HomePage

P = TypeVar("P", bound=Page)

HOME_TITLES = {"pl": "Otwarty Kraków", "en": "Open Kraków", "uk": "Відкритий Краків"}


def locales() -> list[Locale]:
    """The site's locales, Polish first, created if missing."""
    found = []
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        locale, _ = Locale.objects.get_or_create(language_code=code)
        found.append(locale)
    return found


def publish(page: Page) -> None:
    page.save_revision(log_action=True).publish(log_action=True)


def translation_of(page: P, locale: Locale, title: str) -> P:
    """The page's translation in ``locale``, created (and published) from the source if missing."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        translation: P = existing.specific
        return translation
    copy: P = page.copy_for_translation(locale, copy_parents=True).specific
    copy.title = title
    publish(copy)
    return copy


@transaction.atomic
def ensure_home() -> dict[str, HomePage]:
    """Home pages for every language, the Polish one as the default site's root."""
    source_locale, *others = locales()
    site = Site.objects.filter(is_default_site=True).first()
    home = HomePage.objects.filter(locale=source_locale).first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(title=HOME_TITLES["pl"], slug="home-pl", locale=source_locale)
        root.add_child(instance=home)
        publish(home)
        welcome = Page.objects.filter(depth=2, content_type__model="page").first()
        if site is None:
            site = Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Otwarty Kraków",
            )
        else:
            site.root_page = home
            site.save()
        if welcome is not None and not welcome.get_children().exists():
            welcome.delete()
    homes = {source_locale.language_code: home}
    for locale in others:
        code = locale.language_code
        homes[code] = translation_of(home, locale, HOME_TITLES.get(code, home.title))
    return homes


def ensure_child(parent: Page, model: type[P], title: str, slug: str) -> P:
    """The first child of ``parent`` of this type, created and published if missing."""
    existing: P | None = model.objects.child_of(parent).first()
    if existing is not None:
        return existing
    child: P = model(title=title, slug=slug, locale=parent.locale)
    parent.add_child(instance=child)
    publish(child)
    return child
