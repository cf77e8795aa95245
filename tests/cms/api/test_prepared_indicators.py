"""The indicators' answers kept under the approved values' version (cms.api.prepared):
the same answer as the serializer gives, changed at once by what visitors may see and
never by a draft or a submitted value."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from clock import NOW
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from factories import MeasurementFactory
from site_setup import client_for

from cms.api.prepared import with_measurements
from cms.api.serializers import GoalItem, IndicatorSerializer
from cms.core.registry import registry
from cms.indicators.models import Measurement, Status

pytestmark = pytest.mark.django_db
PROGRAM_ID = "open-krakow-2024-2028"
INDICATOR = f"{PROGRAM_ID}/indicator/info-point-beneficiaries"
LIST = f"/api/v1/indicators/?programme={PROGRAM_ID}&limit=100"


def shown(client: Any, url: str = LIST) -> dict[str, Any]:
    """The listed indicator's measurements and status by year, as a visitor reads them."""
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    item = next(i for i in response.json()["results"] if i["key"] == INDICATOR)
    return {
        "values": [(m["period"], m["unit"], m["value"]) for m in item["measurements"]],
        "status": {
            s["year"]: (s["status"], s["value"], s["contributions"]) for s in item["status"]
        },
    }


def test_only_approval_changes_what_visitors_read(client: Client, site: dict[str, Any]) -> None:
    admin = client_for("admin", site)
    before = shown(client)
    assert before["values"] == []
    submitted = MeasurementFactory(
        indicator=INDICATOR,
        unit=site["education"],
        period=2024,
        value=4500,
        status=Status.SUBMITTED,
    )
    MeasurementFactory(indicator=INDICATOR, unit=site["culture"], period=2024, value=7)
    assert shown(client) == before  # a draft and a submitted value: nothing new
    assert admin.post(f"/api/v1/measurements/{submitted.pk}/approve/").status_code == 200
    approved = shown(client)
    assert approved["values"] == [(2024, "wydzial-edukacji", 4500)]
    assert approved["status"][2024] == ("met", 4500, {"wydzial-edukacji": 4500})
    returned = admin.post(f"/api/v1/measurements/{submitted.pk}/return/", {"comment": "Źródło?"})
    assert returned.status_code == 200, returned.content
    assert shown(client) == before
    Measurement.objects.filter(pk=submitted.pk).update(status=Status.APPROVED)
    assert shown(client)["values"] == [(2024, "wydzial-edukacji", 4500)]
    Measurement.objects.filter(pk=submitted.pk).delete()
    assert shown(client) == before


def test_an_edit_and_a_unit_renamed_show_at_once(client: Client, site: dict[str, Any]) -> None:
    value = MeasurementFactory(
        indicator=INDICATOR, unit=site["education"], period=2024, value=10, status=Status.APPROVED
    )
    assert shown(client)["values"] == [(2024, "wydzial-edukacji", 10)]
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        value.value = 20
        value.save()
    assert shown(client)["values"] == [(2024, "wydzial-edukacji", 20)]
    with time_machine.travel(NOW + timedelta(minutes=2), tick=False):
        unit = site["education"]
        unit.slug = "edukacja"
        unit.save()
    renamed = shown(client)
    assert renamed["values"] == [(2024, "edukacja", 20)]
    assert renamed["status"][2024][2] == {"edukacja": 20}


def test_the_answer_is_the_serializers(client: Client) -> None:
    """Byte for byte what IndicatorSerializer wrote before answers were kept, in the
    language asked for, for every year or one, a page at a time and in either order."""
    MeasurementFactory(indicator=INDICATOR, period=2024, value=4500, status=Status.APPROVED)
    program = registry().programs[PROGRAM_ID]
    for lang, year in (("pl", None), ("en", None), ("uk", 2024)):
        wanted = [(GoalItem(program, g), i) for g in program.goals for i in g.indicators]
        with translation.override(lang):
            expected = [IndicatorSerializer(i).data for i in with_measurements(wanted, year)]
        url = f"{LIST}&lang={lang}" + (f"&year={year}" if year else "")
        answer = client.get(url).json()
        assert answer["results"] == json.loads(json.dumps(expected))
        assert answer["count"] == len(expected)
        detail = client.get(f"/api/v1/indicators/{INDICATOR}/?lang={lang}")
        assert detail.json()["key"] == INDICATOR
        assert detail["Content-Language"] == lang
    page = client.get(f"/api/v1/indicators/?programme={PROGRAM_ID}&limit=3&offset=3").json()
    assert page["count"] == len(program.indicators)
    assert "offset=6" in page["next"]
    assert "offset" not in page["previous"] or "offset=0" in page["previous"]
    everything = client.get(LIST).json()["results"]
    assert [i["key"] for i in page["results"]] == [i["key"] for i in everything[3:6]]
    backwards = client.get(f"{LIST}&ordering=-number").json()["results"]
    assert [i["key"] for i in backwards] == [i["key"] for i in reversed(everything)]
    browsable = client.get(LIST, HTTP_ACCEPT="text/html")
    assert browsable.status_code == 200
    assert INDICATOR in browsable.content.decode()


def test_a_kept_answer_costs_one_query_less(client: Client) -> None:
    """A new version computes once (one query more, however many values); every request
    after asks only for the version."""
    for n in range(30):
        MeasurementFactory(
            indicator=INDICATOR,
            period=2024 + n % 3,
            unit__slug=f"unit-{n}",
            status=Status.APPROVED,
        )
    client.get("/api/v1/goals/")  # what fills once per process: the site's root paths
    with CaptureQueriesContext(connection) as computed:
        first = client.get(LIST).content
    with CaptureQueriesContext(connection) as kept:
        again = client.get(LIST).content
    assert again == first
    assert len(computed) == len(kept) + 1
    assert sum("indicators_measurement" in q["sql"] for q in kept.captured_queries) == 1
