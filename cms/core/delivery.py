"""The delivery date of material for the portal (351/2026 §4 ust. 2).

The ordinance asks units to agree in advance with the portal's administrators when they
deliver ("termin dostarczenia") material that must be published on time; the go-live date
(Wagtail's "publish on") is another thing: the day it appears. A page that goes to
moderation carries both, so the approvers see when it was due and when it should go live.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class AgreedDelivery(models.Model):
    """A page type whose material units deliver: the delivery date agreed with SZ."""

    agreed_delivery_on = models.DateField(
        _("delivery agreed for"),
        null=True,
        blank=True,
        help_text=_(
            "The delivery date agreed in advance with the portal's administrators "
            "(351/2026 §4 ust. 2), if the material must be published on time; the day it "
            "appears is 'Go-live date' above."
        ),
    )

    settings_panels = [*Page.settings_panels, FieldPanel("agreed_delivery_on")]

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        go_live = getattr(self, "go_live_at", None)
        if not (self.agreed_delivery_on and go_live):
            return
        go_live_day = timezone.localtime(go_live).date()
        if self.agreed_delivery_on > go_live_day:
            raise ValidationError(
                {
                    "agreed_delivery_on": _(
                        "The agreed delivery (%(delivery)s) is after the go-live date "
                        "(%(go_live)s): material is delivered before it is published."
                    )
                    % {
                        "delivery": self.agreed_delivery_on.isoformat(),
                        "go_live": go_live_day.isoformat(),
                    }
                }
            )
