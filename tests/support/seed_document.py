"""Reads the programme's source text (document 002) so tests compare data against it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


def normalise(text: str) -> str:
    """Collapse whitespace and drop the trailing punctuation of list items."""
    text = re.sub(r"\[bookmark: [^\]]+\]", "", text)
    text = re.sub(r"\[footnoteRef:\d+\].*", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(" ;.,")


@dataclass
class GoalText:
    number: int
    title: str
    tasks: list[str] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)


def goals(text: str) -> list[GoalText]:
    """§3 ust. 2: the goals, their tasks ('Poprzez') and outcomes ('Tak aby').

    A numbered line starts a goal when the next list marker after it is the
    'Poprzez realizację' line; otherwise it is a task or an outcome.
    """
    section = text.split("2. Celami szczegółowymi Programu są:")[1].split("3. Program przyczynia")[
        0
    ]
    lines = [re.sub(r"\[bookmark: [^\]]+\]", "", raw).strip() for raw in section.splitlines()]
    lines = [line for line in lines if line]
    found: list[GoalText] = []
    current: list[str] | None = None
    mode = "goal"
    for index, line in enumerate(lines):
        if line.startswith("Poprzez realizację"):
            mode, current = "tasks", None
            continue
        if line.startswith("Tak aby"):
            mode, current = "outcomes", None
            continue
        item = re.match(r"^(\d+)\)\s*(.*)$", line)
        following = next(
            (x for x in lines[index + 1 :] if re.match(r"^\d+\)", x) or x.startswith("Poprzez")),
            "",
        )
        if item and following.startswith("Poprzez"):
            found.append(GoalText(int(item.group(1)), item.group(2)))
            mode, current = "goal", None
        elif item:
            current = found[-1].tasks if mode == "tasks" else found[-1].outcomes
            current.append(item.group(2))
        elif current is not None:
            current[-1] += " " + line
        elif mode == "goal" and found:
            found[-1].title += " " + line
    return found


def _cells(block: str) -> list[str]:
    return [cell.strip() for cell in re.split(r"\n\t", "\n" + block)]


@dataclass
class TaskRow:
    goal: int
    task: int
    measure: str
    deadline: str


def task_rows(text: str) -> list[TaskRow]:
    """Table 1: one row per task and efficiency measure, with its deadline."""
    table = text.split("Realizatorzy i partnerzy współpracujący")[1].split("Rozdział VIII")[0]
    cells = _cells(table)
    rows: list[TaskRow] = []
    goal = task = 0
    for index, cell in enumerate(cells):
        goal_match = re.match(r"^(\d)\.\s", cell)
        if goal_match:
            goal = int(goal_match.group(1))
        task_match = re.match(r"^(\d)\)\s", cell)
        if task_match:
            task = int(task_match.group(1))
        if cell.startswith("działanie o charakterze ciągłym") or re.match(
            r"^do \d+ \w+ \d{4}", cell
        ):
            rows.append(TaskRow(goal, task, cells[index - 1], cell))
    return rows


@dataclass
class IndicatorRow:
    goal: int
    number: int
    outcome: str
    name: str
    weight: str
    baseline: str
    target: str
    year: str


def indicator_rows(text: str) -> list[IndicatorRow]:
    """Chapter VIII (Table 2): each goal's domain indicators."""
    chapter = text.split("Rozdział VIII")[1].split("Rozdział IX")[0]
    rows: list[IndicatorRow] = []
    for part in re.split(r"Cel szczegółowy (\d):", chapter)[1:]:
        if part.isdigit():
            goal = int(part)
            continue
        body = part.split("Wartość za rok", 1)[1]
        cells = _cells(body)
        index = 0
        while index < len(cells):
            if re.match(r"^\d+\.?$", cells[index]):
                values = cells[index + 1 : index + 7]
                rows.append(IndicatorRow(goal, int(cells[index].rstrip(".")), *values))
                index += 7
            else:
                index += 1
    return rows


@dataclass
class RiskRow:
    number: int
    goal_title: str
    name: str
    rating: str
    response: str


def risk_rows(text: str) -> list[RiskRow]:
    """Chapter IX (Table 3): the risks with rating and response."""
    chapter = text.split("Rozdział IX")[1].split("Ryzyka oceniamy jako")[0]
    cells = _cells(chapter)
    rows: list[RiskRow] = []
    for index, cell in enumerate(cells):
        if re.match(r"^\d+\.$", cell):
            rows.append(RiskRow(int(cell.rstrip(".")), *cells[index + 1 : index + 5]))
    return rows


def read(seeds: Path) -> str:
    return next(seeds.glob("002_*.txt")).read_text(encoding="utf-8")
