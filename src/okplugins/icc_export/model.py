"""The ICC area catalogue and the mapping of a programme's tasks and indicators to areas."""

from __future__ import annotations

import enum
from collections.abc import Iterator

from pydantic import Field

from okcore.base import Model, Problem, Slug, format_path
from okcore.program import Program
from okcore.text import Text


class AreaGroup(enum.StrEnum):
    CORE = "core"
    LENS = "lens"  # the "intercultural lens" areas
    OPTIONAL = "optional"  # added in the 2019 revision


class Area(Model):
    id: Slug
    group: AreaGroup
    name: Text
    description: str


class Catalogue(Model):
    version: Slug
    title: str
    sources: list[str] = Field(min_length=1)
    weights_note: str
    areas: list[Area] = Field(min_length=1)

    def area_ids(self) -> list[str]:
        return [area.id for area in self.areas]


class TaskMapping(Model):
    goal: int
    task: int
    areas: list[Slug] = Field(min_length=1)
    justification: str = Field(min_length=1)


class IndicatorMapping(Model):
    indicator: Slug
    areas: list[Slug] = Field(min_length=1)
    justification: str = Field(min_length=1)


class Mapping(Model):
    """Which ICC areas each task and indicator of one programme serves, and why."""

    program: Slug
    catalogue: Slug
    tasks: list[TaskMapping] = Field(default_factory=list)
    indicators: list[IndicatorMapping] = Field(default_factory=list)


def check_mapping(mapping: Mapping, catalogue: Catalogue, program: Program) -> Iterator[Problem]:
    """Unknown areas, tasks and indicators are errors; a mapping must match its catalogue."""
    if mapping.catalogue != catalogue.version:
        yield Problem(
            "catalogue", f"{mapping.catalogue!r} is not the catalogue {catalogue.version!r}"
        )
    areas = set(catalogue.area_ids())
    tasks = {(g.number, t.number) for g in program.goals for t in g.tasks}
    items: list[tuple[str, int, TaskMapping | IndicatorMapping]] = [
        *(("tasks", i, item) for i, item in enumerate(mapping.tasks)),
        *(("indicators", i, item) for i, item in enumerate(mapping.indicators)),
    ]
    for kind, index, item in items:
        for a_index, area in enumerate(item.areas):
            if area not in areas:
                yield Problem(
                    format_path((kind, index, "areas", a_index)),
                    f"unknown ICC area {area!r} (known: {', '.join(sorted(areas))})",
                )
        if isinstance(item, TaskMapping) and (item.goal, item.task) not in tasks:
            yield Problem(
                format_path((kind, index)),
                f"{program.id} has no task {item.goal}.{item.task}",
            )
        if isinstance(item, IndicatorMapping) and item.indicator not in program.indicators:
            yield Problem(
                format_path((kind, index, "indicator")),
                f"{program.id} has no indicator {item.indicator!r}",
            )
