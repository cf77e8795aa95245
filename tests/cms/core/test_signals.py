"""Which page saves empty the cached copies: whatever changes what is live, never a draft."""

from __future__ import annotations

from typing import Any

import pytest

from cms.core.cache import generation
from cms.core.registry import registry
from cms.programmes.models import TaskPage
from cms.programmes.sync import sync_program
from okcore.text import LocalizedText

pytestmark = pytest.mark.django_db
PROGRAM_ID = "open-krakow-2024-2028"


def _task(code: str = "en") -> TaskPage:
    found: TaskPage = TaskPage.objects.get(
        okcore_id=f"{PROGRAM_ID}/goal-1/task-1", locale__language_code=code
    )
    return found


def test_a_sync_under_an_editors_draft_changes_the_cached_live_page(client: Any) -> None:
    """okcore_sync writes the new title onto the live page while a draft is pending (a
    save with update_fields of a page with unpublished changes): visitors must see it."""
    for code in ("pl", "en", "uk"):  # none of the three is published by the sync
        draft = _task(code)
        draft.body = "<p>An editor's draft.</p>"
        draft.save_revision()
    url = _task().url
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"

    program = registry().program(PROGRAM_ID)
    goal = program.goals[0]
    renamed = goal.tasks[0].model_copy(
        update={"title": LocalizedText({"pl": "Nowa nazwa", "en": "New name"})}
    )
    changed_goal = goal.model_copy(update={"tasks": [renamed, *goal.tasks[1:]]})
    sync_program(program.model_copy(update={"goals": [changed_goal, *program.goals[1:]]}))

    assert _task().has_unpublished_changes
    fresh = client.get(url)
    assert fresh["X-Cache"] == "miss"
    assert b"New name" in fresh.content


def test_a_save_taking_a_live_page_off_the_site_empties_the_copies() -> None:
    """Converting a translation to an alias (wagtail-localize) saves live=False and sends
    no unpublish signal."""
    page = _task()
    before = generation()
    page.live = False
    page.save()
    assert generation() != before
    before = generation()
    page.title = "Still not live"
    page.save()  # not live before, not live after
    assert generation() == before


def test_drafts_revisions_and_locks_keep_the_copies(make_user: Any) -> None:
    page = _task()
    before = generation()
    page.title = "A draft title"
    page.save_revision()
    page.locked, page.locked_by = True, make_user("redaktor", "editors")
    page.save(update_fields=["locked", "locked_at", "locked_by"])
    assert generation() == before
