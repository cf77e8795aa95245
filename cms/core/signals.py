"""The core app's receivers, connected when its ready() imports this module."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Site

from cms.core.city import forget_cities
from cms.core.models import CitySettings


@receiver([post_save, post_delete], sender=Site)
@receiver([post_save, post_delete], sender=CitySettings)
def cities_changed(sender: Any, **kwargs: Any) -> None:
    """A site or a city's settings changed: what cms.core.city answers must follow."""
    forget_cities()
