"""A unit's reporting material (3487/2023 §3 pt 4) read from its delivery's data, as the
form of Kraków's obligation names the fields."""

from __future__ import annotations

from datetime import date

from okcore.registry import Registry
from okcore.report.materials import read_material
from okcore.report.model import Material, OtherActions
from okcore.services.deliveries import check_delivery, form_fields, implemented_tasks

KRAKOW = "open-krakow-2024-2028"
EDUCATION = "wydzial-edukacji"


def test_the_forms_own_fields_become_the_units_words_per_task(registry: Registry) -> None:
    program = registry.program(KRAKOW)
    obligation = registry.obligations["3487-2023-reporting-materials"]
    fields = form_fields(obligation, tasks=implemented_tasks(program, EDUCATION))
    payload = {
        "task_5_2_actions": "  Warsztaty w 14 szkołach. ",
        "task_5_2_figures": "420 uczniów",
        "task_5_2_attachments": [7, "8"],
        "task_5_3_actions": "Festiwal kultur.",
        "other_actions": "Dzień Otwarty.",
    }
    checked = check_delivery(fields, payload, complete=False)
    assert checked.errors == {}  # the names the report reads are the form's own
    materials, other = read_material(
        program,
        EDUCATION,
        "Wydział Edukacji",
        checked.data,
        submitted=date(2026, 1, 20),
        attachment_names={"7": "warsztaty.pdf"},
    )
    assert materials == [
        Material(
            EDUCATION,
            "Wydział Edukacji",
            5,
            2,
            actions="Warsztaty w 14 szkołach.",
            figures="420 uczniów",
            attachments=("warsztaty.pdf", "8"),
            submitted=date(2026, 1, 20),
        ),
        Material(
            EDUCATION,
            "Wydział Edukacji",
            5,
            3,
            actions="Festiwal kultur.",
            submitted=date(2026, 1, 20),
        ),
    ]
    assert other == OtherActions(EDUCATION, "Wydział Edukacji", "Dzień Otwarty.")


def test_empty_tasks_and_tasks_the_programme_lacks_are_left_out(registry: Registry) -> None:
    program = registry.program(KRAKOW)
    payload = {
        "task_5_2_actions": "   ",
        "task_5_2_attachments": [],
        "task_9_9_actions": "A task of an older version of the programme.",
        "task_5_4_figures": "12",
        "other_actions": "",
        "unrelated": "x",
    }
    materials, other = read_material(program, EDUCATION, "Wydział Edukacji", payload)
    assert [(m.goal, m.task, m.actions, m.figures) for m in materials] == [(5, 4, "", "12")]
    assert other is None
