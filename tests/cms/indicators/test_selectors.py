"""The approved values' version (cms.indicators.selectors.approved_versions)."""

from __future__ import annotations

from typing import Any

import pytest
from clock import PROGRAMME_YEAR, YEAR
from factories import MeasurementFactory, UnitFactory

from cms.core.registry import registry
from cms.indicators.models import Status
from cms.indicators.selectors import approved_versions
from cms.risks.models import ASSESSMENTS, RiskAssessment

pytestmark = pytest.mark.django_db
PROGRAM_ID = "open-krakow-2024-2028"
INDICATOR = f"{PROGRAM_ID}/indicator/info-point-beneficiaries"


def version(*others: str) -> Any:
    return approved_versions([registry().programs[PROGRAM_ID]], *others)[PROGRAM_ID]


def test_the_version_moves_with_approved_values_only(django_assert_num_queries: Any) -> None:
    unit = UnitFactory()
    with django_assert_num_queries(1):
        empty = version()
    assert (empty.rows, empty.ids, empty.changed, empty.year) == (0, 0, None, YEAR)
    draft = MeasurementFactory(indicator=INDICATOR, unit=unit, period=2024)
    MeasurementFactory(indicator=INDICATOR, unit=unit, period=2025, status=Status.SUBMITTED)
    assert version() == empty
    approved = MeasurementFactory(
        indicator=INDICATOR, unit=unit, period=2026, status=Status.APPROVED
    )
    one = version()
    assert (one.rows, one.ids) == (1, approved.pk)
    draft.status = Status.APPROVED
    draft.save()
    assert version().rows == 2
    approved.delete()
    assert version() not in (empty, one)


def test_no_version_comes_back(site: dict[str, Any]) -> None:
    """Every change of what visitors read is a new version, also one that restores the
    rows' count, ids and latest change (the clock stands still here)."""
    value = MeasurementFactory(
        indicator=INDICATOR, unit=site["education"], period=PROGRAMME_YEAR, status=Status.APPROVED
    )
    seen = [version()]
    value.value = 1
    value.save()
    seen.append(version())
    site["education"].names = {"pl": "Wydział Edukacji i Sportu"}
    site["education"].save()
    seen.append(version())
    value.status = Status.RETURNED
    value.save()
    seen.append(version())
    value.status = Status.APPROVED
    value.save()
    seen.append(version())
    assert len(set(seen)) == len(seen)
    restored = {(v.rows, v.ids, v.changed) for v in (seen[0], seen[1], seen[2], seen[4])}
    assert len(restored) == 1  # what a version without the generation would have kept


def test_other_generations_in_the_same_query(django_assert_num_queries: Any) -> None:
    program = registry().programs[PROGRAM_ID]
    before = version(ASSESSMENTS)
    RiskAssessment.objects.create(risk=program.risk_uid(program.risks[0]), rating=5)
    with django_assert_num_queries(1):
        after = version(ASSESSMENTS)
    assert after.generations[0] == before.generations[0]
    assert after.generations[1] == before.generations[1] + 1
    assert version().generations == after.generations[:1]


def test_no_programmes_no_versions(django_assert_num_queries: Any) -> None:
    """A site that serves no programme asks nothing of the values (an empty IN is no error)."""
    with django_assert_num_queries(1):
        assert approved_versions([]) == {}
