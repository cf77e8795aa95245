"""Programmes: goals, outcomes, tasks, indicators with targets, risks."""

from __future__ import annotations

import enum
from datetime import date
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    computed_field,
    model_validator,
)
from pydantic_core import PydanticCustomError

from okcore.base import ID_RE, Id, Model, Slug
from okcore.citation import CitationText
from okcore.legal import LegalAct, Obligation
from okcore.text import Text

CONTINUOUS = "continuous"
INDICATOR_UID_INFIX = "/indicator/"
#: How an indicator's key reads, for error messages and docs.
INDICATOR_UID_FORM = "'<programme>/indicator/<indicator>'"


def _parse_task_deadline(value: Any) -> date | Literal["continuous"]:
    if value == CONTINUOUS or isinstance(value, date):
        return value  # type: ignore[no-any-return]
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError(
        "not_a_date", f"{value!r} is not a date (expected YYYY-MM-DD or 'continuous')"
    )


TaskDeadline = Annotated[
    date | Literal["continuous"],
    PlainValidator(_parse_task_deadline),
    PlainSerializer(lambda v: v if v == CONTINUOUS else v.isoformat()),
    WithJsonSchema(
        {
            "anyOf": [
                {"const": CONTINUOUS, "description": "a continuous activity"},
                {"type": "string", "format": "date", "description": "due by this date"},
            ]
        }
    ),
]


class Note(Model):
    """A remark beside the data: an ambiguity or inconsistency of the source document."""

    about: str = Field(description="What the note is about, e.g. 'goals[1].indicators[1].target'")
    text: Text


class Party(Model):
    """An implementer or partner of a task, as the document names it."""

    name: Text
    unit: Id | None = Field(
        default=None, description="Id of the unit that acts for this party, where one does"
    )


class Outcome(Model):
    """An intended result of a goal ('Tak aby')."""

    number: int = Field(ge=1)
    title: Text


class TaskRow(Model):
    """One of several rows a task has in its table, each with its own measures and parties."""

    measures: list[Text] = Field(default_factory=list)
    products: list[Text] = Field(default_factory=list)
    implementers: list[Party] = Field(default_factory=list)
    partners: list[Party] = Field(default_factory=list)


class Task(Model):
    number: int = Field(ge=1)
    title: Text
    measures: list[Text] = Field(default_factory=list, description="Efficiency measures")
    deadline: TaskDeadline
    products: list[Text] = Field(default_factory=list)
    implementers: list[Party] = Field(default_factory=list)
    partners: list[Party] = Field(default_factory=list)
    rows: list[TaskRow] = Field(
        default_factory=list,
        description="Where the table gives the task several rows: which parties act in each",
    )
    source: CitationText | None = None

    @model_validator(mode="after")
    def _rows_add_up(self) -> Task:
        """The task's measures, products and parties are its rows' together, in order."""
        if not self.rows:
            return self
        if [m for r in self.rows for m in r.measures] != self.measures:
            raise ValueError("the rows' measures, in order, must be the task's measures")
        if [p for r in self.rows for p in r.products] != self.products:
            raise ValueError("the rows' products, in order, must be the task's products")
        for kind in ("implementers", "partners"):
            listed = getattr(self, kind)
            if any(p not in listed for r in self.rows for p in getattr(r, kind)):
                raise ValueError(f"every row's {kind} must be among the task's {kind}")
        return self

    @property
    def is_continuous(self) -> bool:
        return self.deadline == CONTINUOUS


class Comparator(enum.StrEnum):
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    EXACTLY = "exactly"
    RANGE = "range"


class TargetPer(enum.StrEnum):
    YEAR = "year"  # each year of the programme on its own
    PERIOD = "period"  # the whole programme period; measurements are cumulative


class Target(Model):
    """What an indicator should reach.

    A simple target has a comparator and a value. A compound target (``2
    meetings/year, min. 10 people per NGO``) lists components, each a simple
    target with a ``key`` that measurements use for their part of the value.
    """

    key: Slug | None = None
    comparator: Comparator | None = None
    value: float | None = None
    value_max: float | None = Field(default=None, description="Upper bound of a range")
    unit: Text | None = None
    per: TargetPer = TargetPer.PERIOD
    label: Text | None = Field(default=None, description="The target as the document words it")
    components: list[Target] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shape(self) -> Target:
        if self.components:
            if self.comparator is not None or self.value is not None:
                raise ValueError("a compound target has components instead of comparator/value")
            keys = [c.key for c in self.components]
            if any(k is None for k in keys) or len(set(keys)) != len(keys):
                raise ValueError("every component of a compound target needs a unique key")
            if any(c.components for c in self.components):
                raise ValueError("components of a compound target cannot be compound themselves")
            return self
        if self.comparator is None or self.value is None:
            raise ValueError("a target needs a comparator and a value (or components)")
        if self.comparator is Comparator.RANGE:
            if self.value_max is None or self.value_max < self.value:
                raise ValueError("a range target needs value_max >= value")
        elif self.value_max is not None:
            raise ValueError("value_max is only for range targets")
        return self

    @property
    def is_compound(self) -> bool:
        return bool(self.components)

    @property
    def percent_sign(self) -> str:
        """'%' for a target in percent, so 5 reads 5%, not a count of 5."""
        return "%" if self.unit is not None and self.unit.get() == "%" else ""

    def formula(self, per_year: str = " per year") -> str:
        """The target in symbols (``≥100 per year``, ``20%–30%``), for a target the document
        gives no words for; ``per_year`` lets a site say "per year" in its language."""
        if self.components:
            return "; ".join(c.formula(per_year) for c in self.components)
        sign = self.percent_sign
        value = f"{self.value:g}{sign}"
        if self.comparator is Comparator.RANGE:
            value = f"{self.value:g}{sign}–{self.value_max:g}{sign}"
        symbol = {"at_least": "≥", "at_most": "≤", "exactly": "="}.get(str(self.comparator), "")
        return f"{symbol}{value}{per_year if self.per is TargetPer.YEAR else ''}"


class Combine(enum.StrEnum):
    """How the values of several implementer units make the indicator's one value."""

    SUM = "sum"  # counts: people, events, procedures
    MEAN = "mean"
    MAX = "max"
    SINGLE = "single"  # one reporting unit's value; the others are ignored


class Baseline(Model):
    value: float
    year: int = Field(ge=1900, le=2200)


class Indicator(Model):
    """A domain indicator ('wskaźnik dziedzinowy') with its baseline and target."""

    id: Id
    number: int = Field(ge=1, description="Position in the goal's results table (LP.)")
    name: Text
    unit: Text | None = None
    weight: float | None = Field(default=None, ge=0, description="Empty in many documents")
    outcome: int | None = Field(default=None, description="Number of the goal's outcome it serves")
    tasks: list[int] = Field(default_factory=list, description="Numbers of the goal's tasks")
    baseline: Baseline | None = None
    target: Target
    combine: Combine = Field(
        default=Combine.SUM, description="How unit values combine; counts add up (sum)"
    )
    reporting_unit: Id | None = Field(
        default=None, description="For combine 'single': the unit whose value counts"
    )
    source: CitationText | None = None

    @model_validator(mode="after")
    def _reporting_unit(self) -> Indicator:
        if (self.combine is Combine.SINGLE) != (self.reporting_unit is not None):
            raise ValueError("reporting_unit is required with combine 'single', and only then")
        return self


class Goal(Model):
    number: int = Field(ge=1)
    title: Text
    outcomes: list[Outcome] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    source: CitationText | None = None


class RiskLevel(enum.StrEnum):
    LOW = "low"
    MODERATE = "moderate"
    SERIOUS = "serious"
    CRITICAL = "critical"

    @classmethod
    def for_rating(cls, rating: int) -> RiskLevel:
        """Levels of the programme's risk scale: 1-2 low, 3-4 moderate, 5-6 serious, 7 critical."""
        if not 1 <= rating <= 7:
            raise ValueError(f"risk rating {rating} is outside 1-7")
        if rating <= 2:
            return cls.LOW
        if rating <= 4:
            return cls.MODERATE
        if rating <= 6:
            return cls.SERIOUS
        return cls.CRITICAL


class RiskResponse(enum.StrEnum):
    TOLERATE = "tolerate"
    TRANSFER = "transfer"
    WITHDRAW = "withdraw"
    COUNTERACT = "counteract"


class Risk(Model):
    number: int = Field(ge=1)
    goal: int | None = Field(default=None, description="Number of the goal the risk threatens")
    name: Text
    rating: int = Field(ge=1, le=7)
    response: RiskResponse
    action: Text | None = Field(default=None, description="The action in brackets, e.g. training")
    owner: Text | None = None
    source: CitationText | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def level(self) -> RiskLevel:
        return RiskLevel.for_rating(self.rating)


class Period(Model):
    start: int = Field(ge=1900, le=2200, description="First year")
    end: int = Field(ge=1900, le=2200, description="Last year")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")
        return self

    def __contains__(self, year: object) -> bool:
        return isinstance(year, int) and self.start <= year <= self.end

    @property
    def years(self) -> range:
        return range(self.start, self.end + 1)


class Source(Model):
    """A funding source or partner, with the paragraph that names it."""

    name: Text
    source: CitationText | None = None
    qualifier: Text | None = Field(
        default=None, description="How the document limits it, e.g. 'w ramach możliwości'"
    )


class RiskScaleStep(Model):
    """What a risk level asks of the management, as the programme's risk scale says."""

    level: RiskLevel
    consequence: Text
    source: CitationText | None = None


class Program(Model):
    """A policy programme adopted by a council, as a city publishes it."""

    id: Id
    title: Text
    short_title: Text | None = None
    city: Text | None = None
    period: Period
    source_locale: str = "pl"
    provenance: Text | None = Field(
        default=None,
        description="Which text this is: e.g. the draft of a date, adopted on another",
    )
    legal_basis: list[Slug] = Field(
        default_factory=list, description="Ids of the legal acts that adopt or underpin it"
    )
    main_goal: Text
    main_goal_source: CitationText | None = None
    strategy_link: Text | None = Field(
        default=None, description="How the programme serves the city's development strategy"
    )
    goals: list[Goal] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    risk_scale: list[RiskScaleStep] = Field(
        default_factory=list, description="The consequence of each risk level"
    )
    funding_sources: list[Source] = Field(default_factory=list)
    partners: list[Source] = Field(default_factory=list)
    legal_acts: list[LegalAct] = Field(default_factory=list)
    obligations: list[Obligation] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)

    def goal(self, number: int) -> Goal:
        for goal in self.goals:
            if goal.number == number:
                return goal
        raise KeyError(f"{self.id} has no goal {number}")

    @cached_property
    def indicators(self) -> dict[str, tuple[Goal, Indicator]]:
        return {i.id: (g, i) for g in self.goals for i in g.indicators}

    def indicator(self, indicator_id: str) -> Indicator:
        try:
            return self.indicators[indicator_id][1]
        except KeyError:
            raise KeyError(f"{self.id} has no indicator {indicator_id!r}") from None

    # Stable ids: the same in URLs, the API, iCal UIDs and exports.
    @property
    def uid_prefix(self) -> str:
        """What the stable id of every item of the programme begins with."""
        return f"{self.id}/"

    def goal_uid(self, goal: Goal) -> str:
        return f"{self.uid_prefix}goal-{goal.number}"

    def task_uid(self, goal: Goal, task: Task) -> str:
        return f"{self.id}/goal-{goal.number}/task-{task.number}"

    def indicator_uid(self, indicator: Indicator | str) -> str:
        """The one key of an indicator, on pages, in measurements and in the API."""
        indicator_id = indicator if isinstance(indicator, str) else indicator.id
        return f"{self.id}{INDICATOR_UID_INFIX}{indicator_id}"

    @staticmethod
    def parse_indicator_uid(uid: str) -> tuple[str, str]:
        """``(programme id, indicator id)`` of an indicator's key; ValueError naming the form."""
        program_id, infix, indicator_id = uid.partition(INDICATOR_UID_INFIX)
        if not infix or not ID_RE.fullmatch(program_id) or not ID_RE.fullmatch(indicator_id):
            raise ValueError(f"{uid!r} is not an indicator key; expected {INDICATOR_UID_FORM}")
        return program_id, indicator_id

    def risk_uid(self, risk: Risk) -> str:
        return f"{self.id}/risk-{risk.number}"


class MeasurementStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class Measurement(Model):
    """A value of an indicator for a period; it counts only once approved."""

    indicator: Id
    period: int = Field(ge=1900, le=2200, description="The year the value is for")
    unit: Id | None = Field(default=None, description="The implementer unit that reports it")
    value: float | None = None
    components: dict[str, float] = Field(
        default_factory=dict, description="Values per component key of a compound target"
    )
    note: Text | None = None
    status: MeasurementStatus = MeasurementStatus.DRAFT

    @model_validator(mode="after")
    def _has_value(self) -> Measurement:
        if self.value is None and not self.components:
            raise ValueError("a measurement needs a value or component values")
        return self


class MeasurementSet(Model):
    """A file of measurements for one programme, as ``okcore status`` reads them."""

    program: Id
    measurements: list[Measurement] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_per_unit(self) -> MeasurementSet:
        """One value per (indicator, year, unit); a row without a unit is a unit of its own."""
        seen: set[tuple[str, int, str | None]] = set()
        for index, m in enumerate(self.measurements):
            key = (m.indicator, m.period, m.unit)
            if key in seen:
                raise ValueError(
                    f"measurements[{index}]: a second value of {m.indicator!r} for {m.period} "
                    f"from {m.unit or 'no unit'}"
                )
            seen.add(key)
        return self
