"""The programme and goal pages' heavy parts, rendered once per change of their inputs.

A goal's chart (SVG) and indicator table and the programme's risk register cost most of
a page's rendering: statuses from every approved measurement, two drawings per goal,
the tables' templates. They are kept in the cache (shared by the workers with Redis)
under a *version of their inputs read from the database on every request*, never
invalidated by signals: the programme's data (a digest of what the registry loaded),
which approved measurements there are (their count and the sum of their ids) and their
latest change (every step of a measurement's review stamps it), the programme's risk
assessments as stored, the language, today's date (statuses and the year shown follow
the clock), the names of the units with approved values (a unit's row has no time of
change: its names are the version) and the code that draws them, all read in one query.
Any change of one of these is a new key; an entry nobody asks for expires.

Only approved measurements count: a draft, a submitted or a returned value does not
change the version (nor what a visitor sees). Page links and titles (drafts and
publishing) stay out of the kept parts: the page renders them itself on every request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from functools import cached_property
from typing import Any, TypedDict

from django.core.cache import cache as shared_cache
from django.db.models import Count, Max, QuerySet, Sum, TextField, Value
from django.db.models.functions import Cast
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from wagtail.models import Page

from cms.core.registry import text
from cms.core.version import code_version
from cms.indicators.models import Measurement, Status
from cms.indicators.selectors import standings, unit_names
from cms.network.models import Unit
from cms.programmes.presenters import SyncedItem, goal_chart, goal_of, indicator_rows, risk_matrix
from cms.risks.models import RiskAssessment
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
    """What the kept parts are made of, read from the database in one query: the
    approved measurements' count, id sum and latest change, every risk assessment as
    stored, and the names of every unit that has an approved value (the tables credit
    some of them, by name)."""
    keys = [program.indicator_uid(i) for _goal, i in program.indicators.values()]
    approved = Measurement.objects.filter(status=Status.APPROVED, indicator__in=keys)
    rows = _as_text(
        approved.annotate(part=Value("m"))
        .values("part")
        .annotate(a=Count("pk"), b=Sum("pk"), c=Max("updated_at")),
        "part",
        "a",
        "b",
        "c",
    ).union(
        _as_text(
            RiskAssessment.objects.filter(risk__in=[program.risk_uid(r) for r in program.risks]),
            Value("r"),
            "pk",
            "rating",
            "assessed_on",
            "risk",
        ),
        _as_text(
            Unit.objects.filter(pk__in=approved.values("unit")), Value("u"), "pk", "slug", "names"
        ),
        all=True,
    )
    parts = (code_version(), program_version(program), sorted(rows, key=repr), today)
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _as_text(rows: QuerySet[Any], *columns: str | Value) -> QuerySet[Any]:
    """The rows' columns as text, five of them (padded with NULL), unordered: every part
    of the one query that reads the inputs has the same shape."""
    names = {f"c{n}": Cast(column, TextField()) for n, column in enumerate(columns)}
    padding = {f"c{n}": Cast(Value(None), TextField()) for n in range(len(columns), 5)}
    found: QuerySet[Any] = rows.order_by().annotate(**names, **padding)
    return found.values_list(*names, *padding)


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

    @cached_property
    def parts(self) -> Parts:
        """The parts for the active language, rendered when their inputs changed (or
        nobody asked today)."""
        language = get_language() or SOURCE_LOCALE
        key = f"{KEY_PREFIX}:{self.program.id}:{language}:{self.version}"
        found: Parts | None = shared_cache.get(key)
        if found is None:
            found = _render(self.program)
            shared_cache.set(key, found, KEEP_SECONDS)
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
    """The key of a page's main content, rendered once and kept (``{% cache %}``): its
    programme's inputs, the page as published, the live pages it links to (addresses and
    titles), the language and the host its absolute links name. A draft changes none."""
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
    return {
        "fragment": hashlib.sha256(repr(parts).encode()).hexdigest(),
        "kept_seconds": KEEP_SECONDS,
    }


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
