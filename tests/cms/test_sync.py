"""okcore_sync: the page tree of a programme in every language, idempotent, editor-safe."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import PageLogEntry

from cms.core.cache import generation
from cms.core.registry import registry
from cms.programmes.models import GoalPage, IndicatorPage, ProgrammePage, TaskPage
from cms.programmes.sync import sync_program
from okcore.registry import PluginProblem
from okcore.text import LocalizedText

pytestmark = pytest.mark.django_db
PROGRAM_ID = "open-krakow-2024-2028"


def test_tree_in_every_language() -> None:
    program = registry().program(PROGRAM_ID)
    for code in ("pl", "en", "uk"):
        assert (
            ProgrammePage.objects.filter(
                okcore_id=PROGRAM_ID, locale__language_code=code, live=True
            ).count()
            == 1
        )
        assert GoalPage.objects.filter(locale__language_code=code, live=True).count() == len(
            program.goals
        )
        assert TaskPage.objects.filter(locale__language_code=code).count() == 25
        assert IndicatorPage.objects.filter(locale__language_code=code).count() == 10
    en = ProgrammePage.objects.get(okcore_id=PROGRAM_ID, locale__language_code="en")
    uk = ProgrammePage.objects.get(okcore_id=PROGRAM_ID, locale__language_code="uk")
    pl = ProgrammePage.objects.get(okcore_id=PROGRAM_ID, locale__language_code="pl")
    assert en.title == "The “Open Kraków” Programme 2024–2028"
    assert uk.title.startswith("Програма «Відкритий Краків»")
    assert en.translation_key == pl.translation_key == uk.translation_key
    goal = GoalPage.objects.get(okcore_id=f"{PROGRAM_ID}/goal-1", locale__language_code="uk")
    assert goal.title.startswith("1. Підвищення якості")


def test_second_run_changes_nothing() -> None:
    before = PageLogEntry.objects.count()
    report = sync_program(registry().program(PROGRAM_ID))
    assert report.created == [] and report.updated == [] and report.unpublished == []
    assert len(report.unchanged) == 3 * (1 + 6 + 25 + 10)
    assert PageLogEntry.objects.count() == before


def test_editor_text_survives_a_data_change_and_removed_items_are_unpublished() -> None:
    program = registry().program(PROGRAM_ID)
    task_page = TaskPage.objects.get(
        okcore_id=f"{PROGRAM_ID}/goal-1/task-1", locale__language_code="en"
    )
    task_page.body = "<p>Written by an editor.</p>"
    task_page.save_revision().publish()

    goal = program.goals[0]
    new_title = LocalizedText({"pl": "Nowa nazwa", "en": "New name"})
    renamed_task = goal.tasks[0].model_copy(update={"title": new_title})
    changed_goal = goal.model_copy(
        update={"tasks": [renamed_task, *goal.tasks[1:5]]}
    )  # task 6 removed
    changed = program.model_copy(update={"goals": [changed_goal, *program.goals[1:]]})
    report = sync_program(changed)

    task_page.refresh_from_db()
    assert task_page.title == "1.1 New name"
    assert task_page.body == "<p>Written by an editor.</p>"
    removed = TaskPage.objects.filter(okcore_id=f"{PROGRAM_ID}/goal-1/task-6")
    assert removed.count() == 3  # kept in every language, not deleted
    assert all(not page.live and page.okcore_removed for page in removed)
    assert len(report.unpublished) == 3
    assert PageLogEntry.objects.filter(page__in=removed, action="wagtail.unpublish").count() == 3

    # Back to the file's content: the task returns, published again.
    sync_program(program)
    assert all(
        page.live for page in TaskPage.objects.filter(okcore_id=f"{PROGRAM_ID}/goal-1/task-6")
    )


def test_unknown_programme_is_refused() -> None:
    with pytest.raises(CommandError, match="unknown programme warszawa"):
        call_command("okcore_sync", "warszawa")


def test_command_reports(capsys: Any) -> None:
    call_command("okcore_sync", PROGRAM_ID)
    assert "0 created, 0 updated, 126 unchanged, 0 unpublished" in capsys.readouterr().out


def test_sync_keeps_an_editors_draft_in_moderation(make_user: Any) -> None:
    """A sync must not publish over a draft, nor cancel the moderation it is in."""
    editor = make_user("redaktor", "editors")
    moderator = make_user("sz", "admins")
    page = TaskPage.objects.get(okcore_id=f"{PROGRAM_ID}/goal-1/task-1", locale__language_code="en")
    live_body = page.body
    page.body = "<p>Awaiting approval.</p>"
    page.save_revision(user=editor, log_action=True)
    page.get_workflow().start(page, editor)

    program = registry().program(PROGRAM_ID)
    goal = program.goals[0]
    renamed = goal.tasks[0].model_copy(
        update={"title": LocalizedText({"pl": "Nowa nazwa", "en": "New name"})}
    )
    changed_goal = goal.model_copy(update={"tasks": [renamed, *goal.tasks[1:]]})
    report = sync_program(program.model_copy(update={"goals": [changed_goal, *program.goals[1:]]}))
    assert f"en:{PROGRAM_ID}/goal-1/task-1" in report.updated

    page = TaskPage.objects.get(pk=page.pk)
    assert page.live and page.title == "1.1 New name"  # the live page has the new data
    assert page.body == live_body
    assert page.has_unpublished_changes
    draft = page.get_latest_revision_as_object()
    assert draft.body == "<p>Awaiting approval.</p>"  # the editor's draft survives...
    assert draft.title == "1.1 New name"
    state = page.current_workflow_state
    assert state is not None and state.status == state.STATUS_IN_PROGRESS  # ...in moderation

    # Approval publishes the editor's text with the new data.
    state.current_task_state.specific.approve(user=moderator)
    page = TaskPage.objects.get(pk=page.pk)
    assert page.body == "<p>Awaiting approval.</p>" and page.title == "1.1 New name"
    assert not page.has_unpublished_changes


def test_a_programme_no_longer_installed_is_unpublished_not_deleted(
    monkeypatch: Any, capsys: Any
) -> None:
    programme = ProgrammePage.objects.get(okcore_id=PROGRAM_ID, locale__language_code="pl")
    assert programme.live
    monkeypatch.delitem(registry().programs, PROGRAM_ID)
    call_command("okcore_sync")
    out = capsys.readouterr().out
    assert "no longer installed: 0 created, 0 updated, 0 unchanged, 126 unpublished" in out
    pages = [ProgrammePage, GoalPage, TaskPage, IndicatorPage]
    below = [m.objects.filter(okcore_id__startswith=PROGRAM_ID) for m in pages]
    assert all(p.okcore_removed and not p.live for q in below for p in q)
    assert sum(q.count() for q in below) == 126  # kept, in every language
    call_command("okcore_sync")
    assert "no longer installed" not in capsys.readouterr().out


def test_a_broken_plugin_does_not_unpublish_its_programme(monkeypatch: Any, capsys: Any) -> None:
    monkeypatch.delitem(registry().programs, PROGRAM_ID)
    monkeypatch.setattr(registry(), "problems", [PluginProblem("open_krakow", "bad file")])
    call_command("okcore_sync")
    assert "pages of programmes not loaded are left as they are" in capsys.readouterr().err
    assert ProgrammePage.objects.get(okcore_id=PROGRAM_ID, locale__language_code="pl").live


def test_sync_drops_the_cached_pages() -> None:
    """Pages read programme data from the registry: new data must not meet old copies."""
    before = generation()
    call_command("okcore_sync", PROGRAM_ID)
    assert generation() != before


def test_an_unknown_plugin_name_is_a_clear_error(monkeypatch: Any) -> None:
    monkeypatch.setenv("OKCORE_PLUGINS", "open_krakow, lubin")
    registry.cache_clear()
    try:
        with pytest.raises(CommandError, match="plugin 'lubin': not installed"):
            call_command("okcore_sync")
    finally:
        monkeypatch.delenv("OKCORE_PLUGINS")
        registry.cache_clear()
