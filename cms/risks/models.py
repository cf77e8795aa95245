"""Risk re-assessments: the programme's risks are re-rated over time; the latest counts."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from cms.core.registry import choices_registry, text
from okcore.program import RiskLevel

#: The generation (cms.core.models.Generation) of the re-assessments (cms.risks.signals).
ASSESSMENTS = "risks:assessments"


def risk_choices() -> list[tuple[str, str]]:
    return [
        (program.risk_uid(risk), f"{risk.number}. {text(risk.name)}"[:120])
        for program in sorted(choices_registry().programs.values(), key=lambda p: p.id)
        for risk in program.risks
    ]


class RiskAssessment(models.Model):
    """A new rating (1–7) of one programme risk on a date, with the reason."""

    risk = models.CharField(_("risk"), max_length=255, choices=risk_choices, db_index=True)
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        verbose_name=_("assessed by"),
    )

    panels = [
        FieldRowPanel([FieldPanel("risk"), FieldPanel("rating"), FieldPanel("assessed_on")]),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["risk", "-assessed_on", "-id"]
        verbose_name = _("risk re-assessment")
        verbose_name_plural = _("risk re-assessments")

    def __str__(self) -> str:
        return f"{self.risk}: {self.rating} ({self.assessed_on})"

    def clean(self) -> None:
        if self.risk not in dict(risk_choices()):
            raise ValidationError({"risk": _("Unknown risk.")})

    @property
    def level(self) -> RiskLevel:
        return RiskLevel.for_rating(self.rating)
