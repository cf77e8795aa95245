"""Which city a request is for, and what the portal says about it.

One installation may serve several cities: a Wagtail Site per city (its host name, its
home pages) with its CitySettings. A programme belongs to the site whose settings name
the programme's ``city`` (in any language); a programme no site claims belongs to the
default site, so a single-city installation needs no settings at all. Every text has a
default from the site's programmes: a city that installs only its own plugin sees its
own name with no configuration.

The answers come from one snapshot of every site's settings, kept under the shared
generation, which every change of a site or its settings moves (cms.core.signals).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import translation
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page, Site

from cms.core.cache import generation, remembered, shared_generation
from cms.core.languages import in_language
from cms.core.models import CitySettings
from cms.core.registry import Derived
from okcore.program import Program
from okcore.registry import Registry
from okcore.text import LocalizedText

CITIES_KEY = "okcore:cities"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class City:
    """One site's settings as the portal reads them (texts by language code)."""

    site_id: int
    hostname: str
    site_name: str
    is_default: bool
    city: dict[str, str]
    portal_name: dict[str, str]
    footer: dict[str, str]
    uid_domain: str
    contact_email: str = ""
    contact_phone: str = ""
    contact_address: str = ""
    accessibility_contact: str = ""
    logo: Logo | None = None


@dataclass(frozen=True)
class Logo:
    """The logo's rendition as the header shows it (made once, when the snapshot is)."""

    url: str
    width: int
    height: int


#: The logo's size in the header, twice the CSS size for sharp high-density screens.
LOGO_RENDITION = "max-480x120"


def _logo(settings: CitySettings) -> Logo | None:
    """The settings' logo, or None when there is none or its file cannot be read: a bad
    image leaves the name in the header instead of breaking every page."""
    if settings.logo is None:
        return None
    try:
        rendition = settings.logo.get_rendition(LOGO_RENDITION)
        return Logo(rendition.url, rendition.width, rendition.height)
    except Exception:  # any unreadable image: a missing file, a format Pillow refuses
        logger.warning("City logo of site %s cannot be shown", settings.site_id, exc_info=True)
        return None


def _snapshot() -> dict[int, City]:
    """Every site's city, kept while the shared generation (which a change of a site, of
    a city's settings or of an image moves) stands."""
    return remembered(f"{CITIES_KEY}:{shared_generation()}", _read_cities, 24 * 3600)


def _read_cities() -> dict[int, City]:
    city_settings = {s.site_id: s for s in CitySettings.objects.select_related("logo")}
    found: dict[int, City] = {}
    for site in Site.objects.all():
        own = city_settings.get(site.pk)
        found[site.pk] = City(
            site_id=site.pk,
            hostname=site.hostname,
            site_name=site.site_name,
            is_default=site.is_default_site,
            city=dict(own.city) if own else {},
            portal_name=dict(own.portal_name) if own else {},
            footer=dict(own.footer) if own else {},
            uid_domain=own.uid_domain if own else "",
            contact_email=own.contact_email if own else "",
            contact_phone=own.contact_phone if own else "",
            contact_address=own.contact_address if own else "",
            accessibility_contact=own.accessibility_contact if own else "",
            logo=_logo(own) if own else None,
        )
    return found


def _names(text: LocalizedText | None) -> set[str]:
    if text is None:
        return set()
    return {text.get(locale).casefold() for locale in text.locales()} | {text.get().casefold()}


def site_of(request: HttpRequest) -> Site | None:
    """The site the request's host name selects (Wagtail's rule: else the default site)."""
    return Site.find_for_request(request)


def _programme_site_id(program: Program, cities: dict[int, City]) -> int | None:
    names = _names(program.city)
    for city in sorted(cities.values(), key=lambda c: c.site_id):
        if names & {name.casefold() for name in city.city.values() if name}:
            return city.site_id
    return next((c.site_id for c in cities.values() if c.is_default), None)


def programme_site_id(program: Program) -> int | None:
    """The id of the site that shows this programme, from the cities' snapshot (no query)."""
    return _programme_site_id(program, _snapshot())


def programme_site(program: Program) -> Site | None:
    """The site that shows this programme (where okcore_sync puts its pages)."""
    site_id = programme_site_id(program)
    return Site.objects.filter(pk=site_id).first() if site_id is not None else None


def _programmes_by_site(
    loaded: Registry, cities: dict[int, City]
) -> dict[int | None, list[Program]]:
    """Which site serves each programme: worked out once per snapshot of the cities and
    load of the registry, so a page asks nothing of 150 programmes but its own site's
    list."""
    found: dict[int | None, list[Program]] = {}
    for program in sorted(loaded.programs.values(), key=lambda p: p.id):
        found.setdefault(_programme_site_id(program, cities), []).append(program)
    return found


_served_by_site = Derived(_programmes_by_site)


def site_programmes(site: Site | None) -> list[Program]:
    """The installed programmes this site serves, by id."""
    if site is None:
        return []
    return list(_served_by_site(_snapshot()).get(site.pk, []))


PageSet = TypeVar("PageSet", bound=QuerySet[Any])


def in_site(pages: PageSet, site: Site | None) -> PageSet:
    """The pages of this site's trees: its root page and the root's translations (a home
    page per language), with everything below them. No site, no pages."""
    if site is None:
        return pages.none()
    root = site.root_page
    translations = Page.objects.filter(translation_key=root.translation_key).exclude(pk=root.pk)
    mine = Q(path__startswith=root.path)
    for path in translations.values_list("path", flat=True):
        mine |= Q(path__startswith=path)
    return pages.filter(mine)


def _city(site: Site | None) -> City | None:
    return _snapshot().get(site.pk) if site is not None else None


def _language(language: str | None) -> str:
    return (language or translation.get_language() or "pl")[:2]


def city_name(site: Site | None, language: str | None = None) -> str:
    """The city's name: its settings in this language, else as its programmes name it,
    else its settings in Polish."""
    city, code = _city(site), _language(language)
    if city is not None and city.city.get(code):
        return city.city[code]
    named = next((p.city for p in site_programmes(site) if p.city is not None), None)
    if named is not None:  # the first that names it (150 programmes may share the site)
        return named.get(code)
    return in_language(city.city, code) if city is not None else ""


def portal_name(site: Site | None, language: str | None = None) -> str:
    """The portal's name: its settings, else its one programme's (short) title, else the
    city's name, else the site's own name."""
    city, code = _city(site), _language(language)
    if city is not None and city.portal_name:
        return in_language(city.portal_name, code)
    programs = site_programmes(site)
    if len(programs) == 1:
        return (programs[0].short_title or programs[0].title).get(code)
    name = city_name(site, code)
    if name:
        return name
    return city.site_name or city.hostname if city is not None else ""


def footer_text(site: Site | None, language: str | None = None) -> str:
    city = _city(site)
    return in_language(city.footer, _language(language)) if city is not None else ""


def uid_domain(site: Site | None) -> str:
    """What ends calendar UIDs: the site's settings, else OKCORE_UID_DOMAIN, else its host."""
    city = _city(site)
    if city is not None and city.uid_domain:
        return city.uid_domain
    return settings.OKCORE_UID_DOMAIN or (city.hostname if city is not None else "localhost")


def programme_links(site: Site | None, language: str | None = None) -> list[tuple[str, str]]:
    """The site's programmes as the default footer names them: each one's title in
    ``language`` and the address of its page there (a child of the site's home synced
    from it, okcore_id), or "" while it has none. Kept until the content changes."""
    if site is None:
        return []
    code = _language(language)
    key = f"okcore:programme-links:{generation()}:{site.pk}:{code}"

    def read() -> list[tuple[str, str]]:
        pages: dict[str, Page] = {}
        home = Page.objects.filter(
            translation_key=site.root_page.translation_key, locale__language_code=code
        ).first()
        if home is not None:
            for page in home.get_children().live().specific():
                pages.setdefault(getattr(page, "okcore_id", ""), page)
        links = []
        for program in site_programmes(site):
            page = pages.get(program.id)
            url = page.get_url(current_site=site) if page is not None else ""
            links.append(((program.short_title or program.title).get(code), url or ""))
        return links

    return remembered(key, read, 3600)


def programme_items(site: Site | None, language: str | None = None) -> SafeString:
    """The footer's list of the site's programmes (:func:`programme_links`) as HTML list
    items, rendered once per content generation: a site of 150 programmes would otherwise
    loop over them in the template on every page."""
    code = _language(language)

    def render() -> SafeString:
        items = [
            format_html('<li><a href="{}">{}</a></li>', url, title)
            if url
            else format_html("<li>{}</li>", title)
            for title, url in programme_links(site, code)
        ]
        return mark_safe("".join(items))  # each item escaped by format_html

    if site is None:
        return SafeString("")
    return remembered(f"okcore:programme-items:{generation()}:{site.pk}:{code}", render, 3600)


class CityContext:
    """What templates read as ``city``: the texts in the active language and the contact
    from the cached snapshot; ``settings`` (the model) is read from the database only
    when a template asks for it."""

    def __init__(self, site: Site | None) -> None:
        self.site = site
        self.portal_name = portal_name(site)
        self.city = city_name(site)
        self.footer = footer_text(site)
        own = _city(site)
        self.contact_email = own.contact_email if own else ""
        self.contact_phone = own.contact_phone if own else ""
        self.contact_address = own.contact_address if own else ""
        self.accessibility_contact = (own.accessibility_contact if own else "") or (
            self.contact_email
        )
        self.logo = own.logo if own else None

    @cached_property
    def programmes(self) -> list[tuple[str, str]]:
        """(title, address) of each programme the site serves (programme_links)."""
        return programme_links(self.site)

    @cached_property
    def programme_items(self) -> SafeString:
        """The same as the footer's list items (programme_items)."""
        return programme_items(self.site)

    @cached_property
    def settings(self) -> CitySettings | None:
        found: CitySettings | None = (
            CitySettings.objects.filter(site=self.site).select_related("logo").first()
        )
        return found


def city(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``city`` for every template, computed only when one reads it."""
    return {"city": SimpleLazyObject(lambda: CityContext(site_of(request)))}
