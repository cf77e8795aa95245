"""The core app's receivers, connected when its ready() imports this module."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import Site

from cms.core.city import forget_cities
from cms.core.models import CitySettings
from cms.core.translating import follow_into_translation  # noqa: F401  (its receiver)
from cms.core.workflow_names import install as install_workflow_names


@receiver([post_save, post_delete], sender=Site)
@receiver([post_save, post_delete], sender=CitySettings)
@receiver([post_save, post_delete], sender=get_image_model())
def cities_changed(sender: Any, **kwargs: Any) -> None:
    """A site, a city's settings or an image (perhaps a logo, whose deletion empties the
    settings' field without saving them) changed: what cms.core.city answers must follow."""
    forget_cities()


# The standing workflow's and task's names read in the reader's language (imported from
# ready(), like every receiver here, once Wagtail's models are loaded).
install_workflow_names()
