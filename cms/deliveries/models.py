"""A unit's delivery to SZ for one duty and one period, its attachments and its history.

Ordinances 3487/2023 (§2 pt 2, §3) and 351/2026 (§2, §3) make units send SZ information;
a delivery is that information, filled in on the form the plugin data declare next to the
obligation (okcore.deliveries). It goes draft → submitted → acknowledged by SZ, or
returned with a comment and submitted again. Acknowledgement fulfils exactly that duty for
exactly that period: the system makes the activity record (cms.network) compliance reads.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models, transaction
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from cms.core.registry import registry, text
from cms.core.review import Reviewed, ReviewStep
from cms.network.models import ActivityRecord, Unit, network_choices
from okcore.legal import AfterEvent, Obligation
from okcore.network import CoordinatorNetwork
from okcore.services.compliance import rules_for
from okcore.services.deadlines import COORDINATOR_CHANGE, ENTRY_INTO_FORCE


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    RETURNED = "returned", _("returned")


#: Which permission moves a delivery from one status to another; who, besides the
#: permission, is decided by cms.deliveries.access (own units; SZ of the unit's city).
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.SUBMITTED): "deliveries.change_delivery",
    (Status.RETURNED, Status.SUBMITTED): "deliveries.change_delivery",
    (Status.SUBMITTED, Status.ACKNOWLEDGED): "deliveries.acknowledge_delivery",
    (Status.SUBMITTED, Status.RETURNED): "deliveries.acknowledge_delivery",
}
#: Statuses in which the unit may still change what it delivers.
EDITABLE = (Status.DRAFT, Status.RETURNED)


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Attachments live outside MEDIA_ROOT and have no URL: only the admin's view, which
    checks who asks (cms.deliveries.views), sends them."""

    def __init__(self) -> None:
        super().__init__(location=None, base_url=None)

    # Read on every use, not cached: the setting may change (tests; a moved volume).
    @property
    def base_location(self) -> str:
        return str(Path(settings.OKCORE_PRIVATE_ROOT))

    @property
    def location(self) -> str:
        return str(Path(self.base_location).resolve())

    def url(self, name: str | None) -> str:
        raise ValueError("private attachments have no public address")


private_storage = PrivateStorage()


class Delivery(Reviewed):
    """What a unit sends SZ for one obligation and one deadline (its due date)."""

    transitions = TRANSITIONS
    returned = Status.RETURNED
    log_prefix = "okcore.delivery"
    moved_message = _(
        "Someone else changed this delivery meanwhile (it is now %(status)s); "
        "reload it and decide again."
    )
    refused_message = _("A delivery cannot go from %(from)s to %(to)s.")
    comment_message = _("Say why the delivery is returned.")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("unit")
    )
    network = models.CharField(_("network"), max_length=120, choices=network_choices)
    obligation = models.CharField(_("obligation"), max_length=120)
    due = models.DateField(_("due"))
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    #: Indexed: SZ's inbox (cms.dashboard.inbox) reads the submitted rows on every admin
    #: home, among 100,000 approved ones in the bench.
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    #: The form's values by field name (okcore.services.deliveries.check_delivery).
    data = models.JSONField(_("data"), default=dict, blank=True)
    review_comment = models.TextField(_("SZ's comment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    #: The record the acknowledgement made: what compliance reads.
    record = models.OneToOneField(
        ActivityRecord,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delivery",
        verbose_name=_("activity record"),
    )

    class Meta:
        ordering = ["-due", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "network", "obligation", "due"],
                name="one_delivery_per_duty_and_deadline",
                violation_error_message=_(
                    "The unit already has a delivery for this duty and deadline; open that one."
                ),
            )
        ]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        permissions = [("acknowledge_delivery", "Can acknowledge or return deliveries")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.title} ({self.due.isoformat()})"

    @property
    def network_definition(self) -> CoordinatorNetwork:
        return registry().network(self.network)

    @property
    def obligation_definition(self) -> Obligation:
        for obligation in self.network_definition.obligations:
            if obligation.id == self.obligation:
                return obligation
        raise LookupError(f"network {self.network} has no obligation {self.obligation}")

    @property
    def title(self) -> str:
        try:
            return text(self.obligation_definition.title)
        except (KeyError, LookupError):  # a plugin removed since: the stored id still names it
            return self.obligation

    @property
    def network_title(self) -> str:
        try:
            return text(self.network_definition.title)
        except KeyError:  # a plugin removed since: the stored id still names it
            return self.network

    @property
    def source(self) -> str:
        try:
            return self.obligation_definition.source
        except (KeyError, LookupError):
            return ""

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.save_unless_moved(*args, **kwargs)

    @transaction.atomic
    def transition(self, to: str, user: Any, comment: str = "") -> None:
        """Move to another status, if the step exists and the user has its permission; keep
        the history and the audit log (cms.core.review). Acknowledging makes the activity
        record.

        Who beyond the permission (own unit; SZ of the unit's city; never one's own
        submission) is checked by the caller through cms.deliveries.access, which the admin
        and the API share.
        """
        self.check_step(to, user, comment)
        now = timezone.now()
        changes: dict[str, Any] = {}
        if to == Status.SUBMITTED:
            changes.update(submitted_by=user, submitted_at=now)
        elif to == Status.RETURNED:
            changes.update(review_comment=comment)
        elif to == Status.ACKNOWLEDGED:
            changes.update(acknowledged_by=user, acknowledged_at=now, record=self._fulfil(user))
        self.take_step(to, user, comment, changes)

    def _fulfil(self, user: Any) -> ActivityRecord:
        """The record that fulfils exactly this duty for exactly this deadline, dated the
        day the unit submitted (late if after the due date). For a duty that runs from a
        city's own event (an open call announced), the event is recorded too."""
        obligation = self.obligation_definition
        assert obligation.evidence is not None  # okcore: a delivery form needs evidence
        submitted = timezone.localdate(self.submitted_at) if self.submitted_at else None
        timing = obligation.timing
        if isinstance(timing, AfterEvent) and timing.event not in (
            ENTRY_INTO_FORCE,
            COORDINATOR_CHANGE,
        ):
            days = days_after_event(self.network, timing)
            ActivityRecord.objects.get_or_create(
                unit=self.unit,
                network=self.network,
                kind=timing.event,
                date=self.due - timedelta(days=days),
                defaults={"created_by": user, "note": str(self)[:500]},
            )
        return ActivityRecord.objects.create(
            unit=self.unit,
            network=self.network,
            kind=obligation.evidence,
            date=submitted or timezone.localdate(),
            obligation=self.obligation,
            due=self.due,
            note=str(_("Delivery acknowledged by SZ"))[:500],
            created_by=user,
        )


def days_after_event(network: str, timing: AfterEvent) -> int:
    """Days from the event to the due date: the act's number, else the network's
    'without delay' (a policy, okcore.services.compliance.rules_for)."""
    return rules_for(registry().network(network)).days_after(timing)


def attachment_path(instance: DeliveryAttachment, filename: str) -> str:
    return f"deliveries/{instance.delivery.unit.slug}/{instance.delivery_id}/{filename}"


class DeliveryAttachment(models.Model):
    """A file sent with a delivery: private, never at a public URL (PrivateStorage)."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("delivery")
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=attachment_path, max_length=500
    )
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class DeliveryHistory(ReviewStep):
    """One step of a delivery: who moved it, when, from and to which status, and why."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="history", verbose_name=_("delivery")
    )
    from_status = models.CharField(_("from status"), max_length=20, choices=Status.choices)
    to_status = models.CharField(_("to status"), max_length=20, choices=Status.choices)

    class Meta(ReviewStep.Meta):
        verbose_name = _("delivery history step")
        verbose_name_plural = _("delivery history")
