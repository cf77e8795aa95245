"""Pages that mirror an okcore programme: programme → goal → task and indicator.

okcore owns the title and the ``okcore_data`` of these pages and rewrites them on
every sync; editors own everything else (the body, images, translations of the
body), which a sync never touches.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.core.permissions import SitePermissions
from cms.core.registry import registry


class SyncedPage(SitePermissions, Page):
    """A page whose data comes from okcore, keyed by its stable id."""

    okcore_id = models.CharField(
        max_length=255, db_index=True, editable=False, help_text="Stable id in okcore"
    )
    okcore_data = models.JSONField(default=dict, editable=False, blank=True)
    okcore_removed = models.BooleanField(
        default=False, editable=False, help_text="No longer in the programme file"
    )
    body = RichTextField(blank=True, help_text=_("Your own text; a sync never changes it."))

    content_panels = [
        MultiFieldPanel(
            [FieldPanel("title", read_only=True)],
            heading=_("From the programme (kept in sync, read only)"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    class Meta:
        abstract = True

    @property
    def data(self) -> dict[str, Any]:
        return self.okcore_data or {}


class ProgrammePage(SyncedPage):
    """A programme, with its goals below; shows indicators as charts and the risk register."""

    parent_page_types = ["core.HomePage"]
    subpage_types = ["programmes.GoalPage"]
    template = "programmes/programme_page.html"

    def program(self):  # type: ignore[no-untyped-def]
        return registry().programs.get(self.okcore_id)

    def get_context(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        from cms.programmes.presenters import programme_context

        context = super().get_context(request, *args, **kwargs)
        context.update(programme_context(self))
        return context


class GoalPage(SyncedPage):
    parent_page_types = ["programmes.ProgrammePage"]
    subpage_types = ["programmes.TaskPage", "programmes.IndicatorPage"]
    template = "programmes/goal_page.html"

    def get_context(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        from cms.programmes.presenters import goal_context

        context = super().get_context(request, *args, **kwargs)
        context.update(goal_context(self))
        return context


class TaskPage(SyncedPage):
    parent_page_types = ["programmes.GoalPage"]
    subpage_types: list[str] = []
    template = "programmes/task_page.html"


class IndicatorPage(SyncedPage):
    parent_page_types = ["programmes.GoalPage"]
    subpage_types: list[str] = []
    template = "programmes/indicator_page.html"

    def get_context(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        from cms.programmes.presenters import indicator_context

        context = super().get_context(request, *args, **kwargs)
        context.update(indicator_context(self))
        return context
