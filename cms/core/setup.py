"""What a city's site needs before its first login, with no demo data in it.

Locales, a home page per language with the index pages below it
(``settings.OKCORE_INDEX_PAGES``) and the pages every footer links to, the accessibility
statement and the privacy notice (``settings.OKCORE_FOOTER_PAGES``, cms.legal), the site's
address, the standing groups with their permissions and the moderation workflow.
Idempotent: a second run finds everything in place and saves nothing. ``okcore_setup``
runs it; ``load_demo`` builds its demo on it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from wagtail.models import Page, Site

from cms.core.models import CitySettings
from cms.core.roles import ensure_groups
from cms.core.site import ensure_child, ensure_home, locales, publish, translation_of
from cms.core.translating import synchronise_locales


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
    synchronise_locales(source, others)
    indexes: dict[type[Page], Page] = {}
    for label, slug, titles in settings.OKCORE_INDEX_PAGES:
        model = apps.get_model(label)
        index = ensure_child(homes[source.language_code], model, titles[source.language_code], slug)
        _in_menu(index)
        for locale in others:
            _in_menu(translation_of(index, locale, titles[locale.language_code]))
        indexes[model] = index
    for label, texts in settings.OKCORE_FOOTER_PAGES:
        slug, title = texts[source.language_code]
        page = ensure_child(homes[source.language_code], apps.get_model(label), title, slug)
        for locale in others:
            slug, title = texts[locale.language_code]
            translation_of(page, locale, title, slug)
    for each in Site.objects.order_by("-is_default_site", "pk"):
        ensure_groups(each)
    return indexes


class CitySetupError(Exception):
    """What ``okcore_setup --hostname`` refuses, said so that the administrator can act."""


def _site_on(hostname: str, port: int | None) -> Site | None:
    """The site on this host name: one city per host name, whatever its port (the first
    city's may be on 443 behind nginx). A different ``port`` given for a host name that is
    already a site is a mistake, not a second site."""
    sites = list(Site.objects.filter(hostname=hostname).order_by("port"))
    exact = next((site for site in sites if site.port == port), None)
    if exact is not None or not sites:
        return exact
    ports = ", ".join(str(site.port) for site in sites)
    if port is not None:
        raise CitySetupError(
            f"{hostname} is already a site on port {ports}: leave out --port to set that "
            "site up, or change its port in Settings → Sites first"
        )
    if len(sites) > 1:
        raise CitySetupError(f"{hostname} is a site on ports {ports}: give --port")
    return sites[0]


def _named(site: Site) -> bool:
    own = CitySettings.objects.filter(site=site).first()
    return own is not None and any(str(name).strip() for name in own.city.values())


@transaction.atomic
def add_city_site(hostname: str, port: int | None = None, city: str = "") -> tuple[Site, bool]:
    """A further city's site on ``hostname`` (created on ``port``, default 80, if no site
    has that host name, else found and kept), its city's name in its settings
    (cms.core.city: the programmes naming that city go there); :func:`set_up_site` then
    gives it its pages and groups. Returns the site and whether it was created.

    Raises CitySetupError for a further city with no city's name (it would show no
    programme), a city another site already names, or a host name on another port."""
    if not Site.objects.filter(is_default_site=True).exists():
        set_up_site()  # the first city's site comes first, on localhost until renamed
    site = _site_on(hostname, port)
    if not city and (site is None or not (site.is_default_site or _named(site))):
        raise CitySetupError(
            f"--city: name the city of {hostname} as its programmes name it (e.g. "
            "--city Lublin); a further city's site without it shows no programme"
        )
    created = site is None
    if site is None:
        site = Site(hostname=hostname, port=port or 80, site_name=city or hostname)
        site.root_page = Page.get_first_root_node()  # ensure_home gives it a home
        site.save()
    if city:
        own, _ = CitySettings.objects.get_or_create(site=site)
        if own.city.get("pl") != city:
            own.city = {**own.city, "pl": city}
            try:
                with translation.override("en"):  # as the command's other messages
                    own.full_clean()
            except ValidationError as error:
                raise CitySetupError(" ".join(error.messages)) from error
            own.save()
    return site, created
