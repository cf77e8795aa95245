"""The due panel says whether law or policy set each date, and lists Table 1's dated tasks."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from clock import days
from factories import CoordinatorFactory, UnitFactory

from cms.events.views import unit_deadlines
from cms.network.compliance import due_items
from okcore.legal import Basis
from okcore.services.calendar import build_calendar

pytestmark = pytest.mark.django_db


def test_due_panel_shows_the_basis_of_each_date(client: Any, make_user: Any) -> None:
    unit = UnitFactory(slug="jednostka-bez-zastepcy", name="Jednostka bez zastępcy")
    person = CoordinatorFactory(
        unit=unit,
        valid_from=days(-60),
        user=make_user("basiscoord", "coordinators"),
    )
    client.force_login(person.user)
    html = client.get("/admin/").content.decode()
    panel = re.search(r'id="okcore-due-panel".*?</section>', html, re.S).group(0)  # type: ignore[union-attr]
    # 3487/2023 §2 pt 1 sets no date: its 14 days are borrowed from pt 2, a policy.
    row = next(r for r in panel.split("<tr>") if "3487/2023 §2 pt 1" in r)
    assert re.search(r'<abbr title="[^"]*§ 2 pkt 2[^"]*">', row)


def test_dated_tasks_of_table_1_are_on_their_implementers_panels() -> None:
    sz = UnitFactory(slug="sz", name="Wydział Polityki Społecznej, Równości i Zdrowia")
    items = [item for (item,) in due_items([sz], date(2028, 11, 15))]
    tasks = [i for i in items if i.source.startswith("Program Tabela 1 poz.")]
    assert {i.source for i in tasks} >= {"Program Tabela 1 poz. 1.3", "Program Tabela 1 poz. 6.4"}
    assert all(i.due == date(2028, 12, 31) and i.basis == "law" for i in tasks)
    # Continuous tasks never fall due.
    assert "Program Tabela 1 poz. 1.1" not in {i.source for i in tasks}


def test_private_feed_deadlines_keep_their_basis() -> None:
    unit = UnitFactory(slug="wydzial-kultury", name="Wydział Kultury")
    CoordinatorFactory(unit=unit, network="ngo-cooperation-coordinators", valid_from=days(-30))
    found = unit_deadlines([unit]).deadlines
    quarterly = [d for d in found if d.source == "351/2026 §3 pt 5"]
    assert quarterly and all(d.basis is Basis.POLICY and d.policy_note for d in quarterly)
    text = build_calendar("feed", quarterly, locale="en").decode().replace("\r\n ", "")
    assert "Date set by policy: The ordinance gives the rhythm (quarterly)" in text
