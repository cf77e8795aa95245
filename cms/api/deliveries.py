"""A unit's duties and its deliveries to SZ through the API, by the admin's rules.

Everything here goes through cms.deliveries.services and cms.deliveries.access, which the
admin uses too, so both refuse the same things with the same messages (3487/2023 §2–§4,
351/2026 §2–§4): a unit's coordinators and deputies deliver for their own unit in their
own network; SZ of the unit's city acknowledges or returns, never its own submission.

Answers: 403 for what the user may not do, 409 for a status step the delivery's current
status does not allow (or that someone else took first), 400 naming each bad field
(``data`` lists ``<field>: <problem>``). A unit's duties and deliveries are the city's
internal working data: only signed-in staff of the request's city see them (docs/api.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from cms.api.base import LANG, LanguageMixin, WriteThrottle, request_site
from cms.api.filters import UnitQueryMixin
from cms.api.serializers import SiteUnitField, is_staff
from cms.core.registry import registry, text
from cms.core.review import TransitionConflict
from cms.deliveries import services
from cms.deliveries.access import may_deliver, may_review, visible_deliveries
from cms.deliveries.models import (
    EDITABLE,
    TRANSITIONS,
    Delivery,
    DeliveryAttachment,
    DeliveryHistory,
    Status,
)
from cms.events.models import validate_event_date
from cms.network.models import Unit
from okcore.legal import Obligation
from okcore.services.compliance import DeadlineState
from okcore.services.deliveries import FormField

T = TypeVar("T")


class Conflict(APIException):
    """The delivery's status does not allow this step, or someone else moved it first."""

    status_code = 409
    default_detail = "the delivery's status does not allow this"
    default_code = "conflict"


CONFLICT = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="The delivery's status does not allow this step, or someone else moved it "
    "meanwhile: `detail` says which",
)


def _user_name(user: Any) -> str | None:
    return (user.get_full_name() or user.get_username()) if user is not None else None


def checked(call: Callable[[], T]) -> T:
    """A service call, its refusals as API answers: 403, 409, or 400 naming the field."""
    try:
        return call()
    except DjangoPermissionDenied as error:
        raise PermissionDenied(str(error)) from None
    except TransitionConflict as error:
        raise Conflict(str(error)) from None
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise serializers.ValidationError(error.message_dict) from None
        raise serializers.ValidationError({"status": error.messages}) from None


# --- a unit's duties ---------------------------------------------------------


@dataclass(frozen=True)
class DutyItem:
    """One deadline of one duty of a unit (``deadline`` None for a duty with no date)."""

    network: str
    obligation: Obligation
    deadline: DeadlineState | None
    fields: list[FormField]
    delivery: Delivery | None


#: A field of the unit's delivery form (okcore.services.deliveries.FormField.as_dict).
FORM_FIELD = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "description": "The key in a delivery's `data`"},
        "label": {"type": "string", "nullable": True},
        "type": {
            "type": "string",
            "enum": ["text", "number", "money", "date", "url", "file", "choice"],
        },
        "required": {"type": "boolean", "description": "Needed to submit (not in a draft)"},
        "multiline": {"type": "boolean"},
        "help": {"type": "string", "nullable": True},
        "choices": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"value": {"type": "string"}, "label": {"type": "string"}},
            },
        },
        "initial": {"type": "string", "nullable": True, "description": "From the records"},
        "group": {
            "type": "string",
            "nullable": True,
            "description": "The person or task the field repeats for",
        },
    },
    "required": ["name", "label", "type", "required", "choices", "initial", "group"],
}


class DutyDeliverySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Status.values)
    url = serializers.CharField(help_text="The delivery in this API")


class DutySerializer(serializers.Serializer[Any]):
    obligation = serializers.CharField(source="obligation.id")
    network = serializers.CharField()
    source = serializers.CharField(  # type: ignore[assignment]  # out of the class, as `fields`
        source="obligation.source"
    )
    title = serializers.SerializerMethodField(help_text="In the request's language")
    due = serializers.DateField(source="deadline.due", allow_null=True, default=None)
    period_start = serializers.DateField(
        source="deadline.period_start", allow_null=True, default=None
    )
    period_end = serializers.DateField(source="deadline.period_end", allow_null=True, default=None)
    status = serializers.SerializerMethodField()
    since = serializers.DateField(
        source="deadline.since", allow_null=True, default=None, help_text="Overdue since"
    )
    basis = serializers.SerializerMethodField()
    policy_note = serializers.SerializerMethodField()
    # The key the API names; DRF's metaclass takes declared fields out of the class, so
    # the serializer's own ``fields`` stays as it is.
    fields = serializers.SerializerMethodField(  # type: ignore[assignment]
        method_name="form_fields", help_text="The unit's delivery form; [] if none"
    )
    delivery = serializers.SerializerMethodField(help_text="The unit's delivery, if you see it")

    def get_title(self, item: DutyItem) -> str:
        return text(item.obligation.title)

    @extend_schema_field(
        serializers.ChoiceField(choices=["met", "met_late", "pending", "overdue", "ongoing"])
    )
    def get_status(self, item: DutyItem) -> str:
        return item.deadline.status.value if item.deadline else "ongoing"

    @extend_schema_field(serializers.ChoiceField(choices=["law", "policy"]))
    def get_basis(self, item: DutyItem) -> str:
        return item.deadline.basis.value if item.deadline else "law"

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_policy_note(self, item: DutyItem) -> str | None:
        note = item.deadline.policy_note if item.deadline else None
        return text(note) if note else None

    @extend_schema_field({"type": "array", "items": FORM_FIELD})
    def form_fields(self, item: DutyItem) -> list[dict[str, Any]]:
        language = self.context["request"].LANGUAGE_CODE
        return [spec.as_dict(language) for spec in item.fields]

    @extend_schema_field(DutyDeliverySerializer(allow_null=True))
    def get_delivery(self, item: DutyItem) -> dict[str, Any] | None:
        if item.delivery is None:
            return None
        return {
            "id": item.delivery.pk,
            "status": item.delivery.status,
            "url": self.context["request"].build_absolute_uri(
                reverse("delivery-detail", args=[item.delivery.pk])
            ),
        }


class DutyQuery(serializers.Serializer[Any]):
    on = serializers.DateField(
        required=False,
        validators=[validate_event_date],
        help_text="The day the duties are read on (default: today in Warsaw)",
    )


def unit_duty_items(user: Any, unit: Unit, on: date) -> list[DutyItem]:
    """The unit's duties on ``on``, each with its form and the delivery the user sees."""
    deliveries: dict[tuple[str, str, date | None], Delivery] = {
        (d.network, d.obligation, d.due): d for d in visible_deliveries(user).filter(unit=unit)
    }
    forms: dict[tuple[str, str], list[FormField]] = {}
    items = []
    for network, obligation, deadline in services.unit_duties(unit, on):
        key = (network, obligation.id)
        if key not in forms:
            forms[key] = services.duty_fields(unit, network, obligation, on)
        due = deadline.due if deadline else None
        items.append(
            DutyItem(network, obligation, deadline, forms[key], deliveries.get((*key, due)))
        )
    return items


class CityStaff(permissions.BasePermission):
    """Signed in, and staff of the request's city (cms.api.serializers.is_staff)."""

    message = gettext_lazy("A unit's duties are shown to its city's staff only.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated) and is_staff(request)


# --- deliveries --------------------------------------------------------------


class DeliveryAttachmentSerializer(serializers.ModelSerializer[DeliveryAttachment]):
    class Meta:
        model = DeliveryAttachment
        fields = ["id", "name", "size"]


class DeliveryHistorySerializer(serializers.ModelSerializer[DeliveryHistory]):
    user = serializers.SerializerMethodField()

    class Meta:
        model = DeliveryHistory
        fields = ["from_status", "to_status", "user", "at", "comment"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_user(self, step: DeliveryHistory) -> str | None:
        return _user_name(step.user)


class DeliverySerializer(serializers.ModelSerializer[Delivery]):
    unit: serializers.SlugRelatedField[Unit] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    title = serializers.CharField(read_only=True, help_text="In the request's language")
    source = serializers.CharField(read_only=True)  # type: ignore[assignment]  # as `fields`
    data = serializers.DictField(  # type: ignore[assignment]  # out of the class, as `fields`
        help_text="The form's values by field name"
    )
    submitted_by = serializers.SerializerMethodField()
    acknowledged_by = serializers.SerializerMethodField()
    attachments = DeliveryAttachmentSerializer(many=True, read_only=True)
    history = DeliveryHistorySerializer(many=True, read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "unit",
            "network",
            "obligation",
            "title",
            "source",
            "due",
            "period_start",
            "period_end",
            "status",
            "data",
            "review_comment",
            "submitted_at",
            "submitted_by",
            "acknowledged_at",
            "acknowledged_by",
            "attachments",
            "history",
        ]
        read_only_fields = [name for name in fields if name != "data"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_submitted_by(self, delivery: Delivery) -> str | None:
        return _user_name(delivery.submitted_by)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_acknowledged_by(self, delivery: Delivery) -> str | None:
        return _user_name(delivery.acknowledged_by)


@extend_schema_field(OpenApiTypes.STR)
class UnitSlugField(SiteUnitField):
    """A unit of the request's site by slug, a string in the schema."""


class NewDeliverySerializer(serializers.Serializer[Any]):
    """Which duty and deadline the delivery is for, and what it says so far."""

    obligation = serializers.CharField(max_length=120, help_text="The obligation's id")
    unit: UnitSlugField = UnitSlugField(slug_field="slug", help_text="The unit's slug")
    network = serializers.CharField(
        max_length=120, required=False, help_text="Needed only if several networks have it"
    )
    due = serializers.DateField(
        required=False, validators=[validate_event_date], help_text="The deadline's due date"
    )
    period_end = serializers.DateField(
        required=False,
        validators=[validate_event_date],
        help_text="Or the last day of the period it reports on",
    )
    data = serializers.DictField(  # type: ignore[assignment]  # out of the class, as `fields`
        required=False, help_text="The form's values by field name"
    )


class DeliveryDataSerializer(serializers.Serializer[Any]):
    data = serializers.DictField(  # type: ignore[assignment]  # out of the class, as `fields`
        help_text="Every value of the form (replaces what it said)"
    )


class DeliveryReviewSerializer(serializers.Serializer[Any]):
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, help_text="Required when returning"
    )


class DeliveryUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="One file; its id then goes into a file field")


class DeliveryQuery(UnitQueryMixin):
    """The list's filters, validated: a bad one (another city's unit, a network not
    installed) is a 400 naming it, as for every list (docs/api.md)."""

    LOOKUPS = {
        "status": "status",
        "unit": "unit__slug",
        "network": "network",
        "obligation": "obligation",
    }

    status = serializers.ChoiceField(choices=Status.values, required=False)
    unit = serializers.SlugField(required=False, help_text="A unit's slug")
    network = serializers.CharField(required=False, max_length=120, help_text="A network id")
    obligation = serializers.CharField(required=False, max_length=120, help_text="Its id")

    def validate_network(self, value: str) -> str:
        if value not in registry().networks:
            raise serializers.ValidationError(f"unknown network {value!r}")
        return value


MOVED = {200: DeliverySerializer, 409: CONFLICT}


@extend_schema_view(
    list=extend_schema(parameters=[DeliveryQuery, LANG]),
    retrieve=extend_schema(parameters=[LANG]),
)
class DeliveryViewSet(
    LanguageMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Delivery],
):
    """Deliveries the user sees: their own units' (coordinators, deputies), their city's
    (SZ); a delivery of another city is a 404 here."""

    serializer_class = DeliverySerializer
    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [WriteThrottle]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Delivery]:
        if getattr(self, "swagger_fake_view", False):  # the schema: no request, no site
            return Delivery.objects.none()
        found = (
            visible_deliveries(self.request.user)
            .filter(unit__in=Unit.objects.of_site(request_site(self.request)))
            .select_related("unit", "submitted_by", "acknowledged_by")
            .prefetch_related(
                "attachments",
                Prefetch("history", DeliveryHistory.objects.select_related("user")),
            )
            .order_by("-due", "unit__slug", "pk")
        )
        if self.action == "list":
            wanted = DeliveryQuery(
                data=self.request.query_params, context={"request": self.request}
            )
            wanted.is_valid(raise_exception=True)
            for name, value in wanted.validated_data.items():
                found = found.filter(**{DeliveryQuery.LOOKUPS[name]: value})
        return found

    def _answer(self, delivery: Delivery, status: int = 200) -> Response:
        fresh = self.get_queryset().get(pk=delivery.pk)
        return Response(self.get_serializer(fresh).data, status=status)

    @extend_schema(request=NewDeliverySerializer, responses={201: DeliverySerializer})
    def create(self, request: Request) -> Response:
        """Start the unit's delivery for one deadline of a duty (a draft)."""
        asked = NewDeliverySerializer(data=request.data, context={"request": request})
        asked.is_valid(raise_exception=True)
        given = asked.validated_data
        duty = checked(
            lambda: services.find_duty(
                given["unit"],
                given["obligation"],
                network=given.get("network"),
                due=given.get("due"),
                period_end=given.get("period_end"),
            )
        )
        delivery = checked(
            lambda: services.start_delivery(request.user, duty, given.get("data") or {})
        )
        return self._answer(delivery, 201)

    def _editable(self, delivery: Delivery) -> None:
        """Only the unit's people change it (403), and only a draft or returned one (409)."""
        if not may_deliver(self.request.user, delivery.unit, delivery.network):
            raise PermissionDenied(
                _("Only the unit's coordinators change a draft or returned delivery.")
            )
        if delivery.status not in EDITABLE:
            raise Conflict(
                _("A delivery cannot be changed once it is %(status)s.")
                % {"status": delivery.get_status_display()}
            )

    @extend_schema(request=DeliveryDataSerializer, responses=MOVED)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Replace what a draft (or a returned delivery) says."""
        delivery = self.get_object()
        asked = DeliveryDataSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        self._editable(delivery)
        checked(lambda: services.save_data(request.user, delivery, asked.validated_data["data"]))
        return self._answer(delivery)

    def _step(self, delivery: Delivery, to: str) -> None:
        if (delivery.status, to) not in TRANSITIONS:
            raise Conflict(
                _("A delivery cannot go from %(from)s to %(to)s.")
                % {"from": delivery.get_status_display(), "to": Status(to).label}
            )

    @extend_schema(request=None, responses=MOVED)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        """The unit sends it to SZ: every required field filled in."""
        delivery = self.get_object()
        if not may_deliver(request.user, delivery.unit, delivery.network):
            raise PermissionDenied(_("Only the unit's coordinators submit its deliveries."))
        self._step(delivery, Status.SUBMITTED)
        checked(lambda: services.submit(request.user, delivery))
        return self._answer(delivery)

    def _review(self, request: Request, to: str) -> Response:
        delivery = self.get_object()
        asked = DeliveryReviewSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        comment = asked.validated_data.get("comment", "")
        if not may_review(request.user, delivery):
            raise PermissionDenied(
                _("Only SZ of the unit's city acknowledges or returns a delivery, never its own.")
            )
        self._step(delivery, to)
        if to == Status.RETURNED and not comment.strip():
            raise serializers.ValidationError({"comment": [_("Say why the delivery is returned.")]})
        checked(lambda: services.review(request.user, delivery, to, comment))
        return self._answer(delivery)

    @extend_schema(request=DeliveryReviewSerializer, responses=MOVED)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str) -> Response:
        """SZ acknowledges a submitted delivery: the duty is met for that deadline."""
        return self._review(request, Status.ACKNOWLEDGED)

    @extend_schema(request=DeliveryReviewSerializer, responses=MOVED)
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request: Request, pk: str) -> Response:
        """SZ returns a submitted delivery to the unit, saying why (``comment``)."""
        return self._review(request, Status.RETURNED)

    @extend_schema(
        request={"multipart/form-data": DeliveryUploadSerializer},
        responses={201: DeliveryAttachmentSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def attachments(self, request: Request, pk: str) -> Response:
        """Add one file; put its id into the form's file field with the next PATCH."""
        delivery = self.get_object()
        asked = DeliveryUploadSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        self._editable(delivery)
        added = checked(
            lambda: services.add_attachment(request.user, delivery, asked.validated_data["file"])
        )
        return Response(DeliveryAttachmentSerializer(added).data, status=201)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, url_path=r"attachments/(?P<aid>[0-9]+)")
    def attachment(self, request: Request, pk: str, aid: str) -> FileResponse:
        """One of the delivery's files, for those who see the delivery."""
        delivery = self.get_object()
        found = delivery.attachments.filter(pk=aid).first()
        if found is None:
            raise NotFound(f"delivery {delivery.pk} has no attachment {aid}")
        return FileResponse(
            found.file.open("rb"),
            as_attachment=True,
            filename=found.name,
            content_type="application/octet-stream",
        )
