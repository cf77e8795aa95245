"""A unit's reporting material (3487/2023 §3 pt 4) as the report quotes it.

The material is a delivery of a form repeated for each task the unit implements
(``each: tasks``): :func:`okcore.services.deliveries.form_fields` names its copies
``task_<goal>_<task>_<field>``. The report reads three of the repeated fields –
``actions``, ``figures``, ``attachments`` – and the form's own ``other_actions``; a
city's form that wants its words in the report uses these names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from okcore.program import Program
from okcore.report.model import Material, OtherActions

ACTIONS, FIGURES, ATTACHMENTS = "actions", "figures", "attachments"
OTHER_ACTIONS = "other_actions"
#: A repeated field's name: the prefix form_fields gives each task's copy, then the field.
TASK_FIELD = re.compile(rf"^task_(\d+)_(\d+)_({ACTIONS}|{FIGURES}|{ATTACHMENTS})$")


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def read_material(
    program: Program,
    unit: str,
    unit_name: str,
    data: Mapping[str, Any],
    submitted: date | None = None,
    attachment_names: Mapping[str, str] | None = None,
) -> tuple[list[Material], OtherActions | None]:
    """The unit's words per task of ``program`` and its other actions, from one
    acknowledged delivery's ``data`` (field name → value, as the delivery stores it).

    A task with nothing written is left out (the report then lists it among the tasks
    with no material); fields of tasks the programme does not have are ignored, as a
    delivery may predate a change of the programme. ``attachment_names`` gives a file's
    name by its id (as a string); without it the id is shown.
    """
    tasks = {(g.number, t.number) for g in program.goals for t in g.tasks}
    found: dict[tuple[int, int], dict[str, Any]] = {}
    for name, value in data.items():
        match = TASK_FIELD.match(name)
        if match and (key := (int(match[1]), int(match[2]))) in tasks:
            found.setdefault(key, {})[match[3]] = value
    names = attachment_names or {}
    materials: list[Material] = []
    for (goal, task), fields in sorted(found.items()):
        files = fields.get(ATTACHMENTS)
        attachments = tuple(
            names.get(str(item), str(item)) for item in (files if isinstance(files, list) else [])
        )
        material = Material(
            unit=unit,
            unit_name=unit_name,
            goal=goal,
            task=task,
            actions=_text(fields.get(ACTIONS)),
            figures=_text(fields.get(FIGURES)),
            attachments=attachments,
            submitted=submitted,
        )
        if material.actions or material.figures or material.attachments:
            materials.append(material)
    other = _text(data.get(OTHER_ACTIONS))
    return materials, OtherActions(unit, unit_name, other) if other else None
