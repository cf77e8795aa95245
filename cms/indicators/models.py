"""Measurements of programme indicators: entered by units, approved by SZ before they count."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from cms.core.registry import choices_registry, registry, text
from cms.core.review import Reviewed, ReviewStep
from cms.core.values import measured, part_label
from cms.indicators.access import (
    entry_programmes,
    entry_units,
    indicators_for_unit,
    is_approver,
    may_enter,
)
from okcore.program import Goal, Indicator, MeasurementStatus, Program, Target
from okcore.program import Measurement as CoreMeasurement
from okcore.services.indicators import YearRefusal, entry_years, year_refusal

logger = logging.getLogger("cms.indicators")


def indicator_label(goal: Goal, indicator: Indicator) -> str:
    """An indicator as the admin names it: its number and name in the active language."""
    return f"{goal.number}.{indicator.number} {text(indicator.name)}"


def indicator_choices() -> list[tuple[str, str]]:
    choices = []
    for program in sorted(choices_registry().programs.values(), key=lambda p: p.id):
        for goal, indicator in program.indicators.values():
            choices.append((program.indicator_uid(indicator), indicator_label(goal, indicator)))
    return choices


def lookup(key: str) -> tuple[Program, Goal, Indicator] | None:
    """The programme, goal and indicator of an indicator's key, if installed."""
    try:
        program_id, indicator_id = Program.parse_indicator_uid(key or "")
    except ValueError:
        return None
    program = registry().programs.get(program_id)
    if program is None or indicator_id not in program.indicators:
        return None
    goal, indicator = program.indicators[indicator_id]
    return program, goal, indicator


def parts_named(target: Target) -> str:
    """A compound target's parts as an error names them: label and key ("meetings
    (meetings), participants (participants)"), so both an editor and an API client
    recognise them."""
    return ", ".join(part_named(part) for part in target.components)


def part_named(part: Target) -> str:
    """One part as an error names it: its label, and its key when that differs."""
    label = part_label(part)
    return label if label == part.key else f"{label} ({part.key})"


#: The generation (cms.core.models.Generation) of what visitors read of the values: the
#: approved ones and the units they name (cms.indicators.signals moves it).
SHOWN_VALUES = "indicators:shown-values"


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


#: One compound indicator's group of part inputs: its key, label and (part key, label)s.
PartGroup = tuple[str, str, list[tuple[str, str]]]


class PartsWidget(forms.Widget):
    """One labelled number input per part of each compound indicator offered, grouped
    under the indicator's name; the data come back as ``{indicator: {part: text}}``."""

    def __init__(self, groups: list[PartGroup]) -> None:
        super().__init__()
        self.groups = groups

    def value_from_datadict(self, data: Any, files: Any, name: str) -> dict[str, dict[str, str]]:
        found = {}
        for index, (key, _label, parts) in enumerate(self.groups):
            given = {
                part: data.get(f"{name}-{index}-{part}", "").strip() for part, _part_label in parts
            }
            found[key] = {part: value for part, value in given.items() if value}
        return found

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        value = value if isinstance(value, dict) else {}
        base = (attrs or {}).get("id") or f"id_{name}"
        fieldsets = []
        for index, (key, label, parts) in enumerate(self.groups):
            given = value.get(key) or {}
            inputs = format_html_join(
                "",
                '<div class="w-field__wrapper"><label class="w-field__label" for="{0}">{1}'
                '</label><div class="w-field__input"><input type="text" inputmode="decimal" '
                'name="{2}" id="{0}" value="{3}"></div></div>',
                (
                    (
                        f"{base}-{index}-{part}",
                        part_name,
                        f"{name}-{index}-{part}",
                        formats.localize_input(given[part]) if part in given else "",
                    )
                    for part, part_name in parts
                ),
            )
            fieldsets.append(
                format_html(
                    '<fieldset class="okcore-parts" data-indicator="{}"><legend>{}</legend>{}'
                    "</fieldset>",
                    key,
                    label,
                    inputs,
                )
            )
        return SafeString("".join(fieldsets))


#: A number as people type it: digits with an optional sign and decimals (no "1_000", no
#: exponent, no digits of other scripts, which Python's float() would take).
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?", re.ASCII)


class PartsField(forms.Field):
    """The parts of a compound value, per offered compound indicator (:class:`PartsWidget`):
    numbers in the user's notation ("2,5" in Polish), each refused by its label."""

    def __init__(self, groups: list[PartGroup], **kwargs: Any) -> None:
        self.groups = groups
        kwargs.setdefault("required", False)
        super().__init__(widget=PartsWidget(groups), **kwargs)

    def to_python(self, value: Any) -> dict[str, dict[str, float]]:
        labels = {key: dict(parts) for key, _label, parts in self.groups}
        found: dict[str, dict[str, float]] = {}
        problems = []
        if not isinstance(value, dict):  # no compound indicator offered: nothing to read
            return found
        for key, given in value.items():
            found[key] = {}
            for part, raw in given.items():
                if isinstance(raw, int | float):
                    found[key][part] = float(raw)
                    continue
                typed = formats.sanitize_separators(str(raw).strip())
                if PLAIN_NUMBER.fullmatch(typed):
                    found[key][part] = float(typed) + 0.0  # + 0.0: "-0" is 0
                else:
                    label = labels.get(key, {}).get(part, part)
                    problems.append(
                        _("%(part)s: %(value)r is not a number.") % {"part": label, "value": raw}
                    )
        if problems:
            raise ValidationError(problems)
        return found


def offered_indicators(user: Any) -> list[tuple[str, Program, Goal, Indicator]]:
    """The indicators the user may enter values of: SZ every indicator of its cities'
    programmes, a coordinator those whose tasks name one of their units."""
    programmes = entry_programmes(user)
    allowed: set[str] | None
    if is_approver(user):
        allowed = None
    else:
        allowed = set()
        for unit in entry_units(user):
            allowed |= indicators_for_unit(unit.slug, unit.shown_on())
    found = []
    for program in sorted({p.id: p for p in programmes}.values(), key=lambda p: p.id):
        for goal, indicator in program.indicators.values():
            key = program.indicator_uid(indicator)
            if allowed is None or key in allowed:
                found.append((key, program, goal, indicator))
    return found


class MeasurementForm(WagtailAdminModelForm):
    """Offers what the user may enter and nothing else: their units (their city's for SZ)
    in a plain list, the indicators of those units' tasks (every one of their cities' for
    SZ), the years :func:`okcore.services.indicators.entry_years` allows, and one number
    input per part of a compound indicator, labelled in the user's language."""

    for_user: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is None:
            return
        if "unit" in self.fields:
            self.fields["unit"].queryset = entry_units(user)
            self.fields["unit"].required = not is_approver(user)
        offered = offered_indicators(user)
        current = self.instance.indicator if self.instance.pk else ""
        if current and current not in {key for key, *_rest in offered}:
            found = lookup(current)  # a value entered before: shown, and checked on saving
            if found:
                offered.insert(0, (current, *found))
        if "indicator" in self.fields:
            self.fields["indicator"].choices = [("", "---------")] + [
                (key, indicator_label(goal, indicator)) for key, _p, goal, indicator in offered
            ]
        if "period" in self.fields:
            today = timezone.localdate()
            years = sorted(
                {y for _k, program, _g, _i in offered for y in entry_years(program.period, today)}
                | ({self.instance.period} if self.instance.pk and self.instance.period else set()),
                reverse=True,
            )
            field = self.fields["period"]
            self.fields["period"] = forms.TypedChoiceField(
                label=field.label,
                coerce=int,
                choices=[("", "---------")] + [(year, str(year)) for year in years],
                help_text=_("The years of the programme up to this one."),
            )
        if "components" in self.fields:
            groups = [
                (
                    key,
                    indicator_label(goal, indicator),
                    [(str(part.key), part_label(part)) for part in indicator.target.components],
                )
                for key, _p, goal, indicator in offered
                if indicator.target.is_compound
            ]
            self.fields["components"] = PartsField(
                groups,
                label=_("Values of the parts"),
                help_text=_(
                    "Only for an indicator measured in parts: fill in its parts and leave "
                    "the value empty."
                ),
            )
            if self.instance.pk and self.instance.components:
                self.initial["components"] = {self.instance.indicator: self.instance.components}
            if not groups:
                self.fields["components"].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()
        user = getattr(self, "for_user", None)
        indicator = data.get("indicator")
        if "components" in self.fields and isinstance(data.get("components"), dict):
            given = data["components"]
            data["components"] = given.get(indicator or "", {})
            others = [k for k, parts in given.items() if parts and k != indicator]
            if others:
                labels = dict(self.fields["indicator"].choices)
                self.add_error(
                    "components",
                    _("You filled in the parts of another indicator (%(other)s).")
                    % {"other": ", ".join(str(labels.get(k, k)) for k in others)},
                )
        if (
            user is not None
            and indicator
            and "unit" not in self.errors
            and not may_enter(user, data.get("unit"), indicator)
        ):
            self.add_error(
                "unit",
                _("This indicator is not of a programme served where this unit is shown.")
                if is_approver(user)
                else _(
                    "This unit is not an implementer of this indicator's tasks; choose the "
                    "unit that is, or ask SZ to enter the value."
                ),
            )
        return data

    def _update_errors(self, errors: ValidationError) -> None:
        """The model's rules (:meth:`Measurement.clean`) speak only of fields the form has
        not already refused, so an error says one thing: a refused choice of indicator is
        not also an "unknown indicator"."""
        if hasattr(errors, "error_dict"):
            kept = {
                field: messages
                for field, messages in errors.error_dict.items()
                if field not in self.errors or field == "__all__"
            }
            if not kept:
                return
            errors = ValidationError(kept)
        super()._update_errors(errors)


class Measurement(Reviewed):
    """A value of one indicator for one year, from one unit."""

    base_form_class = MeasurementForm
    transitions = TRANSITIONS
    returned = Status.RETURNED
    public_status = Status.APPROVED
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
        FieldPanel("indicator"),
        FieldRowPanel([FieldPanel("period"), FieldPanel("unit", widget=forms.Select)]),
        FieldPanel("value"),
        FieldPanel("components"),
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
        indexes = [
            # SZ's inbox reads the submitted rows on every admin home (among 100,000
            # approved ones in the bench), the pages a programme's approved rows: with the
            # status alone, SQLite (which keeps no statistics unless told to ANALYZE) read
            # a page's 6,000 approved values through all 100,000 approved rows.
            models.Index(fields=["status", "indicator"], name="measurement_status_indicator"),
        ]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        permissions = [("approve_measurement", "Can approve or return measurements")]

    def __str__(self) -> str:
        """The indicator's number and name (in the active language), the year and the value
        as a reader reads it: "5.2 Schools and residents reached, 2026: 171"."""
        found = lookup(self.indicator)
        if found is None:
            return f"{self.indicator} {self.period}: {measured(self.value, self.components)}"
        _program, goal, indicator = found
        shown = measured(self.value, self.components, indicator.target)
        return f"{indicator_label(goal, indicator)}, {self.period}: {shown}"

    def shown_value(self) -> str:
        """The value for a listing: "163", "2,5" in Polish, a compound one part by part."""
        found = lookup(self.indicator)
        return measured(self.value, self.components, found[2].target if found else None)

    shown_value.short_description = _("value")  # type: ignore[attr-defined]

    def shown_indicator(self) -> str:
        """The indicator for a listing: its number and name in the user's language."""
        found = lookup(self.indicator)
        return indicator_label(found[1], found[2]) if found else self.indicator

    shown_indicator.short_description = _("indicator")  # type: ignore[attr-defined]

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
            refusal = year_refusal(program.period, self.period, timezone.localdate())
            if refusal is YearRefusal.OUTSIDE_PERIOD:
                errors["period"] = _(
                    "The year is outside the programme period %(start)s–%(end)s."
                ) % {"start": program.period.start, "end": program.period.end}
            elif refusal is YearRefusal.NOT_BEGUN:
                errors["period"] = _("The year %(period)s has not begun yet (it is %(year)s).") % {
                    "period": self.period,
                    "year": timezone.localdate().year,
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
        named = {"parts": parts_named(target)}
        errors = {}
        if self.value is not None:
            errors["value"] = (
                _("This indicator is measured in parts (%(parts)s): leave the value empty.") % named
            )
        problems = []
        unknown = sorted(str(key) for key in set(self.components) - set(parts))
        if unknown:
            problems.append(_("Unknown parts: %s.") % ", ".join(unknown))
        missing = [
            part_named(part) for part in target.components if part.key not in self.components
        ]
        if missing:
            problems.append(_("Missing parts: %s.") % ", ".join(missing))
        for part in target.components:
            if part.key in self.components:
                problem = number_problem(
                    self.components[part.key], may_be_negative(indicator, part)
                )
                if problem:
                    problems.append(f"{part_named(part)}: {problem}")
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
