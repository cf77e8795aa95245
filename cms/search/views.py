"""Search over the public pages of the current language on the request's site: its own
page trees only (cms.core.city.in_site), so one city's search never lists another's."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import translation
from wagtail.models import Locale, Page

from cms.core.city import in_site, site_of


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.none()
    if query:
        locale = Locale.objects.filter(language_code=translation.get_language()).first()
        pages = in_site(Page.objects.live().public(), site_of(request)).specific()
        if locale is not None:
            pages = pages.filter(locale=locale)
        results = pages.search(query)
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    return TemplateResponse(request, "search/search.html", {"query": query, "results": page})
