"""Starting, filling in, submitting and reviewing a delivery: one path for the admin and
the API, so both keep the same rules (cms.deliveries.access) and give the same errors."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core.registry import registry, text
from cms.core.review import TransitionConflict
from cms.deliveries.access import may_deliver, may_review
from cms.deliveries.models import (
    EDITABLE,
    Delivery,
    DeliveryAttachment,
    Status,
    days_after_event,
)
from cms.network.compliance import core_coordinator, unit_obligations
from cms.network.models import Coordinator, Unit
from okcore.deliveries import FieldType, Prefill, Repeat
from okcore.legal import AfterEvent, Obligation
from okcore.network import Coordinator as CoreCoordinator
from okcore.services.compliance import DeadlineState, rules_for
from okcore.services.compliance import Status as DeadlineStatus
from okcore.services.deadlines import COORDINATOR_CHANGE, ENTRY_INTO_FORCE
from okcore.services.deliveries import (
    FormField,
    check_delivery,
    form_fields,
    implemented_tasks,
    people_prefixes,
)

#: Statuses of a deadline a delivery may still be started for.
OPEN = (DeadlineStatus.PENDING, DeadlineStatus.OVERDUE)


@dataclass(frozen=True)
class Duty:
    """One obligation of one unit with a delivery form, and one of its deadlines."""

    unit: Unit
    network: str
    obligation: Obligation
    deadline: DeadlineState


def find_obligation(obligation_id: str, network_id: str | None = None) -> tuple[str, Obligation]:
    """The obligation and its network's id; a clear error for an unknown or ambiguous id."""
    found = [
        (nid, obligation)
        for nid, network in sorted(registry().networks.items())
        if network_id in (None, nid)
        for obligation in network.obligations
        if obligation.id == obligation_id
    ]
    if not found:
        raise ValidationError(
            {
                "obligation": _("No installed network has the obligation %(id)s.")
                % {"id": obligation_id}
            }
        )
    if len(found) > 1:
        raise ValidationError(
            {
                "network": _("Several networks have the obligation %(id)s: name the network.")
                % {"id": obligation_id}
            }
        )
    return found[0]


def city_event(obligation: Obligation) -> bool:
    """Whether the duty runs from an event the unit itself reports (an open call announced,
    351/2026 §3 pt 6), rather than from the act or the line-up: then each delivery names
    its own deadline."""
    timing = obligation.timing
    return isinstance(timing, AfterEvent) and timing.event not in (
        ENTRY_INTO_FORCE,
        COORDINATOR_CHANGE,
    )


def _records(unit: Unit, network: str) -> list[Coordinator]:
    return list(Coordinator.objects.filter(unit=unit, network=network).order_by("valid_from", "pk"))


def unit_people(unit: Unit, network: str) -> list[CoreCoordinator]:
    """The unit's coordinators and deputies in the network, as okcore reads them, in the
    order of :func:`_records` (so an index names the same person in both)."""
    return [core_coordinator(person, unit.slug) for person in _records(unit, network)]


def duty_fields(unit: Unit, network: str, obligation: Obligation, on: date) -> list[FormField]:
    """The unit's form for the duty: repeated for its people in post on ``on``, or for the
    tasks of the network's programme it implements (Table 1)."""
    program_id = registry().network(network).program
    program = registry().programs.get(program_id) if program_id else None
    tasks = implemented_tasks(program, unit.slug) if program is not None else []
    return form_fields(obligation, people=unit_people(unit, network), tasks=tasks, on=on)


def unit_duties(unit: Unit, on: date) -> Iterator[tuple[str, Obligation, DeadlineState | None]]:
    """Every obligation of the unit on ``on`` with each of its deadlines (None for a duty
    with no date): the one walk the API's list and the deliver action share."""
    for network_id, _network, _unit, state in unit_obligations([unit], on):
        if not state.deadlines:
            yield network_id, state.obligation, None
        for deadline in state.deadlines:
            yield network_id, state.obligation, deadline


def find_duty(
    unit: Unit,
    obligation_id: str,
    *,
    network: str | None = None,
    due: date | None = None,
    period_end: date | None = None,
    on: date | None = None,
) -> Duty:
    """The deadline a delivery is for, named by its due date or its period's last day; for
    a duty running from the unit's own event, the due date given names a new deadline."""
    on = on or timezone.localdate()
    network_id, obligation = find_obligation(obligation_id, network)
    if obligation.delivery is None:
        raise ValidationError(
            {"obligation": _("Obligation %(id)s has no delivery form.") % {"id": obligation_id}}
        )
    if due is None and period_end is None:
        raise ValidationError({"due": _("Name the deadline: give due or period_end.")})
    for nid, found, deadline in unit_duties(unit, on):
        if nid != network_id or found.id != obligation_id or deadline is None:
            continue
        if (due is not None and deadline.due == due) or (
            period_end is not None and deadline.period_end == period_end
        ):
            return Duty(unit, network_id, obligation, deadline)
    if city_event(obligation) and due is not None:
        return Duty(unit, network_id, obligation, _event_deadline(network_id, obligation, due, on))
    named = due.isoformat() if due else f"period_end {period_end}"
    raise ValidationError(
        {
            "due": _("%(unit)s has no deadline of “%(title)s” (%(source)s) on %(day)s.")
            % {
                "unit": unit,
                "title": text(obligation.title),
                "source": obligation.source,
                "day": named,
            }
        }
    )


def event_due(network: str, obligation: Obligation, event: date) -> date:
    """The due date of a duty that runs from the unit's own event (an open call announced
    on ``event``): the event plus the act's days, else the network's 'without delay'."""
    timing = obligation.timing
    assert isinstance(timing, AfterEvent)  # city_event()
    try:
        return event + timedelta(days=days_after_event(network, timing))
    except OverflowError:  # past year 9999: find_duty refuses it as after today
        return date.max


def _event_deadline(network: str, obligation: Obligation, due: date, on: date) -> DeadlineState:
    """A new deadline of a duty running from the unit's own event: the event (due minus
    the duty's days) happened under the act in force, and not after today."""
    timing = obligation.timing
    assert isinstance(timing, AfterEvent)  # city_event()
    try:
        event: date | None = due - timedelta(days=days_after_event(network, timing))
    except OverflowError:  # before year 1
        event = None
    act = registry().legal_acts[obligation.act]
    if event is None or not act.in_force_on(event) or event > on:
        raise ValidationError(
            {
                "due": _(
                    "A deadline on %(due)s would follow an event on %(event)s, when the act "
                    "was not in force or which is still to come."
                )
                % {"due": due.isoformat(), "event": event.isoformat() if event else "—"}
            }
        )
    status = DeadlineStatus.OVERDUE if due < on else DeadlineStatus.PENDING
    # Who set the date, as compliance says it for every other deadline: "without delay"
    # has no number in the act, so its days are the network's policy.
    basis, note = rules_for(registry().network(network)).basis(obligation)
    return DeadlineState(due, status, basis=basis, policy_note=note)


def _errors(errors: Mapping[str, str]) -> ValidationError:
    return ValidationError({"data": [f"{name}: {message}" for name, message in errors.items()]})


def _check(delivery: Delivery, data: Mapping[str, Any], *, complete: bool) -> dict[str, Any]:
    """The values as stored; a ValidationError naming each bad field, and each attachment id
    that is not this delivery's."""
    fields = duty_fields(
        delivery.unit, delivery.network, delivery.obligation_definition, delivery.due
    )
    checked = check_delivery(fields, data, complete=complete)
    own = (
        {str(pk) for pk in delivery.attachments.values_list("pk", flat=True)}
        if delivery.pk
        else set()
    )
    for spec in fields:
        if spec.type is FieldType.FILE:
            for ref in checked.data.get(spec.name, []):
                if str(ref) not in own:
                    checked.errors[spec.name] = _("attachment %(id)s is not this delivery's") % {
                        "id": ref
                    }
    if checked.errors:
        raise _errors(checked.errors)
    return checked.data


def start_delivery(user: Any, duty: Duty, data: Mapping[str, Any] | None = None) -> Delivery:
    """A draft for the duty's deadline, by one of the unit's coordinators or deputies."""
    if not may_deliver(user, duty.unit, duty.network):
        raise PermissionDenied(_("You deliver only for your own units, in your network."))
    if duty.deadline.status not in OPEN or duty.deadline.due is None:
        raise ValidationError(
            {"due": _("This deadline is already met; there is nothing to deliver.")}
        )
    delivery = Delivery(
        unit=duty.unit,
        network=duty.network,
        obligation=duty.obligation.id,
        due=duty.deadline.due,
        period_start=duty.deadline.period_start,
        period_end=duty.deadline.period_end,
        created_by=user,
    )
    if data:
        delivery.data = _check(delivery, data, complete=False)
    try:
        with transaction.atomic():
            delivery.save()
    except IntegrityError:
        raise ValidationError(
            {"due": _("The unit already has a delivery for this duty and deadline; open that one.")}
        ) from None
    return delivery


def may_edit(user: Any, delivery: Delivery) -> bool:
    return delivery.status in EDITABLE and may_deliver(user, delivery.unit, delivery.network)


def save_data(user: Any, delivery: Delivery, data: Mapping[str, Any]) -> None:
    """Replace what the draft (or returned delivery) says; the form's checks, not yet
    whether every required field is filled in."""
    if not may_edit(user, delivery):
        raise PermissionDenied(
            _("Only the unit's coordinators change a draft or returned delivery.")
        )
    delivery.data = _check(delivery, data, complete=False)
    delivery.save()


def submit(user: Any, delivery: Delivery) -> None:
    """Send it to SZ: every required field filled in, every value right."""
    if not may_edit(user, delivery):
        raise PermissionDenied(_("Only the unit's coordinators submit its deliveries."))
    _check(delivery, delivery.data, complete=True)
    delivery.transition(Status.SUBMITTED, user)


def review(user: Any, delivery: Delivery, to: str, comment: str = "") -> None:
    """SZ acknowledges (fulfilling the duty) or returns it with a comment."""
    if to not in (Status.ACKNOWLEDGED, Status.RETURNED) or not may_review(user, delivery):
        raise PermissionDenied(
            _("Only SZ of the unit's city acknowledges or returns a delivery, never its own.")
        )
    with transaction.atomic():
        delivery.transition(to, user, comment)
        if to == Status.ACKNOWLEDGED:
            record_contact_data(delivery)


#: What a delivery of contact data (3487/2023 §2 pt 2, 351/2026 §2 pt 2) tells SZ about a
#: person that SZ's register of coordinators keeps.
CONTACT_FIELDS = (Prefill.FUNCTION, Prefill.PHONE, Prefill.EMAIL)


def record_contact_data(delivery: Delivery) -> None:
    """SZ received the people's function, phone and e-mail: where the register of
    coordinators lacks one, the acknowledged value fills it in, so compliance (which
    checks that the data is complete, 3487/2023 §2 pt 2) reads what was delivered. A value
    the register already holds is never overwritten: changing it is SZ's decision."""
    form = delivery.obligation_definition.delivery
    if form is None or form.each is not Repeat.PEOPLE:
        return
    records = _records(delivery.unit, delivery.network)
    people = unit_people(delivery.unit, delivery.network)
    for prefix, index in people_prefixes(people, delivery.due):
        record = records[index]
        changed = []
        for spec in form.each_fields:
            name = spec.prefill.value if spec.prefill in CONTACT_FIELDS else None
            value = str(delivery.data.get(f"{prefix}_{spec.name}") or "").strip()
            if name is None or not value or getattr(record, name):
                continue
            field = Coordinator._meta.get_field(name)
            assert isinstance(field, models.Field)  # function, phone, email: model fields
            try:
                field.clean(value, record)
            except ValidationError:
                continue  # a mistyped e-mail stays in the delivery, not in the register
            setattr(record, name, value)
            changed.append(name)
        if changed:
            record.save(update_fields=changed)


ATTACHMENT_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".odp": (b"PK\x03\x04",),
    ".zip": (b"PK\x03\x04",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".txt": (),
    ".csv": (),
}


def attachment_problem(upload: UploadedFile[bytes]) -> str | None:
    """Why a file is refused: too large, or not of an allowed type (by its name and its
    first bytes, so a renamed program is not taken for a PDF)."""
    limit = settings.OKCORE_ATTACHMENT_MAX_BYTES
    if upload.size is None or upload.size > limit:
        return _("%(name)s is larger than %(limit)s MB.") % {
            "name": upload.name,
            "limit": round(limit / 1_000_000, 1),
        }
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in ATTACHMENT_SIGNATURES:
        return _("%(name)s: files of this type are not accepted (accepted: %(types)s).") % {
            "name": upload.name,
            "types": ", ".join(sorted(ATTACHMENT_SIGNATURES)),
        }
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    signatures = ATTACHMENT_SIGNATURES[suffix]
    if signatures and not any(head.startswith(sign) for sign in signatures):
        return _("%(name)s is not a %(type)s file.") % {"name": upload.name, "type": suffix}
    if not signatures and b"\x00" in head:
        return _("%(name)s is not a text file.") % {"name": upload.name}
    return None


def add_attachment(
    user: Any, delivery: Delivery, upload: UploadedFile[bytes]
) -> DeliveryAttachment:
    if not may_edit(user, delivery):
        raise PermissionDenied(_("Only the unit's coordinators add files to its deliveries."))
    problem = attachment_problem(upload)
    if problem:
        raise ValidationError({"file": problem})
    name = PurePath(upload.name or "file").name[:255]
    with transaction.atomic():
        _still_editable(delivery)
        if delivery.attachments.count() >= MAX_ATTACHMENTS:
            raise ValidationError(
                {"file": _("A delivery takes at most %(n)s files.") % {"n": MAX_ATTACHMENTS}}
            )
        return DeliveryAttachment.objects.create(
            delivery=delivery, file=upload, name=name, size=upload.size or 0, uploaded_by=user
        )


#: Most files one delivery keeps, attached or not yet named in its data.
MAX_ATTACHMENTS = 50


def _still_editable(delivery: Delivery) -> None:
    """The status as stored, under a row lock: a file must not land on a delivery that was
    submitted (or acknowledged) while it was uploading."""
    stored = (
        Delivery.objects.select_for_update()
        .filter(pk=delivery.pk)
        .values_list("status", flat=True)
        .first()
    )
    if stored not in EDITABLE:
        raise TransitionConflict(delivery.moved_meanwhile(stored))


def remove_attachment(user: Any, delivery: Delivery, attachment: DeliveryAttachment) -> None:
    """Take a file off a draft or returned delivery: the row at once, the file once the
    change is committed, so a change that fails keeps both."""
    if not may_edit(user, delivery) or attachment.delivery_id != delivery.pk:
        raise PermissionDenied(
            _("Only the unit's coordinators change a draft or returned delivery.")
        )
    name = attachment.file.name
    storage = attachment.file.storage
    _still_editable(delivery)
    attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
