"""Synced pages' slugs in each language, and the former (English) addresses redirecting."""

from __future__ import annotations

from typing import Any

import pytest
from wagtail.contrib.redirects.models import Redirect

from cms.core.registry import registry
from cms.programmes.models import GoalPage, IndicatorPage, ProgrammePage, TaskPage
from cms.programmes.sync import sync_program

pytestmark = pytest.mark.django_db
PROGRAM = "open-krakow-2024-2028"
EXPECTED = {
    "pl": ("cel-1", "zadanie-3", "wskaznik-1-1"),
    "en": ("goal-1", "task-3", "indicator-1-1"),
    "uk": ("tsil-1", "zavdannia-3", "pokaznyk-1-1"),
}


def _pages(code: str) -> tuple[Any, Any, Any, Any]:
    return (
        ProgrammePage.objects.get(okcore_id=PROGRAM, locale__language_code=code),
        GoalPage.objects.get(okcore_id=f"{PROGRAM}/goal-1", locale__language_code=code),
        TaskPage.objects.get(okcore_id=f"{PROGRAM}/goal-1/task-3", locale__language_code=code),
        IndicatorPage.objects.get(
            okcore_id=f"{PROGRAM}/indicator/info-point-beneficiaries", locale__language_code=code
        ),
    )


@pytest.mark.parametrize("code", ["pl", "en", "uk"])
def test_slugs_are_in_the_pages_language(client: Any, code: str) -> None:
    programme, goal, task, indicator = _pages(code)
    goal_slug, task_slug, indicator_slug = EXPECTED[code]
    assert programme.slug == PROGRAM  # the programme keeps its id
    assert (goal.slug, task.slug, indicator.slug) == (goal_slug, task_slug, indicator_slug)
    assert task.url == f"/{code}/{PROGRAM}/{goal_slug}/{task_slug}/"
    assert client.get(task.url).status_code == 200
    assert client.get(indicator.url).status_code == 200


@pytest.mark.parametrize("code", ["pl", "uk"])
def test_former_addresses_redirect_permanently(client: Any, code: str) -> None:
    _programme, goal, task, indicator = _pages(code)
    for old, page in (
        (f"/{code}/{PROGRAM}/goal-1/", goal),
        (f"/{code}/{PROGRAM}/goal-1/task-3/", task),
        (f"/{code}/{PROGRAM}/goal-1/indicator-info-point-beneficiaries/", indicator),
    ):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == page.url


def test_english_former_indicator_address_redirects(client: Any) -> None:
    """English goal and task slugs did not change; its indicators' did (id → number)."""
    indicator = _pages("en")[3]
    response = client.get(f"/en/{PROGRAM}/goal-1/indicator-info-point-beneficiaries/")
    assert response.status_code == 301 and response["Location"] == indicator.url
    assert not Redirect.objects.filter(old_path=f"/en/{PROGRAM}/goal-1").exists()


def test_a_second_sync_adds_no_redirect_and_changes_nothing() -> None:
    before = set(Redirect.objects.values_list("old_path", "redirect_page_id", "is_permanent"))
    assert before
    report = sync_program(registry().program(PROGRAM))
    assert report.created == [] and report.updated == []
    after = set(Redirect.objects.values_list("old_path", "redirect_page_id", "is_permanent"))
    assert after == before


def test_an_installation_with_former_slugs_gets_the_new_ones(client: Any) -> None:
    """Pages synced before slugs were translated get them on the next sync; old links work."""
    goal = GoalPage.objects.get(okcore_id=f"{PROGRAM}/goal-2", locale__language_code="uk")
    goal.slug = "goal-2"
    goal.save_revision().publish()
    Redirect.objects.all().delete()
    task = TaskPage.objects.get(okcore_id=f"{PROGRAM}/goal-2/task-1", locale__language_code="uk")
    assert task.url == f"/uk/{PROGRAM}/goal-2/zavdannia-1/"

    report = sync_program(registry().program(PROGRAM))

    assert f"uk:{PROGRAM}/goal-2" in report.updated
    goal.refresh_from_db()
    task.refresh_from_db()
    assert goal.slug == "tsil-2" and task.url == f"/uk/{PROGRAM}/tsil-2/zavdannia-1/"
    response = client.get(f"/uk/{PROGRAM}/goal-2/task-1/")
    assert response.status_code == 301 and response["Location"] == task.url
    assert client.get(f"/uk/{PROGRAM}/goal-2/")["Location"] == goal.url
