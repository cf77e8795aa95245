"""Measurements of programme indicators: entered by units, approved by SZ before they count."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.log_actions import log

from cms.core.registry import registry
from okcore.program import Measurement as CoreMeasurement
from okcore.program import MeasurementStatus


def indicator_choices() -> list[tuple[str, str]]:
    choices = []
    for program in sorted(registry().programs.values(), key=lambda p: p.id):
        for goal, indicator in program.indicators.values():
            label = f"{goal.number}.{indicator.number} {indicator.name.get('pl')}"
            choices.append((f"{program.id}/{indicator.id}", label[:120]))
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


class MeasurementForm(WagtailAdminModelForm):
    """Offers a coordinator only their units; refuses indicators their tasks do not cover."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        from cms.indicators.access import entry_units

        user = getattr(self, "for_user", None)
        if user is not None and "unit" in self.fields:
            self.fields["unit"].queryset = entry_units(user)
            self.fields["unit"].required = not user.has_perm("indicators.approve_measurement")

    def clean(self):  # type: ignore[no-untyped-def]
        from cms.indicators.access import may_enter

        data = super().clean()
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


class Measurement(models.Model):
    """A value of one indicator for one year, from one unit."""

    base_form_class = MeasurementForm

    indicator = models.CharField(max_length=255, choices=indicator_choices, db_index=True)
    period = models.PositiveIntegerField(_("year"))
    unit = models.ForeignKey(
        "network.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="measurements"
    )
    value = models.FloatField(null=True, blank=True)
    components = models.JSONField(
        default=dict, blank=True, help_text=_("Values per part of a compound target")
    )
    note = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    review_comment = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

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
            )
        ]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        permissions = [("approve_measurement", "Can approve or return measurements")]

    def __str__(self) -> str:
        shown = self.value if self.value is not None else self.components
        return f"{self.indicator} {self.period}: {shown}"

    @property
    def program_id(self) -> str:
        return self.indicator.split("/", 1)[0]

    @property
    def indicator_id(self) -> str:
        return self.indicator.split("/", 1)[1]

    def clean(self) -> None:
        if self.value is None and not self.components:
            raise ValidationError(_("Enter a value, or the values of the target's parts."))
        program = registry().programs.get(self.program_id)
        if program is None or self.indicator_id not in program.indicators:
            raise ValidationError({"indicator": _("Unknown indicator.")})
        if self.period not in program.period:
            raise ValidationError(
                {
                    "period": _("The year is outside the programme period %(start)s–%(end)s.")
                    % {"start": program.period.start, "end": program.period.end}
                }
            )
        target = program.indicator(self.indicator_id).target
        if target.is_compound:
            keys = {c.key for c in target.components}
            unknown = set(self.components) - keys
            if unknown:
                raise ValidationError(
                    {"components": _("Unknown parts: %s") % ", ".join(sorted(unknown))}
                )

    def as_core(self) -> CoreMeasurement:
        return CoreMeasurement(
            indicator=self.indicator_id,
            period=self.period,
            value=self.value,
            components={k: float(v) for k, v in (self.components or {}).items()},
            note=self.note or None,
            status=MeasurementStatus(self.status),
        )

    @transaction.atomic
    def transition(self, to: str, user, comment: str = "") -> None:  # type: ignore[no-untyped-def]
        """Move to another status, if the transition exists; keep the history."""
        key = (self.status, to)
        if key not in TRANSITIONS:
            raise ValidationError(
                _("A measurement cannot go from %(from)s to %(to)s.")
                % {"from": self.get_status_display(), "to": Status(to).label}
            )
        if not user.has_perm(TRANSITIONS[key]):
            raise PermissionDenied("you may not make this change to a measurement")
        from cms.indicators.access import is_approver, may_enter

        if not is_approver(user) and not may_enter(user, self.unit, self.indicator):
            raise PermissionDenied("this measurement belongs to another unit")
        if to == Status.RETURNED and not comment.strip():
            raise ValidationError(_("Say why the measurement is returned."))
        previous = self.status
        self.status = to
        if to == Status.RETURNED:
            self.review_comment = comment
        self.save(update_fields=["status", "review_comment", "updated_at"])
        MeasurementHistory.objects.create(
            measurement=self, from_status=previous, to_status=to, user=user, comment=comment
        )
        log(
            instance=self,
            action=f"okcore.measurement.{to}",
            user=user,
            data={"from": previous, "to": to, "comment": comment},
        )


class MeasurementHistory(models.Model):
    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at"]
