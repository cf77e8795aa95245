"""``load_demo``: its guard against real data, what it makes, and making it again."""

from __future__ import annotations

import io
import re
import shutil
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from clock import TODAY, days
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from factories import CoordinatorFactory, UnitFactory, UserFactory

from cms.core.city import uid_domain
from cms.core.models import CitySettings
from cms.core.site import default_site
from cms.deliveries.access import may_deliver
from cms.deliveries.models import Delivery
from cms.demo import loader
from cms.demo.data import DATA_DIR, read_demo
from cms.events.models import EventPage
from cms.indicators.models import Measurement
from cms.network.compliance import unit_obligations
from cms.network.models import Coordinator, Unit
from cms.news.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


# The guard --------------------------------------------------------------------------------


def test_refuses_production_settings_and_debug_off() -> None:
    with (
        override_settings(DEBUG=True, SETTINGS_MODULE="cms.settings.production"),
        pytest.raises(CommandError, match="production settings"),
    ):
        call_command("load_demo", stdout=io.StringIO())
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG off"):
        call_command("load_demo", stdout=io.StringIO())
    assert not Unit.objects.exists()


@override_settings(DEBUG=True)
def test_refuses_a_database_with_real_content() -> None:
    person = UserFactory(username="jan.kowalski")
    with pytest.raises(CommandError, match=r"users other than the demo accounts \(jan.kowalski\)"):
        call_command("load_demo", stdout=io.StringIO())
    person.delete()

    unit = UnitFactory(slug="wydzial-nowy", name="Wydział Nowy")
    with pytest.raises(CommandError, match=r"units the demo did not make \(wydzial-nowy\)"):
        call_command("load_demo", stdout=io.StringIO())
    unit.delete()
    real = CoordinatorFactory(unit=UnitFactory(slug="sz"), name="Jan Nowak")
    with pytest.raises(CommandError, match="1 coordinator records the demo did not make"):
        call_command("load_demo", stdout=io.StringIO())
    real.delete()

    call_command("okcore_setup", stdout=io.StringIO())
    news = NewsIndexPage.objects.get(locale__language_code="pl")
    news.add_child(instance=NewsPage(title="Sesja Rady Miasta", date=TODAY))
    with pytest.raises(
        CommandError, match="1 pages the demo did not make \\(“Sesja Rady Miasta”\\)"
    ):
        call_command("load_demo", stdout=io.StringIO())

    out = io.StringIO()
    call_command("load_demo", "--force", stdout=out)
    assert "Demo content loaded" in out.getvalue()


@override_settings(DEBUG=True)
def test_runs_again_on_its_own_demo() -> None:
    """What the demo, okcore_setup and okcore_sync made is demo content: no --force needed."""
    call_command("load_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo content loaded" in out.getvalue()


# What it makes ----------------------------------------------------------------------------


def test_makes_the_data_files_content_with_dates_relative_to_today() -> None:
    call_command("load_demo", "--force", stdout=io.StringIO())
    demo = read_demo()
    assert Unit.objects.count() == len(demo.units.units) == 12
    assert Coordinator.objects.count() == len(demo.coordinators.designations)
    assert Measurement.objects.count() == len(demo.measurements.measurements)
    assert Measurement.objects.values("period").distinct().count() == 2
    festival = EventPage.objects.get(title="Festiwal Kultur")
    assert festival.start_date == days(40)
    assert EventPage.objects.get(title="Фестиваль культур", locale__language_code="uk")
    report = NewsPage.objects.get(title="Sprawozdanie z realizacji Programu za 2025 r.")
    assert report.date == days(-200)
    assert Unit.objects.get(slug="sz").names["uk"].startswith("Відділ соціальної")
    assert Delivery.objects.count() == len(demo.deliveries.deliveries) == 13
    # Wagtail's account settings need a name; mail servers an ASCII local part.
    accounts = get_user_model().objects.filter(
        username__in=[a.username for a in demo.accounts.accounts]
    )
    assert all(user.first_name and user.last_name for user in accounts)
    assert all(c.email.isascii() for c in Coordinator.objects.all())


def test_fills_sz_s_inbox_and_acknowledges_one_delivery_as_sz_would() -> None:
    """Waiting deliveries of both networks, several units and duties; one returned with
    SZ's comment, on the demo coordinator's own form; the acknowledged ones fulfil their
    deadlines through the system's activity record."""
    call_command("load_demo", "--force", stdout=io.StringIO())
    assert Counter(Delivery.objects.values_list("status", flat=True)) == {
        "submitted": 3,
        "returned": 1,
        "acknowledged": 9,
    }
    waiting = Delivery.objects.filter(status="submitted")
    assert len({d.network for d in waiting}) == 2
    assert len({d.unit_id for d in waiting}) == 2
    assert len({d.obligation for d in waiting}) == 3
    assert Measurement.objects.filter(status="submitted").exists()

    coordinator = get_user_model().objects.get(username="koordynator.edukacja")
    education = Unit.objects.get(slug="wydzial-edukacji")
    assert may_deliver(coordinator, education, "open-krakow-coordinators")
    assert may_deliver(coordinator, education, "ngo-cooperation-coordinators")

    returned = Delivery.objects.get(status="returned")
    assert returned.submitted_by.username == "koordynator.edukacja"  # type: ignore[union-attr]
    assert returned.review_comment.startswith("Proszę uzupełnić liczbę organizacji")
    assert [(h.to_status, h.comment) for h in returned.history.order_by("pk")] == [
        ("submitted", ""),
        ("returned", returned.review_comment),
    ]

    acknowledged = Delivery.objects.get(
        status="acknowledged", obligation="351-2026-small-grant-funds"
    )
    record = acknowledged.record
    assert record is not None and record.created_by.username == "sz.admin"  # type: ignore[union-attr]
    assert (record.obligation, record.due, record.date) == (
        "351-2026-small-grant-funds",
        date(2026, 6, 30),
        date(2026, 7, 3),
    )
    assert (acknowledged.period_start, acknowledged.period_end) == (
        date(2026, 4, 1),
        date(2026, 6, 30),
    )
    quarters = next(
        item.obligation
        for item in unit_obligations([acknowledged.unit], date(2026, 7, 10))
        if item.obligation.obligation.id == "351-2026-small-grant-funds"
    ).deadlines
    q2 = next(d for d in quarters if d.due == date(2026, 6, 30))
    assert (q2.status, q2.fulfilled_on) == ("met_late", date(2026, 7, 3))


def test_kraków_names_come_from_the_demo_not_the_site(client: Any) -> None:
    call_command("load_demo", "--force", stdout=io.StringIO())
    site = default_site()
    city = CitySettings.for_site(site)
    assert city.portal_name == {
        "pl": "Otwarty Kraków",
        "en": "Open Kraków",
        "uk": "Відкритий Краків",
    }
    assert city.footer["pl"].startswith("Otwarty Kraków – program Miasta Krakowa")
    assert set(city.footer) == {"pl", "en", "uk"}
    assert uid_domain(site) == "otwarty.krakow.pl"  # subscribers' UIDs stay as they were
    assert city.accessibility_contact == read_demo().city.accessibility_contact
    html = client.get("/uk/").content.decode()
    assert '<a class="brand" href="/uk/">Відкритий Краків</a>' in html
    assert "Відкритий Краків – програма міста Кракова" in html


def test_second_run_makes_nothing_new_and_prints_new_passwords() -> None:
    first, second = io.StringIO(), io.StringIO()
    call_command("load_demo", "--force", stdout=first)
    counts = _counts()
    call_command("load_demo", "--force", stdout=second)
    assert _counts() == counts
    passwords = re.findall(r"password: (\S+)", first.getvalue())
    assert len(passwords) == 4
    assert set(passwords).isdisjoint(re.findall(r"password: (\S+)", second.getvalue()))


def test_a_second_run_leaves_deliveries_as_they_went_on() -> None:
    """What SZ did with a demo delivery since is kept: the loader makes each one once."""
    call_command("load_demo", "--force", stdout=io.StringIO())
    waiting = Delivery.objects.filter(status="submitted").order_by("due").first()
    assert waiting is not None
    waiting.transition("acknowledged", get_user_model().objects.get(username="sz.admin"))
    counts = _counts()
    call_command("load_demo", "--force", stdout=io.StringIO())
    assert _counts() == counts
    waiting.refresh_from_db()
    assert waiting.status == "acknowledged" and waiting.record is not None


# Bad data, and a failure half-way ---------------------------------------------------------


@override_settings(DEBUG=True)
def test_a_malformed_file_is_named_and_nothing_is_written(tmp_path: Path, monkeypatch: Any) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    events = data / "events.yaml"
    events.write_text(events.read_text().replace("in_days: 40", "in_days: soon"))
    monkeypatch.setattr("cms.demo.management.commands.load_demo.read_demo", lambda: read_demo(data))
    before = _counts()
    with pytest.raises(CommandError, match=r"events.yaml: events\[3\].in_days: 'soon'"):
        call_command("load_demo", "--force", stdout=io.StringIO())
    assert _counts() == before


def test_a_delivery_its_form_refuses_is_named_and_nothing_is_written(
    tmp_path: Path, monkeypatch: Any
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    deliveries = data / "deliveries.yaml"
    deliveries.write_text(deliveries.read_text().replace("planned: '60000.00'", "planned: lots"))
    monkeypatch.setattr("cms.demo.management.commands.load_demo.read_demo", lambda: read_demo(data))
    before = _counts()
    with pytest.raises(
        CommandError,
        match=r"deliveries.yaml: deliveries\[0\].data.planned: 'lots' is not an amount",
    ):
        call_command("load_demo", "--force", stdout=io.StringIO())
    assert _counts() == before


def test_a_failure_half_way_leaves_nothing_behind(monkeypatch: Any) -> None:
    def fail(*args: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(loader, "_events", fail)
    before = _counts()
    with pytest.raises(RuntimeError, match="disk full"):
        call_command("load_demo", "--force", stdout=io.StringIO())
    assert _counts() == before
