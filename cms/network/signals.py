"""Provisioning runs on every change of the network, at login, and once a day per user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from cms.network.access import (
    proposal_index_models,
    provision_all,
    provision_unit,
    provision_user_daily,
)
from cms.network.duties import changed, deleting
from cms.network.models import ActivityRecord, Coordinator, Unit, UnitPage


@receiver(post_save, sender=Coordinator)
@receiver(post_delete, sender=Coordinator)
def coordinator_changed(sender: Any, instance: Coordinator, **kwargs: Any) -> None:
    provision_unit(instance.unit)
    previous = getattr(instance, "_previous_unit_id", None)
    if previous and previous != instance.unit_id:
        provision_unit(Unit.objects.get(pk=previous))


@receiver(post_save, sender=Unit)
def unit_changed(sender: Any, instance: Unit, **kwargs: Any) -> None:
    provision_unit(instance)


@receiver(post_save, sender=Unit)
@receiver(post_save, sender=Coordinator)
@receiver(post_delete, sender=Coordinator)
@receiver(post_save, sender=ActivityRecord)
@receiver(post_delete, sender=ActivityRecord)
def duties_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """The unit's stored duties (cms.network.duties) are computed from these: a person
    moved to another unit changes both units' duties."""
    unit = instance if isinstance(instance, Unit) else None
    ids = [unit.pk] if unit else [instance.unit_id, getattr(instance, "_previous_unit_id", None)]
    changed(ids)


@receiver(pre_delete, sender=Unit)
def unit_deleting(sender: Any, instance: Unit, **kwargs: Any) -> None:
    deleting(instance.pk)


@receiver(post_save, sender=UnitPage)
def unit_page_changed(sender: Any, instance: UnitPage, **kwargs: Any) -> None:
    provision_unit(instance.unit)


def index_page_created(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """A new index page where coordinators propose content: every unit's group gets it."""
    if created:
        provision_all()


def connect_index_pages() -> None:
    """Watch every index page an app declares in ``proposal_index_pages`` (cms.network.access)."""
    for model in proposal_index_models():
        post_save.connect(
            index_page_created, sender=model, dispatch_uid=f"okcore-{model._meta.label}"
        )


@receiver(user_logged_in)
def logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    provision_user_daily(user, force=True)


class DailyProvisioningMiddleware:
    """Designations end at midnight: re-check a signed-in user's access once a day
    (the API's token authentication does the same, cms.api.authentication)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            provision_user_daily(user)
        return self.get_response(request)
