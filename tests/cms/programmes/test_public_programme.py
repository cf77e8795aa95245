"""The programme's public pages (issue 18): in the menu, the task's deadline as a date in
the reader's language with its implementers linked to their units' pages, the indicator's
status in each year, and fixed words (risk levels and responses, compound values' parts,
the unit of measure) in the page's language."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any

import pytest
from clock import YEAR
from django.utils import formats, translation
from django.utils.translation import gettext, pgettext

from cms.core.registry import registry
from cms.indicators.models import Measurement, Status
from cms.network.models import UnitPage
from cms.programmes.models import GoalPage, IndicatorPage, ProgrammePage, TaskPage
from cms.programmes.presenters import parts_text
from okcore.program import RiskLevel, RiskResponse

pytestmark = pytest.mark.django_db
PROGRAM = "open-krakow-2024-2028"
LANGUAGES = ("pl", "en", "uk")


def _page(model: Any, okcore_id: str, code: str) -> Any:
    return model.objects.get(okcore_id=okcore_id, locale__language_code=code)


def _indicator(name: str, code: str) -> IndicatorPage:
    page: IndicatorPage = IndicatorPage.objects.get(
        okcore_id__endswith=f"/{name}", locale__language_code=code
    )
    return page


def _html(client: Any, page: Any) -> str:
    return unescape(client.get(page.url).content.decode())


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_programme_is_in_the_main_menu_in_every_language(client: Any, code: str) -> None:
    programme = _page(ProgrammePage, PROGRAM, code)
    html = client.get(f"/{code}/").content.decode()
    menu = re.search(r'<ul class="menu">(.*?)</ul>', html, re.S)
    assert menu is not None
    assert f'<a href="{programme.url}">' in menu.group(1)


@pytest.mark.parametrize(
    ("code", "written"),
    [("pl", "31 grudnia 2028"), ("en", "31 December 2028"), ("uk", "31 грудня 2028")],
)
def test_a_task_deadline_is_a_date_in_the_page_language(
    client: Any, code: str, written: str
) -> None:
    task = _page(TaskPage, f"{PROGRAM}/goal-5/task-2", code)
    html = _html(client, task)
    assert f'<time datetime="2028-12-31">{written}</time>' in html
    assert "2028-12-31<" not in html


def test_ukrainian_days_are_not_zero_padded() -> None:
    with translation.override("uk"):
        assert formats.date_format(date(2026, 12, 7)) == "7 грудня 2026"
        assert formats.date_format(date(2026, 12, 7), "MONTH_DAY_FORMAT") == "7 грудня"
    with translation.override("pl"):
        assert formats.date_format(date(2026, 12, 7)) == "7 grudnia 2026"


def test_implementers_link_to_their_units_pages_in_the_same_language(
    client: Any, site: dict[str, Any]
) -> None:
    for code in LANGUAGES:
        task = _page(TaskPage, f"{PROGRAM}/goal-5/task-3", code)
        html = _html(client, task)
        with translation.override(code):
            heading = gettext("Implementers")
        implementers = re.search(rf"<dt>{heading}</dt><dd><ul>(.*?)</ul></dd>", html, re.S)
        assert implementers is not None
        for slug in ("wydzial-edukacji", "wydzial-kultury"):
            unit_page = UnitPage.objects.get(unit__slug=slug, locale__language_code=code)
            assert f'<a href="{unit_page.url}">' in html, (code, slug)
        # A party without a unit ("placówki szkolne") and one whose unit has no page here
        # (the coordinator, "sz") stay text.
        links = re.findall(r'<li><a href="([^"]+)">', implementers.group(0))
        assert len(links) == 2, (code, links)


def test_indicator_page_shows_its_status_in_each_year(client: Any) -> None:
    key = f"{PROGRAM}/indicator/info-point-beneficiaries"
    Measurement.objects.create(indicator=key, period=2025, value=4312, status=Status.APPROVED)
    Measurement.objects.create(indicator=key, period=2024, value=3100, status=Status.APPROVED)
    page = IndicatorPage.objects.get(
        okcore_id__endswith="info-point-beneficiaries", locale__language_code="en"
    )
    with translation.override("en"):
        html = _html(client, page)
        section = re.search(r'<section aria-labelledby="status-h">(.*?)</section>', html, re.S)
        assert section is not None
        rows = re.findall(r'<tr><th scope="row">(\d{4})</th>(.*?)</tr>', section.group(1), re.S)
        years = [int(year) for year, _cells in rows]
        assert years == list(range(2024, min(2028, YEAR) + 1))
        by_year = dict(rows)
        assert "4312" in by_year["2025"] and gettext("met") in by_year["2025"]
        assert "3100" in by_year["2024"] and gettext("not met") in by_year["2024"]
        if YEAR >= 2026:
            assert gettext("no data") in by_year["2026"]


def test_compound_values_name_their_parts_in_the_page_language(client: Any) -> None:
    key = f"{PROGRAM}/indicator/consultation-meetings"
    Measurement.objects.create(
        indicator=key,
        period=2025,
        components={"meetings": 1, "participants": 22},
        status=Status.APPROVED,
    )
    program = registry().programs[PROGRAM]
    target = program.indicators["consultation-meetings"][1].target
    for code, expected in (
        ("pl", "spotkania: 1; osoby/ngo: 22"),
        ("en", "meetings: 1; people/NGOs: 22"),
        ("uk", "зустрічі: 1; осіб/НУО: 22"),
    ):
        with translation.override(code):
            assert parts_text(target, {"meetings": 1.0, "participants": 22.0}) == expected
        page = _indicator("consultation-meetings", code)
        html = _html(client, page)
        assert expected in html, code
        assert "meetings: 1 participants" not in html
        programme = _html(client, _page(ProgrammePage, PROGRAM, code))
        assert expected in programme, code


@pytest.mark.parametrize("code", LANGUAGES)
def test_risk_levels_and_responses_are_said_in_the_page_language(
    client: Any, code: str, monkeypatch: Any
) -> None:
    """Every level and response on the page goes through the catalogue in the page's
    language: a marked catalogue word shows, the enum's value never does."""
    seen: list[str | None] = []

    def marked(context: str, word: str) -> str:
        seen.append(translation.get_language())
        return f"«{context}:{word}»"

    monkeypatch.setattr("cms.risks.labels.pgettext", marked)
    html = _html(client, _page(ProgrammePage, PROGRAM, code))
    program = registry().programs[PROGRAM]
    matrix = re.search(r'<table class="matrix">(.*?)</table>', html, re.S)
    assert matrix is not None
    for level in RiskLevel:
        assert f"<span>«risk level:{level.value}»</span>" in matrix.group(1)
        assert f"<span>{level.value}</span>" not in html
    for risk in program.risks:
        assert f"<td>«risk response:{risk.response.value}»" in html
    assert not any(f"<td>{response.value}" in html for response in RiskResponse)
    assert set(seen) == {code}


def test_risk_words_have_polish_and_ukrainian_translations() -> None:
    """The words are the programme's own scale (chapter IX; the lead compiles the catalogues)."""
    with translation.override("pl"):
        assert pgettext("risk level", "low") == "niskie"
        assert pgettext("risk response", "counteract") == "przeciwdziałanie"
        assert pgettext("risk level", "critical") == "krytyczne"
    with translation.override("uk"):
        assert pgettext("risk level", "low") == "низький"
        assert pgettext("risk response", "counteract") == "протидія"


def test_unit_of_measure_is_not_the_organisational_unit(client: Any) -> None:
    page = IndicatorPage.objects.get(
        okcore_id__endswith="info-point-beneficiaries", locale__language_code="uk"
    )
    html = _html(client, page)
    with translation.override("uk"):
        measure = pgettext("unit of measure", "Unit")
        organisational = gettext("Unit")
    assert f"<dt>{measure}</dt>" in html
    if measure != "Unit":  # once the catalogue has it: "Одиниця виміру", not "Підрозділ"
        assert measure != organisational


@pytest.mark.parametrize("code", LANGUAGES)
def test_chart_tooltips_are_in_the_page_language(client: Any, code: str) -> None:
    goal = _page(GoalPage, f"{PROGRAM}/goal-1", code)
    html = _html(client, goal)
    with translation.override(code):
        words = {gettext("target"), gettext("baseline"), gettext("latest value")}
        target = gettext("target")
    tooltips = re.findall(r"<title>([^<:]+):", html)
    assert tooltips and set(tooltips) <= words
    assert f"<title>{target}:" in html
    if code != "en":
        assert "<title>target:" not in html
