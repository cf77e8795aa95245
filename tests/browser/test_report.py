"""SZ makes the year's report: generates the draft in Reports, writes the summary in
Wagtail's editor, approves it (its files are made) and publishes it on the portal
(Program §6 ust. 8).

Real Chromium against the live test server, as test_deliveries. Screenshots go to a
temporary folder, or to the one ``OKCORE_SCREENSHOTS`` names:
``OKCORE_SCREENSHOTS=docs/images`` refreshes the report-*.png the SZ guide shows.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from factories import UserFactory
from playwright.sync_api import sync_playwright
from wagtail.models import Site

from browser import LAUNCH_ARGS, chromium, signed_in, submit
from cms.core.models import CitySettings
from cms.core.roles import ensure_groups
from cms.reports import services
from cms.reports.convert import page_report
from cms.reports.models import ReportPage
from okcore.report.model import Heading

IMAGES = Path(os.environ.get("OKCORE_SCREENSHOTS") or tempfile.mkdtemp(prefix="okcore-screens-"))
PROGRAM = "open-krakow-2024-2028"
#: A past year of the programme, whatever day the clock is on.
YEAR = 2025
SUMMARY = "W roku 2025 Program realizowano zgodnie z planem; szczegóły w częściach poniżej."
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def summary_field(page: ReportPage) -> str:
    """The name of the summary's first paragraph in the editor's form (body-N-value)."""
    blocks = page_report(page.get_latest_revision_as_object()).blocks
    heading = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.key == "summary")
    return f"body-{heading + 1}-value"


def test_generate_edit_approve_publish(live_server: Any) -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    call_command("okcore_sync", PROGRAM, verbosity=0)  # the programme's pages, the report's parent
    site = Site.objects.get(is_default_site=True)
    CitySettings.objects.update_or_create(site=site, defaults={"city": {"pl": "Kraków"}})
    admins, _ = ensure_groups()
    user = UserFactory(username="sz.admin", password="haslo-administratora")
    user.groups.add(admins)
    base = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=LAUNCH_ARGS)
        sz = signed_in(browser, base, user)

        # 1. Reports: the year's row has no draft; Generate makes one from the data.
        sz.goto(f"{base}/admin/reports/")
        row = sz.locator(f'tr[data-program="{PROGRAM}"][data-year="{YEAR}"]')
        sz.screenshot(path=str(IMAGES / "report-list.png"), full_page=True)
        with sz.expect_navigation():
            row.locator('form[action$="/generate/"] button').click()
        page = ReportPage.objects.get(program=PROGRAM, year=YEAR)
        assert services.state(PROGRAM, YEAR) is services.State.DRAFT

        # 2. Wagtail's editor: SZ writes the summary and saves the draft.
        with sz.expect_navigation():
            row.locator('a[href*="/edit/"]').click()
        field = sz.locator(f'textarea[name="{summary_field(page)}"]')
        field.scroll_into_view_if_needed()
        field.fill(SUMMARY)
        sz.screenshot(path=str(IMAGES / "report-edit.png"))
        submit(sz, 'button[name="action-save"], button.action-save')
        page.refresh_from_db()
        assert SUMMARY in page_report(page.get_latest_revision_as_object()).model_dump_json()

        # 3. Approve: the snapshot and its files.
        sz.goto(f"{base}/admin/reports/")
        submit(
            sz, f'tr[data-year="{YEAR}"][data-program="{PROGRAM}"] form[action$="/approve/"] button'
        )
        assert services.state(PROGRAM, YEAR) is services.State.APPROVED
        sz.screenshot(path=str(IMAGES / "report-approved.png"), full_page=True)

        # 4. Publish; the portal shows the report with its files.
        submit(
            sz, f'tr[data-year="{YEAR}"][data-program="{PROGRAM}"] form[action$="/publish/"] button'
        )
        assert services.state(PROGRAM, YEAR) is services.State.PUBLISHED
        page.refresh_from_db()
        visitor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        visitor.goto(f"{base}{page.url}")
        assert SUMMARY in visitor.content()
        assert visitor.locator(".report-files a").count() == page.files.count()
        visitor.screenshot(path=str(IMAGES / "report-page.png"))
        browser.close()
