"""The standing workflow's and task's names in the reader's language.

cms.core.roles creates, for each site, the workflow "Moderation by the portal
administrators" with the task "Approval by the portal administrators" (a further site's
carry its host name in brackets). Wagtail keeps a workflow's and a task's name as data and
puts it into its own translated sentences ("Resubmit to %(task_name)s", "Sent to
%(task_name)s", "awaiting '%(task_name)s'"), so a stored English name gave Polish editors
"Wyślij ponownie do Approval by the portal administrators".

Wagtail offers no translated name for workflows or tasks. The names stay stored in English
(the gettext source, which cms.core.roles looks them up by), and reading ``name`` gives a
:class:`StandingName`: a ``str`` equal to what is stored (so lookups and comparisons are
unchanged) that renders in the active language wherever it is turned into text (``str()``,
``%s``, ``format``, templates). Names an administrator gives by hand are not touched. A
standing name saved back from Wagtail's edit form in a translation is stored as its
English source again, so cms.core.roles finds it on its next run.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import pre_save
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, Workflow

#: The standing names (the English source as stored) and their translations.
STANDING_NAMES = {
    "Moderation by the portal administrators": _("Moderation by the portal administrators"),
    "Approval by the portal administrators": _("Approval by the portal administrators"),
}
#: A standing name, with a further site's host name in brackets (cms.core.roles.group_name).
_NAME = re.compile(r"^(?P<source>.+?)(?P<host> \([^()]+\))?$")


def translated(name: str) -> str:
    """A standing name in the active language; any other name as it is."""
    match = _NAME.match(name)
    if match is None or match["source"] not in STANDING_NAMES:
        return name
    return str(STANDING_NAMES[match["source"]]) + (match["host"] or "")


def source(name: str) -> str:
    """The stored (English) form of a standing name given in any of the site's languages."""
    match = _NAME.match(name)
    if match is None:
        return name
    for english, text in STANDING_NAMES.items():
        for code, _label in settings.LANGUAGES:
            with translation.override(code):
                if match["source"] == str(text):
                    return english + (match["host"] or "")
    return name


class StandingName(str):
    """A stored standing name that turns into text in the active language."""

    def __str__(self) -> str:
        return translated(str.__str__(self))

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __html__(self) -> str:
        # Django's conditional_escape asks __html__ first: the translated text, escaped.
        return escape(str(self))


class TranslatedNameAttribute(DeferredAttribute):
    """``name`` of a workflow or task: a :class:`StandingName` for the standing ones."""

    def __get__(self, instance: Any, cls: Any = None) -> Any:
        value = super().__get__(instance, cls)
        if instance is None or type(value) is not str or translated(value) is value:
            return value
        return StandingName(value)

    def __set__(self, instance: Any, value: Any) -> None:
        # A data descriptor, so that reading goes through __get__ even once it is loaded.
        instance.__dict__[self.field.attname] = value


def store_source(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A standing name saved in a translation goes back to its stored English form."""
    if isinstance(instance, (Task, Workflow)):
        raw = instance.__dict__.get("name")
        if isinstance(raw, str):
            instance.__dict__["name"] = source(str.__str__(raw))


def install() -> None:
    """Called once, by cms.core.signals as AppConfig.ready() imports it."""
    for model in (Task, Workflow):
        model.name = TranslatedNameAttribute(model._meta.get_field("name"))
    pre_save.connect(store_source, dispatch_uid="cms.core.workflow_names.store_source")
