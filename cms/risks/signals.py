"""The risks app's receivers, connected when its ready() imports this module."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cms.core.models import Generation
from cms.risks.models import ASSESSMENTS, RiskAssessment


@receiver([post_save, post_delete], sender=RiskAssessment, dispatch_uid="okcore-assessments")
def assessment_changed(sender: Any, instance: RiskAssessment, **kwargs: Any) -> None:
    """The programme pages keep their risk register under a version naming this generation."""
    Generation.move(ASSESSMENTS)
