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

from cms.core.models import CitySettings
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
    language, by page model. Every site's standing groups are brought up to date: a
    further city takes the first one's page permissions from the root to its own homes
    (cms.core.roles)."""
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
    for each in Site.objects.order_by("-is_default_site", "pk"):
        ensure_groups(each)
    return indexes


@transaction.atomic
def add_city_site(hostname: str, port: int = 80, city: str = "") -> tuple[Site, bool]:
    """A further city's site on ``hostname`` (created if missing, else found and kept),
    its city's name in its settings (cms.core.city: the programmes naming that city go
    there); :func:`set_up_site` then gives it its pages and groups. Returns the site and
    whether it was created."""
    if not Site.objects.filter(is_default_site=True).exists():
        set_up_site()  # the first city's site comes first, on localhost until renamed
    site = Site.objects.filter(hostname=hostname, port=port).first()
    created = site is None
    if site is None:
        site = Site(hostname=hostname, port=port, site_name=city or hostname)
        site.root_page = Page.get_first_root_node()  # ensure_home gives it a home
        site.save()
    if city:
        own, _ = CitySettings.objects.get_or_create(site=site)
        if own.city.get("pl") != city:
            own.city = {**own.city, "pl": city}
            own.save()
    return site, created
