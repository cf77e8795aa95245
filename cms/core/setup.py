"""What a city's site needs before its first login, with no demo data in it.

Locales, a home page per language with the index pages below it
(``settings.OKCORE_INDEX_PAGES``), the site's address, the standing groups with their
permissions and the moderation workflow. Idempotent: a second run finds everything in place
and saves nothing. ``okcore_setup`` runs it; ``load_demo`` builds its demo on it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from cms.core.roles import ensure_groups
from cms.core.site import ensure_child, ensure_home, locales, publish, translation_of


def _in_menu(page: Page) -> None:
    if not page.show_in_menus:
        page.show_in_menus = True
        publish(page)


def _address_site() -> None:
    """Wagtail's migrations leave a placeholder, ``localhost`` port 80; a site that still has it
    takes its address from ``WAGTAILADMIN_BASE_URL``, so that the full addresses in its pages
    (each page's other languages) name the site itself, over HTTPS in production."""
    site = Site.objects.filter(is_default_site=True).first()
    url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    if site is None or (site.hostname, site.port) != ("localhost", 80) or not url.hostname:
        return
    site.hostname = url.hostname
    site.port = url.port or (443 if url.scheme == "https" else 80)
    site.save()


@transaction.atomic
def set_up_site(site: Site | None = None) -> dict[type[Page], Page]:
    """Set a site up (default: the default site); return its index pages in the source
    language, by page model."""
    homes = ensure_home(site)
    if site is None:
        _address_site()
    source, *others = locales()
    indexes: dict[type[Page], Page] = {}
    for label, slug, titles in settings.OKCORE_INDEX_PAGES:
        model = apps.get_model(label)
        index = ensure_child(homes[source.language_code], model, titles[source.language_code], slug)
        _in_menu(index)
        for locale in others:
            _in_menu(translation_of(index, locale, titles[locale.language_code]))
        indexes[model] = index
    ensure_groups()
    return indexes
