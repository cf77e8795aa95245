"""Measurements, the due panel, demo content, login limits and production settings."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from clock import days
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import formats, translation
from factories import CoordinatorFactory, MeasurementFactory, UnitFactory
from wagtail.models import ModelLogEntry

from cms.indicators.models import Measurement, Status
from cms.network.models import Coordinator, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Messages in English here; the site's default language is Polish."""
    with translation.override("en"):
        yield


REPO = Path(__file__).resolve().parents[2]
INDICATOR = "open-krakow-2024-2028/info-point-beneficiaries"


def test_measurement_workflow_keeps_history_and_audit(make_user: Any) -> None:
    coordinator = make_user("coord", "coordinators")
    admin = make_user("szadmin", "admins")
    measurement = MeasurementFactory()
    with pytest.raises(PermissionDenied):
        Measurement.objects.get(pk=measurement.pk).transition(Status.SUBMITTED, make_user("nobody"))
    measurement.transition(Status.SUBMITTED, coordinator)
    with pytest.raises(PermissionDenied):
        measurement.transition(Status.APPROVED, coordinator)
    with pytest.raises(ValidationError, match="Say why"):
        measurement.transition(Status.RETURNED, admin, "")
    measurement.transition(Status.RETURNED, admin, "Źródło danych?")
    measurement.transition(Status.SUBMITTED, coordinator)
    measurement.transition(Status.APPROVED, admin)
    with pytest.raises(ValidationError, match="cannot go from"):
        measurement.transition(Status.APPROVED, admin)
    history = [(h.from_status, h.to_status, h.user.username) for h in measurement.history.all()]
    assert history == [
        ("draft", "submitted", "coord"),
        ("submitted", "returned", "szadmin"),
        ("returned", "submitted", "coord"),
        ("submitted", "approved", "szadmin"),
    ]
    actions = list(
        ModelLogEntry.objects.filter(object_id=str(measurement.pk)).values_list(
            "action", "user__username"
        )
    )
    assert ("okcore.measurement.approved", "szadmin") in actions


def test_measurement_validation() -> None:
    with pytest.raises(ValidationError, match="outside the programme period"):
        Measurement(indicator=INDICATOR, period=2031, value=1).full_clean()
    with pytest.raises(ValidationError, match="Enter a value"):
        Measurement(indicator=INDICATOR, period=2025).full_clean()
    compound = Measurement(
        indicator="open-krakow-2024-2028/consultation-meetings",
        period=2025,
        components={"meetings": 2, "cakes": 3},
    )
    with pytest.raises(ValidationError, match="Unknown parts: cakes"):
        compound.full_clean()


def test_admin_transition_views(client: Any, make_user: Any) -> None:
    coordinator = make_user("coord", "coordinators")
    admin = make_user("szadmin", "admins")
    measurement = MeasurementFactory()
    client.force_login(coordinator)
    # Wagtail's admin answers a refused action with a redirect to the dashboard.
    refused = client.get(f"/admin/measurements/{measurement.pk}/approve/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert client.post(f"/admin/measurements/{measurement.pk}/submit/").status_code == 302
    client.post(f"/admin/measurements/{measurement.pk}/approve/")
    measurement.refresh_from_db()
    assert measurement.status == Status.SUBMITTED
    listing = client.get("/admin/snippets/indicators/measurement/").content.decode()
    assert f"/admin/measurements/{measurement.pk}/approve/" not in listing
    client.force_login(admin)
    listing = client.get("/admin/snippets/indicators/measurement/").content.decode()
    assert f"/admin/measurements/{measurement.pk}/approve/" in listing
    client.post(f"/admin/measurements/{measurement.pk}/return/", {"comment": "Proszę o korektę"})
    measurement.refresh_from_db()
    assert measurement.status == Status.RETURNED
    assert measurement.review_comment == "Proszę o korektę"


def test_due_panel_for_a_new_unit_without_a_deputy(client: Any, make_user: Any) -> None:
    established = days(-30)
    unit = UnitFactory(slug="nowa-jednostka", name_pl="Nowa jednostka", established=established)
    person = CoordinatorFactory(
        unit=unit,
        valid_from=established + timedelta(days=4),
        user=make_user("newcoord", "coordinators"),
    )
    client.force_login(person.user)
    html = client.get("/admin/").content.decode()
    panel = re.search(r'id="okcore-due-panel".*?</section>', html, re.S).group(0)  # type: ignore[union-attr]
    assert "Nowa jednostka" in panel
    # The admin speaks Polish by default.
    assert "brak osoby zastępującej" in panel
    # Designations are due 14 days after the unit's start (docs/rules.md), overdue the day after.
    with translation.override("pl"):
        overdue_since = formats.date_format(established + timedelta(days=15))
    assert f"zaległe od {overdue_since}" in panel


def test_due_panel_per_role(client: Any, make_user: Any) -> None:
    call_command("load_demo", "--force", stdout=io.StringIO())
    admin = make_user("szadmin", "admins")
    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    panel = re.search(r'id="okcore-due-panel".*?</section>', html, re.S).group(0)  # type: ignore[union-attr]
    assert "Kancelaria Prezydenta" in panel and "Grodzki Urząd Pracy" in panel
    assert "3487/2023 §2 pt 1" in panel

    user = make_user("coord", "coordinators")
    person = Coordinator.objects.filter(
        unit__slug="wydzial-edukacji", role="coordinator", valid_to__isnull=True
    ).first()
    person.user = user  # type: ignore[union-attr]
    person.save()  # type: ignore[union-attr]
    client.force_login(user)
    panel = re.search(
        r'id="okcore-due-panel".*?</section>', client.get("/admin/").content.decode(), re.S
    ).group(0)  # type: ignore[union-attr]
    assert "Wydział Edukacji" in panel
    assert "Kancelaria Prezydenta" not in panel
    assert "351/2026 §3 pt 5" in panel  # quarterly information missed since July


def test_demo_is_repeatable_and_prints_logins() -> None:
    first, second = io.StringIO(), io.StringIO()
    call_command("load_demo", "--force", stdout=first)
    counts = (Unit.objects.count(), Coordinator.objects.count(), Measurement.objects.count())
    call_command("load_demo", "--force", stdout=second)
    assert (
        Unit.objects.count(),
        Coordinator.objects.count(),
        Measurement.objects.count(),
    ) == counts
    assert counts[0] == 12
    assert Measurement.objects.values("period").distinct().count() == 2
    passwords = re.findall(r"password: (\S+)", first.getvalue())
    assert len(passwords) == 4
    assert set(passwords).isdisjoint(re.findall(r"password: (\S+)", second.getvalue()))


def test_demo_refuses_without_debug() -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="demo sites only"):
        call_command("load_demo", stdout=io.StringIO())


def test_logins_are_rate_limited(client: Any, make_user: Any) -> None:
    make_user("victim", "admins")
    for _ in range(4):
        response = client.post("/admin/login/", {"username": "victim", "password": "wrong"})
        assert response.status_code == 200
    fifth = client.post("/admin/login/", {"username": "victim", "password": "wrong"})
    assert fifth.status_code == 429
    locked = client.post("/admin/login/", {"username": "victim", "password": "pw-victim"})
    assert locked.status_code == 429


def test_production_settings_pass_check_deploy() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20 + "production-check-key-with-enough-entropy-8c1f",
        "DJANGO_ALLOWED_HOSTS": "otwarty.krakow.pl",
        "WAGTAILADMIN_BASE_URL": "https://otwarty.krakow.pl",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "cms/manage.py"),
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_require_secrets() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "cms.settings.production"
    result = subprocess.run(
        [sys.executable, str(REPO / "cms/manage.py"), "check"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode != 0
    assert "set the DJANGO_SECRET_KEY environment variable" in result.stderr
