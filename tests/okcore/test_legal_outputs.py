"""Every computed date says whether law or policy set it; Table 1's dated tasks are deadlines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from okcore.registry import Registry

PROGRAM = "open-krakow-2024-2028"
EXAMPLE = Path(__file__).resolve().parents[2] / "docs/examples/state.yaml"


def test_every_deadline_says_whether_law_or_policy_set_it(run_cli: Any) -> None:
    items = json.loads(run_cli("deadlines", "--year", "2026", "--format", "json").out)
    by_source = {i["source"]: i for i in items}
    assert all(i["basis"] in ("law", "policy") for i in items)
    assert (
        by_source["Program §6 ust. 8"]["basis"],
        by_source["Program §6 ust. 8"]["policy_note"],
    ) == ("law", None)
    for policy in (
        "351/2026 §3 pt 5",
        "351/2026 §3 pt 4",
        "351/2026 §2 pt 5",
        "351/2026 §2 pt 1",
        "351/2026 §2 pt 2",
    ):
        assert by_source[policy]["basis"] == "policy", policy
        assert by_source[policy]["policy_note"], policy
    text = run_cli("deadlines", "--year", "2026", "--locale", "en").out
    assert "policy: The ordinance gives the rhythm (quarterly), not the day." in text
    ics = run_cli("deadlines", "--year", "2026", "--format", "ics", "--locale", "en").out.replace(
        "\r\n ", ""
    )
    assert "Date set by policy: The ordinance gives the rhythm (quarterly)" in ics
    assert "Date set by law: Program §6 ust. 8" in ics


def test_3487_first_designation_date_is_policy(run_cli: Any) -> None:
    items = json.loads(run_cli("deadlines", "--year", "2023", "--format", "json").out)
    basis = {(i["source"], i["obligation"]): i["basis"] for i in items}
    assert basis[("3487/2023 §2 pt 1", "3487-2023-designate-coordinators")] == "policy"
    assert basis[("3487/2023 §2 pt 2", "3487-2023-contact-data")] == "law"


def test_table_1_dated_tasks_are_deadlines_of_their_implementers(
    run_cli: Any, registry: Registry
) -> None:
    items = json.loads(run_cli("deadlines", PROGRAM, "--year", "2024", "--format", "json").out)
    task = next(i for i in items if i["source"] == "Program Tabela 1 poz. 2.2")
    assert (task["due"], task["bearer"], task["implementers"], task["basis"]) == (
        "2024-12-31",
        "implementer",
        ["sz"],
        "law",
    )
    in_2028 = json.loads(run_cli("deadlines", PROGRAM, "--year", "2028", "--format", "json").out)
    assert (
        len([i for i in in_2028 if i["bearer"] == "implementer" and i["due"] == "2028-12-31"]) == 10
    )
    # Continuous tasks ("działanie o charakterze ciągłym") never fall due.
    program = registry.program(PROGRAM)
    dated = [t for g in program.goals for t in g.tasks if not t.is_continuous]
    tasks = [
        i
        for year in range(2023, 2031)
        for i in json.loads(
            run_cli("deadlines", PROGRAM, "--year", str(year), "--format", "json").out
        )
        if i["bearer"] == "implementer"
    ]
    assert len(tasks) == len(dated) < sum(len(g.tasks) for g in program.goals)


def test_compliance_text_names_the_policy(run_cli: Any) -> None:
    text = run_cli("compliance", str(EXAMPLE), "--on", "2026-11-23", "--locale", "en").out
    assert "policy: “Without delay” has no number of days in the ordinance" in text
