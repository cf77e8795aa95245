"""Deliveries through the admin's pages: the coordinator's form, SZ's review in one step,
the private attachments, and who may do what (cms.deliveries.views)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from clock import TODAY, quarter_start
from dateutil.relativedelta import relativedelta
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from factories import CoordinatorFactory, UnitFactory

from cms.deliveries import services
from cms.deliveries.models import Delivery, DeliveryAttachment, Status
from cms.network.compliance import deliver_url, unit_obligations
from cms.network.models import ActivityRecord, Role, Unit
from okcore.services.compliance import Status as DeadlineStatus

pytestmark = pytest.mark.django_db
NGO = "ngo-cooperation-coordinators"
FUNDS = "351-2026-small-grant-funds"
MEETING = "351-2026-sector-meeting"
CONTACT = "351-2026-contact-data"
QUARTER_END = quarter_start() + relativedelta(months=3) - relativedelta(days=1)
AMOUNTS = {"planned": "10000", "committed": "2500.50", "remaining": "7499.50"}


@pytest.fixture
def unit(db: Any) -> Unit:
    return UnitFactory(slug="wydzial-kultury", name="Wydział Kultury")


@pytest.fixture
def anna(make_user: Any, unit: Unit) -> Any:
    user = make_user("anna")
    CoordinatorFactory(
        unit=unit,
        network=NGO,
        user=user,
        name="Anna Maria Nowak",
        function="inspektor",
        phone="+48 12 616 00 00",
        email="anna.nowak@um.krakow.pl",
        valid_from=date(2026, 2, 24),
    )
    return user


@pytest.fixture
def sz(make_user: Any) -> Any:
    return make_user("sz", "admins")


def logged_in(user: Any) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def quarter_due(unit: Unit) -> date:
    for _n, _network, _unit, state in unit_obligations([unit], TODAY):
        if state.obligation.id == FUNDS:
            return next(d.due for d in state.deadlines if d.period_end == QUARTER_END)
    raise AssertionError(f"no {FUNDS}")


def deadline_status(unit: Unit, due: date) -> DeadlineStatus:
    for _n, _network, _unit, state in unit_obligations([unit], TODAY):
        if state.obligation.id == FUNDS:
            return next(d.status for d in state.deadlines if d.due == due)
    raise AssertionError(f"no {FUNDS}")


def test_coordinator_delivers_and_sz_acknowledges_in_one_step(
    anna: Any, sz: Any, unit: Unit
) -> None:
    due = quarter_due(unit)
    url = deliver_url(unit.slug, FUNDS, due)
    coordinator = logged_in(anna)
    form = coordinator.get(url)
    assert form.status_code == 200
    page = form.content.decode()
    assert 'name="planned"' in page and 'name="action" value="submit"' in page
    response = coordinator.post(url, {**AMOUNTS, "action": "submit"})
    delivery = Delivery.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("delivery_edit", args=[delivery.pk])
    assert (delivery.status, delivery.due, delivery.submitted_by) == (Status.SUBMITTED, due, anna)
    assert delivery.data == {"planned": "10000.00", "committed": "2500.50", "remaining": "7499.50"}
    # The Deliver link now leads to the delivery made; the coordinator sees no buttons of SZ.
    assert coordinator.get(url)["Location"] == reverse("delivery_edit", args=[delivery.pk])
    shown = coordinator.get(reverse("delivery_edit", args=[delivery.pk])).content.decode()
    assert "7499.50" in shown and 'value="acknowledge"' not in shown
    assert coordinator.get(reverse("delivery_review", args=[delivery.pk])).status_code == 403
    review_url = reverse("delivery_review", args=[delivery.pk])
    refused = coordinator.post(review_url, {"action": "acknowledge"})
    assert refused.status_code == 403
    assert Delivery.objects.get().status == Status.SUBMITTED

    reviewer = logged_in(sz)
    page = reviewer.get(review_url).content.decode()
    for expected in (
        "Wydział Kultury",
        "351/2026 §3 pt 5",
        "10000.00",
        "2500.50",
        'value="acknowledge"',
    ):
        assert expected in page
    done = reviewer.post(
        review_url, {"action": "acknowledge", "next": reverse("unit_duties", args=[unit.slug])}
    )
    assert done["Location"] == reverse("unit_duties", args=[unit.slug])
    delivery.refresh_from_db()
    assert delivery.status == Status.ACKNOWLEDGED and delivery.acknowledged_by == sz
    assert ActivityRecord.objects.get().due == due
    assert deadline_status(unit, due) is DeadlineStatus.MET


def test_review_goes_only_to_a_safe_next(anna: Any, sz: Any, unit: Unit) -> None:
    coordinator = logged_in(anna)
    coordinator.post(
        deliver_url(unit.slug, FUNDS, quarter_due(unit)), {**AMOUNTS, "action": "submit"}
    )
    delivery = Delivery.objects.get()
    done = logged_in(sz).post(
        reverse("delivery_review", args=[delivery.pk]),
        {"action": "acknowledge", "next": "https://evil.example/"},
    )
    assert done["Location"] == reverse("delivery_list")


def test_the_second_reviewer_is_told_the_first_decided(
    anna: Any, sz: Any, make_user: Any, unit: Unit
) -> None:
    coordinator = logged_in(anna)
    coordinator.post(
        deliver_url(unit.slug, FUNDS, quarter_due(unit)), {**AMOUNTS, "action": "submit"}
    )
    delivery = Delivery.objects.get()
    review = reverse("delivery_review", args=[delivery.pk])
    inbox = "/admin/inbox/"
    logged_in(sz).post(review, {"action": "acknowledge"})
    second = logged_in(make_user("sz2", "admins"))
    late = second.post(review, {"action": "return", "comment": "Za mało", "next": inbox})
    assert late.status_code == 302 and late["Location"] == inbox
    told = [str(m) for m in get_messages(late.wsgi_request)]  # the admin speaks Polish
    assert any("zmienił w międzyczasie to przekazanie" in m for m in told), told
    delivery.refresh_from_db()
    assert delivery.status == "acknowledged" and delivery.review_comment == ""
    nul = second.post(review, {"action": "return", "comment": "a\x00"})
    assert nul.status_code == 400


def test_nobody_acknowledges_their_own_submission(make_user: Any, sz: Any, unit: Unit) -> None:
    """SZ's administrator who is also the unit's coordinator does not review themselves."""
    CoordinatorFactory(unit=unit, network=NGO, user=sz, valid_from=date(2026, 2, 24))
    client = logged_in(sz)
    client.post(deliver_url(unit.slug, FUNDS, quarter_due(unit)), {**AMOUNTS, "action": "submit"})
    delivery = Delivery.objects.get(status=Status.SUBMITTED)
    shown = client.get(reverse("delivery_edit", args=[delivery.pk])).content.decode()
    assert reverse("delivery_review", args=[delivery.pk]) not in shown
    assert (
        client.post(
            reverse("delivery_review", args=[delivery.pk]), {"action": "acknowledge"}
        ).status_code
        == 403
    )


def test_coordinator_cannot_deliver_or_see_for_another_unit(anna: Any, make_user: Any) -> None:
    other = UnitFactory(slug="wydzial-edukacji", name="Wydział Edukacji")
    bob = make_user("bob")
    CoordinatorFactory(unit=other, network=NGO, user=bob, valid_from=date(2026, 2, 24))
    due = quarter_due(other)
    logged_in(bob).post(deliver_url(other.slug, FUNDS, due), {**AMOUNTS, "action": "save"})
    delivery = Delivery.objects.get(unit=other)
    client = logged_in(anna)
    assert client.get(deliver_url(other.slug, FUNDS, due)).status_code == 403
    assert client.post(deliver_url(other.slug, FUNDS, due), AMOUNTS).status_code == 403
    assert client.get(reverse("delivery_edit", args=[delivery.pk])).status_code == 403
    assert (
        client.post(reverse("delivery_edit", args=[delivery.pk]), {"planned": "1"}).status_code
        == 403
    )
    assert Delivery.objects.get(unit=other).data["planned"] == "10000.00"
    assert client.get(reverse("unit_duties", args=[other.slug])).status_code == 403
    assert "Wydział Edukacji" not in client.get(reverse("delivery_list")).content.decode()


def test_unknown_duty_or_deadline_is_named(anna: Any, unit: Unit) -> None:
    client = logged_in(anna)
    unknown = client.get(
        deliver_url(unit.slug, "no-such-duty", TODAY),
    )
    wrong_day = client.get(deliver_url(unit.slug, FUNDS, quarter_due(unit) - timedelta(1)))
    assert unknown.status_code == 400 and "no-such-duty" in unknown.content.decode()
    named = (quarter_due(unit) - timedelta(1)).isoformat()
    assert wrong_day.status_code == 400 and named in wrong_day.content.decode()
    assert not Delivery.objects.exists()


def test_returned_delivery_shows_the_comment_and_is_submitted_again(
    anna: Any, sz: Any, unit: Unit
) -> None:
    coordinator = logged_in(anna)
    coordinator.post(
        deliver_url(unit.slug, FUNDS, quarter_due(unit)), {**AMOUNTS, "action": "submit"}
    )
    delivery = Delivery.objects.get()
    review_url = reverse("delivery_review", args=[delivery.pk])
    reviewer = logged_in(sz)
    no_reason = reviewer.post(review_url, {"action": "return", "comment": " "})
    assert no_reason.status_code == 400
    assert Delivery.objects.get().status == Status.SUBMITTED
    reviewer.post(review_url, {"action": "return", "comment": "Kwota pozostała się nie zgadza."})
    assert Delivery.objects.get().status == Status.RETURNED
    edit_url = reverse("delivery_edit", args=[delivery.pk])
    form = coordinator.get(edit_url).content.decode()
    assert "Kwota pozostała się nie zgadza." in form
    assert form.index("Kwota pozostała się nie zgadza.") < form.index('name="planned"')
    assert 'value="7499.50"' in form
    again = coordinator.post(edit_url, {**AMOUNTS, "remaining": "7500.00", "action": "submit"})
    assert again.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.data["remaining"]) == (Status.SUBMITTED, "7500.00")
    assert [h.to_status for h in delivery.history.all()] == ["submitted", "returned", "submitted"]


def test_failed_submission_keeps_the_draft_as_it_was_saved(anna: Any, unit: Unit) -> None:
    coordinator = logged_in(anna)
    url = deliver_url(unit.slug, FUNDS, quarter_due(unit))
    incomplete = coordinator.post(url, {"planned": "100", "action": "submit"})
    assert incomplete.status_code == 400 and 'value="100"' in incomplete.content.decode()
    assert not Delivery.objects.exists()  # a first submission that fails leaves no draft
    coordinator.post(url, {"planned": "100", "action": "save"})
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.data) == (Status.DRAFT, {"planned": "100.00"})
    edit_url = reverse("delivery_edit", args=[delivery.pk])
    failed = coordinator.post(edit_url, {"planned": "200", "committed": "5", "action": "submit"})
    assert failed.status_code == 400
    assert "this field is required" in failed.content.decode()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.data) == (Status.DRAFT, {"planned": "100.00"})
    negative = coordinator.post(edit_url, {"planned": "-1", "action": "save"})
    assert negative.status_code == 400
    assert Delivery.objects.get().data == {"planned": "100.00"}


def meeting_url(unit: Unit) -> str:
    for _n, _network, _unit, state in unit_obligations([unit], TODAY):
        if state.obligation.id == MEETING:
            open_ones = [d for d in state.deadlines if d.status is not DeadlineStatus.MET]
            return deliver_url(unit.slug, MEETING, open_ones[0].due)
    raise AssertionError(f"no {MEETING}")


def test_attachments_are_private_and_checked(
    anna: Any,
    sz: Any,
    make_user: Any,
    unit: Unit,
    settings: Any,
    tmp_path: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.OKCORE_PRIVATE_ROOT = tmp_path
    coordinator = logged_in(anna)
    url = meeting_url(unit)
    pdf = SimpleUploadedFile("protokol.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    response = coordinator.post(
        url,
        {"held_on": TODAY.isoformat(), "organisations": "12", "minutes": [pdf], "action": "save"},
    )
    assert response.status_code == 302
    delivery = Delivery.objects.get()
    attachment = DeliveryAttachment.objects.get()
    assert delivery.data["minutes"] == [str(attachment.pk)]
    with pytest.raises(ValueError, match="no public address"):
        attachment.file.url  # noqa: B018  # no public address exists
    assert not str(attachment.file.path).startswith(str(settings.MEDIA_ROOT))
    assert coordinator.get(settings.MEDIA_URL + attachment.file.name).status_code == 404
    download = reverse("delivery_attachment", args=[attachment.pk])
    settings.SECURE_CONTENT_TYPE_NOSNIFF = False  # the view says it itself, whatever the site's
    got = logged_in(anna).get(download)
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.4 minutes"
    assert got["X-Content-Type-Options"] == "nosniff"
    assert got["Content-Disposition"].startswith("attachment")
    assert logged_in(sz).get(download).status_code == 200
    stranger = make_user("stranger", "coordinators", unit="wydzial-edukacji")
    assert logged_in(stranger).get(download).status_code == 404
    assert Client(HTTP_HOST="localhost").get(download).status_code == 302  # to the login

    edit_url = reverse("delivery_edit", args=[delivery.pk])
    program = SimpleUploadedFile(
        "protokol.pdf", b"MZ\x90\x00 program", content_type="application/pdf"
    )
    refused = coordinator.post(
        edit_url,
        {
            "held_on": TODAY.isoformat(),
            "organisations": "12",
            "minutes": [program],
            "action": "submit",
        },
    )
    assert refused.status_code == 400
    assert "protokol.pdf nie jest plikiem .pdf." in refused.content.decode()
    settings.OKCORE_ATTACHMENT_MAX_BYTES = 10
    big = SimpleUploadedFile("duzy.pdf", b"%PDF-" + b"x" * 20)
    too_big = coordinator.post(edit_url, {"minutes": [big], "action": "save"})
    assert "duzy.pdf jest większy niż" in too_big.content.decode()
    good = SimpleUploadedFile("lista.pdf", b"%PDF-1.4 list")
    settings.OKCORE_ATTACHMENT_MAX_BYTES = 10_000
    incomplete = coordinator.post(edit_url, {"held_on": "", "minutes": [good], "action": "submit"})
    assert incomplete.status_code == 400  # the date is missing: the file stays unwritten
    assert DeliveryAttachment.objects.count() == 1
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["protokol.pdf"]
    delivery.refresh_from_db()
    assert delivery.status == Status.DRAFT and delivery.data["minutes"] == [str(attachment.pk)]
    form = coordinator.get(edit_url).content.decode()
    assert f'name="minutes__remove" value="{attachment.pk}"' in form
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(
            edit_url,
            {"held_on": TODAY.isoformat(), "minutes__remove": [attachment.pk], "action": "save"},
        )
    delivery.refresh_from_db()
    assert "minutes" not in delivery.data and not DeliveryAttachment.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_contact_data_prefilled_and_sent_in_one_click(anna: Any, sz: Any, unit: Unit) -> None:
    CoordinatorFactory(
        unit=unit,
        network=NGO,
        role=Role.DEPUTY,
        name="Jan Kowalski",
        function="referent",
        phone="+48 12 616 00 01",
        email="jan.kowalski@um.krakow.pl",
        valid_from=date(2026, 2, 24),
    )
    duties = logged_in(anna).get(reverse("unit_duties", args=[unit.slug])).content.decode()
    coordinator = logged_in(anna)
    due = next(
        d.due for _n, o, d in services.unit_duties(unit, TODAY) if o.id == CONTACT and d is not None
    )
    assert due is not None
    url = deliver_url(unit.slug, CONTACT, due)
    assert url.replace("&", "&amp;") in duties
    form = coordinator.get(url)
    page = form.content.decode()
    for value in (
        "Anna Maria",
        "Nowak",
        "anna.nowak@um.krakow.pl",
        "Jan",
        "jan.kowalski@um.krakow.pl",
    ):
        assert f'value="{value}"' in page
    fields = {
        "coordinator_first_name": "Anna Maria",
        "coordinator_surname": "Nowak",
        "coordinator_function": "inspektor",
        "coordinator_phone": "+48 12 616 00 00",
        "coordinator_email": "anna.nowak@um.krakow.pl",
        "deputy_first_name": "Jan",
        "deputy_surname": "Kowalski",
        "deputy_function": "referent",
        "deputy_phone": "+48 12 616 00 01",
        "deputy_email": "jan.kowalski@um.krakow.pl",
    }
    assert "Koordynator – Anna Maria Nowak" in page and "Zastępca – Jan Kowalski" in page
    assert coordinator.post(url, {**fields, "action": "submit"}).status_code == 302
    delivery = Delivery.objects.get()
    assert delivery.status == Status.SUBMITTED and delivery.data == fields


def test_listing_filters_and_links_for_coordinators_and_sz(
    anna: Any, sz: Any, make_user: Any, unit: Unit
) -> None:
    coordinator = logged_in(anna)
    coordinator.post(
        deliver_url(unit.slug, FUNDS, quarter_due(unit)), {**AMOUNTS, "action": "submit"}
    )
    coordinator.post(meeting_url(unit), {"organisations": "3", "action": "save"})
    submitted = Delivery.objects.get(obligation=FUNDS)
    draft = Delivery.objects.get(obligation=MEETING)
    listing = reverse("delivery_list")
    mine = coordinator.get(listing).content.decode()
    assert reverse("delivery_edit", args=[submitted.pk]) in mine
    assert reverse("delivery_review", args=[submitted.pk]) not in mine
    inbox = logged_in(sz).get(listing, {"status": "submitted"}).content.decode()
    assert reverse("delivery_review", args=[submitted.pk]) in inbox
    assert reverse("delivery_edit", args=[draft.pk]) not in inbox
    filters = logged_in(sz).get(listing).content.decode()
    assert "Koordynatorzy ds. współpracy z organizacjami pozarządowymi" in filters
    only_meeting = logged_in(sz).get(listing, {"obligation": MEETING}).content.decode()
    assert reverse("delivery_edit", args=[draft.pk]) in only_meeting
    assert reverse("delivery_edit", args=[submitted.pk]) not in only_meeting
    stranger = make_user("stranger", "coordinators", unit="wydzial-edukacji")
    assert reverse("delivery_edit", args=[draft.pk]) not in (
        logged_in(stranger).get(listing).content.decode()
    )


def test_menu_and_unit_listing_lead_to_deliveries(anna: Any, unit: Unit) -> None:
    client = logged_in(anna)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("delivery_list") in home
    units = client.get(reverse("wagtailsnippets_network_unit:list")).content.decode()
    assert reverse("unit_duties", args=[unit.slug]) in units
    duties = client.get(reverse("unit_duties", args=[unit.slug])).content.decode()
    assert deliver_url(unit.slug, FUNDS, quarter_due(unit)).replace("&", "&amp;") in duties


def test_an_open_call_is_reported_from_the_duties_page_and_fulfilled(
    anna: Any, sz: Any, unit: Unit
) -> None:
    """351/2026 §3 pt 6 runs from each call the unit announces: the Duties page asks for the
    announcement day; the deadline is that day plus the network's 'without delay' (7 days,
    a policy); acknowledging records the announcement and fulfils exactly that deadline."""
    calls = "351-2026-open-calls"
    coordinator = logged_in(anna)
    page = coordinator.get(reverse("unit_duties", args=[unit.slug])).content.decode()
    assert f'name="obligation" value="{calls}"' in page and 'name="event"' in page
    announced = TODAY - timedelta(days=2)
    query = f"?unit={unit.slug}&obligation={calls}&event={announced.isoformat()}"
    form = coordinator.get(reverse("delivery_deliver") + query)
    assert form.status_code == 200
    sent = coordinator.post(
        reverse("delivery_deliver") + query,
        {
            "title": "Konkurs na projekty kulturalne",
            "announced_on": announced.isoformat(),
            "link": "https://www.bip.krakow.pl/konkurs",
            "action": "submit",
        },
    )
    assert sent.status_code == 302
    delivery = Delivery.objects.get(obligation=calls)
    assert delivery.due == announced + timedelta(days=7)
    logged_in(sz).post(reverse("delivery_review", args=[delivery.pk]), {"action": "acknowledge"})
    assert ActivityRecord.objects.filter(kind="open_call_announced", date=announced).exists()
    state = next(
        s for _n, _net, _u, s in unit_obligations([unit], TODAY) if s.obligation.id == calls
    )
    assert [(d.due, d.status) for d in state.deadlines] == [(delivery.due, DeadlineStatus.MET)]
    future = coordinator.get(
        reverse("delivery_deliver")
        + f"?unit={unit.slug}&obligation={calls}&event={(TODAY + timedelta(days=1)).isoformat()}"
    )
    assert future.status_code == 400
