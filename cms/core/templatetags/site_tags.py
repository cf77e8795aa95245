"""Language switcher, hreflang links and the main menu, for every page template; the head
links and page sections the feature apps add (cms.core.extensions)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, override
from wagtail.models import Page, Site

from cms.core.cache import generation, remembered, remembered_in_site
from cms.core.city import site_of
from cms.core.extensions import PageSection, head_links
from cms.core.extensions import footer_links as collect_footer_links  # the tag's name

register = template.Library()

LANGUAGE_NAMES = dict(settings.LANGUAGES)


@register.simple_tag(takes_context=True, name="head_links")
def head_links_tag(context: template.Context) -> SafeString:
    """The apps' ``<link>`` elements for the page's head (hook ``HEAD_LINKS``)."""
    return head_links(context.get("request"), context.get("page"))


@register.simple_tag(takes_context=True)
def render_section(context: template.Context, section: PageSection) -> SafeString:
    """An app's section, rendered by its own template with the page's context and its own,
    as ``{% include %}`` would."""
    fragment = template.Engine.get_default().get_template(section.template)
    with context.push(section.context):
        return fragment.render(context)


def _site(request: HttpRequest | None, page: Page | None = None) -> Site | None:
    """The request's site; without a request, the page's own."""
    if request is not None:
        return site_of(request)
    return page.get_site() if page is not None and getattr(page, "pk", None) else None


def _homes(site: Site | None) -> dict[str, Page]:
    """The site's live home page of each language (its root page and the root's
    translations), kept until the content changes.

    Each city's own: one installation serves several cities (cms.core.city), and a page
    must never link to another city's home. Every page shows them.
    """
    if site is None:
        return {}

    def read() -> dict[str, Page]:
        live = Page.objects.live().filter(translation_key=site.root_page.translation_key)
        return {home.locale.language_code: home for home in live.select_related("locale")}

    return remembered(f"okcore:homes:{generation()}:{site.pk}", read, 3600)


def _translations(context: template.Context, page: Page | None) -> dict[str, Page]:
    """The live page in each language: the page's own translation, else that language's
    home on the site. Read once per rendering: the hreflang links and the language
    switcher both show them."""
    key = f"okcore:translations:{getattr(page, 'pk', None)}"
    found: dict[str, Page] | None = context.render_context.get(key)
    if found is None:
        found = context.render_context[key] = _read_translations(
            page, _site(context.get("request"), page)
        )
    return found


def _read_translations(page: Page | None, site: Site | None) -> dict[str, Page]:
    found: dict[str, Page] = {}
    homes = _homes(site)
    if page is not None and getattr(page, "pk", None):
        found.update(_live_translations(page))
    for code, _name in settings.LANGUAGES:
        if code not in found and code in homes:
            found[code] = homes[code]
    return found


def _live_translations(page: Page) -> dict[str, Page]:
    """The page's live translations (itself included) by language, kept until the content
    changes: only a publish or an unpublish changes them, as it does the cached pages."""

    def read() -> dict[str, Page]:
        live = page.get_translations(inclusive=True).live().select_related("locale")
        return {translation.locale.language_code: translation for translation in live}

    return remembered(f"okcore:live-translations:{generation()}:{page.pk}", read, 3600)


def absolute_url(request: HttpRequest | None, page: Page) -> str:
    """The page's full address on the host actually serving the request (the site's
    recorded host name may be a placeholder, or one of several names it answers to); a
    page of another site keeps that site's address. Without a request: the site's."""
    if request is None:
        return page.get_full_url() or ""
    url = page.get_url(request)
    return request.build_absolute_uri(url) if url else ""


@register.simple_tag(takes_context=True)
def alternate_links(context: template.Context, page: Page) -> SafeString:
    """``<link rel="alternate" hreflang>`` to each language's translation of the page and
    the Polish one as x-default, on the host serving the request."""
    request = context.get("request")
    pages = {
        code: p
        for code, p in _translations(context, page).items()
        if p.translation_key == page.translation_key
    }
    links = [(code, absolute_url(request, p)) for code, p in pages.items()]
    default = pages.get(settings.LANGUAGE_CODE)
    if default is not None:
        links.append(("x-default", absolute_url(request, default)))
    return format_html_join(
        "\n", '<link rel="alternate" hreflang="{}" href="{}">', ((c, u) for c, u in links if u)
    )


def _search_url(request: HttpRequest | None, code: str) -> str | None:
    """On the search page, the search in another language for the same words."""
    match = getattr(request, "resolver_match", None)
    if request is None or match is None or match.url_name != "search":
        return None
    with override(code):
        url = reverse("search")
    query = request.GET.get("q", "")
    return f"{url}?{urlencode({'q': query})}" if query else url


@register.simple_tag(takes_context=True)
def canonical_link(context: dict[str, Any], page: Page) -> SafeString:
    """``<link rel="canonical">``: the page's own address on the host serving the request."""
    url = absolute_url(context.get("request"), page)
    return format_html('<link rel="canonical" href="{}">', url) if url else SafeString("")


@register.simple_tag(takes_context=True)
def footer_links(context: dict[str, Any], language_code: str) -> list[tuple[str, str]]:
    """(title, address) of the pages every footer links to: the accessibility statement
    and the privacy notice in this language (hook ``FOOTER_LINKS``, cms.core.extensions)."""
    request = context.get("request")
    return collect_footer_links(request, _site(request), language_code)


@register.simple_tag(takes_context=True)
def language_switcher(context: template.Context, page: Page | None = None) -> SafeString:
    request = context.get("request")
    current = get_language()
    items = []
    for code, target in _translations(context, page).items():
        name = LANGUAGE_NAMES.get(code, code)
        url = _search_url(request, code) or target.get_url(request)
        if code == current:
            items.append(
                format_html(
                    '<li><a href="{}" lang="{}" aria-current="true">{}</a></li>', url, code, name
                )
            )
        else:
            items.append(
                format_html(
                    '<li><a href="{}" lang="{}" hreflang="{}">{}</a></li>', url, code, code, name
                )
            )
    if not items:  # no site (the 500 page without the database): no empty landmark
        return SafeString("")
    return format_html(
        '<nav aria-label="{}"><ul class="languages">{}</ul></nav>',
        {"pl": "Język", "en": "Language", "uk": "Мова"}.get(current or "pl", "Language"),
        SafeString("".join(items)),
    )


@register.simple_tag(takes_context=True)
def main_menu(context: dict[str, Any], language_code: str) -> SafeString:
    """The home page's children in the menu, kept until the content changes."""
    request = context.get("request")
    site = _site(request)
    # By site and host: the links are relative on the site's own host name.
    host = request.get_host() if request is not None else ""
    key = f"okcore:menu:{generation()}:{site.pk if site else 0}:{language_code}:{host}"

    def read() -> SafeString:
        home = _homes(site).get(language_code)
        if home is None:
            return SafeString("")
        children = home.get_children().live().in_menu()
        return format_html(
            '<ul class="menu">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}">{}</a></li>',
                ((c.get_url(request), c.title) for c in children),
            ),
        )

    return remembered(key, read, 3600)


@register.simple_tag(takes_context=True)
def parent_link(context: dict[str, Any], page: Page) -> SafeString:
    """A paragraph linking to the page's parent by its title (a page's way back up), kept
    while the site's generations stand."""
    request = context.get("request")

    def read() -> SafeString:
        parent = page.get_parent()
        url = parent.get_url(request) if parent is not None else None
        if parent is None or not url:
            return SafeString("")
        return format_html('<p><a href="{}">{}</a></p>', url, parent.title)

    if request is None:
        return read()
    return remembered_in_site(request, f"parent-link:{page.pk}", read)
