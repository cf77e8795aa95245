"""The page tree's frame: one home page per language, with index pages below."""

from __future__ import annotations

from typing import TypeVar

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site

from cms.core.city import portal_name
from cms.core.models import HomePage

P = TypeVar("P", bound=Page)


def locales() -> list[Locale]:
    """The site's locales, Polish first, created if missing."""
    found = []
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        locale, _ = Locale.objects.get_or_create(language_code=code)
        found.append(locale)
    return found


def publish(page: Page) -> None:
    page.save_revision(log_action=True).publish(log_action=True)


def translation_of(page: P, locale: Locale, title: str, slug: str = "") -> P:
    """The page's translation in ``locale``, created (and published) from the source if
    missing, titled ``title`` (and with ``slug``, if given)."""
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        translation: P = existing.specific
        return translation
    copy: P = page.copy_for_translation(locale, copy_parents=True).specific
    copy.title = title
    copy.slug = slug or copy.slug
    publish(copy)
    return copy


def default_site() -> Site | None:
    return Site.objects.filter(is_default_site=True).first()


@transaction.atomic
def ensure_home(site: Site | None = None) -> dict[str, HomePage]:
    """Home pages for every language of ``site`` (default: the default site, created on
    localhost if there is none), the Polish one the site's root, titled with the portal's
    name (cms.core.city)."""
    source_locale, *others = locales()
    site = site or default_site()
    root_page = site.root_page.specific if site is not None else None
    home = root_page if isinstance(root_page, HomePage) else None
    if home is None:
        welcome = root_page if site is not None else None
        home = HomePage(title="…", slug=_home_slug(site), locale=source_locale)
        Page.get_first_root_node().add_child(instance=home)
        if site is None:
            site = Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True
            )
        else:
            site.root_page = home
            site.save()
        home.title = portal_name(site, source_locale.language_code) or site.hostname
        publish(home)
        if welcome is not None and welcome.depth == 2 and not welcome.get_children().exists():
            welcome.delete()  # Wagtail's "Welcome to your new Wagtail site!"
    homes = {source_locale.language_code: home}
    for locale in others:
        code = locale.language_code
        homes[code] = translation_of(home, locale, portal_name(site, code) or home.title)
    return homes


def _home_slug(site: Site | None) -> str:
    """ "home-pl" for the first site; a further city's home is named after its host."""
    if site is None or site.is_default_site:
        return "home-pl"
    return f"home-{slugify(site.hostname)}-pl"


def ensure_child(parent: Page, model: type[P], title: str, slug: str) -> P:
    """The first child of ``parent`` of this type, created and published if missing."""
    existing: P | None = model.objects.child_of(parent).first()
    if existing is not None:
        return existing
    child: P = model(title=title, slug=slug, locale=parent.locale)
    parent.add_child(instance=child)
    publish(child)
    return child
