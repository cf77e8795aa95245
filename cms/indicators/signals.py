"""The indicators app's receivers, connected when its ready() imports this module."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone

from cms.indicators.models import Measurement, Status
from cms.network.models import Unit


@receiver(pre_save, sender=Unit, dispatch_uid="okcore-indicators-unit-slug")
def unit_renamed(sender: Any, instance: Unit, raw: bool = False, **kwargs: Any) -> None:
    """Readers name a value's unit by its slug, and keep what they computed under the
    approved values' version (selectors.approved_versions): a new slug marks the unit's
    approved values changed, so that version moves and nothing shows the old slug."""
    if raw or instance.pk is None:
        return
    stored = Unit.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if stored is not None and stored != instance.slug:
        Measurement.objects.filter(unit=instance, status=Status.APPROVED).update(
            updated_at=timezone.now()
        )
