"""The site's URLs plus the baseline (a bare view behind the same middleware) and the
change the benchmark makes inside a server before it times the due panel."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from cms.network.models import Unit
from cms.urls import urlpatterns as site_urlpatterns


@never_cache
def baseline(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


@never_cache
def change(request: HttpRequest) -> HttpResponse:
    """A unit saved in the serving process: what invalidates the due panel reaches this
    process's own cache too (the dev server's local memory), not only a shared one."""
    unit = Unit.objects.order_by("pk").first()
    assert unit is not None
    unit.save()
    return HttpResponse(b"changed", content_type="text/plain")


urlpatterns = [
    path("bench/baseline/", baseline),
    path("bench/change/", change),
    *site_urlpatterns,
]
