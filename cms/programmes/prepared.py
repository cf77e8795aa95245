"""The programme and goal pages' heavy parts, rendered once per change of their inputs.

A goal's chart (SVG) and indicator table and the programme's risk register cost most of
a page's rendering: statuses from every approved measurement, two drawings per goal,
the tables' templates. They are kept in the cache (shared by the workers with Redis)
and in each process's memory (cms.core.cache.remembered) under a *version of their
inputs read from the database on every request*, in one query:
the programme's data (a digest of what the registry loaded), the approved values'
version (cms.indicators.selectors.approved_versions: the generations of the values
visitors read and of the risk re-assessments, which the database moves in the
transaction of every change of them and never back, and the approved rows' count, id sum
and latest change), the language, today's date (statuses and the year shown follow the
clock) and the code that draws them. Any change of one of these is a new key; no key
comes back for another state. What is rendered is kept only if the version read again
after rendering is the one read before (and so is the page's main content around it):
a change committed meanwhile may be half in it. An entry nobody asks for expires.

Only approved measurements count: a draft, a submitted or a returned value does not
change the version (nor what a visitor sees). Page links and titles (drafts and
publishing) stay out of the kept parts: the page renders them itself on every request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import date
from functools import cached_property
from typing import Any, TypedDict

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from wagtail.models import Page

from cms.core.cache import remembered
from cms.core.registry import text
from cms.core.version import code_version
from cms.indicators.selectors import approved_versions, standings, unit_names
from cms.programmes.presenters import SyncedItem, goal_chart, goal_of, indicator_rows, risk_matrix
from cms.risks.models import ASSESSMENTS
from okcore.program import Program
from okcore.text import SOURCE_LOCALE

KEY_PREFIX = "okcore:prepared"
#: An entry lives a day at most: the date is part of its key anyway.
KEEP_SECONDS = 24 * 3600


class GoalParts(TypedDict):
    chart: str
    table: str


class Parts(TypedDict):
    goals: dict[str, GoalParts]
    risks: str


_program_digests: dict[str, tuple[Program, str]] = {}


def program_version(program: Program) -> str:
    """A digest of the programme as this process loaded it (the last sync's data)."""
    known = _program_digests.get(program.id)
    if known is None or known[0] is not program:
        digest = hashlib.sha256(program.model_dump_json().encode()).hexdigest()
        known = _program_digests[program.id] = (program, digest)
    return known[1]


def inputs_version(program: Program, today: date) -> str:
    """What the kept parts are made of, read from the database in one query: the approved
    values' version with the risk re-assessments' generation (the tables credit units by
    name, whose every save moves the values' generation)."""
    values = approved_versions([program], ASSESSMENTS)[program.id]
    parts = (code_version(), program_version(program), values, today)
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _render(program: Program) -> Parts:
    """Every goal's chart and table and the risk register, in the active language."""
    standing = standings(program)
    names = unit_names(s.shown for s in standing.values())
    goals: dict[str, GoalParts] = {}
    for goal in program.goals:
        rows = indicator_rows(goal, standing, names)
        if rows:
            table = {"rows": rows, "number": goal.number, "program": program}
            goals[program.goal_uid(goal)] = {
                "chart": goal_chart(program.goal_uid(goal), text(goal.title), rows),
                "table": render_to_string("programmes/_indicator_table.html", table),
            }
    return {
        "goals": goals,
        "risks": render_to_string(
            "programmes/_risk_register.html", {"risks": risk_matrix(program), "program": program}
        ),
    }


class Kept:
    """A programme's kept parts, read from the cache only when a page's fragment is
    rendered: a page whose fragment is kept never reads them."""

    def __init__(
        self, program: Program, version: str, pages: Iterable[SyncedItem] = (), uid: str = ""
    ):
        self.program = program
        self.version = version
        self.pages = {page.okcore_id: page for page in pages}
        #: The goal page's goal (its chart and table).
        self.uid = uid
        #: Whether the inputs changed while the parts were rendered: they are shown, but
        #: neither they nor the page's main content are kept under ``version``.
        self.moved = False

    @cached_property
    def parts(self) -> Parts:
        """The parts for the active language, rendered when their inputs changed (or
        nobody asked today), and kept if the inputs did not change meanwhile."""
        language = get_language() or SOURCE_LOCALE
        key = f"{KEY_PREFIX}:{self.program.id}:{language}:{self.version}"
        return remembered(key, self._render, KEEP_SECONDS, keep=lambda: not self.moved)

    def _render(self) -> Parts:
        found = _render(self.program)
        self.moved = inputs_version(self.program, timezone.localdate()) != self.version
        return found

    def goal(self, uid: str) -> dict[str, SafeString | None]:
        """A goal's chart and table, escaped when rendered (None: no indicators)."""
        found = self.parts["goals"].get(uid)
        if found is None:
            return {"chart": None, "table": None}
        return {"chart": mark_safe(found["chart"]), "table": mark_safe(found["table"])}

    @cached_property
    def goals(self) -> list[dict[str, Any]]:
        """Each goal with its live page and its chart and table."""
        return [
            {
                "goal": goal,
                "page": self.pages.get(self.program.goal_uid(goal)),
                **self.goal(self.program.goal_uid(goal)),
            }
            for goal in self.program.goals
        ]

    @property
    def risk_register(self) -> SafeString:
        return mark_safe(self.parts["risks"])

    @property
    def chart(self) -> SafeString | None:
        return self.goal(self.uid)["chart"]

    @property
    def table(self) -> SafeString | None:
        return self.goal(self.uid)["table"]


def fragment_context(
    request: HttpRequest, page: Page, inputs: str | None, *shown: Iterable[Any]
) -> dict[str, Any]:
    """The key of a page's main content, rendered once and kept (:func:`kept_fragment`):
    its programme's inputs, the page as published, the live pages it links to (addresses
    and titles), the language and the host its absolute links name. A draft changes none."""
    linked = [[(p.pk, p.url_path, p.title) for p in pages] for pages in shown]
    parts = (
        code_version(),
        inputs,
        page.pk,
        page.live_revision_id,
        page.last_published_at,
        get_language(),
        request.scheme,
        request.get_host(),
        linked,
    )
    return {"fragment": hashlib.sha256(repr(parts).encode()).hexdigest()}


def kept_fragment(fragment: str, kept: Kept | None, render: Callable[[], str]) -> str:
    """A page's main content as kept under its key (``{% keep %}``), rendered when it is
    not; kept unless its parts were rendered while their inputs changed (``kept.moved``)."""
    return remembered(
        f"{KEY_PREFIX}:fragment:{fragment}",
        render,
        KEEP_SECONDS,
        keep=lambda: kept is None or not kept.moved,
    )


def programme_context(program: Program | None, goal_pages: Iterable[SyncedItem]) -> dict[str, Any]:
    """Each goal with its live page and its kept chart and table; the kept risk register."""
    if program is None:
        return {"program": None}
    version = inputs_version(program, timezone.localdate())
    return {"program": program, "kept": Kept(program, version, goal_pages), "inputs": version}


def goal_context(program: Program | None, uid: str) -> dict[str, Any]:
    """The goal with its kept chart and table."""
    goal = None if program is None else goal_of(program, uid)
    if program is None or goal is None:
        return {}
    version = inputs_version(program, timezone.localdate())
    return {
        "program": program,
        "goal": goal,
        "kept": Kept(program, version, (), uid),
        "inputs": version,
    }
