"""Several implementer units report one indicator (issue 14, point 10): one combined value
everywhere the site shows it, each unit's part shown, one row per year without a unit."""

from __future__ import annotations

import json
from typing import Any

import pytest
from clock import YEAR
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from factories import MeasurementFactory, UnitFactory
from site_setup import client_for

from cms.indicators.models import Measurement, Status
from cms.programmes.models import ProgrammePage

PROGRAM_ID = "open-krakow-2024-2028"
INDICATOR = f"{PROGRAM_ID}/indicator/schools-and-residents-reached"  # tasks 5.1–5.3, units sum
MEASURED = min(YEAR, 2028)  # a year of the programme that has begun


@pytest.fixture
def two_units(db: Any) -> None:
    """Education reaches 100, the programme coordinator's unit 50: together 150."""
    education = UnitFactory(slug="wydzial-edukacji", name="Wydział Edukacji")
    hub = UnitFactory(slug="sz", name="Wydział Polityki Społecznej i Zdrowia")
    for unit, value in ((education, 100), (hub, 50)):
        MeasurementFactory(
            indicator=INDICATOR, period=MEASURED, unit=unit, value=value, status=Status.APPROVED
        )


def test_unit_values_combine_on_the_programme_page(client: Any, two_units: None) -> None:
    page = ProgrammePage.objects.get(okcore_id=PROGRAM_ID, locale__language_code="en")
    html = client.get(page.url).content.decode()
    assert "<title>latest value: 150</title>" in html  # the chart
    assert f"150 ({MEASURED})" in html  # the table
    assert "Wydział Edukacji: 100" in html
    assert "Wydział Polityki Społecznej i Zdrowia: 50" in html


def test_unit_values_combine_in_the_api(client: Any, two_units: None) -> None:
    detail = client.get(f"/api/v1/indicators/{INDICATOR}/?year={MEASURED}").json()
    [status] = detail["status"]
    assert status["value"] == 150
    assert status["contributions"] == {"wydzial-edukacji": 100, "sz": 50}


def test_unit_values_combine_in_the_icc_export(client: Any, two_units: None) -> None:
    url = f"/api/v1/programmes/{PROGRAM_ID}/exports/icc/?year={MEASURED}"
    report = client.get(url).json()
    rows = [
        row
        for area in report["areas"]
        for row in area["indicators"]
        if row["id"] == "schools-and-residents-reached"
    ]
    assert rows
    assert {row["value"] for row in rows} == {150}


def test_a_second_value_without_a_unit_is_refused(db: Any) -> None:
    MeasurementFactory(indicator=INDICATOR, period=MEASURED, unit=None, value=10)
    with translation.override("en"), pytest.raises(ValidationError, match="already"):
        MeasurementFactory(indicator=INDICATOR, period=MEASURED, unit=None, value=20)
    twin = Measurement(indicator=INDICATOR, period=MEASURED, unit=None, value=20)
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.bulk_create([twin])  # past save(): the database refuses it too
    assert Measurement.objects.filter(unit=None).count() == 1


def test_a_second_value_without_a_unit_is_a_400_in_the_api(site: dict[str, Any]) -> None:
    admin = client_for("admin", site)
    body = {"indicator": INDICATOR, "period": MEASURED, "unit": None, "value": 10}
    for expected in (201, 400):
        response = admin.post(
            "/api/v1/measurements/", json.dumps(body), content_type="application/json"
        )
        assert response.status_code == expected, response.content
    assert Measurement.objects.filter(unit=None).count() == 1


def test_a_total_without_a_unit_never_stands_beside_units_values(db: Any) -> None:
    """100 from a unit and a unit-less 100 would be added up to 200: refuse the mix."""
    MeasurementFactory(indicator=INDICATOR, period=MEASURED, value=100)
    total = MeasurementFactory.build(indicator=INDICATOR, period=MEASURED, unit=None, value=100)
    with translation.override("en"), pytest.raises(ValidationError, match="cannot stand together"):
        total.save()
    Measurement.objects.all().delete()
    MeasurementFactory(indicator=INDICATOR, period=MEASURED, unit=None, value=100)
    part = MeasurementFactory.build(
        indicator=INDICATOR, period=MEASURED, value=60, unit=UnitFactory(slug="wydzial-kultury")
    )
    with translation.override("en"), pytest.raises(ValidationError, match="cannot stand together"):
        part.save()
