"""The indicators app's receivers, connected when its ready() imports this module."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cms.core.models import Generation
from cms.indicators.models import SHOWN_VALUES, Measurement, MeasurementHistory
from cms.network.models import Unit


@receiver([post_save, post_delete], sender=Measurement, dispatch_uid="okcore-shown-values")
@receiver(post_save, sender=MeasurementHistory, dispatch_uid="okcore-shown-values-steps")
def values_changed(sender: Any, instance: Measurement | MeasurementHistory, **kwargs: Any) -> None:
    """Readers keep what they computed from the approved values under their version
    (selectors.approved_versions), which names this generation: a save or deletion of an
    approved value, and a review step into or out of approval (written with an UPDATE, so
    its step's record is what sends a signal), move it in their transaction. A draft or a
    submitted value does not."""
    if instance.shown_to_visitors():
        Generation.move(SHOWN_VALUES)


@receiver(post_save, sender=Unit, dispatch_uid="okcore-shown-values-unit")
def unit_changed(sender: Any, instance: Unit, created: bool = False, **kwargs: Any) -> None:
    """The API names a value's unit by its slug, the pages by its names: a save of a unit
    (a new one has no values yet) moves the generation, after the save (before it, a reader
    could keep the old name under the new generation)."""
    if not created:
        Generation.move(SHOWN_VALUES)
