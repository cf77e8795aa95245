"""Deliveries through the API: a coordinator with a token delivers, SZ acknowledges, and the
unit's duties show the deadline met — by the admin's rules (cms.deliveries)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from clock import NOW, TODAY, quarter_start
from dateutil.relativedelta import relativedelta
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from factories import CoordinatorFactory, UnitFactory, UserFactory
from rest_framework.authtoken.models import Token
from wagtail.models import Page, Site

from cms.core.roles import ensure_groups
from cms.deliveries.models import Delivery, DeliveryHistory, Status

pytestmark = pytest.mark.django_db
NGO = "ngo-cooperation-coordinators"
FUNDS = "351-2026-small-grant-funds"
QUARTER_END = quarter_start() + relativedelta(months=3) - relativedelta(days=1)
PAST_QUARTER_END = quarter_start() - timedelta(days=1)
AMOUNTS = {"planned": "10000", "committed": "2500.50", "remaining": 7499.5}
DESIGNATED = date(2026, 2, 24)  # the day 351/2026 designations start (tests/cms/deliveries)


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    cache.clear()


def token_client(user: Any) -> Client:
    token = Token.objects.create(user=user)
    return Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Token {token.key}")


def coordinator_of(unit: Any, username: str) -> Any:
    user = UserFactory(username=username)
    CoordinatorFactory(unit=unit, network=NGO, user=user, valid_from=DESIGNATED)
    return user


@pytest.fixture
def anna(site: dict[str, Any]) -> Client:
    """The culture department's coordinator in the NGO network, with a token."""
    return token_client(coordinator_of(site["culture"], "anna"))


@pytest.fixture
def sz(site: dict[str, Any]) -> Client:
    user = UserFactory(username="sz")
    user.groups.add(ensure_groups()[0])
    return token_client(user)


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def duty(client: Client, on: date, period_end: date, unit: str = "wydzial-kultury") -> Any:
    response = client.get(f"/api/v1/units/{unit}/obligations/?on={on}&lang=en")
    assert response.status_code == 200, response.content
    return next(
        row
        for row in response.json()
        if row["obligation"] == FUNDS and row["period_end"] == period_end.isoformat()
    )


def deliver(client: Client, period_end: date = QUARTER_END, **body: Any) -> Any:
    return post(
        client,
        "/api/v1/deliveries/",
        {"obligation": FUNDS, "unit": "wydzial-kultury", "period_end": str(period_end), **body},
    )


def test_a_duty_from_delivery_to_acknowledgement(anna: Client, sz: Client) -> None:
    row = duty(anna, TODAY, QUARTER_END)
    assert (row["status"], row["due"], row["delivery"]) == ("pending", str(QUARTER_END), None)
    assert (row["network"], row["source"]) == (NGO, "351/2026 §3 pt 5")  # art. 19a funds
    assert row["basis"] == "policy" and row["policy_note"]  # the quarter's last day: policy
    assert {f["name"]: f["required"] for f in row["fields"]} == {
        "planned": True,
        "committed": True,
        "remaining": True,
        "note": False,
    }
    assert {f["type"] for f in row["fields"]} == {"money", "text"}

    created = deliver(anna, data=AMOUNTS)
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["unit"], body["due"]) == ("draft", "wydzial-kultury", row["due"])
    assert body["data"]["committed"] == "2500.50"
    assert duty(anna, TODAY, QUARTER_END)["delivery"]["status"] == "draft"

    url = f"/api/v1/deliveries/{body['id']}/"
    submitted = post(anna, url + "submit/")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["submitted_by"] == "anna"
    acknowledged = post(sz, url + "acknowledge/")
    assert acknowledged.status_code == 200, acknowledged.content
    assert [step["to_status"] for step in acknowledged.json()["history"]] == [
        "submitted",
        "acknowledged",
    ]
    after = duty(anna, TODAY, QUARTER_END)
    assert (after["status"], after["delivery"]["status"]) == ("met", "acknowledged")
    assert after["delivery"]["url"].endswith(url)


def test_a_delivery_after_the_due_day_is_met_late(anna: Client, sz: Client) -> None:
    """The clock moved past the quarter's last day: submitted late, met late."""
    late = NOW + timedelta(days=(QUARTER_END - TODAY).days + 3)
    with time_machine.travel(late, tick=False):
        assert duty(anna, late.date(), QUARTER_END)["status"] == "overdue"
        created = deliver(anna, data=AMOUNTS)
        assert created.status_code == 201, created.content
        url = f"/api/v1/deliveries/{created.json()['id']}/"
        assert post(anna, url + "submit/").status_code == 200
        assert post(sz, url + "acknowledge/").status_code == 200
        assert duty(anna, late.date(), QUARTER_END)["status"] == "met_late"


def test_a_past_quarter_delivered_today_is_met_late(anna: Client, sz: Client) -> None:
    assert duty(anna, TODAY, PAST_QUARTER_END)["status"] == "overdue"
    created = deliver(anna, PAST_QUARTER_END, data=AMOUNTS)
    assert created.status_code == 201, created.content
    url = f"/api/v1/deliveries/{created.json()['id']}/"
    assert post(anna, url + "submit/").status_code == 200
    assert post(sz, url + "acknowledge/").status_code == 200
    assert duty(anna, TODAY, PAST_QUARTER_END)["status"] == "met_late"
    assert duty(anna, TODAY, QUARTER_END)["status"] == "pending"  # exactly that quarter


def test_nobody_acknowledges_their_own_delivery(anna: Client, site: dict[str, Any]) -> None:
    url = f"/api/v1/deliveries/{deliver(anna, data=AMOUNTS).json()['id']}/"
    assert post(anna, url + "submit/").status_code == 200
    refused = post(anna, url + "acknowledge/?lang=en")
    assert refused.status_code == 403
    assert "never its own" in refused.json()["detail"]
    # SZ who is also the unit's coordinator and submitted it: four eyes (access.may_review).
    both = coordinator_of(site["culture"], "both")
    both.groups.add(ensure_groups()[0])
    client = token_client(both)
    second = deliver(client, PAST_QUARTER_END, data=AMOUNTS).json()["id"]
    assert post(client, f"/api/v1/deliveries/{second}/submit/").status_code == 200
    assert post(client, f"/api/v1/deliveries/{second}/acknowledge/").status_code == 403
    assert post(client, url + "acknowledge/").status_code == 200  # anna's, not their own
    assert Delivery.objects.get(pk=second).status == Status.SUBMITTED


def test_nobody_delivers_for_another_unit(anna: Client, site: dict[str, Any]) -> None:
    coordinator_of(site["education"], "ewa")
    refused = post(
        anna,
        "/api/v1/deliveries/?lang=en",
        {"obligation": FUNDS, "unit": "wydzial-edukacji", "period_end": str(QUARTER_END)},
    )
    assert refused.status_code == 403
    assert "own units" in refused.json()["detail"]
    assert not Delivery.objects.exists()


def test_bad_data_is_a_400_naming_the_field(anna: Client) -> None:
    unknown = deliver(anna, data={**AMOUNTS, "budget": "5"})
    assert unknown.status_code == 400
    assert any(m.startswith("budget:") for m in unknown.json()["data"])
    assert not Delivery.objects.exists()
    draft = deliver(anna, data={"planned": "5"})
    assert draft.status_code == 201, draft.content
    url = f"/api/v1/deliveries/{draft.json()['id']}/"
    incomplete = post(anna, url + "submit/")
    assert incomplete.status_code == 400
    assert any(m.startswith("committed:") for m in incomplete.json()["data"])
    assert Delivery.objects.get().status == Status.DRAFT
    fixed = anna.patch(url, json.dumps({"data": AMOUNTS}), content_type="application/json")
    assert fixed.status_code == 200, fixed.content
    assert post(anna, url + "submit/").status_code == 200


def test_steps_that_do_not_exist_are_409(anna: Client, sz: Client) -> None:
    url = f"/api/v1/deliveries/{deliver(anna, data=AMOUNTS).json()['id']}/"
    early = post(sz, url + "acknowledge/?lang=en")
    assert early.status_code == 409
    assert "cannot go from" in early.json()["detail"]
    assert post(anna, url + "submit/").status_code == 200
    assert post(anna, url + "submit/").status_code == 409
    edit = anna.patch(url, json.dumps({"data": AMOUNTS}), content_type="application/json")
    assert edit.status_code == 409


def test_sz_returns_with_a_comment_and_the_unit_submits_again(anna: Client, sz: Client) -> None:
    url = f"/api/v1/deliveries/{deliver(anna, data=AMOUNTS).json()['id']}/"
    assert post(anna, url + "submit/").status_code == 200
    silent = post(sz, url + "return/")
    assert silent.status_code == 400 and "comment" in silent.json()
    returned = post(sz, url + "return/", {"comment": "Kwota zaplanowana się nie zgadza."})
    assert returned.status_code == 200, returned.content
    assert returned.json()["review_comment"] == "Kwota zaplanowana się nie zgadza."
    assert post(anna, url + "submit/").json()["status"] == "submitted"


def test_attachments_go_in_by_id_and_out_to_who_sees_the_delivery(
    anna: Client, sz: Client, site: dict[str, Any], settings: Any, tmp_path: Any
) -> None:
    settings.OKCORE_PRIVATE_ROOT = str(tmp_path)
    url = f"/api/v1/deliveries/{deliver(anna, data=AMOUNTS).json()['id']}/"
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    added = anna.post(url + "attachments/", {"file": upload})
    assert added.status_code == 201, added.content
    assert (added.json()["name"], added.json()["size"]) == ("plan.pdf", 13)
    fake = SimpleUploadedFile("run.pdf", b"MZ\x90\x00", content_type="application/pdf")
    assert "file" in anna.post(url + "attachments/", {"file": fake}).json()
    file_url = f"{url}attachments/{added.json()['id']}/"
    assert b"".join(sz.get(file_url).streaming_content) == b"%PDF-1.4 plan"
    other = token_client(coordinator_of(site["education"], "ewa"))
    assert other.get(file_url).status_code == 404
    assert [a["name"] for a in anna.get(url).json()["attachments"]] == ["plan.pdf"]


def test_who_sees_a_units_duties(site: dict[str, Any], anna: Client) -> None:
    url = "/api/v1/units/wydzial-kultury/obligations/"
    assert Client(HTTP_HOST="localhost").get(url).status_code in (401, 403)
    outsider = Client(HTTP_HOST="localhost")
    outsider.force_login(UserFactory(username="resident"))
    assert outsider.get(url).status_code == 403
    editor = Client(HTTP_HOST="localhost")
    editor_user = UserFactory(username="editor")
    editor_user.groups.add(ensure_groups()[1])
    editor.force_login(editor_user)
    assert editor.get(url).status_code == 200
    assert anna.get("/api/v1/units/no-such-unit/obligations/").status_code == 404
    bad = anna.get(url + "?on=2026-02-30")
    assert bad.status_code == 400 and "on" in bad.json()


def test_another_citys_unit_and_deliveries_are_unknown_here(anna: Client, settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["localhost", "lublin.example"]
    page = Page(title="lublin", slug="lublin")
    Page.get_first_root_node().add_child(instance=page)
    lublin = Site.objects.create(hostname="lublin.example", port=80, root_page=page)
    UnitFactory(slug="wss", site=lublin)
    delivery = deliver(anna, data=AMOUNTS).json()["id"]
    assert anna.get("/api/v1/units/wss/obligations/").status_code == 404
    elsewhere = anna.get(f"/api/v1/deliveries/{delivery}/", HTTP_HOST="lublin.example")
    assert elsewhere.status_code == 404


def test_the_list_filters_and_shows_only_what_the_user_sees(
    anna: Client, sz: Client, site: dict[str, Any]
) -> None:
    first = deliver(anna, data=AMOUNTS).json()["id"]
    post(anna, f"/api/v1/deliveries/{first}/submit/")
    deliver(anna, PAST_QUARTER_END, data=AMOUNTS)
    ewa = token_client(coordinator_of(site["education"], "ewa"))
    assert ewa.get("/api/v1/deliveries/").json()["count"] == 0
    listed = sz.get("/api/v1/deliveries/?status=submitted&unit=wydzial-kultury")
    assert [d["id"] for d in listed.json()["results"]] == [first]
    assert anna.get(f"/api/v1/deliveries/?obligation={FUNDS}").json()["count"] == 2
    assert anna.get(f"/api/v1/deliveries/?network={NGO}").json()["count"] == 2
    for wrong in ("network=nope", "status=lost", "unit=nowhere"):
        refused = anna.get(f"/api/v1/deliveries/?{wrong}")
        assert refused.status_code == 400
        assert wrong.split("=")[0] in refused.json()


def grow(size: int, culture: Any, by: Any) -> None:
    """``size`` more submitted deliveries of the culture department and of new units, each
    with its history."""
    for _n in range(size):
        for unit in (culture, UnitFactory()):
            delivery = Delivery.objects.create(
                unit=unit,
                network=NGO,
                obligation=FUNDS,
                due=date(2020 + len(Delivery.objects.filter(unit=unit)), 3, 31),
                status=Status.SUBMITTED,
                data=AMOUNTS,
                submitted_by=by,
                created_by=by,
            )
            DeliveryHistory.objects.create(
                delivery=delivery, from_status=Status.DRAFT, to_status=Status.SUBMITTED, user=by
            )


@pytest.mark.parametrize("who", ["anna", "sz"])
def test_lists_run_a_fixed_number_of_queries(
    who: str, anna: Client, sz: Client, site: dict[str, Any], django_assert_num_queries: Any
) -> None:
    client = {"anna": anna, "sz": sz}[who]
    urls = [
        "/api/v1/deliveries/?limit=500",
        f"/api/v1/units/wydzial-kultury/obligations/?on={TODAY}",
    ]
    by = UserFactory(username="someone")
    grow(2, site["culture"], by)
    for url in urls:
        client.get(url)  # caches that fill once per process
    counted = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counted[url] = len(captured)
    before = len(client.get(urls[0]).json()["results"])
    grow(10, site["culture"], by)
    for url in urls:
        client.get(url)  # the change moved the site's generation: its host is found again
    for url in urls:
        with django_assert_num_queries(counted[url]):
            client.get(url)
    assert len(client.get(urls[0]).json()["results"]) >= before + 10


def test_the_index_offers_deliveries_only_to_those_who_may_read_them(anna: Client) -> None:
    """Every link of the public index answers (the fresh-install crawl follows them)."""
    public = Client(HTTP_HOST="localhost").get("/api/v1/").json()
    assert "deliveries" not in public and "measurements" in public
    assert "deliveries" in anna.get("/api/v1/").json()
