"""What was e-mailed (so a second run sends nothing) and what each person wants to get."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """Every mail the portal sends. Required ones ask the recipient to act now (issue 16:
    due today, overdue, returned to you); everyone may turn the others off."""

    ADVANCE = "advance", _("a duty falls due in some days")
    DUE = "due", _("a duty falls due today")
    OVERDUE = "overdue", _("a duty is overdue")
    DIGEST = "digest", _("weekly digest of overdue units (SZ)")
    SUBMITTED = "submitted", _("a unit submitted something for review (SZ)")
    RETURNED = "returned", _("SZ returned your submission")
    APPROVED = "approved", _("SZ approved or acknowledged your submission")


REQUIRED = frozenset({Kind.DUE, Kind.OVERDUE, Kind.RETURNED})


class SentMail(models.Model):
    """One mail sent to one address. ``key`` names what it was about and for which day
    (kind, unit, obligation, due date, recipient, day), so a second run finds it and sends
    nothing; a mail whose sending failed is not recorded and goes out on the next run."""

    key = models.CharField(_("key"), max_length=500, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    recipient = models.EmailField(_("recipient"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("sent e-mails")

    def __str__(self) -> str:
        return f"{self.key} ({self.sent_at:%Y-%m-%d %H:%M})"


class MailPreference(models.Model):
    """Which of the mails one may turn off a user still wants (all of them by default).
    Mails that ask to act now are always sent (:data:`REQUIRED`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mail_preference",
        verbose_name=_("user"),
    )
    advance = models.BooleanField(
        _("reminders before a due date"),
        default=True,
        help_text=_("Some days before a duty of your unit falls due."),
    )
    submitted = models.BooleanField(
        _("submissions to review"),
        default=True,
        help_text=_("For portal administrators: a unit submitted something for review."),
    )
    approved = models.BooleanField(
        _("approvals and acknowledgements"),
        default=True,
        help_text=_("SZ approved or acknowledged what your unit submitted."),
    )
    digest = models.BooleanField(
        _("weekly digest of overdue units"),
        default=True,
        help_text=_("For portal administrators: overdue units per network, once a week."),
    )

    class Meta:
        verbose_name = _("e-mail preferences")
        verbose_name_plural = _("e-mail preferences")

    def __str__(self) -> str:
        return str(self.user)

    def wants(self, kind: str) -> bool:
        """Whether to send this kind of mail: always for the required ones."""
        optional = {
            Kind.ADVANCE: self.advance,
            Kind.SUBMITTED: self.submitted,
            Kind.APPROVED: self.approved,
            Kind.DIGEST: self.digest,
        }
        return kind in REQUIRED or optional.get(Kind(kind), True)
