"""Create or update the page tree of each installed programme, keyed by okcore's stable ids.

Idempotent: a second run with the same data saves nothing. okcore owns the title and
the slug (the pages read everything else of an item from the registry); editors' body
text, images and translations are never touched.

Slugs are in each locale's language (``cel-1``/``zadanie-1`` in Polish, ``goal-1``/``task-1``
in English, ``tsil-1``/``zavdannia-1`` in Ukrainian, transliterated); the programme's page
keeps the programme's id. The slugs all trees had before (English, ``goal-1``/``task-1``/
``indicator-<id>``) keep working: a permanent redirect (wagtail.contrib.redirects) leads
from each former address to the page, made on every sync so that old links and bookmarks
reach the page on an existing installation as on a fresh one. An item gone from the programme file
is unpublished and logged, never deleted.

Editors' work in progress survives a sync: a page with a draft or in moderation
gets the new data in its live row and in a new draft revision made from the
editor's latest one, and its workflow carries on. Each page is written in a
transaction of its own, so that editors saving at the same time wait a moment at
most, never for the whole run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page
from wagtail.search.index import insert_or_update_object

from cms.core.city import programme_site
from cms.core.registry import text
from cms.core.site import ensure_home, locales, publish
from cms.programmes.models import (
    SYNCED_PAGE_MODELS,
    GoalPage,
    IndicatorPage,
    ProgrammePage,
    SyncedPage,
    TaskPage,
)
from okcore.program import Goal, Indicator, Program, Task

log = logging.getLogger("cms.sync")
TITLE_LIMIT = 255
#: What okcore owns on a synced page; the rest belongs to editors.
SYNCED_FIELDS = ["title", "slug", "url_path", "okcore_id", "okcore_removed"]

#: The words of the synced pages' slugs (goal, task, indicator) per language; Ukrainian
#: in the national Latin transliteration (Cabinet of Ministers resolution 55 of
#: 27 January 2010). A language not listed gets the English words.
SLUG_WORDS: dict[str, tuple[str, str, str]] = {
    "pl": ("cel", "zadanie", "wskaznik"),
    "en": ("goal", "task", "indicator"),
    "uk": ("tsil", "zavdannia", "pokaznyk"),
}


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    unpublished: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)

    def summary(self) -> str:
        found = (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.unpublished)} unpublished"
        )
        return f"{found}, {len(self.moved)} moved to their city's site" if self.moved else found


@dataclass
class Item:
    """One page's worth of okcore data: what the page should hold in one language."""

    model: type[SyncedPage]
    okcore_id: str
    slug: str
    title: str
    children: list[Item] = field(default_factory=list)
    #: The slug every language had before slugs were translated; its address redirects.
    former_slug: str = ""


def slug_words(locale: str) -> tuple[str, str, str]:
    return SLUG_WORDS.get(locale, SLUG_WORDS["en"])


def _title(full: str) -> str:
    return full if len(full) <= TITLE_LIMIT else full[: TITLE_LIMIT - 1].rstrip() + "…"


def task_item(program: Program, goal: Goal, task: Task, locale: str) -> Item:
    return Item(
        TaskPage,
        program.task_uid(goal, task),
        f"{slug_words(locale)[1]}-{task.number}",
        _title(f"{goal.number}.{task.number} {text(task.title, locale)}"),
        former_slug=f"task-{task.number}",
    )


def indicator_item(program: Program, goal: Goal, indicator: Indicator, locale: str) -> Item:
    """The indicator's page, its slug numbered as in the document's table (``1.2``)."""
    return Item(
        IndicatorPage,
        program.indicator_uid(indicator),
        f"{slug_words(locale)[2]}-{goal.number}-{indicator.number}",
        _title(text(indicator.name, locale)),
        former_slug=f"indicator-{indicator.id}",
    )


def program_item(program: Program, locale: str) -> Item:
    goals = [
        Item(
            GoalPage,
            program.goal_uid(goal),
            f"{slug_words(locale)[0]}-{goal.number}",
            _title(f"{goal.number}. {text(goal.title, locale)}"),
            [
                *(task_item(program, goal, task, locale) for task in goal.tasks),
                *(indicator_item(program, goal, i, locale) for i in goal.indicators),
            ],
            former_slug=f"goal-{goal.number}",
        )
        for goal in program.goals
    ]
    return Item(ProgrammePage, program.id, program.id, _title(text(program.title, locale)), goals)


def _walk(item: Item) -> Iterator[Item]:
    yield item
    for child in item.children:
        yield from _walk(child)


class Syncer:
    def __init__(self, report: SyncReport) -> None:
        self.report = report

    def apply(self, item: Item, parent: Page, locale: Locale, source: Page | None) -> Page:
        """Make the page for ``item`` under ``parent`` match it; return the page."""
        model = item.model
        page = model.objects.filter(okcore_id=item.okcore_id, locale=locale).first()
        label = f"{locale.language_code}:{item.okcore_id}"
        if page is None:
            if source is not None:
                page = source.copy_for_translation(locale).specific
                self._translate_slug(page, item.slug)
            else:
                page = model(slug=item.slug, locale=locale, okcore_id=item.okcore_id)
                page.title = item.title
                parent.add_child(instance=page)
            self._set(page, item)
            publish(page)
            self.report.created.append(label)
            return page
        draft = self._draft(page)
        if self._matches(page, item) and (draft is None or self._matches(draft, item)):
            self.report.unchanged.append(label)
            return page
        restoring = page.okcore_removed and not page.live
        self._set(page, item)
        if draft is None:
            publish(page)  # live with nothing pending: the live content with the new data
        else:
            # The editor's latest revision stays the one to approve, with the new data in it.
            self._set(draft, item)
            revision = draft.save_revision(log_action=True, clean=False)
            page.save(update_fields=SYNCED_FIELDS, clean=False)
            if restoring and not page.workflow_in_progress:
                revision.publish(log_action=True)
        self.report.updated.append(label)
        return page

    @staticmethod
    def _translate_slug(page: SyncedPage, slug: str) -> None:
        """A new translation has its source's slug: it gets its own language's before it is
        published, so that Wagtail makes no redirect from an address nobody ever saw. The
        page is new and has no children yet."""
        if page.slug == slug:
            return
        page.slug = slug
        page.set_url_path(page.get_parent())
        Page.objects.filter(pk=page.pk).update(slug=page.slug, url_path=page.url_path)

    @staticmethod
    def _draft(page: SyncedPage) -> SyncedPage | None:
        """The latest revision when it is not what is live: a draft, or a page in moderation."""
        if page.latest_revision_id is None:
            return None
        if page.latest_revision_id == page.live_revision_id and not page.workflow_in_progress:
            return None
        draft: SyncedPage = page.get_latest_revision_as_object()
        return draft

    @staticmethod
    def _matches(page: SyncedPage, item: Item) -> bool:
        return (
            page.title == item.title
            and page.slug == item.slug
            and page.okcore_id == item.okcore_id
            and not page.okcore_removed
        )

    @staticmethod
    def _set(page: SyncedPage, item: Item) -> None:
        page.title = item.title
        page.slug = item.slug
        page.okcore_id = item.okcore_id
        page.okcore_removed = False

    @staticmethod
    def redirect_former(page: Page, former_path: str) -> None:
        """A permanent redirect from the page's former address (``former_path``, its path
        with the slugs it had before) to the page, unless the address has not changed or
        already leads there."""
        parts = page.get_url_parts()
        if parts is None:
            return
        site_id, _root, path = parts
        old, new = Redirect.normalise_path(former_path), Redirect.normalise_path(path)
        if old == new:
            return
        existing = Redirect.objects.filter(old_path=old, site_id=site_id).first()
        if existing is None:
            Redirect.objects.create(
                old_path=old, site_id=site_id, redirect_page=page, is_permanent=True
            )
        elif existing.redirect_page_id != page.pk or not existing.is_permanent:
            existing.redirect_page = page
            existing.redirect_link = ""
            existing.redirect_page_route_path = ""
            existing.is_permanent = True
            existing.save()

    def rehome(self, program: Program, home: Page) -> None:
        """A programme synced before its city had a site of its own moves there, with
        everything below it and editors' work on it (cms.core.city.programme_site)."""
        page = ProgrammePage.objects.filter(okcore_id=program.id, locale=home.locale).first()
        if page is None or page.path[: -page.steplen] == home.path:
            return
        with transaction.atomic():
            page.move(home, pos="last-child")
        log.warning("%s moved under %s (its city's site)", page.okcore_id, home.url_path)
        self.report.moved.append(f"{home.locale.language_code}:{program.id}")

    def tree(
        self,
        item: Item,
        parent: Page,
        locale: Locale,
        sources: dict[str, Page],
        former_parent: str | None = None,
    ) -> None:
        """Sync ``item`` and its children. ``former_parent`` is the parent's address with the
        former slugs; the programme's page (whose slug never changed) starts it, and a page
        with no address (no site) has none."""
        with transaction.atomic():
            page = self.apply(item, parent, locale, sources.get(item.okcore_id))
            page.refresh_from_db(fields=["slug", "url_path"])  # publishing saved a copy
            former: str | None = None
            if item.model is ProgrammePage:
                parts = page.get_url_parts()
                former = parts[2] if parts else None
            elif former_parent is not None:
                former = f"{former_parent.rstrip('/')}/{item.former_slug}/"
                self.redirect_former(page, former)
        sources.setdefault(item.okcore_id, page)
        for child in item.children:
            self.tree(child, page, locale, sources, former)

    def retire(self, program_id: str, keep: set[str]) -> None:
        """Unpublish pages of the programme that are no longer in its file."""
        for page in programme_pages(program_id, okcore_removed=False):
            if page.okcore_id in keep:
                continue
            with transaction.atomic():
                if page.live:
                    page.unpublish(log_action=True)
                page.okcore_removed = True
                page.save(update_fields=["okcore_removed"], clean=False)
            log.warning("%s is no longer in the programme file: unpublished", page.okcore_id)
            self.report.unpublished.append(f"{page.locale.language_code}:{page.okcore_id}")


def programme_pages(program_id: str, **filters: Any) -> Iterator[SyncedPage]:
    """The pages of one programme, of every synced type ("a/…" is not "ab/…")."""
    for model in SYNCED_PAGE_MODELS:
        for page in model.objects.filter(okcore_id__startswith=program_id, **filters):
            if page.okcore_id == program_id or page.okcore_id.startswith(program_id + "/"):
                yield page


def reindex(program_id: str) -> None:
    """The programme's live pages indexed again: they are found by the plugin's texts
    (cms.core.stemming), which a new version of the plugin may change while every title,
    and so every page, stays as it was."""
    for page in programme_pages(program_id, live=True):
        insert_or_update_object(page)


def retire_uninstalled(installed: set[str]) -> SyncReport:
    """Unpublish (never delete) the pages of programmes no installed plugin provides any
    more, with everything below them; logged like any item gone from a file."""
    report = SyncReport()
    pages = ProgrammePage.objects.filter(okcore_removed=False).exclude(okcore_id__in=installed)
    for program_id in sorted(set(pages.values_list("okcore_id", flat=True))):
        log.warning("programme %s is no longer installed: unpublishing its pages", program_id)
        Syncer(report).retire(program_id, keep=set())
    return report


def sync_program(program: Program) -> SyncReport:
    report = SyncReport()
    homes = ensure_home(programme_site(program))
    syncer = Syncer(report)
    sources: dict[str, Page] = {}
    keep: set[str] = set()
    for locale in locales():
        item = program_item(program, locale.language_code)
        keep |= {node.okcore_id for node in _walk(item)}
        syncer.rehome(program, homes[locale.language_code])
        syncer.tree(item, homes[locale.language_code], locale, sources)
    syncer.retire(program.id, keep)
    return report
