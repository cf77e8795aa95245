"""A network's compliance in a year, counted per unit for the report: Kraków's coordinator
network and its reporting material (3487/2023 §3 pt 4, due 31 January for the year before).

Every date is a fixed day of the ordinance's history, passed as ``on``."""

from __future__ import annotations

from datetime import date
from typing import Any

from okcore.network import NetworkState
from okcore.registry import Registry
from okcore.report.compliance import year_compliance
from okcore.report.model import UnitCompliance

NETWORK = "open-krakow-coordinators"
CONTACT = {"function": "inspektor", "phone": "+48 12 616 00 00", "email": "k@example.org"}
#: The reporting material for 2025 falls due on 31 January 2026.
DUE = date(2026, 1, 31)
UNITS = {
    "on-time": "Wydział Terminowy",
    "late": "Wydział Spóźniony",
    "silent": "Wydział Milczący",
    "new": "Wydział Nowy",
}


def state(records: list[dict[str, Any]]) -> NetworkState:
    return NetworkState.model_validate(
        {
            "network": NETWORK,
            "units": [
                {
                    "id": unit,
                    "name": name,
                    **({"established": "2026-03-01"} if unit == "new" else {}),
                }
                for unit, name in UNITS.items()
            ],
            "coordinators": [
                {
                    "unit": unit,
                    "role": "coordinator",
                    "name": f"Osoba {n}",
                    "valid_from": "2024-01-10",
                    **CONTACT,
                }
                for n, unit in enumerate(UNITS)
                if unit != "new"
            ],
            "records": records,
        }
    )


def material(unit: str, day: date) -> dict[str, Any]:
    return {
        "unit": unit,
        "kind": "reporting_materials_sent",
        "date": day.isoformat(),
        "due": DUE.isoformat(),
    }


def rows(registry: Registry, year: int, on: date) -> dict[str, UnitCompliance]:
    current = state([material("on-time", date(2026, 1, 20)), material("late", date(2026, 2, 12))])
    assert registry.check_state(current) == []
    table = year_compliance(registry.network(NETWORK), current, registry.legal_acts, year, on)
    assert all(r.network == NETWORK for r in table)
    return {r.unit: r for r in table}


def test_each_unit_counts_its_deadlines_of_the_year(registry: Registry) -> None:
    found = rows(registry, 2026, date(2026, 6, 30))
    on_time, late, silent = found["on-time"], found["late"], found["silent"]
    assert on_time.unit_name == "Wydział Terminowy"
    # The three units differ only in the reporting material due on 31 January.
    assert (on_time.met, on_time.late, on_time.missing) == (
        silent.met + 1,
        silent.late,
        silent.missing - 1,
    )
    assert (late.met, late.late, late.missing) == (silent.met, silent.late + 1, silent.missing - 1)
    # A unit set up after the year's deadlines owes none of them: not in the table.
    assert "new" not in rows(registry, 2025, date(2026, 6, 30))


def test_a_deadline_still_open_on_the_day_of_the_data_is_pending(registry: Registry) -> None:
    before = rows(registry, 2026, date(2026, 1, 15))["silent"]
    after = rows(registry, 2026, date(2026, 2, 15))["silent"]
    assert after.pending == before.pending - 1 and after.missing == before.missing + 1


def test_the_rows_name_units_never_their_coordinators(registry: Registry) -> None:
    """People's data stay out of the report: a row holds the unit and the network only."""
    said = " ".join(str(vars(row)) for row in rows(registry, 2026, date(2026, 6, 30)).values())
    assert "Wydział Terminowy" in said
    assert not any(word in said for word in ("Osoba", CONTACT["phone"], CONTACT["email"]))
