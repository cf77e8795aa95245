"""The statement and the notice in every page's footer (hook of cms.core.extensions)."""

from __future__ import annotations

from django.http import HttpRequest
from wagtail.models import Page, Site

from cms.core.cache import generation, remembered
from cms.core.city import in_site
from cms.core.extensions import FOOTER_LINKS, register_hook
from cms.legal.models import AccessibilityStatementPage, PrivacyNoticePage


@register_hook(FOOTER_LINKS)
def legal_links(
    request: HttpRequest | None, site: Site | None, language: str
) -> list[tuple[str, str]]:
    """(title, address) of the site's statement and notice in ``language``, kept until the
    content changes; a language without its own shows the Polish one."""
    if site is None:
        return []
    host = request.get_host() if request is not None else ""
    key = f"okcore:legal-links:{generation()}:{site.pk}:{language}:{host}"

    def read() -> list[tuple[str, str]]:
        links = []
        for model in (AccessibilityStatementPage, PrivacyNoticePage):
            pages = {
                p.locale.language_code: p
                for p in in_site(model.objects.live().public(), site).select_related("locale")
            }
            page: Page | None = pages.get(language) or next(iter(pages.values()), None)
            url = page.get_url(request) if page is not None else None
            if page is not None and url:
                links.append((page.title, url))
        return links

    return remembered(key, read, 3600)
