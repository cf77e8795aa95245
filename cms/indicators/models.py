"""Measurements of programme indicators: entered by units, approved by SZ before they count."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from cms.core.registry import choices_registry, registry, text
from cms.core.review import Reviewed, ReviewStep
from cms.indicators.access import entry_programmes, entry_units, is_approver, may_enter
from okcore.program import Indicator, MeasurementStatus, Program, Target
from okcore.program import Measurement as CoreMeasurement

logger = logging.getLogger("cms.indicators")


def indicator_choices() -> list[tuple[str, str]]:
    choices = []
    for program in sorted(choices_registry().programs.values(), key=lambda p: p.id):
        for goal, indicator in program.indicators.values():
            label = f"{goal.number}.{indicator.number} {text(indicator.name)}"
            choices.append((program.indicator_uid(indicator), label[:120]))
    return choices


class Status(models.TextChoices):
    DRAFT = MeasurementStatus.DRAFT.value, _("draft")
    SUBMITTED = MeasurementStatus.SUBMITTED.value, _("submitted")
    APPROVED = MeasurementStatus.APPROVED.value, _("approved")
    RETURNED = MeasurementStatus.RETURNED.value, _("returned")


#: Which permission moves a measurement from one status to another.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.SUBMITTED): "indicators.change_measurement",
    (Status.RETURNED, Status.SUBMITTED): "indicators.change_measurement",
    (Status.SUBMITTED, Status.APPROVED): "indicators.approve_measurement",
    (Status.SUBMITTED, Status.RETURNED): "indicators.approve_measurement",
    (Status.APPROVED, Status.RETURNED): "indicators.approve_measurement",
}


def may_be_negative(indicator: Indicator, target: Target) -> bool:
    """Whether a value (or a part's value) of this indicator may be below zero.

    okcore records no kind of quantity, and every installed indicator counts things
    (people, meetings, procedures) or gives a share in %, none of which goes below
    zero. So values are at least zero unless the indicator's own figures say otherwise:
    a baseline or a target bound (the part's target, for a compound target) below zero.
    """
    bounds = [target.value, target.value_max]
    if indicator.baseline is not None:
        bounds.append(indicator.baseline.value)
    return any(bound is not None and bound < 0 for bound in bounds)


def number_problem(value: Any, negative_allowed: bool) -> str | None:
    """What is wrong with a measured number, if anything: a JSON number, finite, signed right."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(_("%(value)r is not a number.") % {"value": value})
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an integer beyond any float
        finite = False
    if not finite:
        return str(_("%(value)s is not a finite number.") % {"value": value})
    if value < 0 and not negative_allowed:
        return str(_("%(value)s is below zero; this indicator counts things.") % {"value": value})
    return None


class MeasurementForm(WagtailAdminModelForm):
    """Offers a coordinator only their units, SZ only their city's, and either only the
    indicators of those cities' programmes; refuses indicators their tasks do not cover."""

    for_user: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is not None and "unit" in self.fields:
            self.fields["unit"].queryset = entry_units(user)
            self.fields["unit"].required = not is_approver(user)
        if user is not None and "indicator" in self.fields:
            prefixes = tuple(program.uid_prefix for program in entry_programmes(user))
            field = self.fields["indicator"]
            field.choices = [(k, v) for k, v in field.choices if not k or k.startswith(prefixes)]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()
        user = getattr(self, "for_user", None)
        if (
            user is not None
            and data.get("indicator")
            and not may_enter(user, data.get("unit"), data["indicator"])
        ):
            self.add_error(
                "indicator",
                _("Your unit is not an implementer of this indicator's tasks; SZ enters it."),
            )
        return data


class Measurement(Reviewed):
    """A value of one indicator for one year, from one unit."""

    base_form_class = MeasurementForm
    transitions = TRANSITIONS
    returned = Status.RETURNED
    log_prefix = "okcore.measurement"
    moved_message = _(
        "Someone else changed this measurement meanwhile (it is now %(status)s); "
        "reload it and decide again."
    )
    refused_message = _("A measurement cannot go from %(from)s to %(to)s.")
    comment_message = _("Say why the measurement is returned.")

    #: The indicator's one key, ``Program.indicator_uid``: ``<programme>/indicator/<id>``.
    indicator = models.CharField(
        _("indicator"), max_length=255, choices=indicator_choices, db_index=True
    )
    period = models.PositiveIntegerField(_("year"))
    unit = models.ForeignKey(
        "network.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measurements",
        verbose_name=_("unit"),
    )
    value = models.FloatField(_("value"), null=True, blank=True)
    components = models.JSONField(
        _("parts"), default=dict, blank=True, help_text=_("Values per part of a compound target")
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    review_comment = models.TextField(_("SZ's comment"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("entered by"),
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("indicator"), FieldPanel("period"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("value"), FieldPanel("components")]),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["indicator", "-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "unit"], name="one_measurement_per_unit_and_year"
            ),
            # NULLs are distinct in the constraint above, so rows without a unit need their
            # own: a partial index both SQLite and PostgreSQL enforce (nulls_distinct=False
            # is PostgreSQL 15+ only). Without it a second unit-less row would be summed in.
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=models.Q(unit__isnull=True),
                name="one_measurement_per_year_without_unit",
                violation_error_message=_(
                    "This indicator already has a value for this year without a unit; "
                    "change that one, or name the unit that reports this one."
                ),
            ),
        ]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        permissions = [("approve_measurement", "Can approve or return measurements")]

    def __str__(self) -> str:
        shown = self.value if self.value is not None else self.components
        return f"{self.indicator} {self.period}: {shown}"

    @property
    def program_id(self) -> str:
        return Program.parse_indicator_uid(self.indicator)[0]

    @property
    def indicator_id(self) -> str:
        return Program.parse_indicator_uid(self.indicator)[1]

    def clean(self) -> None:
        """The rules every stored value keeps, whichever way it comes (admin, API, code)."""
        if self.value is None and not self.components:
            raise ValidationError(_("Enter a value, or the values of the target's parts."))
        try:
            program_id, indicator_id = Program.parse_indicator_uid(self.indicator or "")
        except ValueError:
            raise ValidationError(
                {"indicator": _("Give the indicator as programme/indicator/id.")}
            ) from None
        program = registry().programs.get(program_id)
        if program is None or indicator_id not in program.indicators:
            raise ValidationError({"indicator": _("Unknown indicator.")})
        indicator = program.indicator(indicator_id)
        errors = self._value_errors(indicator)
        if isinstance(self.period, int):
            this_year = timezone.localdate().year
            if self.period not in program.period:
                errors["period"] = _(
                    "The year is outside the programme period %(start)s–%(end)s."
                ) % {"start": program.period.start, "end": program.period.end}
            elif self.period > this_year:
                errors["period"] = _("The year %(period)s has not begun yet (it is %(year)s).") % {
                    "period": self.period,
                    "year": this_year,
                }
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude: Any = None) -> None:
        """Besides the unique constraints: a value without a unit (a total) and values from
        units never stand together for one indicator and year, or the status would add the
        total to its own parts."""
        super().validate_constraints(exclude)
        others = Measurement.objects.filter(indicator=self.indicator, period=self.period)
        others = others.exclude(pk=self.pk).filter(unit__isnull=self.unit_id is not None)
        if others.exists():
            raise ValidationError(
                _(
                    "A value without a unit and values from units cannot stand together for "
                    "one indicator and year: the total would be added to its own parts."
                )
            )

    def _value_errors(self, indicator: Indicator) -> dict[str, Any]:
        """A simple target takes one value; a compound one exactly its parts, each a number."""
        target = indicator.target
        if not isinstance(self.components, dict):
            return {"components": _('Give the parts as an object: {"part": number}.')}
        if not target.is_compound:
            errors: dict[str, Any] = {}
            if self.components:
                errors["components"] = _("This indicator has no parts; give its value.")
            if self.value is None:
                errors["value"] = _("Enter the value.")
            elif problem := number_problem(self.value, may_be_negative(indicator, target)):
                errors["value"] = problem
            return errors
        parts = [part.key for part in target.components]
        named = {"parts": ", ".join(str(key) for key in parts)}
        errors = {}
        if self.value is not None:
            errors["value"] = (
                _("This indicator is measured in parts (%(parts)s): leave the value empty.") % named
            )
        problems = []
        unknown = sorted(set(self.components) - set(parts))
        if unknown:
            problems.append(_("Unknown parts: %s.") % ", ".join(unknown))
        missing = [str(key) for key in parts if key not in self.components]
        if missing:
            problems.append(_("Missing parts: %s.") % ", ".join(missing))
        for part in target.components:
            if part.key in self.components:
                problem = number_problem(
                    self.components[part.key], may_be_negative(indicator, part)
                )
                if problem:
                    problems.append(f"{part.key}: {problem}")
        if problems:
            problems.append(_("This indicator's parts are: %(parts)s.") % named)
            errors["components"] = problems
        return errors

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Nothing the rules refuse reaches the database, whoever calls save(), nor an edit
        of a value someone moved meanwhile (cms.core.review)."""
        self.clean()
        self.validate_constraints()
        self.save_unless_moved(*args, **kwargs)

    def as_core(self) -> CoreMeasurement:
        """okcore's measurement, with the reporting unit: the status combines units' values
        by the indicator's rule and reports each unit's contribution."""
        return CoreMeasurement(
            indicator=self.indicator_id,
            period=self.period,
            unit=self.unit.slug if self.unit is not None else None,
            value=self.value,
            components={k: float(v) for k, v in (self.components or {}).items()},
            note=self.note or None,
            status=MeasurementStatus(self.status),
        )

    @transaction.atomic
    def transition(self, to: str, user: Any, comment: str = "") -> None:
        """Move to another status, if the step exists and the user may take it here (a
        unit's value only by that unit, SZ's in its city); keep the history."""
        self.check_step(to, user, comment)
        if not is_approver(user) and not may_enter(user, self.unit, self.indicator):
            raise PermissionDenied("this measurement belongs to another unit")
        review_comment = comment if to == Status.RETURNED else self.review_comment
        self.take_step(to, user, comment, {"review_comment": review_comment})


def countable(rows: Iterable[Measurement]) -> list[Measurement]:
    """The rows that keep the rules; any other (stored before they existed, or by hand
    in the database) is logged and left out, so one bad value cannot break a page,
    the API or an export."""
    found = []
    for row in rows:
        try:
            row.clean()
        except ValidationError as error:
            logger.error("measurement %s left out: %s", row.pk, " ".join(error.messages))
        else:
            found.append(row)
    return found


class MeasurementHistory(ReviewStep):
    measurement = models.ForeignKey(
        Measurement,
        on_delete=models.CASCADE,
        related_name="history",
        verbose_name=_("measurement"),
    )
    from_status = models.CharField(_("from status"), max_length=20, choices=Status.choices)
    to_status = models.CharField(_("to status"), max_length=20, choices=Status.choices)

    class Meta(ReviewStep.Meta):
        verbose_name = _("measurement history step")
        verbose_name_plural = _("measurement history")
