"""Public reading: programmes, goals, tasks, indicators, risks, events, exports; languages."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from clock import SEASON, YEAR, days
from factories import MeasurementFactory, UnitFactory

from cms.core.registry import registry
from cms.indicators.models import Status
from cms.risks.models import RiskAssessment
from okcore.load import validate_data
from okcore.program import Program
from okcore.services.calendar import occurrences

pytestmark = pytest.mark.django_db
PROGRAM_ID = "open-krakow-2024-2028"
INDICATOR = f"{PROGRAM_ID}/indicator/info-point-beneficiaries"


def results(client: Any, url: str, **headers: Any) -> list[dict[str, Any]]:
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content[:400]
    return response.json()["results"]  # type: ignore[no-any-return]


def test_programmes_in_the_language_asked_for(client: Any) -> None:
    program = registry().programs[PROGRAM_ID]

    def krakow(listing: list[dict[str, Any]]) -> dict[str, Any]:
        return next(p for p in listing if p["id"] == PROGRAM_ID)

    polish = krakow(results(client, "/api/v1/programmes/"))
    assert polish["title"] == program.title.get("pl")
    assert polish["period"] == {"start": 2024, "end": 2028}
    assert polish["goals"] == 6
    english = client.get("/api/v1/programmes/?lang=en")
    assert krakow(english.json()["results"])["title"] == program.title.get("en")
    assert english["Content-Language"] == "en"
    ukrainian = results(client, "/api/v1/programmes/", HTTP_ACCEPT_LANGUAGE="uk,en;q=0.5")
    assert krakow(ukrainian)["title"] == program.title.get("uk")
    wrong = client.get("/api/v1/programmes/?lang=de")
    assert wrong.status_code == 400
    assert "lang" in wrong.json()


def test_programme_document_reads_back_into_okcore(client: Any) -> None:
    data = client.get(f"/api/v1/programmes/{PROGRAM_ID}/").json()
    assert validate_data(data, Program) == registry().programs[PROGRAM_ID]
    missing = client.get("/api/v1/programmes/warszawa/")
    assert missing.status_code == 404
    assert "warszawa" in missing.json()["detail"]


def test_goals_and_tasks_filtered_and_ordered(client: Any) -> None:
    program = registry().programs[PROGRAM_ID]
    goals = results(client, f"/api/v1/goals/?programme={PROGRAM_ID}&ordering=-number")
    assert [g["number"] for g in goals] == sorted((g.number for g in program.goals), reverse=True)
    assert goals[-1]["key"] == f"{PROGRAM_ID}/goal-1"
    tasks = results(client, f"/api/v1/tasks/?programme={PROGRAM_ID}&goal=2")
    assert [t["number"] for t in tasks] == [t.number for t in program.goal(2).tasks]
    UnitFactory(slug="wydzial-edukacji")
    own = results(client, "/api/v1/tasks/?unit=wydzial-edukacji&limit=100")
    expected = [
        (g.number, t.number)
        for g in program.goals
        for t in g.tasks
        if any(p.unit == "wydzial-edukacji" for p in t.implementers)
    ]
    assert [(t["goal"], t["number"]) for t in own] == expected
    assert all("wydzial-edukacji" in [p["unit"] for p in t["implementers"]] for t in own)
    for bad, name in [("programme=warszawa", "programme"), ("goal=zero", "goal")]:
        response = client.get(f"/api/v1/tasks/?{bad}")
        assert response.status_code == 400
        assert name in response.json()
    assert client.get("/api/v1/tasks/?unit=nowhere").json() == {"unit": ["unknown unit 'nowhere'"]}


def test_indicators_show_only_approved_values_and_status_per_year(client: Any) -> None:
    MeasurementFactory(indicator=INDICATOR, period=2024, value=4500, status=Status.APPROVED)
    MeasurementFactory(indicator=INDICATOR, period=2025, value=1, status=Status.DRAFT)
    listing = results(client, f"/api/v1/indicators/?programme={PROGRAM_ID}&limit=100")
    assert len(listing) == len(registry().programs[PROGRAM_ID].indicators)
    item = next(i for i in listing if i["key"] == INDICATOR)
    assert [m["value"] for m in item["measurements"]] == [4500]
    by_year = {s["year"]: s for s in item["status"]}
    assert by_year[2024]["status"] == "met"
    assert by_year[2024]["value"] == 4500
    baseline = registry().programs[PROGRAM_ID].indicator("info-point-beneficiaries").baseline
    assert item["baseline"] == baseline.model_dump()
    detail = client.get(f"/api/v1/indicators/{INDICATOR}/?year=2024").json()
    assert [s["year"] for s in detail["status"]] == [2024]
    assert client.get(f"/api/v1/indicators/{PROGRAM_ID}/nothing/").status_code == 404


def test_risks_current_rating_and_history(client: Any) -> None:
    program = registry().programs[PROGRAM_ID]
    risk = program.risks[0]
    RiskAssessment.objects.create(
        risk=program.risk_uid(risk), rating=7, assessed_on=date(2025, 3, 1)
    )
    RiskAssessment.objects.create(
        risk=program.risk_uid(risk), rating=2, assessed_on=date(2026, 3, 1)
    )
    listing = results(client, f"/api/v1/risks/?programme={PROGRAM_ID}")
    first = next(r for r in listing if r["number"] == risk.number)
    assert (first["rating"], first["level"]) == (2, "low")
    assert first["document_rating"] == risk.rating
    assert [h["rating"] for h in first["history"]] == [2, 7]
    critical = results(client, "/api/v1/risks/?level=critical")
    assert all(r["level"] == "critical" for r in critical)
    assert risk.number not in [r["number"] for r in critical]


def test_events_expanded_as_the_event_page_lists_them(client: Any, weekly: Any) -> None:
    span = f"start={YEAR}-03-01&end={YEAR}-12-31"
    listing = results(client, f"/api/v1/events/?{span}&limit=200&lang=pl")
    from cms.events.occurrences import core_event

    expected = occurrences(core_event(weekly), date(YEAR, 3, 1), date(YEAR, 12, 31))
    warsaw = ZoneInfo("Europe/Warsaw")
    assert [datetime.fromisoformat(o["start"]) for o in listing] == [
        o.start.replace(tzinfo=warsaw) for o in expected
    ]
    starts = {o["start"][:10]: o for o in listing}
    assert SEASON.cancelled.isoformat() not in starts
    assert starts[SEASON.moved_to.isoformat()]["moved"] is True
    first, summer = SEASON.first.isoformat(), SEASON.summer.isoformat()
    assert starts[first]["start"] == f"{first}T18:00:00+01:00"
    assert starts[summer]["start"] == f"{summer}T18:00:00+02:00"
    assert starts[summer]["calendar"].endswith(f"/pl/calendar/event/{weekly.pk}.ics")
    year = f"year={YEAR}"
    assert len(results(client, f"/api/v1/events/?{year}&unit=wydzial-kultury&limit=200")) == len(
        expected
    )
    assert results(client, f"/api/v1/events/?{year}&category=festival") == []
    assert results(client, f"/api/v1/events/?{year}&programme={PROGRAM_ID}&goal=1") == []
    in_goal = results(client, f"/api/v1/events/?{year}&programme={PROGRAM_ID}&goal=2&limit=99")
    assert len(in_goal) == len(expected)
    assert results(client, f"/api/v1/events/?start={YEAR + 1}-01-01&end={YEAR + 1}-03-01") == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start=2026-05-01&end=2026-04-01", "end"),
        ("start=2026-01-01&end=2029-01-01", "end"),
        ("start=tomorrow", "start"),
        ("year=2026&start=2026-01-01", "year"),
        ("goal=1", "goal"),
        ("category=party", "category"),
    ],
)
def test_events_bad_query_names_the_parameter(client: Any, query: str, field: str) -> None:
    response = client.get(f"/api/v1/events/?{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_all_day_event_occurrence_is_a_date(client: Any, events_index: Any) -> None:
    from cms.core.site import publish
    from cms.events.models import EventPage

    page = EventPage(title="Festiwal", start_date=days(-2), category="festival")
    events_index.add_child(instance=page)
    publish(page)
    [only] = results(client, f"/api/v1/events/?year={days(-2).year}&category=festival")
    assert (only["start"], only["end"], only["all_day"]) == (days(-2).isoformat(), None, True)
    assert only["start"] != time(0).isoformat()


def test_icc_export_in_each_format(client: Any) -> None:
    MeasurementFactory(indicator=INDICATOR, period=2025, value=4500, status=Status.APPROVED)
    exporters = {e["name"]: e for e in results(client, "/api/v1/exporters/")}
    assert exporters["icc"]["formats"] == ["json", "csv", "xlsx"]
    url = f"/api/v1/programmes/{PROGRAM_ID}/exports/icc/"
    report = client.get(f"{url}?year=2025")
    assert report["Content-Type"] == "application/json"
    data = report.json()
    assert data["year"] == 2025
    assert len(data["areas"]) == 17
    table = client.get(f"{url}?year=2025&format=csv&lang=pl")
    assert table["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(table.content.decode("utf-8-sig"))))
    assert len(rows) > 17
    book = client.get(f"{url}?year=2025&format=xlsx")
    assert book.content[:2] == b"PK"
    for query, field in [("year=2031", "year"), ("year=2025&format=pdf", "format"), ("", "year")]:
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400, query
        assert field in response.json()
    assert client.get(f"/api/v1/programmes/{PROGRAM_ID}/exports/nope/?year=2025").status_code == 404


def test_unknown_api_path_is_a_json_404(client: Any) -> None:
    response = client.get("/api/v1/nothing/here/")
    assert response.status_code == 404
    assert response.json() == {"detail": "no such API path: /api/v1/nothing/here/"}


def test_schema_and_documentation_pages(client: Any) -> None:
    schema = client.get("/api/v1/schema/?format=json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/measurements/{id}/approve/" in schema["paths"]
    assert not [p for p in schema["paths"] if not p.startswith("/api/v1/")]
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    assert b"swagger-ui" in page.content
