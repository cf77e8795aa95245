"""What residents see: programme → goal → task and indicator, units, news, events, search."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation

from cms.core.registry import registry
from cms.indicators.models import Measurement, Status
from cms.network.models import Coordinator, Unit, UnitPage
from cms.programmes.presenters import target_text
from cms.risks.models import RiskAssessment

pytestmark = pytest.mark.django_db
PROGRAM = "open-krakow-2024-2028"


@pytest.fixture
def demo(db: Any) -> None:
    call_command("load_demo", "--force", verbosity=0, stdout=None)


def test_home_redirects_to_polish_and_every_language_renders(client: Any) -> None:
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/pl/"
    for code, title in (
        ("pl", "Otwarty Kraków"),
        ("en", "Open Kraków"),
        ("uk", "Відкритий Краків"),
    ):
        page = client.get(f"/{code}/")
        html = page.content.decode()
        assert page.status_code == 200
        assert f'<html lang="{code}">' in html
        assert title in html


def test_programme_page_shows_charts_table_and_risk_matrix(client: Any) -> None:
    Measurement.objects.create(
        indicator=f"{PROGRAM}/indicator/info-point-beneficiaries",
        period=2025,
        value=4312,
        status=Status.APPROVED,
    )
    Measurement.objects.create(
        indicator=f"{PROGRAM}/indicator/translated-procedures",
        period=2025,
        value=99,
        status=Status.SUBMITTED,
    )
    html = client.get(f"/en/{PROGRAM}/").content.decode()
    assert html.count('<svg class="chart" role="img"') == 6
    assert "<desc id=" in html
    row = re.search(
        r"Number of beneficiaries helped by the Information Point for Foreigners</th>(.*?)</tr>",
        html,
        re.S,
    )
    assert row is not None
    assert "5132 (2023)" in row.group(1)
    assert "at least 4000 a year" in row.group(1)
    assert "4312 (2025)" in row.group(1)
    assert "status-met" in row.group(1)
    procedures = re.search(
        r"Number of procedures translated into foreign languages</th>(.*?)</tr>", html, re.S
    )
    assert procedures is not None and "status-no_data" in procedures.group(
        1
    )  # submitted does not count
    assert 'class="matrix"' in html
    assert html.count('class="badge"') == 6


def test_risk_reassessment_moves_the_risk(client: Any) -> None:
    RiskAssessment.objects.create(risk=f"{PROGRAM}/risk-6", rating=7, note="escalation")
    html = client.get(f"/en/{PROGRAM}/").content.decode()
    matrix = re.search(r'<table class="matrix">(.*?)</table>', html, re.S).group(1)  # type: ignore[union-attr]
    cells = re.findall(r"<td>(.*?)</td>", matrix, re.S)
    assert ">6<" in cells[6]  # rating 7 column
    assert "critical" in html


def test_goal_task_and_indicator_pages(client: Any) -> None:
    goal = client.get(f"/pl/{PROGRAM}/cel-4/").content.decode()
    assert "Krakowski Ambasador Wielokulturowości" in goal
    task = client.get(f"/uk/{PROGRAM}/tsil-1/zavdannia-3/")
    assert task.status_code == 200
    indicator = client.get(f"/en/{PROGRAM}/goal-1/indicator-1-1/").content.decode()
    assert "at least 4000 a year" in indicator and "5132" in indicator


def test_hreflang_and_language_switcher(client: Any) -> None:
    html = client.get(f"/pl/{PROGRAM}/cel-2/").content.decode()
    slugs = {"pl": "cel-2", "en": "goal-2", "uk": "tsil-2"}  # each language's own slug
    for code in ("pl", "en", "uk", "x-default"):
        language = "pl" if code == "x-default" else code
        link = f'hreflang="{code}" href="http://localhost/{language}/{PROGRAM}/{slugs[language]}/">'
        assert link in html, code
    assert f'<a href="/en/{PROGRAM}/goal-2/" lang="en" hreflang="en">English</a>' in html
    assert 'aria-current="true">Polski</a>' in html


def test_units_news_events_and_contacts(client: Any, demo: None, make_user: Any) -> None:
    education = UnitPage.objects.get(unit__slug="wydzial-edukacji", locale__language_code="pl")
    html = client.get(education.url).content.decode()
    assert "Beata Kowalska" in html and "beata@example.org" in html  # she agreed to be public
    assert "Asystenci międzykulturowi" in html
    culture = UnitPage.objects.get(unit__slug="wydzial-kultury", locale__language_code="pl")
    public = client.get(culture.url).content.decode()
    assert "Hanna Mazur" not in public and "hanna@example.org" not in public  # no consent
    staff = make_user("staffer", "editors")
    client.force_login(staff)
    assert "hanna@example.org" in client.get(culture.url).content.decode()
    client.logout()
    events = client.get("/en/events/").content.decode()
    assert "Festival of Cultures" in events
    assert client.get("/uk/news/").status_code == 200
    assert Unit.objects.count() == 12
    assert Coordinator.objects.filter(valid_to__isnull=True).exists()


@pytest.mark.parametrize(
    ("code", "query", "expected"),
    [
        ("pl", "Centrum", "Centrum"),
        ("en", "Multicultural", "Multicultural"),
        ("uk", "Багатокультурного", "Багатокультурного"),
    ],
)
def test_search_in_every_language(client: Any, code: str, query: str, expected: str) -> None:
    call_command("update_index", verbosity=0, stdout=None)
    html = client.get(f"/{code}/search/", {"q": query}).content.decode()
    results = re.findall(r"<li><a href=\"(/[a-z]{2})/[^\"]*\">([^<]*)</a>", html)
    assert results
    assert all(prefix == f"/{code}" for prefix, _ in results)
    assert any(expected in title for _, title in results)


@pytest.mark.parametrize(
    ("code", "skip", "indicators"),
    [
        ("pl", "Przejdź do treści", "Cele i wskaźniki"),
        ("en", "Skip to content", "Goals and indicators"),
        ("uk", "Перейти до змісту", "Цілі та показники"),
    ],
)
def test_template_strings_are_translated(
    client: Any, code: str, skip: str, indicators: str
) -> None:
    html = client.get(f"/{code}/{PROGRAM}/").content.decode()
    assert skip in html
    assert indicators in html


def test_pages_read_the_programme_from_the_registry(client: Any) -> None:
    """Texts come from the registry in the page's language; the chart's ids from the
    goal's stable id, the same in every process."""
    program = registry().program(PROGRAM)
    goal = program.goals[0]
    task = goal.tasks[0]
    html = unescape(client.get(f"/uk/{PROGRAM}/tsil-1/").content.decode())
    assert goal.outcomes[0].title.get("uk") in html
    assert f'id="chart-{PROGRAM}-goal-1-t"' in html
    task_html = unescape(client.get(f"/en/{PROGRAM}/goal-1/task-1/").content.decode())
    assert task.measures[0].get("en") in task_html
    programme = unescape(client.get(f"/en/{PROGRAM}/").content.decode())
    assert program.main_goal.get("en") in programme
    assert f"{program.period.start}–{program.period.end}" in programme


def test_missing_texts_render_what_the_data_hold(client: Any, monkeypatch: Any) -> None:
    """No source: no "Source" row (never the word None); no worded target: its formula."""
    program = registry().program(PROGRAM)
    goal, indicator = program.indicators["info-point-beneficiaries"]
    unworded = indicator.target.model_copy(update={"label": None})
    monkeypatch.setitem(
        program.indicators,
        indicator.id,
        (goal, indicator.model_copy(update={"source": None, "target": unworded})),
    )
    with translation.override("pl"):
        assert target_text(unworded) == "≥4000 rocznie"
    html = unescape(client.get(f"/pl/{PROGRAM}/cel-1/wskaznik-1-1/").content.decode())
    assert "≥4000 rocznie" in html
    assert "None" not in html and "Źródło" not in html
