"""A coordinator publishes in their section and proposes in another unit's; SZ approves.

Real Chromium (Debian's package) driven by Playwright against the live test server.
Screenshots go to a temporary folder, or to the folder ``OKCORE_SCREENSHOTS`` names:
``OKCORE_SCREENSHOTS=docs/images`` refreshes the ones the editor's guide shows
(docs/testing.md), so an ordinary test run leaves the work tree as it was.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from factories import CoordinatorFactory, UnitFactory, UserFactory
from playwright.sync_api import Page as BrowserPage
from playwright.sync_api import sync_playwright
from wagtail.models import Page, PageLogEntry, WorkflowState

from browser import LAUNCH_ARGS, chromium
from cms.core.roles import ensure_groups
from cms.core.site import ensure_child, ensure_home, publish
from cms.network.access import provision_all
from cms.network.models import UnitIndexPage, UnitPage
from cms.news.models import NewsIndexPage, NewsPage

IMAGES = Path(os.environ.get("OKCORE_SCREENSHOTS") or tempfile.mkdtemp(prefix="okcore-screens-"))
WARSAW = ZoneInfo("Europe/Warsaw")
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site() -> dict[str, Any]:
    admins, _ = ensure_groups()
    homes = ensure_home()
    ensure_child(homes["pl"], NewsIndexPage, "Aktualności", "news")
    units_index = ensure_child(homes["pl"], UnitIndexPage, "Jednostki", "units")
    pages = {}
    for slug, name in (
        ("wydzial-edukacji", "Wydział Edukacji"),
        ("wydzial-kultury", "Wydział Kultury"),
    ):
        unit = UnitFactory(slug=slug, name=name)
        section = UnitPage(title=name, slug=slug, unit=unit, locale=units_index.locale)
        units_index.add_child(instance=section)
        publish(section)
        news = NewsPage(
            title=f"Aktualność: {name}",
            date=date(2026, 11, 2),
            intro="Zapowiedź",
            body="<p>Treść</p>",
        )
        section.add_child(instance=news)
        publish(news)
        pages[slug] = news
    coordinator = UserFactory(username="koordynator", password="haslo-koordynatora")
    CoordinatorFactory(
        unit=pages["wydzial-edukacji"].unit, user=coordinator, valid_from=date(2023, 11, 27)
    )
    admin = UserFactory(username="sz.admin", password="haslo-administratora")
    admin.groups.add(admins)
    provision_all()
    return {"own": pages["wydzial-edukacji"], "other": pages["wydzial-kultury"]}


def log_in(page: BrowserPage, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', password)
    page.press('input[name="password"]', "Enter")
    page.wait_for_url(f"{base}/admin/")


def click_action(page: BrowserPage, selector: str) -> None:
    """Footer actions sit in a dropdown; click the real button as the menu would."""
    with page.expect_navigation():
        page.eval_on_selector(selector, "button => button.click()")


def test_publish_own_propose_elsewhere_approve_and_schedule(
    live_server: Any, site: dict[str, Any]
) -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    requested = (datetime.now(WARSAW) + timedelta(days=2)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=LAUNCH_ARGS)
        coordinator = browser.new_page(viewport={"width": 1280, "height": 900}, locale="pl-PL")
        log_in(coordinator, base, "koordynator", "haslo-koordynatora")
        coordinator.screenshot(path=str(IMAGES / "01-due-panel.png"))

        # 1. Own section: edit and publish.
        own = site["own"]
        coordinator.goto(f"{base}/admin/pages/{own.pk}/edit/")
        coordinator.fill("#id_title", "Aktualność: Wydział Edukacji – nowe zajęcia")
        coordinator.screenshot(path=str(IMAGES / "02-own-section-publish.png"))
        assert coordinator.locator('button[name="action-publish"]').count() == 1
        click_action(coordinator, 'button[name="action-publish"]')
        own_now = Page.objects.get(pk=own.pk)
        assert own_now.live and own_now.title == "Aktualność: Wydział Edukacji – nowe zajęcia"
        assert not own_now.has_unpublished_changes

        # 2. Another unit's section: no Publish; submit for moderation with a requested date.
        other = site["other"]
        coordinator.goto(f"{base}/admin/pages/{other.pk}/edit/")
        assert coordinator.locator('button[name="action-publish"]').count() == 0
        assert coordinator.locator('button[name="action-submit"]').count() == 1
        coordinator.fill("#id_title", "Wspólne warsztaty edukacji i kultury")
        coordinator.eval_on_selector(
            "#id_go_live_at",
            "(input, value) => { input.value = value; }",
            requested.strftime("%Y-%m-%d %H:%M"),
        )
        coordinator.screenshot(path=str(IMAGES / "03-other-section-submit.png"))
        click_action(coordinator, 'button[name="action-submit"]')
        state = WorkflowState.objects.get(object_id=str(other.pk), status="in_progress")
        revision = state.current_task_state.revision
        assert revision.content["title"] == "Wspólne warsztaty edukacji i kultury"
        assert Page.objects.get(pk=other.pk).title == "Aktualność: Wydział Kultury"  # not live yet

        # 3. The portal administrator approves.
        admin = browser.new_page(viewport={"width": 1280, "height": 900}, locale="pl-PL")
        log_in(admin, base, "sz.admin", "haslo-administratora")
        admin.screenshot(path=str(IMAGES / "04-admin-awaiting-review.png"))
        admin.goto(f"{base}/admin/pages/{other.pk}/edit/")
        admin.screenshot(path=str(IMAGES / "05-admin-approve.png"))
        click_action(
            admin,
            'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])',
        )
        state.refresh_from_db()
        assert state.status == "approved"
        scheduled = Page.objects.get(pk=other.pk)
        assert scheduled.title == "Aktualność: Wydział Kultury"  # still the old text: scheduled
        assert scheduled.specific.latest_revision.approved_go_live_at == requested
        browser.close()

    # 4. On the agreed date the page goes live (scheduled publishing).
    with time_machine.travel(requested + timedelta(minutes=5), tick=False):
        call_command("publish_scheduled", verbosity=0)
    live = Page.objects.get(pk=other.pk)
    assert live.live and live.title == "Wspólne warsztaty edukacji i kultury"
    # Who did what, and when, is in Wagtail's audit log.
    actions = set(
        PageLogEntry.objects.filter(page_id__in=[own.pk, other.pk]).values_list(
            "action", "user__username"
        )
    )
    assert ("wagtail.publish", "koordynator") in actions
    assert ("wagtail.workflow.start", "koordynator") in actions
    assert ("wagtail.workflow.approve", "sz.admin") in actions
    assert any(action == "wagtail.publish.scheduled" for action, _ in actions)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=LAUNCH_ARGS)
        public = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
        public.goto(f"{base}{live.url}")
        assert "Wspólne warsztaty edukacji i kultury" in public.content()
        public.screenshot(path=str(IMAGES / "06-published-on-the-agreed-date.png"), full_page=True)
        browser.close()
