"""SZ's inbox: every submission of SZ's city in one queue, oldest first, filterable, and
decided in one step from the row."""

from __future__ import annotations

import re
from typing import Any

import pytest
from dashboard_world import FUNDS, NGO, World
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from factories import MeasurementFactory

from cms.core.registry import registry, text
from cms.core.values import number
from cms.dashboard.inbox import inbox
from cms.deliveries.models import Status as DeliveryStatus
from cms.deliveries.services import duty_fields
from cms.indicators.models import Status as MeasurementStatus

pytestmark = pytest.mark.django_db
OPEN_KRAKOW = "open-krakow-coordinators"


def rows(html: str) -> list[tuple[str, int]]:
    """The inbox's rows as (kind, pk), in the order shown."""
    found = re.findall(r'class="okcore-inbox-row" data-kind="(\w+)" data-pk="(\d+)"', html)
    return [(kind, int(pk)) for kind, pk in found]


def test_inbox_lists_submissions_oldest_first_without_another_citys(
    client: Any, world: World
) -> None:
    client.force_login(world.sz)
    response = client.get("/admin/inbox/")
    assert response.status_code == 200
    assert rows(response.content.decode()) == [
        ("delivery", world.older.pk),
        ("measurement", world.value.pk),
        ("delivery", world.newer.pk),
    ]
    assert "Lublin WSS" not in response.content.decode()


def test_counts_per_filter_value_and_filters(client: Any, world: World) -> None:
    found = inbox(world.sz)
    assert len(found.rows) == 3
    assert [(v, n) for v, _label, n in found.counts["unit"]] == [
        ("wydzial-edukacji", 2),
        ("wydzial-kultury", 1),
    ]
    assert {v: n for v, _label, n in found.counts["duty"]} == {
        FUNDS: 2,
        world.value.indicator: 1,
    }
    # The value is filed under the network serving its programme.
    assert {v: n for v, _label, n in found.counts["network"]} == {NGO: 2, OPEN_KRAKOW: 1}
    client.force_login(world.sz)
    html = client.get("/admin/inbox/", {"unit": "wydzial-edukacji"}).content.decode()
    assert rows(html) == [("delivery", world.older.pk), ("measurement", world.value.pk)]
    assert re.search(r'<option value="wydzial-kultury">Wydział Kultury \(1\)</option>', html)
    html = client.get("/admin/inbox/", {"duty": FUNDS, "unit": "wydzial-kultury"}).content.decode()
    assert rows(html) == [("delivery", world.newer.pk)]
    html = client.get("/admin/inbox/", {"network": OPEN_KRAKOW}).content.decode()
    assert rows(html) == [("measurement", world.value.pk)]


def test_a_row_shows_the_whole_submission(client: Any, world: World) -> None:
    client.force_login(world.sz)
    html = client.get("/admin/inbox/", {"unit": "wydzial-kultury"}).content.decode()
    fields = duty_fields(world.kultura, NGO, world.newer.obligation_definition, world.newer.due)
    for spec in fields:
        assert f"{spec.label.get('pl')}</dt>" in html
    assert "<dd>2500.50</dd>" in html and "<dd>7499.50</dd>" in html
    earlier = MeasurementFactory(
        unit=world.edukacja, period=world.value.period - 1, status=MeasurementStatus.APPROVED
    )
    html = client.get("/admin/inbox/", {"network": OPEN_KRAKOW}).content.decode()
    indicator = registry().programs[world.value.program_id].indicator(world.value.indicator_id)
    # The admin speaks Polish by default.
    assert f" {escape(text(indicator.name, 'pl'))}</dd>" in html  # after its number
    assert f"<dd>{escape(text(indicator.target.label, 'pl'))}</dd>" in html
    assert indicator.baseline is not None
    assert f"<dd>{indicator.baseline.value:g} ({indicator.baseline.year})</dd>" in html
    with translation.override("pl"):
        value = number(earlier.value)  # "160", not "160,0"
    assert value == "160"
    shown = f"<td>{earlier.period}</td><td>{value}</td><td>{value}</td>"
    assert shown in html  # the unit's earlier value, and the total of that year


def test_coordinators_get_no_inbox(client: Any, world: World) -> None:
    client.force_login(world.anna)
    assert client.get("/admin/inbox/").status_code == 403
    assert 'id="okcore-inbox-panel"' not in client.get("/admin/").content.decode()


def test_the_inbox_is_on_top_of_szs_dashboard(client: Any, world: World) -> None:
    client.force_login(world.sz)
    html = client.get("/admin/").content.decode()
    assert 0 < html.index('id="okcore-inbox-panel"') < html.index('id="okcore-due-panel"')
    panel = re.search(r'id="okcore-inbox-panel".*?</section>', html, re.S).group(0)  # type: ignore[union-attr]
    assert rows(panel)[0] == ("delivery", world.older.pk)
    assert f'{reverse("inbox")}?network={NGO}">2</a>' in panel


def test_acknowledge_and_return_from_the_inbox_in_one_post(client: Any, world: World) -> None:
    client.force_login(world.sz)
    back = "/admin/inbox/?unit=wydzial-edukacji"
    html = client.get(back).content.decode()
    review = reverse("delivery_review", args=[world.older.pk])
    assert f'action="{review}"' in html and f'name="next" value="{back}"' in html.replace(
        "&amp;", "&"
    )
    response = client.post(review, {"action": "acknowledge", "comment": "", "next": back})
    assert (response.status_code, response["Location"]) == (302, back)
    world.older.refresh_from_db()
    assert world.older.status == DeliveryStatus.ACKNOWLEDGED
    response = client.post(
        reverse("delivery_review", args=[world.newer.pk]),
        {"action": "return", "comment": "Brak kwoty", "next": back},
    )
    assert response["Location"] == back
    world.newer.refresh_from_db()
    assert (world.newer.status, world.newer.review_comment) == (
        DeliveryStatus.RETURNED,
        "Brak kwoty",
    )
    assert rows(client.get("/admin/inbox/").content.decode()) == [("measurement", world.value.pk)]


def test_approve_a_value_from_the_inbox_and_come_back_but_never_elsewhere(
    client: Any, world: World
) -> None:
    client.force_login(world.sz)
    back = "/admin/inbox/?network=open-krakow-coordinators"
    approve = reverse("measurement_transition", args=[world.value.pk, "approve"])
    assert f'action="{approve}"' in client.get(back).content.decode()
    response = client.post(approve, {"next": back})
    assert (response.status_code, response["Location"]) == (302, back)
    world.value.refresh_from_db()
    assert world.value.status == MeasurementStatus.APPROVED
    # Another site's address is not followed.
    response = client.post(
        reverse("measurement_transition", args=[world.value.pk, "return"]),
        {"comment": "Źródło?", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("wagtailsnippets_indicators_measurement:list")
