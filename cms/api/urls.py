from django.urls import include, path
from rest_framework.routers import DefaultRouter

from cms.api import views

router = DefaultRouter()
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("units", views.UnitViewSet, basename="unit")
router.register("measurements", views.MeasurementViewSet, basename="measurement")

urlpatterns = [
    path(
        "measurements/<int:pk>/submit/",
        views.SubmitMeasurementView.as_view({"post": "create"}),
        name="measurement-submit",
    ),
    path("", include(router.urls)),
]
