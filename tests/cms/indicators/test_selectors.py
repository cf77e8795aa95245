"""The approved values' version (cms.indicators.selectors.approved_versions)."""

from __future__ import annotations

from typing import Any

import pytest
from clock import YEAR
from factories import MeasurementFactory

from cms.core.registry import registry
from cms.indicators.models import Status
from cms.indicators.selectors import approved_versions

pytestmark = pytest.mark.django_db
PROGRAM_ID = "open-krakow-2024-2028"
INDICATOR = f"{PROGRAM_ID}/indicator/info-point-beneficiaries"


def version() -> Any:
    return approved_versions([registry().programs[PROGRAM_ID]])[PROGRAM_ID]


def test_the_version_moves_with_approved_values_only(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        empty = version()
    assert (empty.rows, empty.ids, empty.changed, empty.year) == (0, 0, None, YEAR)
    draft = MeasurementFactory(indicator=INDICATOR, period=2024)
    MeasurementFactory(indicator=INDICATOR, period=2025, status=Status.SUBMITTED)
    assert version() == empty
    approved = MeasurementFactory(indicator=INDICATOR, period=2026, status=Status.APPROVED)
    one = version()
    assert (one.rows, one.ids) == (1, approved.pk)
    draft.status = Status.APPROVED
    draft.save()
    assert version().rows == 2
    approved.delete()
    assert version() not in (empty, one)
