"""Deliveries in the admin: the unit's form (deliver, edit), SZ's review in one step, the
private attachments, the listing and a unit's duties.

Every change goes through cms.deliveries.services, which the API shares, so both keep the
same rules and give the same errors; who sees what is cms.deliveries.access's.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

from cms.core.registry import registry, text
from cms.core.review import TransitionConflict
from cms.deliveries import services
from cms.deliveries.access import (
    designations,
    may_deliver,
    may_review,
    reviewed_units,
    visible_deliveries,
)
from cms.deliveries.forms import DeliveryForm, display_value, file_names
from cms.deliveries.models import (
    Delivery,
    DeliveryAttachment,
    Status,
)
from cms.network.compliance import deliver_url
from cms.network.models import Unit
from okcore.deliveries import FieldType
from okcore.services.compliance import Status as DeadlineStatus
from okcore.services.deliveries import FormField

SUBMIT = "submit"
#: A deadline's status as the unit's duties page names it.
DEADLINE_LABELS = {
    DeadlineStatus.MET: pgettext_lazy("deadline", "met"),
    DeadlineStatus.MET_LATE: pgettext_lazy("deadline", "met late"),
    DeadlineStatus.PENDING: pgettext_lazy("deadline", "pending"),
    DeadlineStatus.OVERDUE: pgettext_lazy("deadline", "overdue"),
    DeadlineStatus.ONGOING: pgettext_lazy("deadline", "ongoing"),
}


def _date(request: HttpRequest, name: str) -> date | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(
            {name: _("%(value)s is not a date (YYYY-MM-DD).") % {"value": raw}}
        ) from None


def _problem(
    request: HttpRequest, error: ValidationError, status: int = 400, heading: str = ""
) -> HttpResponse:
    """A page saying why there is nothing to deliver (an unknown duty or deadline)."""
    return TemplateResponse(
        request,
        "deliveries/problem.html",
        {"problems": error.messages, "heading": heading or _("Nothing to deliver")},
        status=status,
    )


def _forbidden(request: HttpRequest) -> HttpResponse:
    """A 403 with the reason, rather than Wagtail's redirect to the dashboard: the link
    was someone else's (another unit's delivery), and saying so helps more than a bounce."""
    return _problem(
        request,
        ValidationError(_("This is another unit's delivery or duty, or not yours to review.")),
        status=403,
        heading=_("Not yours"),
    )


def _specs(delivery: Delivery) -> list[FormField]:
    return services.duty_fields(
        delivery.unit, delivery.network, delivery.obligation_definition, delivery.due
    )


def _attachment_names(delivery: Delivery | None) -> dict[str, str]:
    if delivery is None or delivery.pk is None:
        return {}
    return {str(a.pk): a.name for a in delivery.attachments.all()}


def _save(
    request: HttpRequest,
    form: DeliveryForm,
    delivery: Delivery | None,
    duty: services.Duty | None,
) -> Delivery | None:
    """Save (and on "Submit to SZ" submit) in one transaction: a submission that fails
    leaves the delivery as it was, with no new attachment, in the database or on disk."""
    written: list[DeliveryAttachment] = []
    stored = delivery.data if delivery is not None else {}
    try:
        with transaction.atomic():
            if delivery is None:
                assert duty is not None  # a new delivery is for a duty
                delivery = services.start_delivery(request.user, duty)
            data = form.values()
            for name, spec in form.specs.items():
                if spec.type is not FieldType.FILE:
                    continue
                refs = form.kept(name, stored)
                for gone in delivery.attachments.filter(pk__in=stored.get(name, [])).exclude(
                    pk__in=refs
                ):
                    services.remove_attachment(request.user, delivery, gone)
                for upload in form.cleaned_data.get(name) or []:
                    try:
                        attachment = services.add_attachment(request.user, delivery, upload)
                    except ValidationError as error:
                        raise ValidationError({"data": [f"{name}: {error.messages[0]}"]}) from None
                    written.append(attachment)
                    refs.append(str(attachment.pk))
                if refs:
                    data[name] = refs
            services.save_data(request.user, delivery, data)
            if request.POST.get("action") == SUBMIT:
                services.submit(request.user, delivery)
    except ValidationError as error:
        for attachment in written:
            attachment.file.delete(save=False)
        form.add_service_errors(error.messages)
        return None
    except TransitionConflict as error:
        for attachment in written:
            attachment.file.delete(save=False)
        form.add_error(None, str(error))
        return None
    return delivery


def _saved_message(request: HttpRequest, delivery: Delivery) -> None:
    if delivery.status == Status.SUBMITTED:
        messages.success(request, _("Submitted to SZ: %(d)s.") % {"d": delivery})
    else:
        messages.success(request, _("Draft saved: %(d)s.") % {"d": delivery})


@dataclass(frozen=True)
class Heading:
    """What the form's page says about the duty above the fields."""

    unit: Unit
    title: str
    source: str
    basis: str
    due: date | None
    period_start: date | None
    period_end: date | None
    delivery: Delivery | None = None


def _form_page(request: HttpRequest, form: DeliveryForm, heading: Heading) -> HttpResponse:
    delivery = heading.delivery
    context: dict[str, Any] = {
        **vars(heading),
        "form": form,
        "files": file_names(form, delivery.data if delivery is not None else {}),
    }
    return TemplateResponse(
        request, "deliveries/form.html", context, status=400 if form.is_bound else 200
    )


def deliver(request: HttpRequest) -> HttpResponse:
    """The Deliver action of one deadline: its form, or the delivery already made for it."""
    unit = get_object_or_404(Unit, slug=request.GET.get("unit", ""))
    try:
        due = _date(request, "due")
        event = _date(request, "event")
        if due is None and event is not None:  # an open call reported by its announcement
            network_id, obligation = services.find_obligation(request.GET.get("obligation", ""))
            if services.city_event(obligation):
                due = services.event_due(network_id, obligation, event)
        duty = services.find_duty(
            unit,
            request.GET.get("obligation", ""),
            due=due,
            period_end=_date(request, "period_end"),
        )
    except ValidationError as error:
        return _problem(request, error)
    due = duty.deadline.due
    if due is None:  # find_duty names dated deadlines only; a standing duty has no form
        return _problem(request, ValidationError(_("This duty has no deadline to deliver for.")))
    existing = visible_deliveries(request.user).filter(
        unit=unit, network=duty.network, obligation=duty.obligation.id, due=due
    )
    if existing:
        return redirect("delivery_edit", existing[0].pk)
    if not may_deliver(request.user, unit, duty.network):
        return _forbidden(request)
    if duty.deadline.status not in services.OPEN:
        return _problem(
            request,
            ValidationError(_("This deadline is already met; there is nothing to deliver.")),
            status=409,
        )
    specs = services.duty_fields(unit, duty.network, duty.obligation, due)
    heading = Heading(
        unit,
        text(duty.obligation.title),
        duty.obligation.source,
        duty.deadline.basis,
        due,
        duty.deadline.period_start,
        duty.deadline.period_end,
    )
    if request.method == "POST":
        form = DeliveryForm(specs, request.POST, request.FILES)
        if form.is_valid():
            delivery = _save(request, form, None, duty)
            if delivery is not None:
                _saved_message(request, delivery)
                return redirect("delivery_edit", delivery.pk)
        return _form_page(request, form, heading)
    return _form_page(request, DeliveryForm(specs), heading)


def _history(delivery: Delivery) -> Any:
    return delivery.history.select_related("user")


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's form for a draft or returned delivery (SZ's comment at the top); what
    was submitted, read only, once it is with SZ."""
    delivery = get_object_or_404(Delivery.objects.select_related("unit"), pk=pk)
    if not visible_deliveries(request.user).filter(pk=pk).exists():
        return _forbidden(request)
    if not services.may_edit(request.user, delivery):
        return TemplateResponse(request, "deliveries/detail.html", _detail(request, delivery))
    specs = _specs(delivery)
    heading = Heading(
        delivery.unit,
        delivery.title,
        delivery.source,
        delivery.obligation_definition.date_basis,
        delivery.due,
        delivery.period_start,
        delivery.period_end,
        delivery,
    )
    names = _attachment_names(delivery)
    if request.method == "POST":
        form = DeliveryForm(
            specs, request.POST, request.FILES, stored=delivery.data, attachments=names
        )
        if form.is_valid():
            before = delivery.data
            saved = _save(request, form, delivery, None)
            if saved is not None:
                _saved_message(request, saved)
                return redirect("delivery_edit", saved.pk)
            delivery.data = before
        return _form_page(request, form, heading)
    form = DeliveryForm(specs, stored=delivery.data, attachments=names)
    return _form_page(request, form, heading)


@dataclass(frozen=True)
class Row:
    """One field of a submission as SZ reads it."""

    label: str
    value: str
    files: list[DeliveryAttachment]


def _rows(delivery: Delivery) -> list[tuple[str | None, list[Row]]]:
    """Every field's label and value in the form's order, grouped by person or task."""
    locale = get_language()
    attachments = {str(a.pk): a for a in delivery.attachments.all()}
    groups: list[tuple[str | None, list[Row]]] = []
    for spec in _specs(delivery):
        heading = spec.group_label.get(locale) if spec.group_label else None
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        value = delivery.data.get(spec.name)
        if spec.type is FieldType.FILE:
            files = [attachments[str(ref)] for ref in value or [] if str(ref) in attachments]
            groups[-1][1].append(Row(spec.label.get(locale), "", files))
        else:
            groups[-1][1].append(Row(spec.label.get(locale), display_value(spec, value), []))
    return groups


def _detail(request: HttpRequest, delivery: Delivery) -> dict[str, Any]:
    obligation = None
    with suppress(KeyError, LookupError):  # a plugin removed since: the stored values show
        obligation = delivery.obligation_definition
    return {
        "delivery": delivery,
        "basis": obligation.date_basis if obligation is not None else None,
        "rows": _rows(delivery) if obligation is not None else [],
        "history": _history(delivery),
        "may_review": delivery.status == Status.SUBMITTED and may_review(request.user, delivery),
    }


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("delivery_list")


def review(request: HttpRequest, pk: int) -> HttpResponse:
    """SZ reads the whole submission and acknowledges it or returns it, in one step."""
    delivery = get_object_or_404(Delivery.objects.select_related("unit"), pk=pk)
    if not may_review(request.user, delivery):
        return _forbidden(request)
    context = _detail(request, delivery)
    context["next"] = _safe_next(request)
    if request.method == "POST":
        action = request.POST.get("action")
        to = {"acknowledge": Status.ACKNOWLEDGED, "return": Status.RETURNED}.get(action or "")
        if to is None:
            return _forbidden(request)
        comment = request.POST.get("comment", "")
        if "\x00" in comment:
            context["errors"] = [_("The comment contains a NUL character.")]
            return TemplateResponse(request, "deliveries/review.html", context, status=400)
        if delivery.status != Status.SUBMITTED:  # another reviewer decided first
            messages.error(request, delivery.moved_meanwhile(delivery.status))
            return redirect(context["next"])
        try:
            services.review(request.user, delivery, to, comment)
        except ValidationError as error:
            context["errors"] = error.messages
            context["comment"] = request.POST.get("comment", "")
            return TemplateResponse(request, "deliveries/review.html", context, status=400)
        except TransitionConflict as error:
            messages.error(request, str(error))
            return redirect("delivery_review", delivery.pk)
        if to == Status.ACKNOWLEDGED:
            messages.success(request, _("Acknowledged: %(d)s.") % {"d": delivery})
        else:
            messages.success(request, _("Returned to the unit: %(d)s.") % {"d": delivery})
        return redirect(context["next"])
    return TemplateResponse(request, "deliveries/review.html", context)


def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """The private file, to those who see its delivery; for anyone else it does not exist."""
    found = get_object_or_404(
        DeliveryAttachment, pk=pk, delivery__in=visible_deliveries(request.user)
    )
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=found.name, content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


FILTERS = ("status", "network", "obligation", "unit")


def delivery_list(request: HttpRequest) -> HttpResponse:
    """The deliveries the user sees (own units'; SZ: its cities'), newest first."""
    visible = visible_deliveries(request.user).select_related("unit")
    chosen = {name: request.GET.get(name, "") for name in FILTERS}
    found = visible
    for name in ("status", "network", "obligation"):
        if chosen[name]:
            found = found.filter(**{name: chosen[name]})
    if chosen["unit"]:
        found = found.filter(unit__slug=chosen["unit"])
    rows = [
        (delivery, delivery.status == Status.SUBMITTED and may_review(request.user, delivery))
        for delivery in found.order_by("-created_at", "-pk")[:500]
    ]
    return TemplateResponse(
        request,
        "deliveries/list.html",
        {
            "rows": rows,
            "chosen": chosen,
            "statuses": Status.choices,
            "networks": sorted(
                (network, Delivery(network=network).network_title)
                for network in set(visible.values_list("network", flat=True))
            ),
            "obligations": sorted(
                (obligation, Delivery(network=network, obligation=obligation).title)
                for network, obligation in set(visible.values_list("network", "obligation"))
            ),
            "units": Unit.objects.filter(pk__in=visible.values("unit")).distinct(),
        },
    )


def sees_unit(user: Any, unit: Unit) -> bool:
    """Designated for the unit today, or SZ of its city: who sees its duties."""
    return (
        designations(user).filter(unit=unit).exists()
        or reviewed_units(user).filter(pk=unit.pk).exists()
    )


def unit_duties(request: HttpRequest, slug: str) -> HttpResponse:
    """A unit's dated duties today, each with its status and its Deliver or open action."""
    unit = get_object_or_404(Unit, slug=slug)
    if not sees_unit(request.user, unit):
        return _forbidden(request)
    today = timezone.localdate()
    made = {
        (d.network, d.obligation, d.due): d
        for d in visible_deliveries(request.user).filter(unit=unit)
    }
    rows = []
    #: Duties that run from an event the unit reports itself (an open call it announced,
    #: 351/2026 §3 pt 6): no deadline until it does, so each gets a "report" form.
    reports: dict[tuple[str, str], dict[str, str]] = {}
    for network_id, obligation, deadline in services.unit_duties(unit, today):
        if (
            obligation.delivery is not None
            and services.city_event(obligation)
            and may_deliver(request.user, unit, network_id)
        ):
            reports[(network_id, obligation.id)] = {
                "obligation": obligation.id,
                "title": text(obligation.title),
                "source": obligation.source,
            }
        if deadline is None or deadline.due is None:
            continue
        delivery = made.get((network_id, obligation.id, deadline.due))
        deliverable = (
            obligation.delivery is not None
            and delivery is None
            and deadline.status in services.OPEN
            and may_deliver(request.user, unit, network_id)
        )
        rows.append(
            {
                "network": text(registry().network(network_id).title),
                "title": text(obligation.title),
                "source": obligation.source,
                "deadline": deadline,
                "status": DEADLINE_LABELS[deadline.status],
                "delivery": delivery,
                "deliver": deliver_url(unit.slug, obligation.id, deadline.due)
                if deliverable
                else None,
            }
        )
    return TemplateResponse(
        request,
        "deliveries/unit_duties.html",
        {"unit": unit, "rows": rows, "reports": list(reports.values()), "today": today},
    )
