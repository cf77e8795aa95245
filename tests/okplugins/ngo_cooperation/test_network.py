"""Ordinance 351/2026 (document 001): every duty encoded, the repeal, deadlines, compliance."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import seed_ordinance

from okcore.legal import External, Recurring
from okcore.network import NetworkState
from okcore.registry import Registry
from okcore.services.compliance import Status, compliance

NETWORK_ID = "ngo-cooperation-coordinators"  # the network of 351/2026 (network-351-2026.yaml)


def test_every_point_of_paragraphs_2_to_6_is_an_obligation(registry: Registry, seeds: Path) -> None:
    text = seed_ordinance.read(seeds, "001")
    required = seed_ordinance.citations(text, "351/2026", range(2, 7))
    cited = {o.source for o in registry.network(NETWORK_ID).obligations}
    assert len(required) == 31
    assert not seed_ordinance.uncovered(required, cited)
    assert {"351/2026 §2 pt 4 lit. a", "351/2026 §2 pt 4 lit. b", "351/2026 §7 ust. 2"} <= cited


def test_repeal_of_1687_2022_is_recorded(registry: Registry) -> None:
    new = registry.legal_acts["krakow-ordinance-351-2026"]
    old = registry.legal_acts["krakow-ordinance-1687-2022"]
    assert new.in_force_from == new.signed == date(2026, 2, 24)
    assert old.id in new.repeals
    assert old.repealed_by == new.id
    assert old.in_force_on(date(2026, 2, 23))
    assert not old.in_force_on(date(2026, 2, 24))


def test_rhythms_without_days_are_settings(registry: Registry) -> None:
    by_source = {o.source: o for o in registry.network(NETWORK_ID).obligations}
    quarterly = by_source["351/2026 §3 pt 5"].timing
    assert isinstance(quarterly, Recurring)
    assert quarterly.frequency == "quarterly"
    assert isinstance(by_source["351/2026 §2 pt 5"].timing, Recurring)
    assert isinstance(by_source["351/2026 §3 pt 11"].timing, External)
    for source in ["351/2026 §3 pt 5", "351/2026 §2 pt 5", "351/2026 §3 pt 4", "351/2026 §3 pt 11"]:
        assert by_source[source].policy_note is not None, source


def test_deadlines_2027(run_cli: Any) -> None:
    result = run_cli("deadlines", "--year", "2027", "--format", "json")
    assert result.code == 0
    items = json.loads(result.out)
    quarterly = [i["due"] for i in items if i["source"] == "351/2026 §3 pt 5"]
    assert quarterly == ["2027-03-31", "2027-06-30", "2027-09-30", "2027-12-31"]
    assert [i["due"] for i in items if i["source"] == "351/2026 §2 pt 5"] == ["2027-12-31"]
    assert all({"due", "title", "source"} <= i.keys() for i in items)


def test_nothing_from_351_before_it_is_in_force(run_cli: Any) -> None:
    items = json.loads(run_cli("deadlines", NETWORK_ID, "--year", "2025", "--format", "json").out)
    assert items == []


def _state(records: list[dict[str, Any]], **extra: Any) -> NetworkState:
    return NetworkState.model_validate(
        {
            "network": NETWORK_ID,
            "units": [
                {"id": "wydzial-kultury", "name": "Wydział Kultury i Dziedzictwa Narodowego"}
            ],
            "coordinators": [
                {
                    "unit": "wydzial-kultury",
                    "role": "coordinator",
                    "name": "K",
                    "valid_from": "2026-02-26",
                },
                {
                    "unit": "wydzial-kultury",
                    "role": "deputy",
                    "name": "L",
                    "valid_from": "2026-02-26",
                },
            ],
            "records": records,
            **extra,
        }
    )


def _row(registry: Registry, state: NetworkState, on: date) -> dict[str, Any]:
    assert registry.check_state(state) == []
    table = compliance(registry.network(NETWORK_ID), state, registry.legal_acts, on)
    row = next(r for r in table if r.unit.id == "wydzial-kultury")
    return {o.obligation.id: o for o in row.obligations}


def test_quarterly_small_grant_information(registry: Registry) -> None:
    state = _state(
        [{"unit": "wydzial-kultury", "kind": "small_grant_funds_reported", "date": "2026-03-20"}]
    )
    row = _row(registry, state, date(2026, 7, 15))
    item = row["351-2026-small-grant-funds"]
    assert [d.status for d in item.deadlines] == [Status.MET, Status.OVERDUE, Status.PENDING]
    assert item.status is Status.OVERDUE
    assert item.since == date(2026, 7, 1)
    assert row["351-2026-sector-meeting"].status is Status.PENDING
    assert row["351-2026-sector-meeting"].next_due == date(2026, 12, 31)


def test_open_call_information_follows_each_announcement(registry: Registry) -> None:
    state = _state(
        [
            {"unit": "wydzial-kultury", "kind": "open_call_announced", "date": "2026-05-04"},
            {"unit": "wydzial-kultury", "kind": "open_call_info_sent", "date": "2026-05-06"},
            {"unit": "wydzial-kultury", "kind": "open_call_announced", "date": "2026-09-01"},
        ]
    )
    item = _row(registry, state, date(2026, 9, 30))["351-2026-open-calls"]
    assert [(d.due, d.status) for d in item.deadlines] == [
        (date(2026, 5, 11), Status.MET),
        (date(2026, 9, 8), Status.OVERDUE),
    ]


def test_a_city_overrides_the_quarterly_day(registry: Registry) -> None:
    override = {"kind": "recurring", "frequency": "quarterly", "after": {"days": 15}}
    state = _state([], settings={"timing_overrides": {"351-2026-small-grant-funds": override}})
    item = _row(registry, state, date(2026, 7, 10))["351-2026-small-grant-funds"]
    assert [(d.due, d.status) for d in item.deadlines] == [
        (date(2026, 4, 15), Status.OVERDUE),
        (date(2026, 7, 15), Status.PENDING),
        (date(2026, 10, 15), Status.PENDING),
    ]


def test_state_files_with_unknown_kinds_or_units_are_refused(registry: Registry) -> None:
    state = NetworkState.model_validate(
        {
            "network": NETWORK_ID,
            "records": [{"unit": "nowhere", "kind": "cake_baked", "date": "2026-05-01"}],
        }
    )
    messages = [p.format() for p in registry.check_state(state)]
    assert any("records[0].unit: no unit 'nowhere'" in m for m in messages)
    assert any("records[0].kind: 'cake_baked' fulfils no obligation" in m for m in messages)


def test_contact_data_sentence_is_quoted_whole_and_the_first_delivery_is_an_inference(
    registry: Registry,
) -> None:
    """351/2026 §2 pt 2 does not stop at 'niezwłocznie'; the initial duty is derived from it."""
    duties = {o.id: o for o in registry.network(NETWORK_ID).obligations}
    for key in ("351-2026-contact-data", "351-2026-contact-data-on-change"):
        text = duties[key].text
        assert text is not None
        assert " ".join(text.get("pl").split()).endswith(
            "niezwłocznie, każdorazowo w przypadku zmiany na stanowisku Koordynatora oraz jego"
            " zastępcy"
        )
    note = duties["351-2026-contact-data"].policy_note
    assert note is not None and note.get("en").startswith("An inference")
