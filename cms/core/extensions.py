"""What the feature apps add to the base layer, without the base layer naming them.

``cms.core`` sits below every feature app and imports none of them. An app that has
something to add declares it, and core collects it:

* data, on the app's ``AppConfig``: ``public_content = True`` when the public pages show
  the app's models (a change there invalidates the page cache, cms.core.cache), and
  ``administrator_permissions`` / ``editor_permissions``: the codenames ("app.codename")
  the portal administrators and the portal editors get (cms.core.roles);
* behaviour, as a Wagtail hook in the app's ``wagtail_hooks.py``: a function registered
  under :data:`HOME_PAGE_SECTIONS` taking ``(home_page, request)`` and returning the
  :class:`PageSection` it shows on the home page (cms.core.models), and one registered
  under :data:`HEAD_LINKS` taking ``(request, page)`` and returning the ``<link>``
  elements it adds to every page's head (``{% head_links %}`` in site_tags), and one
  under :data:`FOOTER_LINKS` taking ``(request, site, language)`` and returning the
  ``(title, address)`` pairs every page's footer links to (``{% footer_links %}``).

A section is rendered by the app's own template, so the base layer's templates know no
app's fields either.

docs/architecture.md, "Layers", lists every registry of the site.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.apps import apps
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from wagtail import hooks

F = TypeVar("F", bound=Callable[..., Any])

#: Hook name: ``(home_page, request) -> PageSection`` adding a section to the home page.
HOME_PAGE_SECTIONS = "okcore_home_page_sections"
#: Hook name: ``(request, page) -> str`` adding ``<link>`` elements to every page's head
#: (``page`` is None on pages that are no Wagtail page; plain text is escaped).
HEAD_LINKS = "okcore_head_links"
#: Hook name: ``(request, site, language) -> list[(title, address)]``: links in every
#: page's footer (the accessibility statement and the privacy notice, cms.legal).
FOOTER_LINKS = "okcore_footer_links"
#: Wagtail's own apps whose data the public pages show (images, documents, the page tree).
WAGTAIL_CONTENT_APPS = frozenset({"wagtailcore", "wagtailimages", "wagtaildocs"})


@dataclass(frozen=True)
class PageSection:
    """A part of a lower layer's page that an app above fills in: ``template`` (the app's
    own, rendered with the page's context and ``context`` added) and its place among the
    page's sections (``order``, lowest first)."""

    template: str
    context: dict[str, Any]
    order: int


def register_hook(name: str, order: int = 0) -> Callable[[F], F]:
    """``wagtail.hooks.register`` keeping the function's type (Wagtail ships no type
    information, so mypy sees its decorator as untyped); a higher ``order`` runs after
    Wagtail's own functions of the hook."""
    return cast(Callable[[F], F], hooks.register(name, order=order))


def public_content_apps() -> frozenset[str]:
    """The labels of the apps whose changes invalidate the cached public pages."""
    declared = {c.label for c in apps.get_app_configs() if getattr(c, "public_content", False)}
    return WAGTAIL_CONTENT_APPS | declared


def declared_permissions(attribute: str) -> list[str]:
    """Every installed app's ``attribute`` (a list of "app.codename"), in app order."""
    return [name for c in apps.get_app_configs() for name in getattr(c, attribute, ())]


def page_sections(hook_name: str, page: Any, request: Any) -> list[PageSection]:
    """The sections the apps add to ``page`` under ``hook_name``, in their order."""
    sections = [contribute(page, request) for contribute in hooks.get_hooks(hook_name)]
    return sorted(sections, key=lambda section: section.order)


def head_links(request: Any, page: Any) -> SafeString:
    """The ``<link>`` elements the apps add to a page's head, in hook order."""
    links = (contribute(request, page) for contribute in hooks.get_hooks(HEAD_LINKS))
    return format_html_join("", "{}", ((link,) for link in links))


def footer_links(request: Any, site: Any, language: str) -> list[tuple[str, str]]:
    """The links the apps add to every page's footer, in hook order."""
    return [
        link
        for contribute in hooks.get_hooks(FOOTER_LINKS)
        for link in contribute(request, site, language)
    ]
