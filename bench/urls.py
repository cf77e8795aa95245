"""The site's URLs plus the baseline: a bare view behind the same middleware."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from cms.urls import urlpatterns as site_urlpatterns


@never_cache
def baseline(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/baseline/", baseline), *site_urlpatterns]
