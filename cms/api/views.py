"""REST API v1: public reading of programmes and their data, measurement entry by role.

Measurements follow the same rules as the admin: anyone sees approved values; a
coordinator also sees, enters and submits their units' measurements for indicators
of their tasks; SZ sees, approves and returns all. Each answer is the request site's
(cms.api.base). Every list runs a fixed number of
SQL queries whatever its length: programme structure comes from the okcore registry
(no queries), and each list fetches its rows and their relations in one go.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpResponse, JsonResponse
from django.utils import timezone, translation
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.filters import OrderingFilter
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from wagtail.log_actions import log
from wagtail.models import Site

from cms.api import filters
from cms.api.base import LANG, LanguageMixin, WriteThrottle, query, request_site, served
from cms.api.deliveries import CityStaff, DutyQuery, DutySerializer, unit_duty_items
from cms.api.prepared import Encoded, PreparedIndicator, PreparedJSONRenderer, prepared
from cms.api.serializers import (
    ExporterSerializer,
    ExportQuerySerializer,
    GoalItem,
    GoalSerializer,
    IndicatorSerializer,
    MeasurementSerializer,
    OccurrenceItem,
    OccurrenceSerializer,
    ProgrammeSummarySerializer,
    ReviewSerializer,
    RiskSerializer,
    TaskItem,
    TaskSerializer,
    UnitSerializer,
    is_staff,
)
from cms.core.city import in_site
from cms.core.registry import registry
from cms.core.review import TransitionConflict
from cms.events.feeds import in_language
from cms.events.models import EventPage
from cms.events.occurrences import core_event, last_day, writable
from cms.indicators.access import (
    MeasurementPermissionPolicy,
    approvable,
    entry_units,
    indicators_for_unit,
    is_approver,
    of_sites,
)
from cms.indicators.models import Measurement, Status, countable
from cms.indicators.selectors import approved
from cms.network.models import POLISH_NAME, Coordinator, Unit
from cms.risks.selectors import current_ratings
from okcore.exporters import ExportError, ExportRequest
from okcore.program import Program
from okcore.services.calendar import occurrences


def _programs(request: Request, programme: str | None) -> list[Program]:
    """The request's site's programmes, or the one asked for (validated: one of them)."""
    found = served(request)
    return [found[programme]] if programme is not None else list(found.values())


def _ordered(items: list[Any], ordering: str | None, keys: dict[str, Callable[[Any], Any]]) -> Any:
    if not ordering:
        return items
    name = ordering.lstrip("-")
    return sorted(items, key=keys[name], reverse=ordering.startswith("-"))


class RegistryListViewSet(LanguageMixin, mixins.ListModelMixin, viewsets.GenericViewSet[Any]):
    """A paginated list built from the okcore registry, filtered by validated parameters."""

    permission_classes = [permissions.AllowAny]
    filter_backends: list[Any] = []
    query_class: type[serializers.Serializer[Any]] = filters.ProgrammeQuery
    order_keys: dict[str, Callable[[Any], Any]] = {}

    def items(self, params: dict[str, Any]) -> list[Any]:
        """What the list holds for these parameters; each list defines its own."""
        raise NotImplementedError(f"{type(self).__name__} must say what it lists")

    def get_queryset(self) -> Any:
        params = query(self.query_class, self.request)
        return _ordered(self.items(params), params.get("ordering"), self.order_keys)


def _goals(request: Request, params: dict[str, Any]) -> Iterable[GoalItem]:
    for program in _programs(request, params.get("programme")):
        for goal in program.goals:
            if params.get("goal") in (None, goal.number):
                yield GoalItem(program, goal)


@extend_schema(parameters=[filters.ProgrammeQuery, LANG])
class GoalViewSet(RegistryListViewSet):
    """Goals of the installed programmes."""

    serializer_class = GoalSerializer
    order_keys = {"programme": lambda i: i.program.id, "number": lambda i: i.goal.number}

    def items(self, params: dict[str, Any]) -> list[Any]:
        return list(_goals(self.request, params))


@extend_schema(parameters=[filters.TaskQuery, LANG])
class TaskViewSet(RegistryListViewSet):
    """Tasks, with implementers and partners; ``unit`` keeps the tasks a unit implements."""

    serializer_class = TaskSerializer
    query_class = filters.TaskQuery
    order_keys = {
        "programme": lambda i: i.program.id,
        "number": lambda i: (i.goal.number, i.task.number),
    }

    def items(self, params: dict[str, Any]) -> list[Any]:
        unit = params.get("unit")
        return [
            TaskItem(item.program, item.goal, task)
            for item in _goals(self.request, params)
            for task in item.goal.tasks
            if unit is None or any(p.unit == unit for p in task.implementers)
        ]


@extend_schema(parameters=[filters.IndicatorQuery, LANG])
class IndicatorViewSet(RegistryListViewSet):
    """Indicators with baseline, target, approved measurements and the status per year:
    one query for the approved values' version, each indicator's JSON kept under it
    (cms.api.prepared)."""

    serializer_class = IndicatorSerializer
    query_class = filters.IndicatorQuery
    renderer_classes = [PreparedJSONRenderer, BrowsableAPIRenderer]
    order_keys = {
        "programme": lambda i: i.programme,
        "number": lambda i: (i.goal, i.number),
    }

    def items(self, params: dict[str, Any]) -> list[Any]:
        unit = params.get("unit")
        implemented = indicators_for_unit(unit, request_site(self.request)) if unit else None
        goal = params.get("goal")
        return [
            item
            for item in _prepared(_programs(self.request, params.get("programme")), params)
            if goal in (None, item.goal) and (implemented is None or item.key in implemented)
        ]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None  # a list is always paginated (REST_FRAMEWORK's default)
        return Response(Encoded.page(self.get_paginated_response([]).data, page))


def _prepared(programs: list[Program], params: dict[str, Any]) -> list[PreparedIndicator]:
    """The programmes' indicators as kept for the approved values' current version."""
    return prepared(programs, translation.get_language(), params.get("year"))


@extend_schema(parameters=[filters.YearQuery, LANG])
class IndicatorDetailViewSet(
    LanguageMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Any]
):
    """One indicator, at /indicators/<key>/: its one key, programme/indicator/id."""

    serializer_class = IndicatorSerializer
    permission_classes = [permissions.AllowAny]
    renderer_classes = [PreparedJSONRenderer, BrowsableAPIRenderer]

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        program_id, indicator_id = self.kwargs["programme"], self.kwargs["indicator"]
        program = served(self.request).get(program_id)
        if program is None or indicator_id not in program.indicators:
            raise NotFound(f"unknown indicator {program_id}/indicator/{indicator_id}")
        key = program.indicator_uid(indicator_id)
        found = _prepared([program], query(filters.YearQuery, self.request))
        return Response(Encoded(next(item.json for item in found if item.key == key)))


@extend_schema(parameters=[filters.RiskQuery, LANG])
class RiskViewSet(RegistryListViewSet):
    """Programme risks: the document's rating, the current one, and every re-assessment."""

    serializer_class = RiskSerializer
    query_class = filters.RiskQuery
    order_keys = {
        "programme": lambda i: i.program.id,
        "number": lambda i: i.risk.number,
        "rating": lambda i: i.rating,
    }

    def items(self, params: dict[str, Any]) -> list[Any]:
        return [
            item
            for item in current_ratings(_programs(self.request, params.get("programme")))
            if params.get("goal") in (None, item.risk.goal)
            and params.get("level") in (None, item.level.value)
        ]


class ProgrammeViewSet(LanguageMixin, viewsets.GenericViewSet[Any]):
    """Installed programmes; the detail is the okcore programme document itself."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ProgrammeSummarySerializer
    lookup_field = "id"
    lookup_value_regex = "[a-z0-9-]+"

    def _program(self, identifier: str) -> Program:
        program = served(self.request).get(identifier)
        if program is None:  # not installed, or another city's
            raise NotFound(f"unknown programme {identifier!r}")
        return program

    @extend_schema(parameters=[LANG])
    def list(self, request: Request) -> Response:
        programs = self.paginate_queryset(_programs(request, None))
        return self.get_paginated_response(self.get_serializer(programs, many=True).data)

    @extend_schema(
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="The programme as an okcore document, all languages; "
                "`okcore schema program` prints its JSON Schema, and okcore reads it back.",
            )
        }
    )
    def retrieve(self, request: Request, id: str) -> Response:
        return Response(self._program(id).as_document())

    @extend_schema(
        parameters=[ExportQuerySerializer, LANG],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "text/csv"): OpenApiTypes.STR,
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): (
                OpenApiTypes.BINARY
            ),
        },
    )
    @action(detail=True, url_path=r"exports/(?P<exporter>[a-z0-9_-]+)", pagination_class=None)
    def export(self, request: Request, id: str, exporter: str) -> HttpResponse:
        """An installed exporter's file (e.g. ``icc``) from approved measurements."""
        program = self._program(id)
        found = registry().exporters.get(exporter)
        if found is None:
            raise NotFound(f"unknown exporter {exporter!r}")
        params = query(ExportQuerySerializer, request)
        problems = {}
        if params["format"] not in found.formats:
            problems["format"] = [f"use one of {', '.join(found.formats)}"]
        for name in ("year", "compare"):
            if name in params and params[name] not in program.period:
                problems[name] = [
                    f"outside the programme period {program.period.start}–{program.period.end}"
                ]
        if problems:
            raise serializers.ValidationError(problems)
        export = ExportRequest(
            program,
            params["year"],
            params["format"],
            params.get("compare"),
            approved(program),
            translation.get_language(),
        )
        try:
            payload = found.render(registry(), export)
        except ExportError as error:
            raise serializers.ValidationError({"detail": [str(error)]}) from None
        response = HttpResponse(payload, content_type=CONTENT_TYPES[params["format"]])
        filename = f"{program.id}-{exporter}-{params['year']}.{params['format']}"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # ``?format=`` names the export's file format here, not a renderer.
        return super().perform_content_negotiation(request, force=True)


CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ExporterViewSet(LanguageMixin, mixins.ListModelMixin, viewsets.GenericViewSet[Any]):
    """Installed exporters (plugins' ``okcore_register_exporters``)."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ExporterSerializer

    def get_queryset(self) -> Any:
        return [registry().exporters[name] for name in sorted(registry().exporters)]


@extend_schema(parameters=[LANG])
class UnitViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet[Unit]):
    """Units; their coordinators: contact points who consented, everyone for city staff."""

    serializer_class = UnitSerializer
    lookup_field = "slug"
    permission_classes = [permissions.AllowAny]
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = filters.UnitFilter
    ordering_fields = ["slug", "code", "name_pl"]
    ordering = ["name_pl"]

    def get_queryset(self) -> QuerySet[Unit]:
        if getattr(self, "swagger_fake_view", False):  # the schema: no request, no site
            return Unit.objects.none()
        units = Unit.objects.of_site(request_site(self.request)).annotate(
            name_pl=POLISH_NAME  # ?ordering=name_pl, docs/api.md
        )
        people = Coordinator.objects.order_by("network", "role")
        if is_staff(self.request):
            return units.prefetch_related(Prefetch("coordinators", queryset=people))
        contacts = people.public_contacts(timezone.localdate())
        return units.prefetch_related(
            Prefetch("coordinators", queryset=contacts, to_attr="public_contacts")
        )

    @extend_schema(
        parameters=[DutyQuery, LANG],
        responses={
            200: DutySerializer(many=True),
            403: OpenApiResponse(OpenApiTypes.OBJECT, description="Not staff of the unit's city"),
        },
    )
    @action(
        detail=True,
        permission_classes=[CityStaff],
        pagination_class=None,
        filter_backends=[],
    )
    def obligations(self, request: Request, slug: str) -> Response:
        """The unit's duties on a day, one row per deadline, with its delivery form and
        the delivery, if any: the city's working data, for its staff (docs/api.md)."""
        unit = self.get_object()
        on = query(DutyQuery, request).get("on") or timezone.localdate()
        items = unit_duty_items(request.user, unit, on)
        return Response(DutySerializer(items, many=True, context={"request": request}).data)


def _live_events(site: Site | None) -> QuerySet[EventPage]:
    """The public events of the site's page trees."""
    found: QuerySet[EventPage] = in_site(
        EventPage.objects.live()
        .public()
        .select_related("unit", "locale")
        .prefetch_related("cancellations", "moves"),
        site,
    )
    return found


@extend_schema(parameters=[filters.EventQuery, LANG])
class EventViewSet(LanguageMixin, mixins.ListModelMixin, viewsets.GenericViewSet[Any]):
    """Occurrences of public events between two days, repeating series expanded."""

    serializer_class = OccurrenceSerializer
    permission_classes = [permissions.AllowAny]
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        params = query(filters.EventQuery, self.request)
        start: date = params["start"]
        end: date = params["end"]
        pages = _live_events(request_site(self.request)).filter(start_date__lte=end)
        pages = pages.filter(
            Q(repeat__gt="")
            | Q(end_date__gte=start)
            | Q(end_date__isnull=True, start_date__gte=start)
        )
        if "programme" in params:
            program = served(self.request).get(params["programme"])
            goals = {goal.number: goal for goal in program.goals} if program else {}
            if program is None or ("goal" in params and params["goal"] not in goals):
                pages = pages.none()
            elif "goal" in params:
                pages = pages.filter(goal=program.goal_uid(goals[params["goal"]]))
            else:
                pages = pages.filter(goal__startswith=program.uid_prefix)
        if "unit" in params:
            pages = pages.filter(unit__slug=params["unit"])
        if "category" in params:
            pages = pages.filter(category=params["category"])
        language = translation.get_language()
        found = []
        for page in in_language(pages, language):
            if not writable(page) or last_day(page) < start:
                continue
            event = core_event(page, None, language)
            for occurrence in occurrences(event, start, end):
                found.append(
                    OccurrenceItem(page, occurrence.start, occurrence.end, occurrence.moved)
                )
        return sorted(found, key=lambda o: (_sort_key(o.start), o.page.id))


def _sort_key(moment: Any) -> Any:
    return moment if isinstance(moment, datetime) else datetime.combine(moment, time.min)


class MeasurementPermission(permissions.BasePermission):
    """Reading is open; writing needs the measurement permissions the unit groups carry."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request: Request, view: Any, obj: Measurement) -> bool:
        if request.method in permissions.SAFE_METHODS or view.action in REVIEW_ACTIONS:
            return True
        verb = "delete" if request.method == "DELETE" else "change"
        return MeasurementPermissionPolicy(Measurement).user_has_permission_for_instance(
            request.user, verb, obj
        )


REVIEW_ACTIONS = {"submit", "approve", "send_back"}


class Conflict(APIException):
    """Someone else moved the measurement between this user's reading and their action."""

    status_code = 409
    default_detail = "the measurement was changed meanwhile"
    default_code = "conflict"


MOVED = {
    200: MeasurementSerializer,
    409: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description="Someone else changed the status meanwhile: `detail` says to what",
    ),
}


@extend_schema(parameters=[LANG])
class MeasurementViewSet(LanguageMixin, viewsets.ModelViewSet[Measurement]):
    """Indicator values: drafts by units, submitted to SZ, approved before they count."""

    serializer_class = MeasurementSerializer
    permission_classes = [MeasurementPermission]
    throttle_classes = [WriteThrottle]
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = filters.MeasurementFilter
    ordering_fields = ["period", "indicator", "updated_at", "id"]
    ordering = ["indicator", "period", "id"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Measurement]:
        """The site's units' measurements (another city's are a 404 here), as the user's
        role shows them."""
        if getattr(self, "swagger_fake_view", False):  # the schema: no request, no site
            return Measurement.objects.none()
        user = self.request.user
        site = request_site(self.request)
        measurements = Measurement.objects.select_related("unit").filter(
            of_sites([site] if site is not None else [])
        )
        if user.is_authenticated and is_approver(user):
            return measurements.filter(approvable(user))  # one city's SZ, not another's
        visible = Q(status=Status.APPROVED)
        if user.is_authenticated:
            visible |= Q(unit__in=entry_units(user))
        return measurements.filter(visible)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not request.user.has_perm("indicators.add_measurement"):
            raise PermissionDenied("you may not enter measurements")
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: serializers.BaseSerializer[Measurement]) -> None:
        serializer.save(created_by=self.request.user)

    def perform_update(self, serializer: serializers.BaseSerializer[Measurement]) -> None:
        """An edit of a value someone moved meanwhile (submitted, approved) is a 409."""
        try:
            serializer.save()
        except TransitionConflict as error:
            raise Conflict(str(error)) from None

    @transaction.atomic
    def perform_destroy(self, instance: Measurement) -> None:
        """The unit deletes its drafts and returned values, SZ any (MeasurementPermission);
        the audit log keeps who deleted what."""
        log(instance=instance, action="wagtail.delete", user=self.request.user, deleted=True)
        instance.delete()

    def paginate_queryset(  # type: ignore[override]  # pages of model rows only, never tuples
        self, queryset: QuerySet[Measurement] | Sequence[Measurement]
    ) -> list[Measurement] | None:
        """A stored row that breaks the rules for values is logged and left out of the page."""
        page = super().paginate_queryset(queryset)
        return None if page is None else countable(page)

    def get_object(self) -> Measurement:
        """A row that breaks the rules is not shown or moved, only corrected or deleted."""
        measurement: Measurement = super().get_object()
        if self.action in ("retrieve", *REVIEW_ACTIONS) and not countable([measurement]):
            raise NotFound(
                f"measurement {measurement.pk} breaks the rules for values; "
                "correct it (PATCH) or delete it"
            )
        return measurement

    def _move(self, request: Request, to: str, comment: str = "") -> Response:
        measurement = self.get_object()
        try:
            measurement.transition(to, request.user, comment)
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        except TransitionConflict as error:
            raise Conflict(str(error)) from None
        except DjangoValidationError as error:
            raise serializers.ValidationError({"status": error.messages}) from None
        return Response(self.get_serializer(measurement).data)

    @extend_schema(request=None, responses=MOVED)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        """The unit hands a draft (or a returned value) to SZ."""
        return self._move(request, Status.SUBMITTED)

    @extend_schema(request=None, responses=MOVED)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        """SZ approves a submitted value: from now on it counts."""
        return self._move(request, Status.APPROVED)

    @extend_schema(request=ReviewSerializer, responses=MOVED)
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request: Request, pk: str) -> Response:
        """SZ returns a value to the unit, saying why (``comment``)."""
        review = ReviewSerializer(data=request.data)
        review.is_valid(raise_exception=True)
        return self._move(request, Status.RETURNED, review.validated_data.get("comment", ""))


def unknown_path(request: Any, path: str = "") -> HttpResponse:
    """A JSON 404 for any path under /api/v1/ that names nothing, not the site's HTML page."""
    return JsonResponse({"detail": f"no such API path: {request.path}"}, status=404)
