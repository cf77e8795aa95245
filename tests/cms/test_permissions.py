"""Who may do what, where, in which language: every role × action × place × locale.

Checked through the admin URLs themselves (not the buttons) by what actually
happens to the page or record afterwards.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from admin_forms import form_data
from django.test import Client
from django.utils import timezone
from factories import MeasurementFactory
from site_setup import client_for
from wagtail.models import Page, WorkflowState

from cms.core.site import publish
from cms.indicators.models import Measurement, Status
from cms.network.models import Coordinator

pytestmark = pytest.mark.django_db
ROLES = ["admin", "editor", "coordinator", "deputy", "expired", "public"]
PLACES = ["own", "other", "programme", "news"]
LOCALES = ["pl", "en", "uk"]
ALLOWED = "allowed"
REFUSED = "refused"

#: The matrix: role -> action -> place -> allowed?  (docs/permissions.md shows it as a table)
EXPECTED: dict[str, dict[str, dict[str, bool]]] = {
    "admin": {
        a: dict.fromkeys(PLACES, True)
        for a in ("view_draft", "edit", "publish", "unpublish", "submit", "delete")
    },
    "editor": {
        **{
            a: dict.fromkeys(PLACES, True)
            for a in ("view_draft", "edit", "publish", "unpublish", "submit")
        },
        # Wagtail: change + publish lets one delete single pages; whole sections need bulk delete.
        "delete": {"own": True, "other": True, "programme": False, "news": True},
    },
    **{
        role: {
            "view_draft": {"own": True, "other": True, "programme": False, "news": True},
            "edit": {"own": True, "other": True, "programme": False, "news": True},
            "publish": {"own": True, "other": False, "programme": False, "news": False},
            "unpublish": {"own": True, "other": False, "programme": False, "news": False},
            "submit": {"own": True, "other": True, "programme": False, "news": True},
            # own section: change + publish (single pages); programme news: no publish, so no
            # deleting what is live
            "delete": {"own": True, "other": False, "programme": False, "news": False},
        }
        for role in ("coordinator", "deputy")
    },
    **{
        role: {
            a: dict.fromkeys(PLACES, False)
            for a in ("view_draft", "edit", "publish", "unpublish", "submit", "delete")
        }
        for role in ("expired", "public")
    },
}
OTHER_ACTIONS: dict[str, dict[str, bool]] = {
    "admin": {
        "approve": True,
        "enter_measurement": True,
        "approve_measurement": True,
        "see_contacts": True,
        "edit_network": True,
    },
    "editor": {
        "approve": False,
        "enter_measurement": False,
        "approve_measurement": False,
        "see_contacts": True,
        "edit_network": False,
    },
    "coordinator": {
        "approve": False,
        "enter_measurement": True,
        "approve_measurement": False,
        "see_contacts": True,
        "edit_network": False,
    },
    "deputy": {
        "approve": False,
        "enter_measurement": True,
        "approve_measurement": False,
        "see_contacts": True,
        "edit_network": False,
    },
    "expired": {
        "approve": False,
        "enter_measurement": False,
        "approve_measurement": False,
        "see_contacts": False,
        "edit_network": False,
    },
    "public": {
        "approve": False,
        "enter_measurement": False,
        "approve_measurement": False,
        "see_contacts": False,
        "edit_network": False,
    },
}


def _fresh(page: Page) -> Page:
    return Page.objects.get(pk=page.pk).specific


def attempt(client: Client, action: str, page: Page) -> bool:
    """Try an action through its admin URL; report whether it took effect."""
    page = _fresh(page)
    if action in ("view_draft", "edit"):
        url = f"/admin/pages/{page.pk}/{'view_draft' if action == 'view_draft' else 'edit'}/"
        return client.get(url).status_code == 200
    if action in ("publish", "submit"):
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        if response.status_code != 200:
            client.post(
                f"/admin/pages/{page.pk}/edit/", {"title": "hijack", f"action-{action}": "1"}
            )
            return (
                _fresh(page).title == "hijack"
                or WorkflowState.objects.filter(
                    base_content_type__isnull=False, object_id=str(page.pk)
                ).exists()
            )
        marker = f"{page.title} · {action}"
        data = form_data(response.content.decode(), "page-edit-form", **{f"action-{action}": "1"})
        if "title" in data:
            data["title"] = marker
        data["intro"] = marker
        client.post(f"/admin/pages/{page.pk}/edit/", data)
        after = _fresh(page)
        if action == "publish":
            return (
                after.live
                and not after.has_unpublished_changes
                and after.live_revision is not None
                and (
                    after.live_revision.content.get("intro") == marker
                    if "intro" in after.live_revision.content
                    else after.live_revision_id != page.live_revision_id
                )
            )
        return WorkflowState.objects.filter(object_id=str(page.pk), status="in_progress").exists()
    if action == "unpublish":
        client.post(f"/admin/pages/{page.pk}/unpublish/", {})
        return not _fresh(page).live
    if action == "delete":
        client.post(f"/admin/pages/{page.pk}/delete/", {})
        return not Page.objects.filter(pk=page.pk).exists()
    raise AssertionError(action)


@pytest.mark.parametrize("role", ROLES)
def test_page_actions(role: str, site: dict[str, Any]) -> None:
    client = client_for(role, site)
    mismatches = []
    for code in LOCALES:
        for place in PLACES:
            page = site["pages"][place][code]
            # delete last: it removes the page
            for action in ("view_draft", "edit", "submit", "publish", "unpublish", "delete"):
                if action in ("publish", "unpublish", "delete", "submit"):
                    # each of these starts from a live page without a workflow in progress
                    WorkflowState.objects.filter(object_id=str(page.pk)).delete()
                    fresh = _fresh(page)
                    if not fresh.live:
                        publish(fresh)
                result = attempt(client, action, page)
                if result != EXPECTED[role][action][place]:
                    mismatches.append(
                        f"{role} {action} {place} {code}: {'allowed' if result else 'refused'}"
                    )
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.parametrize("role", ROLES)
def test_other_actions(role: str, site: dict[str, Any]) -> None:
    client = client_for(role, site)
    expected = OTHER_ACTIONS[role]
    observed = {}

    # approve: a coordinator's submission in programme news, as this role
    submitter = client_for("coordinator", site) if role != "coordinator" else client
    news = site["pages"]["news"]["pl"]
    attempt(submitter, "submit", news)
    state = WorkflowState.objects.get(object_id=str(news.pk), status="in_progress")
    task_state = state.current_task_state
    client.post(f"/admin/pages/workflow/action/{news.pk}/approve/{task_state.pk}/", {"comment": ""})
    observed["approve"] = (
        _fresh(news).live_revision_id != news.live_revision_id
        and not WorkflowState.objects.filter(pk=state.pk, status="in_progress").exists()
    )

    # enter a measurement for an indicator of the unit's tasks
    before = Measurement.objects.count()
    response = client.get("/admin/snippets/indicators/measurement/add/")
    if response.status_code == 200:
        data = form_data(
            response.content.decode(),
            None,
            indicator="open-krakow-2024-2028/indicator/schools-and-residents-reached",
            period="2025",
            unit=str(site["education"].pk),
            value="155",
            components="{}",
        )
        client.post("/admin/snippets/indicators/measurement/add/", data)
    observed["enter_measurement"] = Measurement.objects.count() == before + 1

    # approve a submitted measurement
    measurement = MeasurementFactory(unit=site["education"], period=2024, status=Status.SUBMITTED)
    client.post(f"/admin/measurements/{measurement.pk}/approve/", {})
    measurement.refresh_from_db()
    observed["approve_measurement"] = measurement.status == Status.APPROVED

    # contact data of a unit that did not make it public
    html = client.get(site["culture_page"].url).content.decode()
    observed["see_contacts"] = "hanna@example.org" in html

    # edit the network: add a coordinator
    count = Coordinator.objects.count()
    response = client.get("/admin/snippets/network/coordinator/add/")
    if response.status_code == 200:
        data = form_data(
            response.content.decode(),
            None,
            unit=str(site["culture"].pk),
            network="open-krakow-coordinators",
            role="deputy",
            name="Nowa Osoba",
            valid_from="2026-01-01",
        )
        client.post("/admin/snippets/network/coordinator/add/", data)
    observed["edit_network"] = Coordinator.objects.count() == count + 1

    assert observed == expected


def test_access_goes_when_validity_ends(site: dict[str, Any]) -> None:
    client = client_for("coordinator", site)
    page = site["pages"]["own"]["pl"]
    assert attempt(client, "edit", page)
    person = Coordinator.objects.get(user__username="coordinator")
    person.valid_to = timezone.localdate() - timedelta(days=1)
    person.save()
    assert not attempt(client, "edit", page)
    assert client.get("/admin/").status_code == 302  # no admin access at all


def test_coordinator_cannot_enter_measurements_of_other_units(
    site: dict[str, Any], make_user: Any
) -> None:
    client = client_for("coordinator", site)
    response = client.get("/admin/snippets/indicators/measurement/add/")
    data = form_data(
        response.content.decode(),
        None,
        indicator="open-krakow-2024-2028/indicator/info-point-beneficiaries",
        period="2025",
        unit=str(site["education"].pk),
        value="5000",
        components="{}",
    )
    response = client.post("/admin/snippets/indicators/measurement/add/", data)
    assert Measurement.objects.count() == 0
    # The indicator is not offered, and the refusal says that one thing (no "unknown
    # indicator" besides, no "SZ enters it" beside it).
    form = response.context["form"]
    assert list(form.errors) == ["indicator"]
    assert len(form.errors["indicator"]) == 1
    foreign = MeasurementFactory(
        unit=site["culture"],
        indicator="open-krakow-2024-2028/indicator/schools-and-residents-reached",
    )
    # Wagtail answers a refused admin view with a redirect to the dashboard.
    refused = client.get(f"/admin/snippets/indicators/measurement/edit/{foreign.pk}/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")


def test_permission_changes_are_audited(site: dict[str, Any]) -> None:
    from wagtail.models import ModelLogEntry

    client_for("coordinator", site)
    assert ModelLogEntry.objects.filter(action="okcore.access.granted").exists()
    person = Coordinator.objects.get(user__username="coordinator")
    person.delete()
    assert ModelLogEntry.objects.filter(action="okcore.access.revoked").exists()
