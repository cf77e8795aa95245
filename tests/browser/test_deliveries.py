"""A coordinator delivers the quarter's art. 19a information; SZ returns it from the inbox
with a comment, the coordinator submits it again, SZ acknowledges it and the duty shows met.

Real Chromium against the live test server, as test_editor_flow. Screenshots go to a
temporary folder, or to the one ``OKCORE_SCREENSHOTS`` names:
``OKCORE_SCREENSHOTS=docs/images`` refreshes the deliveries-*.png the guides show.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from clock import quarter_start
from dateutil.relativedelta import relativedelta
from factories import CoordinatorFactory, UnitFactory, UserFactory
from playwright.sync_api import sync_playwright

from browser import LAUNCH_ARGS, chromium, signed_in, submit
from cms.core.roles import ensure_groups
from cms.deliveries.models import Delivery, Status
from cms.network.access import provision_all

IMAGES = Path(os.environ.get("OKCORE_SCREENSHOTS") or tempfile.mkdtemp(prefix="okcore-screens-"))
NGO = "ngo-cooperation-coordinators"
QUARTER_END = quarter_start() + relativedelta(months=3, days=-1)
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def people() -> dict[str, Any]:
    admins, _ = ensure_groups()
    unit = UnitFactory(slug="wydzial-kultury", name="Wydział Kultury")
    coordinator = UserFactory(username="koordynator", password="haslo-koordynatora")
    CoordinatorFactory(
        unit=unit,
        network=NGO,
        user=coordinator,
        name="Anna Nowak",
        email="anna.nowak@um.krakow.pl",
        valid_from=date(2026, 2, 24),
    )
    sz = UserFactory(username="sz.admin", password="haslo-administratora")
    sz.groups.add(admins)
    provision_all()
    return {"unit": unit, "coordinator": coordinator, "sz": sz}


def test_deliver_return_submit_again_acknowledge(live_server: Any, people: dict[str, Any]) -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    duties = f"{base}/admin/deliveries/unit/wydzial-kultury/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=LAUNCH_ARGS)
        coordinator = signed_in(browser, base, people["coordinator"])

        # 1. From the unit's duties, the Deliver form of this quarter's art. 19a information.
        coordinator.goto(duties)
        row = coordinator.locator("tr", has_text="art. 19a").filter(
            has_text=QUARTER_END.isoformat()
        )
        with coordinator.expect_navigation():
            row.locator("a", has_text="Przekaż").click()
        coordinator.fill("#id_planned", "10000")
        coordinator.fill("#id_committed", "2500.50")
        coordinator.fill("#id_remaining", "7499.50")
        coordinator.screenshot(path=str(IMAGES / "deliveries-form.png"), full_page=True)
        submit(coordinator, 'button[value="submit"]')
        delivery = Delivery.objects.get()
        assert (delivery.status, delivery.due) == (Status.SUBMITTED, QUARTER_END)
        assert delivery.data == {
            "planned": "10000.00",
            "committed": "2500.50",
            "remaining": "7499.50",
        }

        # 2. SZ finds it in the inbox on top of the dashboard, reads it in the row and
        #    returns it with a comment, in one step.
        sz = signed_in(browser, base, people["sz"])
        sz.goto(f"{base}/admin/inbox/")
        row = sz.locator(f'tr.okcore-inbox-row[data-kind="delivery"][data-pk="{delivery.pk}"]')
        row.locator("summary").click()
        assert "2500.50" in row.inner_text()
        row.locator("textarea[name=comment]").fill(
            "Kwota pozostała nie zgadza się z planem; proszę poprawić."
        )
        sz.screenshot(path=str(IMAGES / "inbox.png"), full_page=True)
        with sz.expect_navigation():
            row.locator('button[value="return"]').click()
        assert sz.url.startswith(f"{base}/admin/inbox/")
        delivery.refresh_from_db()
        assert delivery.status == Status.RETURNED

        # 3. The coordinator sees the comment above the form and submits again.
        coordinator.goto(f"{base}/admin/deliveries/{delivery.pk}/")
        assert coordinator.locator(".okcore-returned").is_visible()
        assert "proszę poprawić" in coordinator.locator(".okcore-returned").inner_text()
        coordinator.fill("#id_remaining", "7499.50")
        coordinator.screenshot(path=str(IMAGES / "deliveries-returned.png"), full_page=True)
        submit(coordinator, 'button[value="submit"]')
        delivery.refresh_from_db()
        assert delivery.status == Status.SUBMITTED

        # 4. SZ reads the whole submission and acknowledges it; the duty shows met.
        sz.goto(f"{base}/admin/deliveries/{delivery.pk}/review/?next={duties}")
        assert "7499.50" in sz.content() and "351/2026 §3 pt 5" in sz.content()
        sz.screenshot(path=str(IMAGES / "deliveries-review.png"), full_page=True)
        submit(sz, 'button[value="acknowledge"]')
        assert sz.url == duties
        delivery.refresh_from_db()
        assert delivery.status == Status.ACKNOWLEDGED
        sz.screenshot(path=str(IMAGES / "deliveries-duties.png"), full_page=True)
        row = sz.locator("tr", has=sz.locator(f'a[href="/admin/deliveries/{delivery.pk}/"]'))
        assert row.locator("td.okcore-deadline-met").count() == 1
        browser.close()
