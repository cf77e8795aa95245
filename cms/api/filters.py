"""Query parameters of the list endpoints, validated so a wrong one is a 400 naming it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import django_filters
from django.db.models import Q
from django.utils import timezone
from rest_framework import serializers

from cms.api.base import request_site, served
from cms.events.models import EARLIEST_DATE, LATEST_DATE, Category, validate_event_date
from cms.indicators.models import Measurement, Status
from cms.network.models import Unit
from okcore.program import INDICATOR_UID_FORM, INDICATOR_UID_INFIX, Program, RiskLevel


def _ordering(*keys: str) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=[*keys, *(f"-{k}" for k in keys)],
        required=False,
        help_text="Sort by this field; a leading '-' reverses",
    )


#: Every day or year a query names lies within the days events may have (docs/api.md).
FIRST_YEAR, LAST_YEAR = EARLIEST_DATE.year, LATEST_DATE.year


def _year(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR, help_text=help_text
    )


class ProgrammeParameter(serializers.Serializer[Any]):
    """``programme``: one the request's site serves (another city's is unknown here)."""

    programme = serializers.SlugField(required=False, help_text="A programme id")

    def validate_programme(self, value: str) -> str:
        if value not in served(self.context["request"]):
            raise serializers.ValidationError(f"unknown programme {value!r}")
        return value


class ProgrammeQuery(ProgrammeParameter):
    goal = serializers.IntegerField(required=False, min_value=1, help_text="A goal number")
    ordering = _ordering("programme", "number")


class UnitQueryMixin(serializers.Serializer[Any]):
    unit = serializers.SlugField(required=False, help_text="A unit slug: where it implements")

    def validate_unit(self, value: str) -> str:
        site = request_site(self.context["request"])
        if not Unit.objects.of_site(site).filter(slug=value).exists():
            raise serializers.ValidationError(f"unknown unit {value!r}")
        return value


class TaskQuery(UnitQueryMixin, ProgrammeQuery):
    """Tasks by programme, goal and implementing unit."""


class YearQuery(serializers.Serializer[Any]):
    year = _year("Only this year's status")


class IndicatorQuery(UnitQueryMixin, YearQuery, ProgrammeQuery):
    """Indicators by programme, goal and implementing unit; statuses for one year."""


class RiskQuery(ProgrammeQuery):
    level = serializers.ChoiceField(choices=[level.value for level in RiskLevel], required=False)
    ordering = _ordering("programme", "number", "rating")


#: The longest window of dates one request may expand, to keep answers bounded.
MAX_EVENT_WINDOW_DAYS = 732


class EventQuery(UnitQueryMixin, ProgrammeParameter):
    start = serializers.DateField(
        required=False, validators=[validate_event_date], help_text="First day (default: today)"
    )
    end = serializers.DateField(
        required=False, validators=[validate_event_date], help_text="Last day (default: 90 days on)"
    )
    year = _year("Instead of start/end")
    goal = serializers.IntegerField(required=False, min_value=1, help_text="With programme")
    category = serializers.ChoiceField(choices=Category.values, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        year = attrs.pop("year", None)
        if year is not None:
            if "start" in attrs or "end" in attrs:
                raise serializers.ValidationError({"year": ["give a year or start/end, not both"]})
            attrs["start"], attrs["end"] = date(year, 1, 1), date(year, 12, 31)
        if "goal" in attrs and "programme" not in attrs:
            raise serializers.ValidationError({"goal": ["a goal number needs a programme"]})
        attrs.setdefault("start", timezone.localdate())
        attrs.setdefault("end", attrs["start"] + timedelta(days=90))
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": ["the last day is before the first"]})
        if (attrs["end"] - attrs["start"]).days > MAX_EVENT_WINDOW_DAYS:
            raise serializers.ValidationError(
                {"end": [f"ask for at most {MAX_EVENT_WINDOW_DAYS} days at a time"]}
            )
        return attrs


class MeasurementFilter(django_filters.FilterSet):
    programme = django_filters.CharFilter(method="in_programme", help_text="A programme id")
    indicator = django_filters.CharFilter(
        method="of_indicator", help_text=f"An indicator's key, {INDICATOR_UID_FORM}"
    )
    unit = django_filters.CharFilter(field_name="unit__slug", help_text="A unit slug")
    year = django_filters.NumberFilter(
        field_name="period", min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    status = django_filters.ChoiceFilter(choices=Status.choices)

    class Meta:
        model = Measurement
        fields = ["programme", "indicator", "unit", "year", "status"]

    def in_programme(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.filter(indicator__startswith=value + INDICATOR_UID_INFIX)

    def of_indicator(self, queryset: Any, name: str, value: str) -> Any:
        """One indicator, by its one key; the old ``programme/indicator`` form is a 400."""
        try:
            Program.parse_indicator_uid(value)
        except ValueError as error:
            raise serializers.ValidationError({"indicator": [str(error)]}) from None
        return queryset.filter(indicator=value)


class UnitFilter(django_filters.FilterSet):
    code = django_filters.CharFilter(lookup_expr="iexact")
    exists_on = django_filters.DateFilter(
        method="existing", validators=[validate_event_date], help_text="Units existing that day"
    )

    class Meta:
        model = Unit
        fields = ["code", "exists_on"]

    def existing(self, queryset: Any, name: str, value: date) -> Any:
        return queryset.filter(
            Q(established__isnull=True) | Q(established__lte=value),
            Q(dissolved__isnull=True) | Q(dissolved__gt=value),
        )
