"""The site's own answers outside the page tree: robots.txt, the favicon, sitemap.xml and
the error page for a server error (500)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
)
from django.template import loader
from django.utils import translation
from django.views.decorators.http import require_GET
from wagtail import views as wagtail_views
from wagtail.url_routing import RouteResult

from cms.core.cache import routes
from cms.core.sitemaps import PagesSitemap

logger = logging.getLogger(__name__)

#: What no crawler should walk: the admin, the API, private feeds, the language switch
#: and the search results (endless query strings).
#: Public documents (a programme's PDF) and published reports' files stay findable: Wagtail
#: serves a document of a private collection to nobody without rights anyway.
ROBOTS_DISALLOW = ("/admin/", "/api/", "/calendar/private/", "/i18n/")


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Every public page allowed, the admin and the API not; the sitemap's full address
    on the host serving the request."""
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines += [f"Disallow: /{code}/search/" for code, _name in settings.LANGUAGES]
    lines += ["", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for on their own: the SVG icon."""
    return HttpResponsePermanentRedirect(staticfiles_storage.url("core/favicon.svg"))


def sitemap(request: HttpRequest) -> HttpResponse:
    response: HttpResponse = django_sitemap(request, {"pages": PagesSitemap(request)})
    return response


def _language(request: HttpRequest) -> str:
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def server_error(request: HttpRequest) -> HttpResponse:
    """500 in the language of the address, with the site's navigation when it can be
    read; when that fails too (the database is what broke), the same page without the
    request: the header's home link, search and footer, and no database query."""
    with translation.override(_language(request)):
        try:
            html = loader.render_to_string("500.html", request=request)
        except Exception:  # the navigation itself failed: the page with no query at all
            logger.exception("The 500 page with navigation failed; serving it without")
            context = {"minimal": True, "languages": settings.LANGUAGES}
            html = loader.render_to_string("500.html", context)
    return HttpResponseServerError(html)


def serve(request: HttpRequest, path: str) -> HttpResponseBase:
    """Wagtail's page view, its routing skipped for an address this process remembers
    (cms.core.cache.routes); ``wagtail_serve`` in the site's URLs."""
    key = routes.key(request)
    page = routes.find(key) if key is not None else None
    if page is not None:
        request._wagtail_route_for_request = RouteResult(page)  # type: ignore[attr-defined]
    response: HttpResponseBase = wagtail_views.serve(request, path)
    if key is not None and page is None:
        routes.keep(key, getattr(request, "_wagtail_route_for_request", None))
    return response
