"""'Subscribe' links to a calendar feed, for page templates (the site-wide feed's link in
every page's head is a hook, cms.events.wagtail_hooks)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from cms.events.feeds import site_feed_title, subscribe_links

register = template.Library()


@register.inclusion_tag("events/subscribe.html", takes_context=True)
def subscribe(context: dict[str, Any], url_name: str, title: str, *args: Any) -> dict[str, Any]:
    """'Subscribe' links for a calendar feed: webcal://, Google, Outlook, and the .ics itself."""
    request = context["request"]
    url = request.build_absolute_uri(reverse(url_name, args=args))
    return {"links": subscribe_links(url, title), "title": title}


@register.inclusion_tag("events/subscribe.html", takes_context=True)
def subscribe_site(context: dict[str, Any]) -> dict[str, Any]:
    """'Subscribe' links for the site-wide feed, titled by the portal's name."""
    return subscribe(context, "calendar_programme", site_feed_title(context["request"]))


@register.inclusion_tag("events/subscribe_inline.html", takes_context=True)
def subscribe_inline(
    context: dict[str, Any], url_name: str, title: str, *args: Any
) -> dict[str, Any]:
    """The same links as :func:`subscribe`, on one line of a list (the categories' feeds)."""
    return subscribe(context, url_name, title, *args)
