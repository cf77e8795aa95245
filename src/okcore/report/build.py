"""The programme's report to the council (e.g. Program §6 ust. 8), built from the year's data.

Every section comes from the programme's data and :class:`ReportData`, nothing from one
city: another city's programme gets the same report. A section with no data for the year
says so in words; the sections people write (summary, conclusions, recommendations) come
with a neutral outline built from the facts. Plugins add sections through the
``okcore_report_sections`` hook; one that fails is recorded in the registry's problems and
the report goes on without it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from okcore.legal import Obligation
from okcore.program import Goal, Indicator, Program, RiskLevel, Target, Task
from okcore.registry import Registry
from okcore.report.labels import day, language_of, number, percent, word
from okcore.report.model import (
    Block,
    BulletList,
    Chart,
    ChartRow,
    Heading,
    Material,
    Paragraph,
    Quote,
    Report,
    ReportData,
    Table,
)
from okcore.services.indicators import IndicatorStatus, Status
from okcore.text import LocalizedText

#: The block types a plugin's section may hold (the document model's).


def _scale_target(target: Target) -> float | None:
    """What a chart's 100% is: the target's value, a range's upper end."""
    return target.value_max if target.comparator == "range" else target.value


def report_obligation(registry: Registry, program: Program) -> Obligation | None:
    """The obligation whose deadlines are the programme's report (marked ``report: true``),
    from the programme's own list or any obligation the registry places in it."""
    for obligation in program.obligations:
        if obligation.report:
            return obligation
    return next(
        (
            obligation
            for key, obligation in registry.obligations.items()
            if obligation.report and registry.program_of(key) == program.id
        ),
        None,
    )


class _Builder:
    """One report: the data, the language and the statuses computed once."""

    def __init__(self, registry: Registry, data: ReportData, language: str) -> None:
        self.registry = registry
        self.data = data
        self.program = data.program
        self.year = data.year
        self.lang = language_of(language)
        self.statuses: dict[tuple[str, int], IndicatorStatus] = {}
        self.materials: dict[tuple[int, int], list[Material]] = defaultdict(list)
        for material in data.materials:
            self.materials[(material.goal, material.task)].append(material)
        #: The hubs of the programme's networks (SZ): they deliver no material to themselves
        #: (the networks' hub_exempt), so their own tasks are SZ's to write, not missing.
        self.hubs = {
            network.hub
            for network in registry.networks.values()
            if network.program == data.program.id and network.hub
        }

    # Small helpers -----------------------------------------------------------------------

    def t(self, text: LocalizedText) -> str:
        return text.get(self.lang)

    def w(self, key: str, **values: object) -> str:
        return word(key, self.lang, **values)

    def n(self, value: float | None) -> str:
        return number(value, self.lang)

    def status(self, indicator: Indicator, year: int) -> IndicatorStatus:
        key = (indicator.id, year)
        if key not in self.statuses:
            self.statuses[key] = self.registry.indicator_status(
                self.program, indicator, self.data.measurements, year
            )
        return self.statuses[key]

    def measured(self, status: IndicatorStatus) -> str:
        """The year's value; one that stands from an earlier year (a state, not a yearly
        count: the latest value up to the year counts) says which year it was measured."""
        text = self.n(status.value)
        if status.value is not None and status.measured_period not in (None, status.year):
            return f"{text} ({status.measured_period})"
        return text

    def unit_name(self, unit: str) -> str:
        return self.data.unit_names.get(unit, unit) if unit else self.w("no_unit")

    def target(self, target: Target) -> str:
        if target.label is not None:
            # A label the document words over lines (a compound target's parts) reads as one.
            return "; ".join(
                line.strip() for line in self.t(target.label).splitlines() if line.strip()
            )
        return target.formula(self.w("per_year"))

    def indicators(self) -> list[tuple[Goal, Indicator]]:
        return [(g, i) for g in self.program.goals for i in g.indicators]

    def tasks(self) -> list[tuple[Goal, Task]]:
        return [(g, t) for g in self.program.goals for t in g.tasks]

    # The report ----------------------------------------------------------------------------

    def build(self) -> Report:
        program = self.program
        blocks: list[Block] = [
            *self.program_section(),
            *self.legal_section(),
            *self.written("summary", self.summary_outline()),
        ]
        for goal in program.goals:
            blocks += self.goal_section(goal)
        blocks += self.unreported_section()
        blocks += self.other_actions_section()
        blocks += self.indicators_section()
        blocks += self.risks_section()
        blocks += self.funding_section()
        blocks += self.compliance_section()
        blocks += self.registry.report_sections(self.data, self.lang)
        blocks += self.written("conclusions", self.conclusions_outline())
        blocks += self.written("recommendations", self.recommendations_outline())
        return Report(
            program=program.id,
            year=self.year,
            language=self.lang,
            title=self.w("title", year=self.year),
            program_title=self.t(program.title),
            city=self.t(program.city) if program.city is not None else None,
            legal_basis=self.legal_basis(),
            data_date=self.data.today,
            blocks=blocks,
        )

    def program_section(self) -> list[Block]:
        program = self.program
        period = program.period
        return [
            Heading(level=1, text=self.w("program"), key="program"),
            Paragraph(text=self.t(program.title)),
            Paragraph(
                text=self.w("program_period", start=period.start, end=period.end, year=self.year)
            ),
            Paragraph(text=self.w("main_goal", text=self.t(program.main_goal))),
            BulletList(
                items=[
                    self.w("goal", number=g.number, title=self.t(g.title)) for g in program.goals
                ]
            ),
            Paragraph(text=self.w("data_date", day=day(self.data.today, self.lang))),
        ]

    def legal_basis(self) -> list[str]:
        """The programme's acts (titles), then the obligation asking for the report."""
        acts = [
            self.registry.legal_acts.get(act)
            or next((a for a in self.program.legal_acts if a.id == act), None)
            for act in self.program.legal_basis
        ]
        lines = [self.t(act.title) for act in acts if act is not None]
        obligation = report_obligation(self.registry, self.program)
        if obligation is None:
            lines.append(self.w("no_report_obligation"))
        else:
            lines.append(
                self.w(
                    "report_obligation", title=self.t(obligation.title), source=obligation.source
                )
            )
        return lines

    def legal_section(self) -> list[Block]:
        lines = self.legal_basis()
        acts, duty = lines[:-1], lines[-1]
        return [
            Heading(level=1, text=self.w("legal_basis"), key="legal-basis"),
            BulletList(items=acts) if acts else Paragraph(text=self.w("no_legal_basis")),
            Paragraph(text=duty),
        ]

    def goal_section(self, goal: Goal) -> list[Block]:
        blocks: list[Block] = [
            Heading(
                level=1,
                text=self.w("goal", number=goal.number, title=self.t(goal.title)),
                key=f"goal-{goal.number}",
            )
        ]
        if not goal.tasks:
            blocks.append(Paragraph(text=self.w("no_tasks")))
        for task in goal.tasks:
            blocks += self.task_section(goal, task)
        blocks += self.chart_section(goal)
        return blocks

    def task_section(self, goal: Goal, task: Task) -> list[Block]:
        number_ = f"{goal.number}.{task.number}"
        materials = self.materials.get((goal.number, task.number), [])
        none = self.w("none")
        implementers = "; ".join(self.t(p.name) for p in task.implementers) or none
        partners = "; ".join(self.t(p.name) for p in task.partners) or none
        blocks: list[Block] = [
            Heading(
                level=2,
                text=self.w("task", number=number_, title=self.t(task.title)),
                key=f"task-{goal.number}-{task.number}",
            ),
            Paragraph(text=self.w("implementers", names=implementers)),
            Paragraph(text=self.w("partners", names=partners)),
        ]
        if task.products:
            blocks += [
                Paragraph(text=self.w("products")),
                BulletList(items=[self.t(p) for p in task.products]),
            ]
        blocks.append(Paragraph(text=self.deadline(task, materials)))
        blocks.append(
            Heading(
                level=3,
                text=self.w("actions", year=self.year),
                key=f"task-{goal.number}-{task.number}-actions",
                # SZ's own task: SZ writes its actions, and a new draft keeps them.
                written=self.hub_only(task),
            )
        )
        if not materials:
            key = "hub_task" if self.hub_only(task) else "no_material"
            blocks.append(Paragraph(text=self.w(key, year=self.year)))
        for material in materials:
            if material.actions:
                blocks.append(Quote(text=material.actions, source=material.unit_name))
            if material.figures:
                blocks.append(
                    Quote(text=self.w("figures", text=material.figures), source=material.unit_name)
                )
            if material.attachments:
                blocks += [
                    Paragraph(text=self.w("attachments", unit=material.unit_name)),
                    BulletList(items=list(material.attachments)),
                ]
        reported = {m.unit for m in materials}
        silent = sorted(
            {
                self.unit_name(p.unit)
                for p in task.implementers
                if p.unit and p.unit not in reported and p.unit not in self.hubs
            }
        )
        if materials and silent:
            blocks.append(
                Paragraph(text=self.w("no_material_from", year=self.year, names="; ".join(silent)))
            )
        return blocks

    def hub_only(self, task: Task) -> bool:
        """Implemented by the hub alone (SZ as the programme's coordinator)."""
        units = {p.unit for p in task.implementers if p.unit}
        return bool(units) and units <= self.hubs

    def deadline(self, task: Task, materials: Sequence[Material]) -> str:
        """The task's deadline against the year; for one due in the year, whether the
        implementers' material speaks for it (the portal records no other completion)."""
        if task.is_continuous:
            return self.w("deadline_continuous")
        assert isinstance(task.deadline, date)
        due, year = task.deadline, self.year
        if due.year < year:
            return self.w("deadline_before", day=day(due, self.lang), year=year)
        if due.year > year:
            return self.w("deadline_after", day=day(due, self.lang), year=year)
        names = sorted({m.unit_name for m in materials})
        state = (
            self.w("deadline_reported", names="; ".join(names))
            if names
            else self.w("deadline_unreported")
        )
        return self.w("deadline_in_year", day=day(due, self.lang), year=year, state=state)

    def chart_section(self, goal: Goal) -> list[Block]:
        blocks: list[Block] = [
            Heading(
                level=2,
                text=self.w("charts", number=goal.number),
                key=f"goal-{goal.number}-indicators",
            )
        ]
        if not goal.indicators:
            return [*blocks, Paragraph(text=self.w("no_goal_indicators"))]
        rows = []
        for indicator in goal.indicators:
            target = indicator.target
            status = self.status(indicator, self.year)
            rows.append(
                ChartRow(
                    name=f"{goal.number}.{indicator.number} {self.t(indicator.name)}",
                    baseline=indicator.baseline.value if indicator.baseline else None,
                    value=status.value,
                    target=None if target.is_compound else _scale_target(target),
                    target_label=self.target(target),
                    # A compound indicator part by part, each against its own target.
                    parts=[
                        ChartRow(
                            name=self.t(part.unit) if part.unit else str(part.key),
                            value=status.components.get(str(part.key)),
                            target=_scale_target(part),
                            target_label=self.target(part),
                        )
                        for part in target.components
                    ],
                )
            )
        names = "; ".join(row.name for row in rows)
        blocks.append(
            Chart(
                key=f"chart-goal-{goal.number}",
                title=self.w("chart_title", number=goal.number, year=self.year),
                description=self.w("chart_description", number=goal.number, names=names),
                rows=rows,
                labels=(
                    self.w("chart_baseline"),
                    self.w("chart_value", year=self.year),
                    self.w("chart_target"),
                ),
                axis_label=self.w("chart_axis"),
                no_target_label=self.w("chart_no_target"),
            )
        )
        if all(row.value is None for row in rows):
            blocks.append(Paragraph(text=self.w("no_measurements", year=self.year)))
        return blocks

    def unreported_section(self) -> list[Block]:
        """Tasks with no material, listed together too: SZ sees whom to ask at once."""
        missing = [
            self.w("task", number=f"{g.number}.{t.number}", title=self.t(t.title))
            for g, t in self.tasks()
            if not self.materials.get((g.number, t.number)) and not self.hub_only(t)
        ]
        heading = Heading(level=1, text=self.w("tasks_without_material"), key="unreported")
        if not missing:
            return [heading, Paragraph(text=self.w("all_tasks_reported", year=self.year))]
        return [heading, BulletList(items=missing)]

    def other_actions_section(self) -> list[Block]:
        blocks: list[Block] = [Heading(level=1, text=self.w("other_actions"), key="other-actions")]
        if not self.data.other_actions:
            return [*blocks, Paragraph(text=self.w("no_other_actions", year=self.year))]
        return blocks + [Quote(text=o.text, source=o.unit_name) for o in self.data.other_actions]

    def indicators_section(self) -> list[Block]:
        year = self.year
        earlier = [y for y in self.program.period.years if y < year]
        blocks: list[Block] = [
            Heading(level=1, text=self.w("indicators", year=year), key="indicators")
        ]
        if not self.indicators():
            return [*blocks, Paragraph(text=self.w("no_indicators"))]
        header = [
            self.w("col_number"),
            self.w("col_indicator"),
            self.w("col_baseline"),
            self.w("col_target"),
            self.w("col_value", year=year),
            self.w("col_contributions"),
            self.w("col_status"),
            self.w("col_progress"),
            *(self.w("col_value", year=y) for y in earlier),
        ]
        dash = self.w("missing_value")
        rows: list[list[str]] = []
        for goal, indicator in self.indicators():
            status = self.status(indicator, year)
            baseline = indicator.baseline
            contributions = "; ".join(
                f"{name}: {self.n(value)}"
                for name, value in sorted(
                    (self.unit_name(unit), value) for unit, value in status.contributions.items()
                )
            )
            rows.append(
                [
                    f"{goal.number}.{indicator.number}",
                    self.t(indicator.name),
                    f"{self.n(baseline.value)} ({baseline.year})" if baseline else dash,
                    self.target(indicator.target),
                    self.measured(status),
                    contributions or dash,
                    self.w(f"status_{status.status.value}"),
                    percent(status.progress, self.lang),
                    *(self.measured(self.status(indicator, y)) for y in earlier),
                ]
            )
            for component in indicator.target.components:
                assert component.key is not None
                name = self.t(component.label) if component.label else component.key
                # the part's unit names it in the report's language; its key is an id
                part = self.t(component.unit) if component.unit else component.key
                rows.append(
                    [
                        f"{goal.number}.{indicator.number} ({part})",
                        f"{self.t(indicator.name)} – {name}",
                        dash,
                        component.formula(self.w("per_year")),
                        self.n(status.components.get(component.key)),
                        dash,
                        dash,
                        dash,
                        *(
                            self.n(self.status(indicator, y).components.get(component.key))
                            for y in earlier
                        ),
                    ]
                )
        blocks.append(
            Table(caption=self.w("indicators_caption", year=year), header=header, rows=rows)
        )
        if all(self.status(i, year).status is Status.NO_DATA for _, i in self.indicators()):
            blocks.append(Paragraph(text=self.w("no_measurements", year=year)))
        return blocks

    def current_rating(self, risk_number: int, rating: int) -> int:
        """The latest re-assessment's rating up to the year's end, else the document's."""
        found = [
            r
            for r in self.data.reassessments
            if r.risk == risk_number and r.assessed_on.year <= self.year
        ]
        return max(found, key=lambda r: r.assessed_on).rating if found else rating

    def risks_section(self) -> list[Block]:
        year = self.year
        blocks: list[Block] = [Heading(level=1, text=self.w("risks"), key="risks")]
        if not self.program.risks:
            return [*blocks, Paragraph(text=self.w("no_risks"))]
        rows = []
        in_year = [r for r in self.data.reassessments if r.assessed_on.year == year]
        for risk in self.program.risks:
            mine = sorted(
                (r for r in in_year if r.risk == risk.number), key=lambda r: r.assessed_on
            )
            reassessed = "; ".join(
                f"{day(r.assessed_on, self.lang)}: {r.rating}" + (f" ({r.note})" if r.note else "")
                for r in mine
            )
            rating = self.current_rating(risk.number, risk.rating)
            level = self.w(f"level_{RiskLevel.for_rating(rating).value}")
            response = self.w(f"response_{risk.response.value}")
            if risk.action is not None:
                response += f" ({self.t(risk.action)})"
            rows.append(
                [
                    str(risk.number),
                    self.t(risk.name),
                    str(risk.rating),
                    reassessed or self.w("missing_value"),
                    f"{level} ({rating})",
                    response,
                ]
            )
        header = [
            self.w("col_number"),
            self.w("col_risk"),
            self.w("col_rating"),
            self.w("col_reassessments", year=year),
            self.w("col_level"),
            self.w("col_response"),
        ]
        blocks.append(Table(caption=self.w("risks_caption", year=year), header=header, rows=rows))
        if not in_year:
            blocks.append(Paragraph(text=self.w("no_reassessments", year=year)))
        return blocks

    def funding_section(self) -> list[Block]:
        heading = Heading(level=1, text=self.w("funding"), key="funding")
        sources = self.program.funding_sources
        if not sources:
            return [heading, Paragraph(text=self.w("no_funding"))]
        items = [
            self.t(s.name) + (f" ({self.t(s.qualifier)})" if s.qualifier else "") for s in sources
        ]
        return [heading, BulletList(items=items)]

    def compliance_section(self) -> list[Block]:
        year = self.year
        blocks: list[Block] = [
            Heading(level=1, text=self.w("compliance", year=year), key="compliance")
        ]
        networks: dict[str, list[list[str]]] = defaultdict(list)
        titles: dict[str, str] = {}
        for row in self.data.compliance:
            titles[row.network] = row.network_title
            networks[row.network].append(
                [row.unit_name, *(str(c) for c in (row.met, row.late, row.missing, row.pending))]
            )
        if not networks:
            return [*blocks, Paragraph(text=self.w("no_compliance", year=year))]
        header = [
            self.w(key) for key in ("col_unit", "col_met", "col_late", "col_missing", "col_pending")
        ]
        for network, rows in networks.items():
            caption = self.w("compliance_caption", network=titles[network], year=year)
            blocks.append(Table(caption=caption, header=header, rows=rows))
        return blocks

    def written(self, key: str, outline: Iterable[str]) -> list[Block]:
        return [
            Heading(level=1, text=self.w(key), key=key, written=True),
            *(Paragraph(text=text) for text in outline),
        ]

    def summary_outline(self) -> list[str]:
        statuses = [self.status(i, self.year) for _, i in self.indicators()]
        tasks = self.tasks()
        reported = sum(1 for g, t in tasks if self.materials.get((g.number, t.number)))
        no_data = sum(s.status is Status.NO_DATA for s in statuses)
        return [
            self.w(
                # "for 0 there is no approved data" says nothing: said only when some lack it
                "outline_indicators" if no_data else "outline_indicators_all_data",
                year=self.year,
                met=sum(s.status is Status.MET for s in statuses),
                total=len(statuses),
                no_data=no_data,
            ),
            self.w("outline_tasks", reported=reported, total=len(tasks)),
            self.w(
                "outline_risks",
                year=self.year,
                count=sum(r.assessed_on.year == self.year for r in self.data.reassessments),
            ),
            self.w("outline_summary"),
        ]

    def conclusions_outline(self) -> list[str]:
        not_met = [
            f"{g.number}.{i.number} {self.t(i.name)}"
            for g, i in self.indicators()
            if self.status(i, self.year).status is Status.NOT_MET
        ]
        facts = [self.w("outline_not_met", names="; ".join(not_met))] if not_met else []
        return [*facts, self.w("outline_conclusions")]

    def recommendations_outline(self) -> list[str]:
        high = [
            f"{r.number}. {self.t(r.name).rstrip('.')}"
            for r in self.program.risks
            if RiskLevel.for_rating(self.current_rating(r.number, r.rating))
            in (RiskLevel.SERIOUS, RiskLevel.CRITICAL)
        ]
        facts = [self.w("outline_high_risks", names="; ".join(high))] if high else []
        return [*facts, self.w("outline_recommendations")]


def build_report(registry: Registry, data: ReportData, language: str = "pl") -> Report:
    """The report of ``data.program`` for ``data.year`` in ``language`` (pl, en, uk; any
    other gets English words), every section present even when the year has no data.

    A year outside the programme's period is a ValueError saying the period: the
    programme reports on its own years only.
    """
    period = data.program.period
    if data.year not in period:
        raise ValueError(
            f"{data.year} is outside the programme {data.program.id!r}"
            f" ({period.start}–{period.end})"
        )
    return _Builder(registry, data, language).build()
