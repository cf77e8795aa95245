"""Attacks on the report's flow: ways round the approval (translations, a stale Approve,
Wagtail's bulk actions) and hostile text in what SZ writes (Program §6 ust. 8: what goes
live is the Mayor's approved report)."""

from __future__ import annotations

import json
from contextlib import suppress
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from cms.programmes.models import ProgrammePage
from cms.reports import services
from cms.reports.convert import fill_page, page_report
from cms.reports.models import ReportPage, unapproved_message
from okcore.report.model import Chart, ChartRow, Heading, Paragraph, Table
from tests.cms import test_two_cities
from tests.cms.test_two_cities import HOSTS, KRAKOW, LUBLIN

cities = test_two_cities.cities  # the two-city fixture

pytestmark = pytest.mark.django_db
PROGRAM = "open-krakow-2024-2028"
YEAR = 2025
HOSTILE = '<script>alert("x")</script>\x0b<img src="file:///etc/passwd">\x01'


def translate(page: ReportPage, capture: Any) -> ReportPage:
    """What wagtail-localize's "Translate" then "Publish" in its editor do."""
    english = Locale.objects.get(language_code="en")
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=english)
    # The page's refusal may surface here or be caught by wagtail-localize itself; either
    # way the callers assert that nothing went live.
    with suppress(ValidationError), capture(execute=True):  # publishes on commit
        translation.save_target(publish=True)
    found: ReportPage = ReportPage.objects.get(translation_key=page.translation_key, locale=english)
    return found


def test_a_translation_of_an_unapproved_original_does_not_go_live(
    sz: Any, django_capture_on_commit_callbacks: Any
) -> None:
    page = services.generate(PROGRAM, YEAR, sz)
    english = translate(page, django_capture_on_commit_callbacks)
    assert not english.live
    assert not english.files.exists()


def test_a_translation_waits_while_its_original_has_an_unapproved_version(
    sz: Any, django_capture_on_commit_callbacks: Any
) -> None:
    page = services.approve(services.generate(PROGRAM, YEAR, sz), sz)
    draft = page.get_latest_revision_as_object()
    draft.title = "Wersja jeszcze niezatwierdzona"
    draft.save_revision(user=sz)
    english = translate(page, django_capture_on_commit_callbacks)
    assert not english.live


def test_approve_takes_the_revision_sz_saw_not_a_later_one(
    sz: Any, make_user: Any, logged_in: Any
) -> None:
    """SZ opens Annual reports, an editor saves a revision meanwhile, SZ clicks Approve:
    the editor's unseen words must not become the approved report."""
    page = services.generate(PROGRAM, YEAR, sz)
    client = logged_in(sz)
    listing = client.get(reverse("report_list")).content.decode()
    seen = page.latest_revision_id
    assert f'name="revision" value="{seen}"' in listing
    draft = page.get_latest_revision_as_object()
    draft.title = "Sprawozdanie zmienione przez redaktora"
    draft.save_revision(user=make_user("editor", "editors"))
    client.post(reverse("report_approve", args=[page.pk]), {"revision": seen})
    client.post(reverse("report_approve", args=[page.pk]), {"revision": "latest"})
    client.post(reverse("report_approve", args=[page.pk]))
    page.refresh_from_db()
    assert page.approved_revision_id is None
    assert services.state(PROGRAM, YEAR) is services.State.DRAFT


@pytest.mark.parametrize("below", [False, True])
def test_wagtails_bulk_publish_refuses_an_unapproved_report(
    sz: Any, logged_in: Any, below: bool
) -> None:
    """Selected itself, or a draft below the programme's page published "with its
    subpages": a message, not a server error, and nothing live."""
    page = services.generate(PROGRAM, YEAR, sz)
    client = logged_in(sz)
    client.raise_request_exception = False
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    selected = page.get_parent().pk if below else page.pk
    data = {"include_descendants": "on"} if below else {}
    back = reverse("wagtailadmin_explore", args=[page.get_parent().pk])
    response = client.post(f"{url}?id={selected}&next={back}", data, follow=True)
    page.refresh_from_db()
    assert not page.live
    assert response.status_code == 200
    assert escape(unapproved_message()) in response.content.decode()


def hostile_page(sz: Any) -> ReportPage:
    page = services.generate(PROGRAM, YEAR, sz)
    draft = page.get_latest_revision_as_object()
    report = page_report(draft)
    blocks = [
        Heading(level=1, text=HOSTILE, key="summary", written=True),
        Paragraph(text=HOSTILE * 50),
        Table(caption=HOSTILE, header=[HOSTILE, "b"], rows=[[HOSTILE, str(i)] for i in range(400)]),
        Chart(
            key="goal-1",
            title=HOSTILE,
            description=HOSTILE,
            rows=[ChartRow(name=HOSTILE, baseline=1, value=2, target=3, target_label=HOSTILE)],
            labels=(HOSTILE, HOSTILE, HOSTILE),
        ),
    ]
    fill_page(draft, report.model_copy(update={"blocks": blocks, "title": HOSTILE}))
    draft.save_revision(user=sz)
    return ReportPage.objects.get(pk=page.pk)


def test_hostile_text_is_escaped_everywhere_and_every_file_is_made(sz: Any, client: Any) -> None:
    page = services.publish(services.approve(hostile_page(sz), sz), sz)
    files = {f.format: f.file.open("rb").read() for f in page.files.all()}
    assert set(files) == {"html", "pdf", "docx", "odt"}
    assert b"<script>" not in files["html"] and b"<img src" not in files["html"]
    assert b"\x0b" not in files["html"] and b"\x01" not in files["html"]
    shown = client.get(page.url)
    assert shown.status_code == 200
    assert b"<script>alert" not in shown.content
    assert b'<img src="file:' not in shown.content


@pytest.mark.parametrize("role", [None, "editors", "coordinators"])
def test_no_one_but_sz_gets_an_unpublished_file_by_guessing_its_number(
    sz: Any, make_user: Any, logged_in: Any, client: Any, role: str | None
) -> None:
    page = services.approve(services.generate(PROGRAM, YEAR, sz), sz)
    asker = client if role is None else logged_in(make_user("other", role))
    for found in page.files.all():
        assert asker.get(reverse("report_file", args=[found.pk]), follow=True).status_code == 404
    # Once live, then taken off the portal: private again.
    page = services.publish(page, sz)
    found = page.files.get(format="html")
    assert asker.get(reverse("report_file", args=[found.pk]), follow=True).status_code == 200
    page.unpublish(user=sz)
    assert asker.get(reverse("report_file", args=[found.pk]), follow=True).status_code == 404
    if role is not None:
        assert asker.get(reverse("report_list")).status_code in (302, 403)


def test_wagtails_copy_makes_no_second_report(sz: Any, logged_in: Any) -> None:
    page = services.publish(services.approve(services.generate(PROGRAM, YEAR, sz), sz), sz)
    client = logged_in(sz)
    client.raise_request_exception = False
    data = {
        "new_title": "Kopia",
        "new_slug": "kopia",
        "new_parent_page": page.get_parent().pk,
        "publish_copies": "on",
    }
    client.post(reverse("wagtailadmin_pages:copy", args=[page.pk]), data)
    assert ReportPage.objects.count() == 1


def test_approving_an_approved_version_again_changes_nothing(sz: Any, make_user: Any) -> None:
    """A replayed Approve must not rewrite who approved the published report, nor its
    files."""
    page = services.publish(services.approve(services.generate(PROGRAM, YEAR, sz), sz), sz)
    files = set(page.files.values_list("pk", flat=True))
    other = make_user("sz2", "admins")
    with pytest.raises(ValidationError):
        services.approve(page, other, seen=page.latest_revision_id)
    page.refresh_from_db()
    assert page.approved_by == sz
    assert set(page.files.values_list("pk", flat=True)) == files


def test_each_citys_sz_reports_on_its_own_programme_only(cities: Any, logged_in: Any) -> None:
    """Two cities on one installation (tests/cms/test_two_cities.py): each SZ generates,
    approves and downloads its own city's report, never the other's."""
    from django.contrib.auth.models import Group
    from django.core.exceptions import PermissionDenied
    from factories import UserFactory

    def sz_of(host: str) -> Any:
        user = UserFactory(username=f"sz-{host}")
        user.groups.add(Group.objects.get(name=f"Portal administrators ({host})"))
        return user

    krakow, lublin = sz_of(HOSTS[KRAKOW]), sz_of(HOSTS[LUBLIN])
    theirs = services.approve(services.generate(LUBLIN, YEAR, lublin), lublin)
    with pytest.raises(PermissionDenied):
        services.generate(LUBLIN, YEAR, krakow)
    with pytest.raises(PermissionDenied):
        services.approve(theirs, krakow)
    with pytest.raises(PermissionDenied):
        services.publish(theirs, krakow)
    client = logged_in(krakow)
    client.post(reverse("report_publish", args=[theirs.pk]))
    for found in theirs.files.all():
        url = reverse("report_file", args=[found.pk])
        assert client.get(url, follow=True).status_code == 404
    listing = client.get(reverse("report_list"), follow=True).content.decode()
    assert f'data-year="{YEAR}"' in listing and LUBLIN not in listing
    theirs.refresh_from_db()
    assert not theirs.live


def test_a_post_without_the_csrf_token_approves_nothing(sz: Any) -> None:
    from django.test import Client

    page = services.generate(PROGRAM, YEAR, sz)
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    client.force_login(sz)
    url = reverse("report_approve", args=[page.pk])
    assert client.post(url, {"revision": page.latest_revision_id}).status_code == 403
    page.refresh_from_db()
    assert page.approved_revision_id is None


#: wagtail-localize publishes a synced translation when the transaction commits: a test
#: with real commits (run after the others; one before it may have emptied the database).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_wagtail_localizes_update_and_publish_leaves_the_translation_unpublished(
    sz: Any, logged_in: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """ "Sync translated pages" with "publish" while the original is a draft again: the
    report's gate refuses, and SZ reads why instead of a server error."""
    if not ReportPage.objects.exists() and not ProgrammePage.objects.exists():
        call_command("okcore_sync", PROGRAM, verbosity=0)  # after another such test's flush
    page = services.publish(services.approve(services.generate(PROGRAM, YEAR, sz), sz), sz)
    english = translate(page, django_capture_on_commit_callbacks)
    assert english.live
    draft = page.get_latest_revision_as_object()
    draft.title = "Wersja jeszcze niezatwierdzona"
    draft.save_revision(user=sz)
    source = TranslationSource.objects.get(object_id=page.translation_key)
    client = logged_in(sz)
    client.raise_request_exception = False
    response = client.post(
        reverse("wagtail_localize:update_translations", args=[source.pk]),
        {"publish_translations": "on"},
        follow=True,
    )
    english.refresh_from_db()
    assert "niezatwierdzona" not in english.title
    assert response.status_code == 200
    assert unapproved_message() in [str(m) for m in response.context["messages"]]


ODD_BLOCKS = [
    Heading(level=3, text="Bez niczego", key=""),
    Table(caption="Pusta", header=[], rows=[]),
    Table(caption="Nierówna", header=["a"], rows=[["1", "2", "3"], [], ["x"]]),
    Chart(key="k", title="Pusty", description="", rows=[], labels=("a", "b", "c")),
    Chart(
        key="k2",
        title="Skrajny",
        description="d",
        rows=[
            ChartRow(name="ujemny", baseline=-50, value=-1e9, target=None, target_label=""),
            ChartRow(name="ogromny", baseline=None, value=1e300, target=1e308, target_label=""),
            ChartRow(name="zera", baseline=0, value=0, target=0, target_label="0"),
        ],
        labels=("a", "b", "c"),
    ),
    Paragraph(text=""),
]


def test_odd_content_sz_may_leave_renders_in_every_format(sz: Any, client: Any) -> None:
    """Empty and ragged tables, empty or extreme charts: the editor lets SZ leave them."""
    page = services.generate(PROGRAM, YEAR, sz)
    draft = page.get_latest_revision_as_object()
    fill_page(draft, page_report(draft).model_copy(update={"blocks": ODD_BLOCKS}))
    draft.save_revision(user=sz)
    page = services.publish(services.approve(ReportPage.objects.get(pk=page.pk), sz), sz)
    assert {f.format for f in page.files.all()} == {"html", "pdf", "docx", "odt"}
    assert client.get(page.url).status_code == 200


def test_no_coordinators_name_phone_or_e_mail_reaches_the_report(
    sz: Any, make_user: Any, client: Any
) -> None:
    """The report names units only: nothing of the people who delivered (their names,
    phones, e-mails in the network, their accounts) is in its page, snapshot or files."""
    from datetime import date

    from factories import CoordinatorFactory, UnitFactory

    from cms.deliveries import services as deliveries
    from cms.deliveries.models import Status
    from cms.network.models import Role

    unit = UnitFactory(slug="wydzial-bezpieczenstwa", name="Wydział Bezpieczeństwa")
    person = make_user(
        "zawadzka", first_name="Anna", last_name="Zawadzka", email="anna.z@um.krakow.pl"
    )
    CoordinatorFactory(
        unit=unit,
        network="open-krakow-coordinators",
        user=person,
        role=Role.COORDINATOR,
        name="Anna Zawadzka",
        phone="+48 12 616 1234",
        email="a.zawadzka@um.krakow.pl",
    )
    duty = deliveries.find_duty(
        unit, "3487-2023-reporting-materials", period_end=date(YEAR, 12, 31)
    )
    delivery = deliveries.start_delivery(
        person,
        duty,
        {
            "task_6_1_actions": "Kampania w komunikacji miejskiej.",
            "task_6_2_actions": "Mapa ryzyka.",
            "task_6_3_actions": "Szkolenia.",
        },
    )
    deliveries.submit(person, delivery)
    deliveries.review(sz, delivery, Status.ACKNOWLEDGED)

    page = services.publish(services.approve(services.generate(PROGRAM, YEAR, sz), sz), sz)
    html = page.files.get(format="html").file.open("rb").read().decode()
    assert "Kampania w komunikacji miejskiej." in html and "Wydział Bezpieczeństwa" in html
    shown = client.get(page.url).content.decode()
    snapshot = json.dumps(page.snapshot, ensure_ascii=False)
    for where in (html, shown, snapshot):
        for personal in ("Zawadzka", "616 1234", "um.krakow.pl", "zawadzka"):
            assert personal not in where


def take_down(client: Any, page: ReportPage, step: str) -> None:
    """Wagtail's Delete or Unpublish, from the page's menu or as a bulk action."""
    client.raise_request_exception = False
    if step.startswith("bulk-"):
        url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", step[5:]))
        back = reverse("wagtailadmin_explore", args=[page.get_parent().pk])
        client.post(f"{url}?id={page.pk}&next={back}", {})
    else:
        client.post(reverse(f"wagtailadmin_pages:{step}", args=[page.pk]), {})


STEPS = ["delete", "unpublish", "bulk-delete", "bulk-unpublish"]


@pytest.mark.parametrize("step", STEPS)
def test_a_portal_editor_may_not_take_down_the_published_report(
    sz: Any, make_user: Any, logged_in: Any, step: str
) -> None:
    """Only SZ manages the report (3487/2023 §4): an editor neither deletes the Mayor's
    published report with its files nor takes it off the portal."""
    page = services.publish(services.approve(services.generate(PROGRAM, YEAR, sz), sz), sz)
    take_down(logged_in(make_user("editor", "editors")), page, step)
    assert ReportPage.objects.filter(pk=page.pk, live=True).exists()


@pytest.mark.parametrize("step", STEPS)
def test_sz_may_take_the_report_down(sz: Any, logged_in: Any, step: str) -> None:
    page = services.publish(services.approve(services.generate(PROGRAM, YEAR, sz), sz), sz)
    take_down(logged_in(sz), page, step)
    assert not ReportPage.objects.filter(pk=page.pk, live=True).exists()


def test_a_portal_editor_may_not_edit_the_report(sz: Any, make_user: Any, logged_in: Any) -> None:
    """An editor's save would turn SZ's approved report back into a draft: the report's
    editor is SZ's alone (the page's menu offers it to nobody else)."""
    page = services.approve(services.generate(PROGRAM, YEAR, sz), sz)
    revisions = page.revisions.count()
    client = logged_in(make_user("editor", "editors"))
    client.raise_request_exception = False
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert client.get(edit).status_code in (302, 403)
    client.post(edit, {"title": "Zmienione"})
    page.refresh_from_db()
    assert page.revisions.count() == revisions
    assert services.state(page.program, page.year) is services.State.APPROVED
    assert logged_in(sz).get(edit).status_code == 200
