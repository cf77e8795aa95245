"""Measurements, the due panel, demo content, login limits and production settings."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from admin_forms import form_data
from clock import YEAR, days
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models.signals import post_init
from django.utils import formats, translation
from factories import CoordinatorFactory, MeasurementFactory, UnitFactory
from wagtail.models import ModelLogEntry

from cms.core.review import TransitionConflict
from cms.indicators.models import Measurement, Status
from cms.network.models import Coordinator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Messages in English here; the site's default language is Polish."""
    with translation.override("en"):
        yield


REPO = Path(__file__).resolve().parents[2]
PROGRAM = "open-krakow-2024-2028"
INDICATOR = f"{PROGRAM}/indicator/info-point-beneficiaries"
COMPOUND = f"{PROGRAM}/indicator/consultation-meetings"  # parts: meetings, participants
LAST_YEAR = min(YEAR - 1, 2028)  # a year of the programme that has ended


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
        indicator="open-krakow-2024-2028/indicator/consultation-meetings",
        period=2025,
        components={"meetings": 2, "cakes": 3},
    )
    with pytest.raises(ValidationError, match="Unknown parts: cakes"):
        compound.full_clean()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"value": 5, "components": {"x": "abc"}}, "components", "has no parts"),
        ({"value": float("nan")}, "value", "not a finite number"),
        ({"value": float("inf")}, "value", "not a finite number"),
        ({"value": -3}, "value", "below zero"),
        ({"indicator": COMPOUND, "components": {"meetings": 2}}, "components", "Missing parts"),
        (
            {"indicator": COMPOUND, "components": {"meetings": "abc", "participants": 12}},
            "components",
            "'abc' is not a number",
        ),
        (
            {"indicator": COMPOUND, "components": {"meetings": True, "participants": 12}},
            "components",
            "True is not a number",
        ),
        (
            {"indicator": COMPOUND, "value": 3, "components": {"meetings": 2, "participants": 9}},
            "value",
            r"measured in parts \(meetings, .*\(participants\)\)",
        ),
        ({"period": YEAR + 1, "value": 4500}, "period", "has not begun|outside the programme"),
    ],
)
def test_values_that_would_break_the_pages_are_refused(
    fields: dict[str, Any], field: str, message: str
) -> None:
    measurement = Measurement(**{"indicator": INDICATOR, "period": LAST_YEAR, **fields})
    with pytest.raises(ValidationError, match=message) as refused:
        measurement.full_clean(exclude=["unit"])
    assert field in refused.value.message_dict
    if field == "components" and "indicator" in fields:
        # every part named, by its label in the active language and by its key
        assert re.search(r"parts are: meetings, .+ \(participants\)", str(refused.value))
    with pytest.raises(ValidationError):
        measurement.save()  # code that skips the form is held to the same rules
    assert not Measurement.objects.exists()


def test_the_admin_form_refuses_a_part_that_is_not_a_number(client: Any, make_user: Any) -> None:
    client.force_login(make_user("szadmin", "admins"))
    url = "/admin/snippets/indicators/measurement/add/"
    data = form_data(
        client.get(url).content.decode(),
        None,
        indicator=COMPOUND,
        period=str(LAST_YEAR),
        value="",
        **{"components-0-meetings": "abc", "components-0-participants": "12"},
    )
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "nie jest liczbą" in html  # the admin speaks Polish
    assert "spotkania: &#x27;abc&#x27;" in html  # the part named by its label
    assert not Measurement.objects.exists()


def test_a_bad_row_already_stored_is_left_out_not_a_500(client: Any, caplog: Any) -> None:
    """Rows written before validation existed (or by hand) must not take the site down."""
    good = MeasurementFactory(indicator=INDICATOR, period=LAST_YEAR, value=4500)
    Measurement.objects.bulk_create(
        [
            Measurement(
                indicator=COMPOUND, period=LAST_YEAR, components={"x": "abc"}, unit=good.unit
            ),
            Measurement(
                indicator=f"{PROGRAM}/indicator/translated-procedures", period=LAST_YEAR, value=0
            ),
        ]
    )
    Measurement.objects.filter(indicator=f"{PROGRAM}/indicator/translated-procedures").update(
        value=float("inf")
    )
    Measurement.objects.update(status=Status.APPROVED)
    for url in [
        f"/pl/{PROGRAM}/",
        f"/pl/{PROGRAM}/cel-1/",
        f"/pl/{PROGRAM}/cel-2/",
        f"/en/{PROGRAM}/goal-2/indicator-2-2/",
        "/api/v1/indicators/?limit=100",
        f"/api/v1/indicators/{COMPOUND}/",
        "/api/v1/measurements/?limit=100",
        f"/api/v1/programmes/{PROGRAM}/exports/icc/?year={LAST_YEAR}",
        f"/api/v1/programmes/{PROGRAM}/exports/icc/?year={LAST_YEAR}&format=xlsx",
    ]:
        assert client.get(url).status_code == 200, url
    assert "left out" in caplog.text and "Unknown parts: x" in caplog.text
    measurements = client.get("/api/v1/measurements/?limit=100").json()["results"]
    assert good.pk in {m["id"] for m in measurements}


def test_history_and_usage_of_another_units_measurement_are_refused(
    client: Any, make_user: Any
) -> None:
    client.force_login(make_user("coord", "coordinators"))
    other = UnitFactory(slug="wydzial-kultury", name="Wydział Kultury")
    theirs = MeasurementFactory(unit=other, period=LAST_YEAR, status=Status.SUBMITTED)
    mine = MeasurementFactory(period=LAST_YEAR)
    for view in ("history", "usage"):
        url = f"/admin/snippets/indicators/measurement/{view}/"
        refused = client.get(f"{url}{theirs.pk}/")
        # Wagtail's admin answers a refused view with a redirect to the dashboard.
        assert (refused.status_code, refused["Location"]) == (302, "/admin/"), view
        assert client.get(f"{url}{mine.pk}/").status_code == 200, view


@pytest.mark.parametrize("role", ["coordinators", "editors"])
def test_the_measurement_chooser_shows_no_other_units_values(
    client: Any, make_user: Any, role: str
) -> None:
    """Wagtail's snippet chooser would list every measurement, with its value, to anyone."""
    client.force_login(make_user("someone", role))
    other = UnitFactory(slug="wydzial-kultury", name="Wydział Kultury")
    theirs = MeasurementFactory(unit=other, period=LAST_YEAR, value=987654, status=Status.SUBMITTED)
    chooser = "/admin/snippets/choose/indicators/measurement/"
    for url in (chooser, f"{chooser}results/", f"{chooser}results/?q=987654"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "987654" not in response.content.decode(), url
    assert client.get(f"{chooser}chosen/{theirs.pk}/").status_code == 404
    assert "987654" not in client.get(f"{chooser}chosen-multiple/?id={theirs.pk}").content.decode()


def test_a_unit_deletes_its_draft_in_the_admin_but_not_a_submitted_value(
    client: Any, make_user: Any
) -> None:
    client.force_login(make_user("coord", "coordinators"))
    draft = MeasurementFactory(period=LAST_YEAR)
    submitted = MeasurementFactory(period=LAST_YEAR - 1, status=Status.SUBMITTED)
    url = "/admin/snippets/indicators/measurement/delete/{}/"
    assert client.post(url.format(draft.pk)).status_code == 302
    refused = client.post(url.format(submitted.pk))
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert list(Measurement.objects.values_list("pk", flat=True)) == [submitted.pk]
    assert ModelLogEntry.objects.filter(object_id=str(draft.pk), action="wagtail.delete").exists()


def test_a_stale_transition_is_refused_and_the_history_stays_one_chain(make_user: Any) -> None:
    """Approve and return read the same submitted value; the later one must not win too."""
    admin = make_user("szadmin", "admins")
    measurement = MeasurementFactory(status=Status.SUBMITTED)
    first, second = (Measurement.objects.get(pk=measurement.pk) for _ in range(2))
    first.transition(Status.APPROVED, admin)
    with pytest.raises(TransitionConflict, match="it is now approved"):
        second.transition(Status.RETURNED, admin, "Źródło?")
    measurement.refresh_from_db()
    assert (measurement.status, measurement.review_comment) == (Status.APPROVED, "")
    assert [h.to_status for h in measurement.history.all()] == ["approved"]


#: Threads need committed rows: a transactional test, which empties the database when it
#: ends (pytest-django runs such tests after all others). It starts from the contents the
#: migrations left (root page and collection), which the units and groups need.
TRANSACTIONAL = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROW_LOCKS = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks to wait on; the stale test above covers its path",
)


@ROW_LOCKS
@TRANSACTIONAL
def test_concurrent_approve_and_return_exactly_one_succeeds(make_user: Any) -> None:
    """Two reviewers act on one submitted value at the same moment, each on its own
    connection: one transition wins, the other gets a conflict, the history has one step.

    """
    admin = make_user("szadmin", "admins")
    measurement = MeasurementFactory(status=Status.SUBMITTED)
    ready = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(to: str, comment: str) -> None:
        try:
            mine = Measurement.objects.get(pk=measurement.pk)
            ready.wait(timeout=10)
            mine.transition(to, admin, comment)
            outcomes[to] = "done"
        except TransitionConflict:
            outcomes[to] = "conflict"
        finally:
            connection.close()

    workers = [
        threading.Thread(target=act, args=(Status.APPROVED, "")),
        threading.Thread(target=act, args=(Status.RETURNED, "Źródło?")),
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert sorted(outcomes.values()) == ["conflict", "done"], outcomes
    winner = next(to for to, outcome in outcomes.items() if outcome == "done")
    measurement.refresh_from_db()
    assert measurement.status == winner
    assert [(h.from_status, h.to_status) for h in measurement.history.all()] == [
        (Status.SUBMITTED, winner)
    ]


@ROW_LOCKS
@TRANSACTIONAL
@pytest.mark.parametrize(
    ("path", "refusal"),
    [
        ("/api/v1/measurements/{pk}/return/?lang=en", "409"),
        ("/admin/measurements/{pk}/return/", "Ktoś inny zmienił w międzyczasie ten pomiar"),
    ],
)
def test_a_return_that_loses_the_race_to_an_approval_says_so(
    path: str, refusal: str, client: Any, make_user: Any
) -> None:
    """The API answers 409 and the admin a message when an approval commits while a
    return waits for the row; nothing of the return is kept."""
    admin = make_user("szadmin", "admins")
    measurement = MeasurementFactory(status=Status.SUBMITTED)
    locked, release = threading.Event(), threading.Event()

    def approve_slowly() -> None:
        try:
            with transaction.atomic():
                mine = Measurement.objects.select_for_update().get(pk=measurement.pk)
                mine.transition(Status.APPROVED, admin)
                locked.set()
                release.wait(timeout=20)
        finally:
            connection.close()

    answers: list[Any] = []

    def return_now() -> None:
        try:
            client.force_login(admin)
            answers.append(
                client.post(
                    path.format(pk=measurement.pk),
                    json.dumps({"comment": "Źródło?"}) if "api" in path else {"comment": "Źródło?"},
                    **({"content_type": "application/json"} if "api" in path else {}),
                    follow="admin" in path,
                )
            )
        finally:
            connection.close()

    approver = threading.Thread(target=approve_slowly)
    approver.start()
    assert locked.wait(timeout=20)
    returner = threading.Thread(target=return_now)
    returner.start()
    waiting = 0
    with connection.cursor() as cursor:
        for _ in range(200):  # until the return waits for the approval's row lock
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            waiting = cursor.fetchone()[0]
            if waiting:
                break
            time.sleep(0.05)
    release.set()
    approver.join(timeout=30)
    returner.join(timeout=30)
    assert waiting == 1
    (answer,) = answers
    shown = str(answer.status_code) if "api" in path else answer.content.decode()
    assert refusal in shown
    if "api" in path:
        assert "it is now approved" in answer.json()["detail"]
    measurement.refresh_from_db()
    assert (measurement.status, measurement.review_comment) == (Status.APPROVED, "")
    assert [h.to_status for h in measurement.history.all()] == [Status.APPROVED]


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
    unit = UnitFactory(slug="nowa-jednostka", name="Nowa jednostka", established=established)
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


@pytest.fixture
def submitted_after_reading() -> Any:
    """Moves a measurement to submitted right after the next read of it, as a colleague
    who submits between another user's opening of the form and their saving would."""
    armed: dict[str, int] = {}

    def move(sender: Any, instance: Measurement, **kwargs: Any) -> None:
        if instance.pk is not None and armed.pop("pk", None) == instance.pk:
            Measurement.objects.filter(pk=instance.pk).update(status=Status.SUBMITTED)

    post_init.connect(move, sender=Measurement)
    yield lambda measurement: armed.update(pk=measurement.pk)
    post_init.disconnect(move, sender=Measurement)


def test_an_edit_does_not_undo_a_status_moved_meanwhile(submitted_after_reading: Any) -> None:
    measurement = MeasurementFactory(period=LAST_YEAR)
    submitted_after_reading(measurement)
    stale = Measurement.objects.get(pk=measurement.pk)
    stale.value = 5
    with pytest.raises(TransitionConflict, match="it is now submitted"):
        stale.save()
    measurement.refresh_from_db()
    assert (measurement.status, measurement.value) == (Status.SUBMITTED, 160)


def test_a_stale_edit_is_a_409_in_the_api_and_a_message_in_the_admin(
    client: Any, make_user: Any, submitted_after_reading: Any
) -> None:
    client.force_login(make_user("coord", "coordinators"))
    through_api = MeasurementFactory(period=LAST_YEAR)
    submitted_after_reading(through_api)
    response = client.patch(
        f"/api/v1/measurements/{through_api.pk}/", {"value": 5}, content_type="application/json"
    )
    assert response.status_code == 409
    moved = "jego stan to teraz: przekazany"  # the site speaks Polish by default
    assert moved in response.json()["detail"]

    in_admin = MeasurementFactory(period=LAST_YEAR - 1)
    url = f"/admin/snippets/indicators/measurement/edit/{in_admin.pk}/"
    data = form_data(client.get(url).content.decode(), "w-editor-form", value="5")
    submitted_after_reading(in_admin)
    answer = client.post(url, data, follow=True)
    assert moved in answer.content.decode()
    for row in (through_api, in_admin):
        row.refresh_from_db()
        assert (row.status, row.value) == (Status.SUBMITTED, 160)
