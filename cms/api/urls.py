from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from cms.api import views
from cms.api.deliveries import DeliveryViewSet
from cms.api.schema import PortalRedocView, PortalSwaggerView

router = DefaultRouter()
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
