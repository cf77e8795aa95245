"""The report's flow (cms.reports.services and Reports in the admin): SZ generates the
draft, edits it, approves it — a snapshot with its files, which later changes to the data
leave alone — and publishes it; nobody else may, and nothing unapproved goes live
(Program §6 ust. 8)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from clock import TODAY
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape
from factories import MeasurementFactory, UnitFactory

from cms.indicators.models import Status as MeasurementStatus
from cms.programmes.models import ProgrammePage
from cms.reports import services
from cms.reports.convert import page_report
from cms.reports.models import ReportFile, ReportPage, unapproved_message
from okcore.report.model import Heading, Paragraph, Report
from okcore.report.render import FORMATS

pytestmark = pytest.mark.django_db
PROGRAM = "open-krakow-2024-2028"
#: A past year of the programme whatever day the clock is on; its data is made here.
YEAR = 2025
REACHED = f"{PROGRAM}/indicator/schools-and-residents-reached"
SUMMARY = "Podsumowanie napisane przez SZ: rok udanej współpracy."


def edit_summary(page: ReportPage, user: Any, words: str = SUMMARY) -> ReportPage:
    """What SZ does in Wagtail's editor: the summary's paragraph rewritten, a new revision."""
    draft = page.get_latest_revision_as_object()
    report = page_report(draft)
    blocks = list(report.blocks)
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.key == "summary")
    end = next(
        (i for i in range(start + 1, len(blocks)) if isinstance(blocks[i], Heading)), len(blocks)
    )
    blocks[start + 1 : end] = [Paragraph(text=words)]
    from cms.reports.convert import fill_page

    fill_page(draft, report.model_copy(update={"blocks": blocks}))
    draft.save_revision(user=user)
    return ReportPage.objects.get(pk=page.pk)


def texts(report: Report) -> list[str]:
    return [getattr(block, "text", "") for block in report.blocks]


@pytest.fixture
def measurement(db: Any) -> Any:
    unit = UnitFactory(slug="wydzial-edukacji", name="Wydział Edukacji")
    return MeasurementFactory(
        unit=unit, indicator=REACHED, period=YEAR, value=120, status=MeasurementStatus.APPROVED
    )


def test_generate_makes_a_polish_draft_below_the_programme_page(sz: Any) -> None:
    assert services.state(PROGRAM, YEAR) is services.State.NONE
    page = services.generate(PROGRAM, YEAR, sz)
    parent = ProgrammePage.objects.get(okcore_id=PROGRAM, locale__language_code="pl")
    assert page.get_parent().pk == parent.pk
    assert (page.locale.language_code, page.year, page.program, page.live) == (
        "pl",
        YEAR,
        PROGRAM,
        False,
    )
    report = page_report(page.get_latest_revision_as_object())
    keys = {b.key for b in report.blocks if isinstance(b, Heading)}
    assert {"summary", "conclusions", "recommendations"} <= keys
    assert str(YEAR) in report.title
    assert services.state(PROGRAM, YEAR) is services.State.DRAFT


def test_generating_again_keeps_what_sz_wrote_and_refreshes_the_data(
    sz: Any, measurement: Any
) -> None:
    page = edit_summary(services.generate(PROGRAM, YEAR, sz), sz)
    revisions = page.revisions.count()
    measurement.value = 4321
    measurement.save()
    page = services.generate(PROGRAM, YEAR, sz)
    assert ReportPage.objects.filter(program=PROGRAM, year=YEAR).count() == 1
    assert page.revisions.count() == revisions + 1
    report = page_report(page.get_latest_revision_as_object())
    assert SUMMARY in texts(report)
    assert "4321" in report.model_dump_json()


def test_approval_is_a_snapshot_with_files_later_data_does_not_alter(
    sz: Any, measurement: Any
) -> None:
    page = edit_summary(services.generate(PROGRAM, YEAR, sz), sz)
    page = services.approve(page, sz)
    page.refresh_from_db()
    assert page.approved_revision_id == page.latest_revision_id
    assert page.approved_by == sz and page.approved_at is not None
    assert SUMMARY in texts(Report.model_validate(page.snapshot))
    assert services.state(PROGRAM, YEAR) is services.State.APPROVED
    files = {f.format: f for f in page.files.all()}
    assert set(files) == set(FORMATS)
    contents = {fmt: f.file.open("rb").read() for fmt, f in files.items()}
    assert all(contents.values())
    assert SUMMARY.encode() in contents["html"]
    snapshot = page.snapshot

    measurement.value = 9876
    measurement.save()

    page.refresh_from_db()
    assert page.snapshot == snapshot
    for fmt, found in files.items():
        assert ReportFile.objects.get(pk=found.pk).file.open("rb").read() == contents[fmt]
    assert b"9876" not in contents["html"]


def test_publish_refused_until_the_latest_revision_is_approved(sz: Any) -> None:
    page = services.generate(PROGRAM, YEAR, sz)
    with pytest.raises(ValidationError, match=re.escape(unapproved_message())):
        services.publish(page, sz)
    page = services.publish(services.approve(page, sz), sz)
    assert page.live and page.live_revision_id == page.approved_revision_id
    assert services.state(PROGRAM, YEAR) is services.State.PUBLISHED

    page = edit_summary(page, sz, "Druga wersja podsumowania.")
    assert services.state(PROGRAM, YEAR) is services.State.DRAFT
    with pytest.raises(ValidationError):
        services.publish(page, sz)
    assert page.revisions.count() == 2  # generated, then edited: Wagtail keeps both


def test_no_way_round_publishes_an_unapproved_original(sz: Any) -> None:
    """Wagtail's own publishing (a schedule, a bulk action) asks the page too."""
    page = services.generate(PROGRAM, YEAR, sz)
    with pytest.raises(ValidationError, match=re.escape(unapproved_message())):
        page.latest_revision.publish(user=sz)
    page.refresh_from_db()
    assert not page.live
    assert page.get_workflow() is None  # no moderation's approval publishes it either


def test_wagtails_own_publish_button_refuses_an_unapproved_report(sz: Any, logged_in: Any) -> None:
    page = services.generate(PROGRAM, YEAR, sz)
    client = logged_in(sz)
    form = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert form.status_code == 200
    data = {
        "title": page.title,
        "slug": page.slug,
        "program_title": page.program_title,
        "city": page.city,
        "legal_basis": page.legal_basis,
        "body-count": "0",
        "action-publish": "publish",
    }
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)
    page.refresh_from_db()
    assert not page.live
    assert escape(unapproved_message()) in response.content.decode()


@pytest.mark.parametrize("role", ["coordinators", "editors"])
def test_only_sz_manages_the_report(role: str, make_user: Any, sz: Any, logged_in: Any) -> None:
    user = make_user("other", role)
    with pytest.raises(PermissionDenied):
        services.generate(PROGRAM, YEAR, user)
    page = services.generate(PROGRAM, YEAR, sz)
    with pytest.raises(PermissionDenied):
        services.approve(page, user)
    client = logged_in(user)
    assert client.post(reverse("report_generate", args=[PROGRAM, YEAR])).status_code in (302, 403)
    assert client.post(reverse("report_approve", args=[page.pk])).status_code in (302, 403)
    page.refresh_from_db()
    assert page.approved_revision_id is None
    assert client.get(reverse("report_list")).status_code in (302, 403)


def test_another_citys_sz_may_not_touch_the_report(lublin_sz: Any, sz: Any, logged_in: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.generate(PROGRAM, YEAR, lublin_sz)
    page = services.approve(services.generate(PROGRAM, YEAR, sz), sz)
    with pytest.raises(PermissionDenied):
        services.publish(page, lublin_sz)
    client = logged_in(lublin_sz)
    assert client.post(reverse("report_publish", args=[page.pk])).status_code in (302, 403)
    page.refresh_from_db()
    assert not page.live
    found = page.files.first()
    assert client.get(reverse("report_file", args=[found.pk]), follow=True).status_code == 404


@pytest.mark.parametrize("year", [2023, TODAY.year + 1])
def test_a_year_outside_the_programme_or_ahead_is_refused(sz: Any, year: int) -> None:
    with pytest.raises(ValidationError):
        services.generate(PROGRAM, year, sz)
    assert not ReportPage.objects.exists()


def test_reports_view_walks_the_steps(sz: Any, logged_in: Any) -> None:
    client = logged_in(sz)
    listing = client.get(reverse("report_list"))
    assert listing.status_code == 200
    assert f'data-year="{YEAR}"' in listing.content.decode()
    client.post(reverse("report_generate", args=[PROGRAM, YEAR]))
    page = ReportPage.objects.get(program=PROGRAM, year=YEAR)
    client.post(reverse("report_approve", args=[page.pk]), {"revision": page.latest_revision_id})
    client.post(reverse("report_publish", args=[page.pk]))
    page.refresh_from_db()
    assert page.live
    listing = client.get(reverse("report_list")).content.decode()
    assert services.State.PUBLISHED.label in listing


def test_files_are_sz_only_until_the_report_is_live(sz: Any, client: Any, logged_in: Any) -> None:
    page = services.approve(services.generate(PROGRAM, YEAR, sz), sz)
    found = page.files.get(format="pdf")
    url = reverse("report_file", args=[found.pk])
    assert client.get(url, follow=True).status_code == 404
    response = logged_in(sz).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    services.publish(page, sz)
    public = client.get(url)
    assert public.status_code == 200
    assert b"".join(public.streaming_content).startswith(b"%PDF")

    # A new version approved but not yet published: the portal keeps the published one's.
    page = services.approve(edit_summary(page, sz, "Wersja druga."), sz)
    newer = page.files.get(format="pdf", revision=page.approved_revision)
    assert client.get(reverse("report_file", args=[newer.pk]), follow=True).status_code == 404
    assert client.get(url).status_code == 200
    shown = client.get(page.url).content.decode()
    assert f"/reports/files/{found.pk}/" in shown and f"/reports/files/{newer.pk}/" not in shown
