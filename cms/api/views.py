"""REST API (Django REST framework), read-only for the public.

Measurements follow the same rules as the admin: anyone sees approved values; a
coordinator also sees, and may create and submit, their units' measurements for
indicators of their tasks; SZ sees and approves all.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from cms.core.registry import registry, text
from cms.indicators.access import entry_units, is_approver, may_enter
from cms.indicators.models import Measurement, Status
from cms.network.models import Unit
from cms.programmes.presenters import approved_measurements, indicator_rows


class ProgrammeViewSet(viewsets.ViewSet):
    """Installed programmes, in the published okcore schema, with each indicator's status."""

    permission_classes = [permissions.AllowAny]

    def list(self, request: Request) -> Response:
        return Response(
            [
                {"id": p.id, "title": text(p.title), "period": [p.period.start, p.period.end]}
                for p in sorted(registry().programs.values(), key=lambda p: p.id)
            ]
        )

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        program = registry().programs.get(pk or "")
        if program is None:
            raise NotFound(f"unknown programme {pk!r}")
        data = program.model_dump(mode="json")
        measurements = approved_measurements(program)
        data["indicator_status"] = [
            {"goal": row.goal.number, "indicator": row.indicator.id, **row.status.as_dict()}
            for goal in program.goals
            for row in indicator_rows(program, goal, measurements)
        ]
        return Response(data)


class UnitSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Unit
        fields = [
            "slug",
            "code",
            "name",
            "name_pl",
            "name_en",
            "name_uk",
            "email",
            "phone",
            "contact_public",
        ]

    def to_representation(self, instance: Unit) -> dict[str, Any]:
        data = super().to_representation(instance)
        user = self.context["request"].user
        if not (instance.contact_public or user.has_perm("wagtailadmin.access_admin")):
            data["email"] = data["phone"] = None
        return data


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Unit.objects.all()
    serializer_class = UnitSerializer
    lookup_field = "slug"
    permission_classes = [permissions.AllowAny]


class MeasurementSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(
        slug_field="slug", queryset=Unit.objects.all(), allow_null=True
    )

    class Meta:
        model = Measurement
        fields = [
            "id",
            "indicator",
            "period",
            "unit",
            "value",
            "components",
            "note",
            "status",
            "review_comment",
        ]
        read_only_fields = ["status", "review_comment"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = self.context["request"].user
        if not may_enter(user, attrs.get("unit"), attrs.get("indicator", "")):
            raise PermissionDenied("your unit is not an implementer of this indicator's tasks")
        candidate = Measurement(**attrs)
        try:
            candidate.clean()
        except Exception as error:  # Django's ValidationError, turned into the API's
            raise serializers.ValidationError(
                getattr(error, "message_dict", {"detail": str(error)})
            ) from None
        return attrs


class MeasurementPermission(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(
            request.user.is_authenticated and request.user.has_perm("indicators.add_measurement")
        )


class MeasurementViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = MeasurementSerializer
    permission_classes = [MeasurementPermission]

    def get_queryset(self) -> QuerySet[Measurement]:
        user = self.request.user
        queryset = Measurement.objects.select_related("unit").order_by("indicator", "period")
        if user.is_authenticated and is_approver(user):
            return queryset
        visible = Q(status=Status.APPROVED)
        if user.is_authenticated:
            visible |= Q(unit__in=entry_units(user))
        return queryset.filter(visible)

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        serializer.save(created_by=self.request.user)


class SubmitMeasurementView(viewsets.ViewSet):
    """POST /api/v1/measurements/<id>/submit/ — the unit hands a draft to SZ."""

    permission_classes = [permissions.IsAuthenticated]

    def create(self, request: Request, pk: str | None = None) -> Response:
        measurement = get_object_or_404(Measurement, pk=pk)
        if not may_enter(request.user, measurement.unit, measurement.indicator):
            raise PermissionDenied("this measurement belongs to another unit")
        from django.core.exceptions import PermissionDenied as DjangoDenied
        from django.core.exceptions import ValidationError

        try:
            measurement.transition(Status.SUBMITTED, request.user)
        except DjangoDenied as error:
            raise PermissionDenied(str(error)) from None
        except ValidationError as error:
            raise serializers.ValidationError({"status": error.messages}) from None
        return Response(MeasurementSerializer(measurement, context={"request": request}).data)
