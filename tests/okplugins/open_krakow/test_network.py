"""Ordinance 3487/2023 (document 000): every duty encoded, deadlines and compliance."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import seed_ordinance

from okcore.legal import AfterEvent, Bearer
from okcore.network import NetworkState
from okcore.registry import Registry
from okcore.services.compliance import Status, compliance

NETWORK_ID = "open-krakow-coordinators"  # the network of 3487/2023 (network.yaml)

ACT = "krakow-ordinance-3487-2023"


def test_every_point_of_paragraphs_2_to_6_is_an_obligation(registry: Registry, seeds: Path) -> None:
    text = seed_ordinance.read(seeds, "000")
    required = seed_ordinance.citations(text, "3487/2023", range(2, 7))
    cited = {o.source for o in registry.network(NETWORK_ID).obligations}
    assert len(required) == 19
    assert not seed_ordinance.uncovered(required, cited)
    assert "3487/2023 §7 ust. 2" in cited


def test_bearers_follow_the_ordinance(registry: Registry) -> None:
    bearers = {o.source: o.bearer for o in registry.network(NETWORK_ID).obligations}
    assert bearers["3487/2023 §2 pt 1"] is Bearer.UNIT_HEAD
    assert bearers["3487/2023 §4 pt 1"] is Bearer.COORDINATOR
    assert all(bearers[f"3487/2023 §6 pt {n}"] is Bearer.HUB for n in range(1, 5))


def test_in_force_from_signing(registry: Registry) -> None:
    act = registry.legal_acts[ACT]
    assert act.signed == act.in_force_from == date(2023, 11, 24)
    assert act.in_force_on(date(2026, 11, 23))


def test_without_delay_is_a_documented_setting(registry: Registry) -> None:
    network = registry.network(NETWORK_ID)
    change = next(o for o in network.obligations if o.id == "3487-2023-contact-data-on-change")
    assert isinstance(change.timing, AfterEvent)
    assert change.timing.days is None
    assert change.policy_note is not None
    assert network.settings.without_delay_days == 7


def test_designation_deadline_2023(run_cli: Any) -> None:
    result = run_cli("deadlines", NETWORK_ID, "--year", "2023", "--format", "json")
    assert result.code == 0
    items = json.loads(result.out)
    assert {"due": "2023-12-08", "source": "3487/2023 §2 pt 2"} in [
        {"due": i["due"], "source": i["source"]} for i in items
    ]
    assert all(i["due"].startswith("2023-") for i in items)


def test_annual_report_for_2025_falls_due_in_2026(run_cli: Any) -> None:
    result = run_cli("deadlines", "--year", "2026", "--format", "json")
    reports = [i for i in json.loads(result.out) if i["source"] == "Program §6 ust. 8"]
    assert [(r["due"], r["period_start"], r["period_end"]) for r in reports] == [
        ("2026-04-30", "2025-01-01", "2025-12-31")
    ]
    assert reports[0]["title"]


def _state(
    coordinators: list[dict[str, Any]], records: list[dict[str, Any]], **extra: Any
) -> NetworkState:
    return NetworkState.model_validate(
        {
            "network": NETWORK_ID,
            "units": [
                {"id": "wydzial-edukacji", "name": "Wydział Edukacji"},
                *extra.pop("units", []),
            ],
            "coordinators": coordinators,
            "records": records,
            **extra,
        }
    )


def _status(registry: Registry, state: NetworkState, on: date, unit: str, obligation: str) -> Any:
    network = registry.network(NETWORK_ID)
    assert registry.check_state(state) == []
    table = compliance(network, state, registry.legal_acts, on)
    row = next(r for r in table if r.unit.id == unit)
    return next(o for o in row.obligations if o.obligation.id == obligation)


#: The data 3487/2023 §2 pt 2 asks for, besides the name.
CONTACT = {"function": "inspektor", "phone": "+48 12 000 00 00", "email": "a@example.org"}

BOTH = [
    {
        "unit": "wydzial-edukacji",
        "role": "coordinator",
        "name": "A",
        "valid_from": "2023-11-27",
        "valid_to": "2025-06-30",
        **CONTACT,
    },
    {
        "unit": "wydzial-edukacji",
        "role": "coordinator",
        "name": "B",
        "valid_from": "2025-07-01",
        **CONTACT,
    },
    {"unit": "wydzial-edukacji", "role": "deputy", "name": "C", "valid_from": "2023-11-27"},
]


def test_change_of_coordinator_mid_year_reported_in_time(registry: Registry) -> None:
    state = _state(
        BOTH,
        [
            {"unit": "wydzial-edukacji", "kind": "contact_data_sent", "date": "2023-12-05"},
            {"unit": "wydzial-edukacji", "kind": "contact_data_sent", "date": "2025-07-03"},
        ],
    )
    change = _status(
        registry, state, date(2025, 12, 31), "wydzial-edukacji", "3487-2023-contact-data-on-change"
    )
    assert change.status is Status.MET
    assert [d.due for d in change.deadlines] == [date(2025, 7, 8)]


def test_change_of_coordinator_not_reported_is_overdue_after_the_grace_period(
    registry: Registry,
) -> None:
    state = _state(
        BOTH, [{"unit": "wydzial-edukacji", "kind": "contact_data_sent", "date": "2023-12-05"}]
    )
    on_time = _status(
        registry, state, date(2025, 7, 8), "wydzial-edukacji", "3487-2023-contact-data-on-change"
    )
    assert on_time.status is Status.PENDING
    late = _status(
        registry, state, date(2025, 7, 20), "wydzial-edukacji", "3487-2023-contact-data-on-change"
    )
    assert late.status is Status.OVERDUE
    assert late.since == date(2025, 7, 9)
    # A city that reads "without delay" as 3 days sets it in its state file.
    strict = _state(
        BOTH,
        [{"unit": "wydzial-edukacji", "kind": "contact_data_sent", "date": "2023-12-05"}],
        settings={"without_delay_days": 3},
    )
    assert _status(
        registry, strict, date(2025, 7, 20), "wydzial-edukacji", "3487-2023-contact-data-on-change"
    ).since == date(2025, 7, 5)


def test_unit_with_no_deputy_fails_designation(registry: Registry) -> None:
    state = _state(
        [
            {
                "unit": "wydzial-edukacji",
                "role": "coordinator",
                "name": "A",
                "valid_from": "2023-11-27",
                **CONTACT,
            }
        ],
        [{"unit": "wydzial-edukacji", "kind": "contact_data_sent", "date": "2023-12-05"}],
    )
    designation = _status(
        registry, state, date(2024, 3, 1), "wydzial-edukacji", "3487-2023-designate-coordinators"
    )
    assert designation.status is Status.OVERDUE
    assert designation.since == date(2023, 12, 9)
    assert designation.deadlines[0].detail == "no deputy designated"
    data = _status(registry, state, date(2024, 3, 1), "wydzial-edukacji", "3487-2023-contact-data")
    assert data.status is Status.MET


def test_deputy_leaving_is_overdue_after_the_vacancy_grace(registry: Registry) -> None:
    people = [
        {
            "unit": "wydzial-edukacji",
            "role": "coordinator",
            "name": "A",
            "valid_from": "2023-11-27",
        },
        {
            "unit": "wydzial-edukacji",
            "role": "deputy",
            "name": "C",
            "valid_from": "2023-11-27",
            "valid_to": "2024-05-31",
        },
    ]
    state = _state(people, [])
    designation = _status(
        registry, state, date(2024, 8, 1), "wydzial-edukacji", "3487-2023-designate-coordinators"
    )
    # Policy default: the grace is the network's without_delay_days (7), counted from the last day.
    assert designation.status is Status.OVERDUE
    assert designation.since == date(2024, 6, 8)
    assert designation.deadlines[0].basis.value == "policy"
    within = _status(
        registry, state, date(2024, 6, 5), "wydzial-edukacji", "3487-2023-designate-coordinators"
    )
    assert within.status is Status.PENDING
    assert within.next_due == date(2024, 6, 7)
    no_grace = _state(people, [], settings={"vacancy_grace_days": 0})
    assert _status(
        registry, no_grace, date(2024, 8, 1), "wydzial-edukacji", "3487-2023-designate-coordinators"
    ).since == date(2024, 6, 1)


def test_unit_created_after_the_ordinance_gets_its_own_14_days(registry: Registry) -> None:
    people = [
        {
            "unit": "centrum",
            "role": "coordinator",
            "name": "H",
            "valid_from": "2025-03-10",
            **CONTACT,
        },
        {"unit": "centrum", "role": "deputy", "name": "I", "valid_from": "2025-03-10"},
    ]
    unit = {"id": "centrum", "name": "Centrum Wielokulturowe", "established": "2025-03-01"}
    state = _state(people, [], units=[unit])
    before = _status(registry, state, date(2025, 3, 14), "centrum", "3487-2023-contact-data")
    assert before.status is Status.PENDING
    assert before.next_due == date(2025, 3, 15)
    after = _status(registry, state, date(2025, 4, 1), "centrum", "3487-2023-contact-data")
    assert after.status is Status.OVERDUE
    assert after.since == date(2025, 3, 16)
    # Its first line-up is not a "change".
    change = _status(
        registry, state, date(2025, 4, 1), "centrum", "3487-2023-contact-data-on-change"
    )
    assert change.deadlines == []
    # It does not exist before its creation, so it is not in the table then.
    network = registry.network(NETWORK_ID)
    table = compliance(network, state, registry.legal_acts, date(2025, 2, 1))
    assert "centrum" not in {row.unit.id for row in table}


def test_the_hub_does_not_designate_coordinators_for_itself(registry: Registry) -> None:
    state = _state(BOTH, [])
    table = compliance(registry.network(NETWORK_ID), state, registry.legal_acts, date(2025, 1, 1))
    hub = {
        o.obligation.source for o in next(row for row in table if row.unit.id == "sz").obligations
    }
    # Exempt only where the reason (it would report to itself) holds, as a labelled policy.
    for exempt in ("3487/2023 §2 pt 1", "3487/2023 §2 pt 2", "3487/2023 §3 pt 4"):
        assert exempt not in hub
    assert {"3487/2023 §3 pt 1", "3487/2023 §6 pt 1"} <= hub
    network = registry.network(NETWORK_ID)
    assert all("policy" in o.hub_exempt.get("en") for o in network.obligations if o.hub_exempt)


def test_example_state_in_docs(run_cli: Any) -> None:
    result = run_cli(
        "compliance", "docs/examples/state.yaml", "--on", "2026-11-23", "--format", "json"
    )
    assert result.code == 1, result.err  # something is overdue
    units = {
        u["unit"]: {o["obligation"]: o for o in u["obligations"]}
        for u in json.loads(result.out)["units"]
    }
    assert units["kancelaria-prezydenta"]["3487-2023-designate-coordinators"]["status"] == "overdue"
    assert units["mops"]["3487-2023-contact-data-on-change"]["since"] == "2026-10-09"
    assert units["wydzial-edukacji"]["3487-2023-contact-data-on-change"]["status"] == "met"
    text = run_cli("compliance", "docs/examples/state.yaml", "--on", "2026-11-23", "--locale", "en")
    assert "OVERDUE  3487/2023 §2 pt 1" in text.out
    assert "since 2023-12-09 — no deputy designated" in text.out
    assert "ongoing duties without a date" in text.out


@pytest.fixture(autouse=True)
def _repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[3])


def test_hand_over_keeps_the_case_of_no_permissions(registry: Registry) -> None:
    """3487/2023 §4 pt 2: 'w przypadku braku nadanych uprawnień' is part of the duty."""
    duty = next(
        o for o in registry.network(NETWORK_ID).obligations if o.source == "3487/2023 §4 pt 2"
    )
    assert "w przypadku braku nadanych uprawnień" in duty.title.get("pl")
    assert duty.text is not None
    assert "w przypadku braku nadanych uprawnień" in " ".join(duty.text.get("pl").split())
