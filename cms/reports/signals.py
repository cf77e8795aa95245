"""The reports app's receivers, connected when its ready() imports this module."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from wagtail.signals import page_published

from cms.reports.models import ReportPage
from cms.reports.services import translation_published


@receiver(page_published, sender=ReportPage)
def translation_files(sender: Any, instance: ReportPage, **kwargs: Any) -> None:
    """A translation published through wagtail-localize gets its files in its language,
    from its own content; the original's files come from approval (services.approve)."""
    if not instance.is_original:
        translation_published(instance)
