"""The indicators' answers kept under the approved values' version (cms.api.prepared):
the same answer as the serializer gives, changed at once by what visitors may see and
never by a draft or a submitted value."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from clock import NOW, PROGRAMME_YEAR
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import pre_save
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from factories import MeasurementFactory
from site_setup import client_for

from cms.api import prepared as prepared_module
from cms.api.prepared import with_measurements
from cms.api.serializers import GoalItem, IndicatorSerializer
from cms.core.registry import registry
from cms.indicators.models import Measurement, Status
from cms.network.models import Unit

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


def test_a_kept_answer_costs_two_queries_less(client: Client) -> None:
    """A new version computes once (the values, and the version read again before the
    answer is kept: two queries more, however many values); every request after asks only
    for the version."""
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
    assert len(computed) == len(kept) + 2
    assert sum("indicators_measurement" in q["sql"] for q in kept.captured_queries) == 1


def test_an_edit_in_the_same_instant_shows(client: Client, site: dict[str, Any]) -> None:
    """The clock stands still (as two saves in one microsecond, or a clock set back, leave
    the latest change where it was): an edit of an approved value and a unit's new slug
    show all the same."""
    value = MeasurementFactory(
        indicator=INDICATOR,
        unit=site["education"],
        period=PROGRAMME_YEAR,
        value=10,
        status=Status.APPROVED,
    )
    assert shown(client)["values"] == [(PROGRAMME_YEAR, "wydzial-edukacji", 10)]
    value.value = 20
    value.save()
    assert shown(client)["values"] == [(PROGRAMME_YEAR, "wydzial-edukacji", 20)]
    site["education"].slug = "edukacja"
    site["education"].save()
    assert shown(client)["values"] == [(PROGRAMME_YEAR, "edukacja", 20)]


def test_a_return_and_an_approval_restoring_the_old_count_show(
    client: Client, site: dict[str, Any]
) -> None:
    """A value returned, corrected and approved again leaves as many approved values with
    the same ids and (the clock standing still) the same latest change: the corrected
    value shows, not the one kept before."""
    admin = client_for("admin", site)
    value = MeasurementFactory(
        indicator=INDICATOR,
        unit=site["education"],
        period=PROGRAMME_YEAR,
        value=10,
        status=Status.APPROVED,
    )
    assert shown(client)["values"] == [(PROGRAMME_YEAR, "wydzial-edukacji", 10)]
    path = f"/api/v1/measurements/{value.pk}"
    assert admin.post(f"{path}/return/", {"comment": "Źródło?"}).status_code == 200
    corrected = admin.patch(f"{path}/", {"value": 20}, content_type="application/json")
    assert corrected.status_code == 200, corrected.content
    assert admin.post(f"{path}/submit/").status_code == 200
    assert admin.post(f"{path}/approve/").status_code == 200
    assert shown(client)["values"] == [(PROGRAMME_YEAR, "wydzial-edukacji", 20)]


def test_a_deletion_and_an_approval_restoring_the_old_count_and_ids_show(
    client: Client, site: dict[str, Any]
) -> None:
    """Two approved values deleted and two others approved, whose ids add up to the same:
    as many rows, the same sum of ids, the same latest change (the clock stands still);
    the new values show."""
    admin = client_for("admin", site)
    education, culture = site["education"], site["culture"]
    first = MeasurementFactory(
        indicator=INDICATOR,
        unit=education,
        period=PROGRAMME_YEAR - 2,
        value=1,
        status=Status.APPROVED,
    )
    second = MeasurementFactory(
        indicator=INDICATOR,
        unit=education,
        period=PROGRAMME_YEAR - 1,
        value=2,
        status=Status.SUBMITTED,
    )
    third = MeasurementFactory(
        indicator=INDICATOR,
        unit=culture,
        period=PROGRAMME_YEAR - 1,
        value=3,
        status=Status.SUBMITTED,
    )
    fourth = MeasurementFactory(
        indicator=INDICATOR, unit=education, period=PROGRAMME_YEAR, value=4, status=Status.APPROVED
    )
    assert first.pk + fourth.pk == second.pk + third.pk
    assert [v for _year, _unit, v in shown(client)["values"]] == [1, 4]
    for gone in (first, fourth):
        assert admin.delete(f"/api/v1/measurements/{gone.pk}/").status_code == 204
    for approved in (second, third):
        assert admin.post(f"/api/v1/measurements/{approved.pk}/approve/").status_code == 200
    assert sorted(v for _year, _unit, v in shown(client)["values"]) == [2, 3]


def test_an_answer_computed_while_a_value_changed_is_not_kept(
    client: Client, site: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A value approved after the version was read and before the values were: the answer
    shows it but is not kept under the version read first, which the deletion of that
    value would otherwise bring back (same count, ids and latest change) with a value that
    no longer exists."""
    late = MeasurementFactory(
        indicator=INDICATOR,
        unit=site["education"],
        period=PROGRAMME_YEAR,
        value=7,
        status=Status.SUBMITTED,
    )
    read = prepared_module.approved_rows

    def approved_meanwhile(keys: Any) -> Any:
        if late.status != Status.APPROVED:
            late.status = Status.APPROVED
            late.save()
        return read(keys)

    monkeypatch.setattr(prepared_module, "approved_rows", approved_meanwhile)
    assert shown(client)["values"] == [(PROGRAMME_YEAR, "wydzial-edukacji", 7)]
    assert not prepared_module.ANSWERS
    Measurement.objects.filter(pk=late.pk).delete()
    assert shown(client)["values"] == []
    assert prepared_module.ANSWERS  # the values stood still this time


def test_a_site_without_programmes_lists_no_indicators(settings: Any) -> None:
    """No programme, no indicators: an empty list, not a server error."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "empty.example"]
    call_command("okcore_setup", hostname="empty.example", city="Nigdzie", stdout=StringIO())
    client = Client(HTTP_HOST="empty.example")
    for url in ("/api/v1/indicators/", "/api/v1/indicators/?year=2025&lang=en"):
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_a_reader_during_a_units_save_keeps_no_old_slug(
    client: Client, site: dict[str, Any]
) -> None:
    """A request answered while a unit's new slug is being saved (here: just before its row
    is written) reads the old slug, and may keep it for the version it read; once the save
    is done, the version has moved and the new slug shows."""
    MeasurementFactory(
        indicator=INDICATOR,
        unit=site["education"],
        period=PROGRAMME_YEAR,
        value=10,
        status=Status.APPROVED,
    )
    seen = []

    def reader(sender: Any, **kwargs: Any) -> None:
        seen.append(shown(client)["values"])

    pre_save.connect(reader, sender=Unit, dispatch_uid="test-reader-during-save")
    try:
        with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
            site["education"].slug = "edukacja"
            site["education"].save()
    finally:
        pre_save.disconnect(sender=Unit, dispatch_uid="test-reader-during-save")
    assert seen == [[(PROGRAMME_YEAR, "wydzial-edukacji", 10)]]
    assert shown(client)["values"] == [(PROGRAMME_YEAR, "edukacja", 10)]
