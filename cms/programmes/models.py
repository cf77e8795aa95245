"""Pages that mirror an okcore programme: programme → goal → task and indicator.

A page keeps the programme item's identity (``okcore_id``), its title (Wagtail needs
one for menus, URLs and search) and the editors' body. What the item says (goals,
targets, deadlines) is read from the registry, the council-adopted data loaded once
per process, in the active language: there is no copy of it to go stale. okcore owns
the title and rewrites it on every sync; editors own everything else (the body,
images, translations of the body), which a sync never touches.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from pydantic import BaseModel
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.core.cache import remembered_in_site
from cms.core.permissions import SitePermissions
from cms.core.registry import registry
from cms.core.stemming import STEMS, StemmedSearch
from cms.programmes.prepared import fragment_context, goal_context, programme_context
from cms.programmes.presenters import indicator_context, linked_parties, task_context
from okcore.program import Program
from okcore.text import LocalizedText


class SyncedPage(StemmedSearch, SitePermissions, Page):
    """A page whose data comes from okcore, keyed by its stable id."""

    okcore_id = models.CharField(
        _("programme id"),
        max_length=255,
        db_index=True,
        editable=False,
        help_text=_("Stable id in the programme's data"),
    )
    okcore_removed = models.BooleanField(
        _("removed from the programme"),
        default=False,
        editable=False,
        help_text=_("No longer in the programme file"),
    )
    body = RichTextField(
        _("body"), blank=True, help_text=_("Your own text; a sync never changes it.")
    )

    content_panels = [
        MultiFieldPanel(
            [FieldPanel("title", read_only=True)],
            heading=_("From the programme (kept in sync, read only)"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body"), STEMS]

    class Meta:
        abstract = True

    @property
    def program(self) -> Program | None:
        """The programme this page belongs to, from the registry (None once uninstalled)."""
        return registry().programs.get(self.okcore_id.partition("/")[0])

    #: The parts of the okcore item that have their own pages (not searched on this one).
    search_skip: tuple[str, ...] = ()

    def search_item(self) -> BaseModel | None:
        """The okcore item whose texts the page shows (searched in the page's language)."""
        return None

    def search_passages(self, language: str) -> list[str]:
        """Title and body, then every text of the programme item in the language (its
        outcomes, measures, products, implementers…: what the page shows)."""
        item = self.search_item()
        found = [] if item is None else list(_texts(item, language, self.search_skip))
        return [*super().search_passages(language), *dict.fromkeys(found)]


class ProgrammePage(SyncedPage):
    """A programme, with its goals below; shows indicators as charts and the risk register."""

    parent_page_types = ["core.HomePage"]
    #: In the site's main menu in every language: created by the sync (and copied to each
    #: locale), it is a child of the home page as the index pages are (cms.core.setup).
    show_in_menus_default = True
    #: The annual report is the reports app's (named, not imported: it sits above).
    subpage_types = ["programmes.GoalPage", "reports.ReportPage"]
    template = "programmes/programme_page.html"

    class Meta:
        verbose_name = _("programme page")
        verbose_name_plural = _("programme pages")

    search_skip = ("goals", "legal_acts", "obligations", "notes")

    def search_item(self) -> BaseModel | None:
        return self.program

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        goal_pages, reports = remembered_in_site(request, f"programme:{self.pk}", self._children)
        context.update(programme_context(self.program, goal_pages))
        context["reports"] = reports
        context.update(fragment_context(request, self, context.get("inputs"), goal_pages, reports))
        return context

    def _children(self) -> tuple[list[GoalPage], list[Page]]:
        """Its goals' pages, and the published reports to the council (its other
        children), newest year first."""
        goal_pages = list(GoalPage.objects.child_of(self).live())
        reports = list(self.get_children().live().public().not_type(GoalPage).order_by("-slug"))
        return goal_pages, reports


class GoalPage(SyncedPage):
    search_skip = ("tasks", "indicators")
    parent_page_types = ["programmes.ProgrammePage"]
    subpage_types = ["programmes.TaskPage", "programmes.IndicatorPage"]
    template = "programmes/goal_page.html"

    class Meta:
        verbose_name = _("goal page")
        verbose_name_plural = _("goal pages")

    def search_item(self) -> BaseModel | None:
        program = self.program
        return (
            next((g for g in program.goals if program.goal_uid(g) == self.okcore_id), None)
            if program
            else None
        )

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        tasks, indicator_pages = remembered_in_site(request, f"goal:{self.pk}", self._children)
        context.update(tasks=tasks, indicator_pages=indicator_pages)
        context.update(goal_context(self.program, self.okcore_id))
        context.update(
            fragment_context(request, self, context.get("inputs"), tasks, indicator_pages)
        )
        return context

    def _children(self) -> tuple[list[Page], list[Page]]:
        """Its tasks' and its indicators' pages (its only children), read together."""
        children = list(self.get_children().live())
        task_type = ContentType.objects.get_for_model(TaskPage).pk
        tasks = [page for page in children if page.content_type_id == task_type]
        return tasks, [page for page in children if page.content_type_id != task_type]


class TaskPage(SyncedPage):
    parent_page_types = ["programmes.GoalPage"]
    subpage_types: list[str] = []
    template = "programmes/task_page.html"

    class Meta:
        verbose_name = _("task page")
        verbose_name_plural = _("task pages")

    def search_item(self) -> BaseModel | None:
        program = self.program
        return next(
            (
                task
                for goal in (program.goals if program else [])
                for task in goal.tasks
                if program is not None and program.task_uid(goal, task) == self.okcore_id
            ),
            None,
        )

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context.update(task_context(self.program, self.okcore_id))
        if context.get("task") is not None:
            context["parties"] = linked_parties(context["task"], self.locale, self.get_site())
        return context


class IndicatorPage(SyncedPage):
    parent_page_types = ["programmes.GoalPage"]
    subpage_types: list[str] = []
    template = "programmes/indicator_page.html"

    class Meta:
        verbose_name = _("indicator page")
        verbose_name_plural = _("indicator pages")

    def search_item(self) -> BaseModel | None:
        program = self.program
        found = (
            program.indicators.get(Program.parse_indicator_uid(self.okcore_id)[1])
            if program
            else None
        )
        return found[1] if found else None

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context.update(indicator_context(self.program, self.okcore_id))
        return context


def _texts(value: Any, language: str, skip: tuple[str, ...] = ()) -> Iterator[str]:
    """Every text in an okcore item (its models and lists, walked), in the language."""
    if isinstance(value, LocalizedText):
        yield value.get(language)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in skip:
                yield from _texts(getattr(value, name), language)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item, language)


#: Every page type the sync makes, from the programme down.
SYNCED_PAGE_MODELS: tuple[type[SyncedPage], ...] = (
    ProgrammePage,
    GoalPage,
    TaskPage,
    IndicatorPage,
)
