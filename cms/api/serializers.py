"""What the API returns, field by field; the OpenAPI schema is generated from these classes.

Programme structure (goals, tasks, indicators, risks) comes from the okcore registry,
not the database: serializers read okcore objects wrapped in small ``*Item`` records
that carry their programme. Translatable texts come out in the request's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils import timezone, translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from wagtail.models import Site

from cms.api.base import request_site, served
from cms.core.registry import text
from cms.core.roles import staff_sites
from cms.indicators.access import may_enter
from cms.indicators.models import Measurement
from cms.network.compliance import units_for
from cms.network.models import Coordinator, Unit
from cms.risks.models import RiskAssessment
from cms.risks.selectors import RiskRating
from okcore.program import INDICATOR_UID_FORM, Goal, Indicator, Program, Task
from okcore.services.indicators import IndicatorStatus


@extend_schema_field({"type": "string", "nullable": True})
class TextField(serializers.Field[Any, Any, str | None, Any]):
    """An okcore translatable text, in the active language (Polish when untranslated)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str | None:
        return text(value) or None


class TextListField(serializers.ListField):
    child = TextField()


@dataclass(frozen=True)
class GoalItem:
    program: Program
    goal: Goal


@dataclass(frozen=True)
class TaskItem:
    program: Program
    goal: Goal
    task: Task


@dataclass(frozen=True)
class IndicatorItem:
    program: Program
    goal: Goal
    indicator: Indicator
    measurements: list[Measurement] = field(default_factory=list)
    statuses: list[IndicatorStatus] = field(default_factory=list)


class PeriodSerializer(serializers.Serializer[Any]):
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class ProgrammeSummarySerializer(serializers.Serializer[Any]):
    id = serializers.SlugField()
    title = TextField()
    short_title = TextField()
    city = TextField()
    period = PeriodSerializer()
    provenance = TextField(help_text="Which text of the programme this is (draft, adoption)")
    goals = serializers.SerializerMethodField()
    indicators = serializers.SerializerMethodField()

    def get_goals(self, program: Program) -> int:
        return len(program.goals)

    def get_indicators(self, program: Program) -> int:
        return len(program.indicators)


class OutcomeSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    title = TextField()


class GoalSerializer(serializers.Serializer[Any]):
    key = serializers.SerializerMethodField()
    programme = serializers.CharField(source="program.id")
    number = serializers.IntegerField(source="goal.number")
    title = TextField(source="goal.title")
    outcomes = OutcomeSerializer(source="goal.outcomes", many=True)
    tasks = serializers.SerializerMethodField()
    indicators = serializers.SerializerMethodField()
    source = serializers.CharField(  # type: ignore[assignment]  # an API field named like Field.source
        source="goal.source", allow_null=True
    )

    def get_key(self, item: GoalItem) -> str:
        return item.program.goal_uid(item.goal)

    def get_tasks(self, item: GoalItem) -> list[int]:
        return [t.number for t in item.goal.tasks]

    def get_indicators(self, item: GoalItem) -> list[str]:
        return [item.program.indicator_uid(i) for i in item.goal.indicators]


class PartySerializer(serializers.Serializer[Any]):
    name = TextField()
    unit = serializers.SlugField(allow_null=True, help_text="The unit's slug, if it is one")


class TaskSerializer(serializers.Serializer[Any]):
    key = serializers.SerializerMethodField()
    programme = serializers.CharField(source="program.id")
    goal = serializers.IntegerField(source="goal.number")
    number = serializers.IntegerField(source="task.number")
    title = TextField(source="task.title")
    measures = TextListField(source="task.measures")
    deadline = serializers.SerializerMethodField()
    products = TextListField(source="task.products")
    implementers = PartySerializer(source="task.implementers", many=True)
    partners = PartySerializer(source="task.partners", many=True)
    source = serializers.CharField(  # type: ignore[assignment]  # an API field named like Field.source
        source="task.source", allow_null=True
    )

    def get_key(self, item: TaskItem) -> str:
        return item.program.task_uid(item.goal, item.task)

    def get_deadline(self, item: TaskItem) -> str:
        """A date (YYYY-MM-DD) or 'continuous'."""
        deadline = item.task.deadline
        return deadline if isinstance(deadline, str) else deadline.isoformat()


class TargetPartSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(allow_null=True)
    comparator = serializers.CharField(allow_null=True)
    value = serializers.FloatField(allow_null=True)
    value_max = serializers.FloatField(allow_null=True)
    unit = TextField()
    label = TextField()  # type: ignore[assignment]  # an API field named like Field.label


class TargetSerializer(TargetPartSerializer):
    per = serializers.CharField(help_text="'period' (cumulative over the programme) or 'year'")
    components = TargetPartSerializer(many=True)


class BaselineSerializer(serializers.Serializer[Any]):
    value = serializers.FloatField()
    year = serializers.IntegerField()


class StatusSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["met", "not_met", "no_data"])
    value = serializers.FloatField(allow_null=True)
    components = serializers.DictField(child=serializers.FloatField())
    progress = serializers.FloatField(allow_null=True, help_text="0–1 of the way to the target")
    measured_period = serializers.IntegerField(allow_null=True)
    note = serializers.CharField(allow_null=True)
    contributions = serializers.DictField(
        child=serializers.FloatField(),
        help_text="Each reporting unit's value by unit slug ('' for a value without a unit); "
        "'value' combines them by the indicator's rule",
    )

    def to_representation(self, instance: IndicatorStatus) -> dict[str, Any]:
        data = instance.as_dict()
        del data["indicator"]
        return data


class ApprovedMeasurementSerializer(serializers.ModelSerializer[Measurement]):
    unit: serializers.SlugRelatedField[Unit] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )

    class Meta:
        model = Measurement
        fields = ["id", "period", "unit", "value", "components", "note"]


class IndicatorSerializer(serializers.Serializer[Any]):
    key = serializers.SerializerMethodField(
        help_text="The indicator's one key, programme/indicator/id, as measurements use"
    )
    programme = serializers.CharField(source="program.id")
    id = serializers.SlugField(source="indicator.id")
    goal = serializers.IntegerField(source="goal.number")
    number = serializers.IntegerField(source="indicator.number")
    name = TextField(source="indicator.name")
    unit_of_measure = TextField(source="indicator.unit")
    tasks = serializers.ListField(child=serializers.IntegerField(), source="indicator.tasks")
    baseline = BaselineSerializer(source="indicator.baseline", allow_null=True)
    target = TargetSerializer(source="indicator.target")
    measurements = ApprovedMeasurementSerializer(many=True, help_text="Approved values only")
    status = StatusSerializer(source="statuses", many=True, help_text="Status per year")
    source = serializers.CharField(  # type: ignore[assignment]  # an API field named like Field.source
        source="indicator.source", allow_null=True
    )

    def get_key(self, item: IndicatorItem) -> str:
        return item.program.indicator_uid(item.indicator)


class RiskAssessmentSerializer(serializers.ModelSerializer[RiskAssessment]):
    level = serializers.SerializerMethodField()

    class Meta:
        model = RiskAssessment
        fields = ["rating", "level", "assessed_on", "note"]

    def get_level(self, assessment: RiskAssessment) -> str:
        return assessment.level.value


class RiskSerializer(serializers.Serializer[Any]):
    key = serializers.SerializerMethodField()
    programme = serializers.CharField(source="program.id")
    number = serializers.IntegerField(source="risk.number")
    goal = serializers.IntegerField(source="risk.goal", allow_null=True)
    name = TextField(source="risk.name")
    owner = TextField(source="risk.owner")
    response = serializers.CharField(source="risk.response")
    action = TextField(source="risk.action")
    document_rating = serializers.IntegerField(source="risk.rating")
    rating = serializers.IntegerField(help_text="Current rating: the latest re-assessment")
    level = serializers.SerializerMethodField()
    history = RiskAssessmentSerializer(many=True, help_text="Re-assessments, newest first")
    source = serializers.CharField(  # type: ignore[assignment]  # an API field named like Field.source
        source="risk.source", allow_null=True
    )

    def get_key(self, item: RiskRating) -> str:
        return item.program.risk_uid(item.risk)

    def get_level(self, item: RiskRating) -> str:
        return item.level.value


class PublicContactSerializer(serializers.ModelSerializer[Coordinator]):
    """A person who agreed to be a public contact point for NGOs (351/2026 §5): what the
    public may know of them, and nothing more."""

    class Meta:
        model = Coordinator
        fields = ["network", "role", "name", "function", "phone", "email"]


class CoordinatorSerializer(PublicContactSerializer):
    """Everyone designated, consenting or not, with dates: only for signed-in city staff."""

    class Meta(PublicContactSerializer.Meta):
        fields = [
            *PublicContactSerializer.Meta.fields,
            "valid_from",
            "valid_to",
            "public_contact_consent_on",
        ]


def is_staff(request: Any) -> bool:
    """Staff of the request's city, as cms.network.presenters.city_staff: its portal
    administrators and editors, and those designated today for one of its units. The
    units answered are that site's, so another city's staff get what the public gets.
    Asked once per unit, answered once per request."""
    if request is None:
        return False
    known: bool | None = getattr(request, "_okcore_city_staff", None)
    if known is None:
        known = _city_staff(getattr(request, "user", None), request_site(request))
        request._okcore_city_staff = known
    return known


def _city_staff(user: Any, site: Site | None) -> bool:
    if not (user and user.is_authenticated and user.has_perm("wagtailadmin.access_admin")):
        return False
    if site is None:
        return False
    return any(mine.pk == site.pk for mine in staff_sites(user)) or any(
        unit.shown_on() == site for unit in units_for(user)
    )


class UnitSerializer(serializers.ModelSerializer[Unit]):
    name = serializers.CharField(read_only=True, help_text="In the request's language")
    email = serializers.SerializerMethodField(help_text="The unit's own contact, if public")
    phone = serializers.SerializerMethodField(help_text="The unit's own contact, if public")
    coordinators = serializers.SerializerMethodField(
        help_text="The public contact points: people designated today who agreed to be shown "
        "(351/2026 §5). Signed-in city staff get every coordinator and deputy, past ones "
        "included, with `valid_from`, `valid_to` and `public_contact_consent_on`."
    )

    class Meta:
        model = Unit
        fields = [
            "slug",
            "code",
            "name",
            "names",
            "established",
            "dissolved",
            "email",
            "phone",
            "coordinators",
        ]

    def _shows_contact(self, unit: Unit) -> bool:
        return unit.contact_public or is_staff(self.context.get("request"))

    def get_email(self, unit: Unit) -> str | None:
        return (unit.email or None) if self._shows_contact(unit) else None

    def get_phone(self, unit: Unit) -> str | None:
        return (unit.phone or None) if self._shows_contact(unit) else None

    @extend_schema_field(PublicContactSerializer(many=True))
    def get_coordinators(self, unit: Unit) -> list[dict[str, Any]]:
        # UnitViewSet prefetches everyone for staff, and only the contact points otherwise.
        if is_staff(self.context.get("request")):
            return list(CoordinatorSerializer(unit.coordinators.all(), many=True).data)
        return list(PublicContactSerializer(unit.public_contacts, many=True).data)


class NumberField(serializers.FloatField):
    """A finite JSON number: no strings ("12", "NaN") and no booleans taken for numbers."""

    def to_internal_value(self, data: Any) -> float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        return super().to_internal_value(data)


class SiteUnitField(serializers.SlugRelatedField[Unit]):
    """A unit of the request's site, by slug: another city's unit is unknown here."""

    def get_queryset(self) -> Any:
        return Unit.objects.of_site(request_site(self.context["request"]))

    def to_internal_value(self, data: Any) -> Unit:
        # PostgreSQL refuses to compare text holding NUL (a DataError, so a 500); no slug has one.
        if isinstance(data, str) and "\x00" in data:
            raise serializers.ValidationError("A unit's slug contains no NUL character.")
        return super().to_internal_value(data)


class MeasurementSerializer(serializers.ModelSerializer[Measurement]):
    indicator = serializers.CharField(
        max_length=255, help_text=f"The indicator's one key, {INDICATOR_UID_FORM}"
    )
    unit = SiteUnitField(
        slug_field="slug", queryset=Unit.objects.all(), allow_null=True, required=False
    )
    value = NumberField(allow_null=True, required=False)
    components = serializers.DictField(child=NumberField(), required=False)
    period = serializers.IntegerField(min_value=1900, max_value=2200)

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
            "updated_at",
        ]
        read_only_fields = ["status", "review_comment", "updated_at"]
        # No unique-together validator: it would answer 400 before validate() asks whether
        # the user may enter the value at all, telling them of other units' measurements.
        # validate() checks the constraint itself, after authorization.
        validators: list[Any] = []

    def validate_indicator(self, value: str) -> str:
        """An indicator of a programme the site serves, by its one key (not the old
        ``programme/indicator`` form, which this answers with the form expected)."""
        try:
            program_id, indicator_id = Program.parse_indicator_uid(value)
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None
        program = served(self.context["request"]).get(program_id)
        if program is None or indicator_id not in program.indicators:
            raise serializers.ValidationError(f"unknown indicator {value!r}")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        merged = {
            name: attrs.get(name, getattr(self.instance, name, None))
            for name in ("indicator", "period", "unit", "value", "components", "note")
        }
        merged["components"] = merged["components"] or {}
        merged["note"] = merged["note"] or ""
        user = self.context["request"].user
        if not may_enter(user, merged["unit"], merged["indicator"] or ""):
            raise PermissionDenied("your unit is not an implementer of this indicator's tasks")
        candidate = Measurement(pk=getattr(self.instance, "pk", None), **merged)
        candidate._state.adding = self.instance is None  # an edit does not collide with itself
        try:
            candidate.full_clean(exclude=["created_by"])
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return attrs


class ReviewSerializer(serializers.Serializer[Any]):
    comment = serializers.CharField(
        required=False, allow_blank=True, help_text="Required when returning a measurement"
    )


class ExportQuerySerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(help_text="The year reported on")
    compare = serializers.IntegerField(required=False, help_text="An earlier year to compare")
    format = serializers.CharField(required=False, default="json", help_text="json, csv or xlsx")


@dataclass(frozen=True)
class OccurrenceItem:
    page: Any
    start: Any
    end: Any
    moved: bool


@extend_schema_field(
    {
        "type": "string",
        "description": "Date (all day) or date-time with the site's time-zone offset",
    }
)
class MomentField(serializers.Field[Any, Any, str | None, Any]):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str | None:
        if isinstance(value, datetime) and timezone.is_naive(value):
            value = timezone.make_aware(value)
        moment: date = value  # a date, or a datetime (a date too)
        return moment.isoformat()


class OccurrenceSerializer(serializers.Serializer[Any]):
    event = serializers.IntegerField(source="page.id", help_text="The event page's id")
    title = serializers.CharField(source="page.title")
    start = MomentField()
    end = MomentField(allow_null=True)
    all_day = serializers.BooleanField(source="page.all_day")
    moved = serializers.BooleanField(help_text="Held at another time than the series says")
    status = serializers.CharField(source="page.status")
    category = serializers.CharField(source="page.category")
    location = serializers.CharField(source="page.location")
    online_url = serializers.CharField(source="page.online_url")
    unit = serializers.SlugField(source="page.unit.slug", allow_null=True, default=None)
    goal = serializers.CharField(source="page.goal", help_text="programme/goal-N, or empty")
    language = serializers.CharField(source="page.locale.language_code")
    url = serializers.SerializerMethodField()
    calendar = serializers.SerializerMethodField(help_text="The event's own .ics")

    def get_url(self, item: OccurrenceItem) -> str | None:
        url: str | None = item.page.get_full_url(self.context.get("request"))
        return url

    def get_calendar(self, item: OccurrenceItem) -> str:
        with translation.override(item.page.locale.language_code):
            path = reverse("calendar_event", args=[item.page.id])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ExporterSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    description = serializers.CharField()
    formats = serializers.ListField(child=serializers.CharField())
