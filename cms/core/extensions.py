"""What the feature apps add to the base layer, without the base layer naming them.

``cms.core`` sits below every feature app and imports none of them. An app that has
something to add declares it, and core collects it:

* data, on the app's ``AppConfig``: ``public_content = True`` when the public pages show
  the app's models (a change there invalidates the page cache, cms.core.cache), and
  ``administrator_permissions`` / ``editor_permissions``: the codenames ("app.codename")
  the portal administrators and the portal editors get (cms.core.roles);
* behaviour, as a Wagtail hook in the app's ``wagtail_hooks.py``: a function registered
  under :data:`HOME_PAGE_CONTEXT` taking ``(home_page, request)`` and returning what it
  adds to the home page's template context (cms.core.models).

docs/architecture.md, "Layers", lists every registry of the site.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.apps import apps
from wagtail import hooks

F = TypeVar("F", bound=Callable[..., Any])

#: Hook name: ``(home_page, request) -> dict`` adding lists to the home page's context.
HOME_PAGE_CONTEXT = "okcore_home_page_context"
#: Wagtail's own apps whose data the public pages show (images, documents, the page tree).
WAGTAIL_CONTENT_APPS = frozenset({"wagtailcore", "wagtailimages", "wagtaildocs"})


def register_hook(name: str) -> Callable[[F], F]:
    """``wagtail.hooks.register`` keeping the function's type (Wagtail ships no type
    information, so mypy sees its decorator as untyped)."""
    return cast(Callable[[F], F], hooks.register(name))


def public_content_apps() -> frozenset[str]:
    """The labels of the apps whose changes invalidate the cached public pages."""
    declared = {c.label for c in apps.get_app_configs() if getattr(c, "public_content", False)}
    return WAGTAIL_CONTENT_APPS | declared


def declared_permissions(attribute: str) -> list[str]:
    """Every installed app's ``attribute`` (a list of "app.codename"), in app order."""
    return [name for c in apps.get_app_configs() for name in getattr(c, attribute, ())]


def home_page_context(page: Any, request: Any) -> dict[str, Any]:
    """What the apps add to the home page: each hook's dictionary, merged in app order."""
    context: dict[str, Any] = {}
    for contribute in hooks.get_hooks(HOME_PAGE_CONTEXT):
        context.update(contribute(page, request))
    return context
