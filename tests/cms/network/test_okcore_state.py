"""``manage.py okcore_state``: the site's network state, which ``okcore compliance`` reads
and judges as the site does — an acknowledged delivery's deadline met."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from clock import TODAY, quarter_start
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.core.management.base import CommandError
from factories import CoordinatorFactory, UnitFactory, UserFactory
from wagtail.models import Page, Site

from cms.core.roles import ensure_groups
from cms.core.site import ensure_home
from cms.deliveries import services
from cms.deliveries.models import Status

pytestmark = pytest.mark.django_db
NGO = "ngo-cooperation-coordinators"
FUNDS = "351-2026-small-grant-funds"
QUARTER_END = quarter_start() + relativedelta(months=3) - relativedelta(days=1)


def funds_deadlines(result: Any, unit: str) -> dict[str, str]:
    table = json.loads(result.out)
    row = next(r for r in table["units"] if r["unit"] == unit)
    item = next(o for o in row["obligations"] if o["obligation"] == FUNDS)
    return {d["due"]: d["status"] for d in item["deadlines"]}


def test_the_cli_finds_an_acknowledged_delivery_met(tmp_path: Path, run_cli: Any) -> None:
    ensure_home()
    ensure_groups()
    unit = UnitFactory(slug="wydzial-kultury", name="Wydział Kultury")
    anna = UserFactory(username="anna")
    CoordinatorFactory(unit=unit, network=NGO, user=anna, valid_from=date(2026, 2, 24))
    sz = UserFactory(username="sz")
    sz.groups.add(ensure_groups()[0])
    duty = services.find_duty(unit, FUNDS, period_end=QUARTER_END)
    delivery = services.start_delivery(
        anna, duty, {"planned": "10000", "committed": "2500", "remaining": "7500"}
    )
    services.submit(anna, delivery)
    state = tmp_path / "state.yaml"

    call_command("okcore_state", NGO, "-o", str(state))
    before = run_cli("compliance", str(state), "--on", str(TODAY), "--format", "json")
    assert funds_deadlines(before, "wydzial-kultury")[str(QUARTER_END)] == "pending"

    services.review(sz, delivery, Status.ACKNOWLEDGED)
    call_command("okcore_state", NGO, "-o", str(state))
    records = yaml.safe_load(state.read_text())["records"]
    assert [(r["obligation"], r["due"]) for r in records] == [(FUNDS, str(QUARTER_END))]
    after = run_cli("compliance", str(state), "--on", str(TODAY), "--format", "json")
    assert funds_deadlines(after, "wydzial-kultury")[str(QUARTER_END)] == "met", after.err


def test_only_the_sites_units_and_clear_errors() -> None:
    ensure_home()
    UnitFactory(slug="wydzial-kultury")
    page = Page(title="lublin", slug="lublin")
    Page.get_first_root_node().add_child(instance=page)
    lublin = Site.objects.create(hostname="lublin.example", port=80, root_page=page)
    UnitFactory(slug="wss", site=lublin)
    out = StringIO()
    call_command("okcore_state", NGO, "--site", "lublin.example", stdout=out)
    assert [u["id"] for u in yaml.safe_load(out.getvalue())["units"]] == ["wss"]
    with pytest.raises(CommandError, match="unknown network 'nope'.*known:.*" + NGO):
        call_command("okcore_state", "nope")
    with pytest.raises(CommandError, match=r"unknown site 'elsewhere\.example'"):
        call_command("okcore_state", NGO, "--site", "elsewhere.example")
