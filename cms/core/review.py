"""What SZ reviews — a unit's measurement, a unit's delivery — moves through statuses the
same way: one step at a time, each allowed by a permission, never on top of a step someone
else took meanwhile, each kept in a history and Wagtail's audit log. The apps say which
steps exist and what their messages are; this module is the one walk both take.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log


class TransitionConflict(Exception):
    """Someone else moved the object first: this step starts from a stale status."""


class Reviewed(models.Model):
    """A model with a ``status`` and an ``updated_at`` that SZ reviews.

    Subclasses give ``transitions`` ((from, to) -> permission), ``returned`` (the status
    that needs a comment), ``log_prefix`` ("okcore.measurement") and their three messages,
    whole sentences naming what they are (translators see "this measurement", not a
    noun put into a sentence); their :class:`ReviewStep` model points at them with
    ``related_name="history"``.
    """

    transitions: ClassVar[dict[tuple[str, str], str]]
    returned: ClassVar[str]
    log_prefix: ClassVar[str]
    #: "%(status)s": the status someone else moved it to.
    moved_message: ClassVar[Any]
    #: "%(from)s", "%(to)s": the statuses of a step that does not exist.
    refused_message: ClassVar[Any]
    comment_message: ClassVar[Any]

    #: The status in which visitors see the object (None: never): only a change into or out
    #: of it empties the cached public pages (cms.core.cache).
    public_status: ClassVar[str | None] = None

    status: Any
    updated_at: Any

    #: The status this object was read with (None for a new one).
    loaded_status: str | None = None

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any, **kwargs: Any) -> Any:
        instance = super().from_db(db, field_names, values, **kwargs)
        instance.loaded_status = instance.__dict__.get("status")
        return instance

    def shown_to_visitors(self) -> bool:
        """Whether saving it changes the public pages: it is or was in the public status."""
        return self.public_status is not None and self.public_status in (
            self.status,
            self.loaded_status,
        )

    def status_label(self, status: str | None) -> str:
        labels = dict(self._meta.get_field("status").choices or [])  # type: ignore[union-attr]
        return str(labels.get(status, status) if status else _("deleted"))

    def moved_meanwhile(self, status: str | None) -> str:
        """Someone else moved it to ``status`` (None: deleted it) since it was read."""
        return str(self.moved_message % {"status": self.status_label(status)})

    def save_unless_moved(self, *args: Any, **kwargs: Any) -> None:
        """Save, unless someone moved the object since it was read: an edit read while it
        was a draft must not land once it was submitted or decided (that would change what
        SZ reviewed, or undo their step)."""
        with transaction.atomic():
            if self.loaded_status is not None:
                stored = (
                    type(self)
                    .objects.select_for_update()  # type: ignore[attr-defined]  # concrete models have it
                    .filter(pk=self.pk)
                    .values_list("status", flat=True)
                    .first()
                )
                if stored is not None and stored != self.loaded_status:
                    raise TransitionConflict(self.moved_meanwhile(stored))
            models.Model.save(self, *args, **kwargs)
        self.loaded_status = self.status

    def check_step(self, to: str, user: Any, comment: str) -> None:
        """The step exists, the user has its permission, a return says why."""
        key = (self.status, to)
        if key not in self.transitions:
            raise ValidationError(
                self.refused_message
                % {"from": self.status_label(self.status), "to": self.status_label(to)}
            )
        if not user.has_perm(self.transitions[key]):
            raise PermissionDenied("you may not take this step")
        if to == self.returned and not comment.strip():
            raise ValidationError(self.comment_message)

    def take_step(
        self, to: str, user: Any, comment: str, changes: dict[str, Any] | None = None
    ) -> str:
        """Move to ``to`` (with ``changes`` to other fields) if the status is still the one
        this object was read with: a conditional UPDATE, which waits for a concurrent
        writer's row lock, so of two decisions made at the same moment one wins and the
        other gets TransitionConflict, and the history stays one chain. Returns the status
        it came from. Call inside a transaction, after :meth:`check_step`."""
        previous: str = self.status
        fields = {"status": to, "updated_at": timezone.now(), **(changes or {})}
        manager = type(self).objects  # type: ignore[attr-defined]  # concrete models have it
        if not manager.filter(pk=self.pk, status=previous).update(**fields):
            stored = manager.filter(pk=self.pk).values_list("status", flat=True).first()
            raise TransitionConflict(self.moved_meanwhile(stored))
        for name, value in fields.items():
            setattr(self, name, value)
        self.loaded_status = to
        steps = self._meta.get_field("history")
        steps.related_model.objects.create(  # type: ignore[union-attr]  # a reverse relation
            **{steps.field.name: self},  # type: ignore[union-attr]
            from_status=previous,
            to_status=to,
            user=user,
            comment=comment,
        )
        log(
            instance=self,
            action=f"{self.log_prefix}.{to}",
            user=user,
            data={"from": previous, "to": to, "comment": comment},
        )
        return previous


class ReviewStep(models.Model):
    """One step of a reviewed object: who moved it, when, from and to which status, why.
    Subclasses add the foreign key and the statuses' choices."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name=_("user")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at"]

    def shown_to_visitors(self) -> bool:
        """Whether this step changes the public pages: it enters or leaves the reviewed
        model's public status (a submission or a return does not)."""
        public = next(
            model.public_status
            for model in (field.related_model for field in self._meta.fields)
            if isinstance(model, type) and issubclass(model, Reviewed)
        )
        steps = (getattr(self, "from_status", None), getattr(self, "to_status", None))
        return public is not None and public in steps
