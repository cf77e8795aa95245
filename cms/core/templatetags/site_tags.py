"""Language switcher, hreflang links and the main menu, for every page template."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from wagtail.models import Locale, Page

register = template.Library()

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _translations(page: Page | None) -> dict[str, Page]:
    """The live page in each language: the page's own translation, else that language's home."""
    from cms.core.models import HomePage

    found: dict[str, Page] = {}
    homes = {h.locale.language_code: h for h in HomePage.objects.live().select_related("locale")}
    if page is not None and getattr(page, "pk", None):
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            found[translation.locale.language_code] = translation
    for code, _name in settings.LANGUAGES:
        if code not in found and code in homes:
            found[code] = homes[code]
    return found


@register.simple_tag(takes_context=True)
def alternate_links(context: dict[str, Any], page: Page) -> SafeString:
    request = context.get("request")
    pages = {
        code: p
        for code, p in _translations(page).items()
        if p.translation_key == page.translation_key
    }
    links = [
        (code, p.get_full_url(request)) for code, p in pages.items() if p.get_full_url(request)
    ]
    default = pages.get(settings.LANGUAGE_CODE)
    if default is not None:
        links.append(("x-default", default.get_full_url(request)))
    return format_html_join(
        "\n", '<link rel="alternate" hreflang="{}" href="{}">', ((c, u) for c, u in links)
    )


@register.simple_tag(takes_context=True)
def language_switcher(context: dict[str, Any], page: Page | None = None) -> SafeString:
    request = context.get("request")
    current = get_language()
    items = []
    for code, target in _translations(page).items():
        name = LANGUAGE_NAMES.get(code, code)
        url = target.get_url(request)
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
    return format_html(
        '<nav aria-label="{}"><ul class="languages">{}</ul></nav>',
        {"pl": "Język", "en": "Language", "uk": "Мова"}.get(current or "pl", "Language"),
        SafeString("".join(items)),
    )


@register.simple_tag(takes_context=True)
def main_menu(context: dict[str, Any], language_code: str) -> SafeString:
    from cms.core.models import HomePage

    locale = Locale.objects.filter(language_code=language_code).first()
    home = HomePage.objects.live().filter(locale=locale).first()
    if home is None:
        return SafeString("")
    request = context.get("request")
    children = home.get_children().live().in_menu()
    return format_html(
        '<ul class="menu">{}</ul>',
        format_html_join(
            "", '<li><a href="{}">{}</a></li>', ((c.get_url(request), c.title) for c in children)
        ),
    )


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.inclusion_tag("events/subscribe.html", takes_context=True)
def subscribe(context: dict[str, Any], url_name: str, title: str, *args: Any) -> dict[str, Any]:
    """'Subscribe' links for a calendar feed: webcal://, Google, Outlook, and the .ics itself."""
    from django.urls import reverse

    from cms.events.feeds import subscribe_links

    request = context["request"]
    url = request.build_absolute_uri(reverse(url_name, args=args))
    return {"links": subscribe_links(url, title), "title": title}


@register.simple_tag(takes_context=True)
def calendar_link(context: dict[str, Any], url_name: str, title: str, *args: Any) -> SafeString:
    """<link rel="alternate" type="text/calendar"> for the page's head."""
    from django.urls import reverse

    return format_html(
        '<link rel="alternate" type="text/calendar" title="{}" href="{}">',
        title,
        context["request"].build_absolute_uri(reverse(url_name, args=args)),
    )
