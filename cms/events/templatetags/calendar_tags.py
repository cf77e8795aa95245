"""Calendar feed links for page templates: 'subscribe' links and the head's feed link."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from cms.events.feeds import subscribe_links

register = template.Library()


@register.inclusion_tag("events/subscribe.html", takes_context=True)
def subscribe(context: dict[str, Any], url_name: str, title: str, *args: Any) -> dict[str, Any]:
    """'Subscribe' links for a calendar feed: webcal://, Google, Outlook, and the .ics itself."""
    request = context["request"]
    url = request.build_absolute_uri(reverse(url_name, args=args))
    return {"links": subscribe_links(url, title), "title": title}


@register.simple_tag(takes_context=True)
def calendar_link(context: dict[str, Any], url_name: str, title: str, *args: Any) -> SafeString:
    """<link rel="alternate" type="text/calendar"> for the page's head."""
    return format_html(
        '<link rel="alternate" type="text/calendar" title="{}" href="{}">',
        title,
        context["request"].build_absolute_uri(reverse(url_name, args=args)),
    )
