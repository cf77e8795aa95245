"""Compliance scenarios a coordinator or SZ would act on, against Kraków's two ordinances.

Every date here is a fixed day in the acts' history, passed as ``on``: nothing depends
on the test clock.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from okcore.legal import Basis
from okcore.network import NetworkState
from okcore.registry import Registry
from okcore.services.compliance import ObligationState, Status, as_dict, compliance
from okcore.services.deadlines import OVERRIDE_NOTE, UNIT_START_NOTE

OPEN_KRAKOW = "open-krakow-coordinators"
NGO = "ngo-cooperation-coordinators"
CONTACT = {"function": "inspektor", "phone": "+48 12 616 00 00", "email": "k@example.org"}


def person(unit: str, role: str, name: str, valid_from: str, **extra: Any) -> dict[str, Any]:
    return {"unit": unit, "role": role, "name": name, "valid_from": valid_from, **extra}


def record(unit: str, kind: str, day: str) -> dict[str, Any]:
    return {"unit": unit, "kind": kind, "date": day}


def state(
    network: str,
    units: list[dict[str, Any]],
    people: list[Any],
    records: list[Any] = (),
    **extra: Any,
) -> NetworkState:  # type: ignore[assignment]
    return NetworkState.model_validate(
        {
            "network": network,
            "units": units,
            "coordinators": people,
            "records": list(records),
            **extra,
        }
    )


def duty(
    registry: Registry,
    current: NetworkState,
    on: date,
    unit: str,
    obligation: str,
    acts: dict[str, Any] | None = None,
) -> ObligationState:
    assert registry.check_state(current) == []
    table = compliance(registry.network(current.network), current, acts or registry.legal_acts, on)
    row = next(r for r in table if r.unit.id == unit)
    return next(o for o in row.obligations if o.obligation.id == obligation)


NEW_UNIT = {"id": "centrum-nowe", "name": "Centrum Nowe", "established": "2026-12-10"}


def test_unit_created_after_a_due_date_owes_nothing_from_before_it_existed(
    registry: Registry,
) -> None:
    people = [
        person("centrum-nowe", "coordinator", "Jan Nowak", "2026-12-10", **CONTACT),
        person("centrum-nowe", "deputy", "Ewa Nowak", "2026-12-10"),
    ]
    current = state(NGO, [NEW_UNIT], people)
    proposals = duty(
        registry,
        current,
        date(2027, 1, 15),
        "centrum-nowe",
        "351-2026-cooperation-programme-proposals",
    )
    # 30 June 2026 fell due before the unit existed: its first proposals are due 30 June 2027.
    assert proposals.status is Status.PENDING
    assert [d.due for d in proposals.deadlines] == [date(2027, 6, 30)]
    funds = duty(registry, current, date(2027, 1, 15), "centrum-nowe", "351-2026-small-grant-funds")
    first = funds.deadlines[0]
    assert (first.period_start, first.due) == (date(2026, 12, 10), date(2026, 12, 31))
    assert first.basis is Basis.POLICY and first.policy_note == UNIT_START_NOTE


def test_coordinator_duties_start_with_the_first_coordinator(registry: Registry) -> None:
    people = [
        person("centrum-nowe", "coordinator", "Jan Nowak", "2027-01-10", **CONTACT),
        person("centrum-nowe", "deputy", "Ewa Nowak", "2027-01-10"),
    ]
    current = state(NGO, [NEW_UNIT], people)
    funds = duty(registry, current, date(2027, 2, 1), "centrum-nowe", "351-2026-small-grant-funds")
    assert [d.due for d in funds.deadlines] == [date(2027, 3, 31)]
    # The head's designation duty carries the lapse meanwhile.
    designation = duty(
        registry, current, date(2027, 2, 1), "centrum-nowe", "351-2026-designate-coordinators"
    )
    assert designation.status is Status.MET_LATE


def test_an_override_cannot_make_one_record_fulfil_two_quarters(registry: Registry) -> None:
    people = [
        person("wydzial-kultury", "coordinator", "Anna Kowal", "2026-02-25", **CONTACT),
        person("wydzial-kultury", "deputy", "Piotr Kowal", "2026-02-25"),
    ]
    override = {
        "timing_overrides": {
            "351-2026-small-grant-funds": {
                "kind": "recurring",
                "frequency": "quarterly",
                "after": {"days": 15},
            }
        }
    }
    current = state(
        NGO,
        [{"id": "wydzial-kultury", "name": "Wydział Kultury"}],
        people,
        [record("wydzial-kultury", "small_grant_funds_reported", "2026-04-10")],
        settings=override,
    )
    funds = duty(
        registry, current, date(2026, 8, 1), "wydzial-kultury", "351-2026-small-grant-funds"
    )
    q1, q2 = funds.deadlines[:2]
    assert (q1.due, q1.status, q1.fulfilled_on) == (
        date(2026, 4, 15),
        Status.MET,
        date(2026, 4, 10),
    )
    assert (q2.due, q2.status, q2.since) == (date(2026, 7, 15), Status.OVERDUE, date(2026, 7, 16))
    assert q1.basis is Basis.POLICY and q1.policy_note == OVERRIDE_NOTE


EDUCATION = [{"id": "wydzial-edukacji", "name": "Wydział Edukacji"}]


def test_late_first_designation_is_met_late_and_not_a_change(registry: Registry) -> None:
    # Due 8 Dec 2023 (14 days after 24 Nov 2023); designated five weeks later.
    people = [
        person("wydzial-edukacji", "coordinator", "Anna Nowak", "2024-01-12", **CONTACT),
        person("wydzial-edukacji", "deputy", "Cezary Wiśniewski", "2024-01-12"),
    ]
    current = state(
        OPEN_KRAKOW,
        EDUCATION,
        people,
        [record("wydzial-edukacji", "contact_data_sent", "2024-01-15")],
    )
    on = date(2024, 6, 1)
    designation = duty(
        registry, current, on, "wydzial-edukacji", "3487-2023-designate-coordinators"
    )
    assert designation.status is Status.MET_LATE
    assert designation.deadlines[0].days_late == 35
    change = duty(registry, current, on, "wydzial-edukacji", "3487-2023-contact-data-on-change")
    assert change.deadlines == []


def test_expired_coordinator_with_a_deputy_in_post_is_a_vacancy(registry: Registry) -> None:
    people = [
        person(
            "wydzial-edukacji",
            "coordinator",
            "Anna Nowak",
            "2023-11-27",
            valid_to="2025-03-31",
            **CONTACT,
        ),
        person("wydzial-edukacji", "deputy", "Cezary Wiśniewski", "2023-11-27"),
    ]
    current = state(
        OPEN_KRAKOW,
        EDUCATION,
        people,
        [record("wydzial-edukacji", "contact_data_sent", "2023-12-01")],
    )
    within = duty(
        registry, current, date(2025, 4, 5), "wydzial-edukacji", "3487-2023-designate-coordinators"
    )
    assert within.status is Status.PENDING
    assert within.deadlines[0].detail == "no coordinator designated"
    later = duty(
        registry, current, date(2025, 4, 20), "wydzial-edukacji", "3487-2023-designate-coordinators"
    )
    assert (later.status, later.since) == (Status.OVERDUE, date(2025, 4, 8))
    assert later.deadlines[0].basis is Basis.POLICY


def test_sz_bears_the_351_duties_that_bind_every_unit(registry: Registry) -> None:
    people = [
        person("sz", "coordinator", "Zofia Sz", "2026-02-25", **CONTACT),
        person("sz", "deputy", "Adam Sz", "2026-02-25"),
    ]
    current = state(NGO, [], people)
    table = compliance(registry.network(NGO), current, registry.legal_acts, date(2026, 11, 23))
    sz = {o.obligation.source for o in next(r for r in table if r.unit.id == "sz").obligations}
    # 351/2026 §1 pt 2 and §2: every organisational unit, SZ included.
    for bound in (
        "351/2026 §2 pt 1",
        "351/2026 §2 pt 5",
        "351/2026 §3 pt 4",
        "351/2026 §3 pt 5",
        "351/2026 §3 pt 6",
    ):
        assert bound in sz
    # Exempt where it would report to itself, as a labelled policy.
    assert "351/2026 §2 pt 2" not in sz
    row = next(r for r in table if r.unit.id == "sz")
    assert "351/2026 §2 pt 2" in {o.source for o in row.exempt}
    answer = as_dict([row], date(2026, 11, 23), "en")["units"][0]  # type: ignore[index]
    assert {e["basis"] for e in answer["exempt"]} == {"policy"}
    exempt = [o for o in registry.network(NGO).obligations if o.hub_exempt]
    assert {o.source for o in exempt} == {
        "351/2026 §2 pt 2",
        "351/2026 §3 pt 3",
        "351/2026 §3 pt 7",
        "351/2026 §3 pt 11",
    }


def test_contact_data_with_a_missing_phone_does_not_fulfil_the_duty(registry: Registry) -> None:
    no_phone = {**CONTACT, "phone": None}
    people = [
        person("wydzial-edukacji", "coordinator", "Jan Kowalski", "2023-11-27", **no_phone),
        person("wydzial-edukacji", "deputy", "Ewa Kowalska", "2023-11-27"),
    ]
    sent = [record("wydzial-edukacji", "contact_data_sent", "2023-12-01")]
    current = state(OPEN_KRAKOW, EDUCATION, people, sent)
    data = duty(registry, current, date(2024, 1, 10), "wydzial-edukacji", "3487-2023-contact-data")
    assert data.status is Status.OVERDUE
    assert data.deadlines[0].missing_data == ("phone (Jan Kowalski)",)
    answer = as_dict(
        [
            r
            for r in compliance(
                registry.network(OPEN_KRAKOW), current, registry.legal_acts, date(2024, 1, 10)
            )
            if r.unit.id == "wydzial-edukacji"
        ],
        date(2024, 1, 10),
        "en",
    )
    item = next(
        o for o in answer["units"][0]["obligations"] if o["obligation"] == "3487-2023-contact-data"
    )  # type: ignore[index]
    assert item["deadlines"][0]["detail"] == "delivery lacks phone (Jan Kowalski)"
    early = state(
        OPEN_KRAKOW,
        EDUCATION,
        people,
        [record("wydzial-edukacji", "contact_data_sent", "2023-11-25")],
    )
    before = duty(registry, early, date(2024, 1, 10), "wydzial-edukacji", "3487-2023-contact-data")
    assert before.deadlines[0].missing_data == ("a coordinator in post",)
    people[0]["phone"] = "+48 12 616 00 01"
    complete = state(OPEN_KRAKOW, EDUCATION, people, sent)
    assert (
        duty(
            registry, complete, date(2024, 1, 10), "wydzial-edukacji", "3487-2023-contact-data"
        ).status
        is Status.MET
    )


def test_repealed_act_owes_nothing_for_events_after_its_repeal(registry: Registry) -> None:
    acts = dict(registry.legal_acts)
    act = acts["krakow-ordinance-351-2026"]
    acts[act.id] = act.model_copy(update={"repealed_on": date(2026, 9, 1)})
    people = [
        person("wydzial-kultury", "coordinator", "Anna Kowal", "2026-02-25", **CONTACT),
        person("wydzial-kultury", "deputy", "Piotr Kowal", "2026-02-25"),
    ]
    calls = [
        record("wydzial-kultury", "open_call_announced", "2026-08-20"),
        record("wydzial-kultury", "open_call_announced", "2026-10-01"),
    ]
    current = state(NGO, [{"id": "wydzial-kultury", "name": "Wydział Kultury"}], people, calls)
    open_calls = duty(
        registry, current, date(2026, 11, 23), "wydzial-kultury", "351-2026-open-calls", acts
    )
    assert [d.due for d in open_calls.deadlines] == [date(2026, 8, 27)]


def test_a_post_vacated_after_the_repeal_owes_no_new_designation(registry: Registry) -> None:
    """A repealed act binds nobody: a coordinator leaving after the repeal opens no duty."""
    acts = dict(registry.legal_acts)
    act = acts["krakow-ordinance-351-2026"]
    acts[act.id] = act.model_copy(update={"repealed_on": date(2026, 9, 1)})
    people = [
        person(
            "wydzial-kultury",
            "coordinator",
            "Anna Kowal",
            "2026-02-25",
            valid_to="2026-10-31",
            **CONTACT,
        ),
        person("wydzial-kultury", "deputy", "Piotr Kowal", "2026-02-25"),
    ]
    current = state(NGO, [{"id": "wydzial-kultury", "name": "Wydział Kultury"}], people)
    designation = duty(
        registry,
        current,
        date(2026, 11, 23),
        "wydzial-kultury",
        "351-2026-designate-coordinators",
        acts,
    )
    assert designation.status is Status.MET
    in_force = duty(
        registry, current, date(2026, 11, 23), "wydzial-kultury", "351-2026-designate-coordinators"
    )
    assert in_force.status is Status.OVERDUE  # the same vacancy while the act is in force


KULTURA = [{"id": "wydzial-kultury", "name": "Wydział Kultury"}]
KULTURA_PEOPLE = [
    person("wydzial-kultury", "coordinator", "Anna Kowal", "2026-02-25", **CONTACT),
    person("wydzial-kultury", "deputy", "Piotr Kowal", "2026-02-25"),
]


def test_a_record_naming_its_due_date_fulfils_exactly_that_quarter(registry: Registry) -> None:
    """An acknowledged delivery for the second quarter, sent in July, is Q2's, late; the
    first quarter stays overdue (without ``due`` the record would go to the earliest)."""
    pinned = {**record("wydzial-kultury", "small_grant_funds_reported", "2026-07-06")}
    pinned |= {"obligation": "351-2026-small-grant-funds", "due": "2026-06-30"}
    current = state(NGO, KULTURA, KULTURA_PEOPLE, [pinned])
    funds = duty(
        registry, current, date(2026, 10, 15), "wydzial-kultury", "351-2026-small-grant-funds"
    )
    q1, q2, q3 = funds.deadlines[:3]
    assert (q1.due, q1.status) == (date(2026, 3, 31), Status.OVERDUE)
    assert (q2.due, q2.status, q2.fulfilled_on) == (
        date(2026, 6, 30),
        Status.MET_LATE,
        date(2026, 7, 6),
    )
    assert (q3.due, q3.status) == (date(2026, 9, 30), Status.OVERDUE)


def test_a_record_naming_no_deadline_of_the_duty_fulfils_none(registry: Registry) -> None:
    """A due date that is not one of the duty's deadlines (a plugin moved them since) is
    not spread onto another: the unit delivers again for the deadlines there are."""
    stray = {**record("wydzial-kultury", "small_grant_funds_reported", "2026-04-02")}
    stray["due"] = "2026-04-15"
    current = state(NGO, KULTURA, KULTURA_PEOPLE, [stray])
    funds = duty(
        registry, current, date(2026, 7, 10), "wydzial-kultury", "351-2026-small-grant-funds"
    )
    assert [d.status for d in funds.deadlines[:2]] == [Status.OVERDUE, Status.OVERDUE]


def test_a_one_off_duty_counts_only_a_record_for_its_own_due_date(registry: Registry) -> None:
    """The first contact data after entry into force: a record pinned to another deadline
    (a change of coordinator's) does not meet it; one pinned to its own due date does."""
    sent = record("wydzial-kultury", "contact_data_sent", "2026-03-02")
    current = state(NGO, KULTURA, KULTURA_PEOPLE, [sent])
    first = duty(registry, current, date(2026, 6, 1), "wydzial-kultury", "351-2026-contact-data")
    due = first.deadlines[0].due
    assert due is not None and first.status is Status.MET
    other = state(NGO, KULTURA, KULTURA_PEOPLE, [{**sent, "due": "2026-05-20"}])
    assert (
        duty(registry, other, date(2026, 6, 1), "wydzial-kultury", "351-2026-contact-data").status
        is Status.OVERDUE
    )
    own = state(NGO, KULTURA, KULTURA_PEOPLE, [{**sent, "due": due.isoformat()}])
    assert (
        duty(registry, own, date(2026, 6, 1), "wydzial-kultury", "351-2026-contact-data").status
        is Status.MET
    )
