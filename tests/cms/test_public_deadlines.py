"""The public programme feed's deadlines (issue 14, points 7 and 8): Table 1's dated tasks
are deadlines of their implementers, and every deadline says whether law or policy set it."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import icalendar
import pytest
import time_machine
from clock import WARSAW
from factories import UnitFactory

from cms.core.registry import registry
from cms.events.views import unit_deadlines

PROGRAM_ID = "open-krakow-2024-2028"


def deadlines_in_feed(client: Any, url: str, on: date) -> dict[str, str]:
    """The feed's deadlines, as fetched on ``on``: summary → description."""
    with time_machine.travel(datetime.combine(on, time(10), tzinfo=WARSAW), tick=False):
        response = client.get(url)
    assert response.status_code == 200
    feed = icalendar.Calendar.from_ical(response.content)
    return {
        str(event["summary"]): str(event["description"])
        for event in feed.walk("VEVENT")
        if "deadline" in [str(c) for c in event["categories"].cats]
    }


@pytest.mark.parametrize(
    "url", ["/en/calendar/programme.ics", f"/en/calendar/programme/{PROGRAM_ID}.ics"]
)
def test_table_1_dated_tasks_are_public_deadlines(client: Any, db: Any, url: str) -> None:
    program = registry().programs[PROGRAM_ID]
    task = program.goal(2).tasks[1]  # 2.2: "do 31 grudnia 2024 r."
    assert task.deadline == date(2024, 12, 31)
    found = deadlines_in_feed(client, url, date(2025, 3, 1))
    [description] = [d for s, d in found.items() if "Program Tabela 1 poz. 2.2" in s]
    assert "Implementers:" in description
    assert "Date set by law: Program Tabela 1 poz. 2.2" in description
    continuous = [t for g in program.goals for t in g.tasks if t.is_continuous]
    assert continuous
    assert not [s for s in found if "Tabela 1" in s and "poz. 2.2" not in s]  # none in 2024–26
    later = deadlines_in_feed(client, url, date(2028, 3, 1))
    dated_2028 = [
        f"{g.number}.{t.number}"
        for g in program.goals
        for t in g.tasks
        if not t.is_continuous and t.deadline == date(2028, 12, 31)
    ]
    assert len(dated_2028) == 10
    for number in dated_2028:
        assert [s for s in later if f"Program Tabela 1 poz. {number})" in s], number


def test_every_public_deadline_says_law_or_policy(client: Any, db: Any) -> None:
    found = deadlines_in_feed(client, "/en/calendar/category/deadline.ics", date(2028, 3, 1))
    assert found
    for summary, description in found.items():
        assert "Date set by law:" in description or "Date set by policy:" in description, summary


def test_private_feed_holds_the_table_1_tasks_the_unit_implements(db: Any) -> None:
    hub = UnitFactory(slug="sz", name="Wydział Polityki Społecznej, Równości i Zdrowia")
    other = UnitFactory(slug="jednostka-bez-zadan", name="Jednostka bez zadań")
    with time_machine.travel(datetime(2028, 6, 1, 10, tzinfo=WARSAW), tick=False):
        tasks = {
            d.source
            for d in unit_deadlines([hub]).deadlines
            if d.source.startswith("Program Tabela")
        }
        assert {"Program Tabela 1 poz. 1.3", "Program Tabela 1 poz. 6.4"} <= tasks
        assert "Program Tabela 1 poz. 1.1" not in tasks  # continuous
        assert not [
            d for d in unit_deadlines([other]).deadlines if d.source.startswith("Program Tabela")
        ]
