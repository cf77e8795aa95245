from typing import Any

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import APIRootView, DefaultRouter

from cms.api import views
from cms.api.deliveries import DeliveryViewSet
from cms.api.schema import PortalRedocView, PortalSwaggerView


class PortalAPIRoot(APIRootView):
    """The API's index lists what the requester may read: a resource that needs a
    signed-in user (a unit's deliveries) is not offered to the public, so every link
    the index gives answers."""

    #: Prefix -> the viewset behind it (set by :class:`PortalRouter`).
    viewsets: dict[str, Any] = {}

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.api_root_dict = {
            prefix: name
            for prefix, name in (self.api_root_dict or {}).items()
            if all(
                permission().has_permission(request, self)
                for permission in self.viewsets[prefix].permission_classes
            )
        }
        return super().get(request, *args, **kwargs)


class PortalRouter(DefaultRouter):
    def get_api_root_view(self, api_urls: Any = None) -> Any:
        list_name = self.routes[0].name
        return PortalAPIRoot.as_view(
            api_root_dict={
                prefix: list_name.format(basename=basename)
                for prefix, _viewset, basename in self.registry
            },
            viewsets={prefix: viewset for prefix, viewset, _basename in self.registry},
        )


router = PortalRouter()
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("goals", views.GoalViewSet, basename="goal")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("risks", views.RiskViewSet, basename="risk")
router.register("units", views.UnitViewSet, basename="unit")
router.register("events", views.EventViewSet, basename="event")
router.register("measurements", views.MeasurementViewSet, basename="measurement")
router.register("deliveries", DeliveryViewSet, basename="delivery")
router.register("exporters", views.ExporterViewSet, basename="exporter")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", PortalSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", PortalRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path(
        "indicators/<slug:programme>/indicator/<slug:indicator>/",
        views.IndicatorDetailViewSet.as_view({"get": "retrieve"}),
        name="indicator-detail",
    ),
    path("", include(router.urls)),
    re_path(r"^(?P<path>.*)$", views.unknown_path),
]
