"""Admin views that move a measurement through draft → submitted → approved / returned."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from cms.core.review import TransitionConflict
from cms.indicators.access import MeasurementPermissionPolicy, may_enter
from cms.indicators.models import TRANSITIONS, Measurement, Status
from cms.indicators.selectors import measurement_details

ACTIONS = {"submit": Status.SUBMITTED, "approve": Status.APPROVED, "return": Status.RETURNED}


def available_actions(measurement: Measurement, user: Any) -> list[str]:
    if not may_enter(user, measurement.unit, measurement.indicator):  # SZ: of its own city
        return []
    return [
        name
        for name, to in ACTIONS.items()
        if (measurement.status, to) in TRANSITIONS
        and user.has_perm(TRANSITIONS[(measurement.status, to)])
    ]


def back_to(request: HttpRequest, default: str) -> HttpResponse:
    """Where the form was sent from (SZ's inbox), if ``next`` is an address of this site;
    else ``default``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    measurement = get_object_or_404(Measurement, pk=pk)
    if action not in ACTIONS:
        raise PermissionDenied
    if request.method == "POST":
        if action not in available_actions(measurement, request.user):
            raise PermissionDenied
        comment = request.POST.get("comment", "")
        if "\x00" in comment:
            messages.error(request, _("The comment contains a NUL character."))
            return back_to(request, request.path)
        try:
            measurement.transition(ACTIONS[action], request.user, comment)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return back_to(request, request.path)
        except TransitionConflict as error:
            messages.error(request, str(error))
            return back_to(request, reverse("wagtailsnippets_indicators_measurement:list"))
        messages.success(
            request,
            _("Measurement %(m)s: %(status)s.")
            % {"m": measurement, "status": measurement.get_status_display()},
        )
        return back_to(request, reverse("wagtailsnippets_indicators_measurement:list"))
    allowed = action in available_actions(measurement, request.user)
    done = None if allowed else already_done(measurement, action, request.user)
    if not allowed and done is None:
        raise PermissionDenied
    back = (
        reverse("inbox")
        if action != "submit" and request.user.has_perm("indicators.approve_measurement")
        else reverse("wagtailsnippets_indicators_measurement:list")
    )
    return TemplateResponse(
        request,
        "indicators/transition.html",
        {
            "measurement": measurement,
            "details": measurement_details(measurement),
            "action": action if allowed else None,
            "done": done,
            "back": back,
            "needs_comment": action == "return",
            "history": measurement.history.select_related("user"),
        },
    )


def already_done(measurement: Measurement, action: str, user: Any) -> str | None:
    """What happened to a value whose link is opened again (an approve link of a value
    approved meanwhile): "already approved by X on DATE", for those who may see it; None
    when the step was never possible here (then the view refuses)."""
    if not MeasurementPermissionPolicy(Measurement).user_has_permission_for_instance(
        user, "view", measurement
    ):
        return None
    step = measurement.history.select_related("user").order_by("-at", "-pk").first()
    if step is None or step.to_status == Status.DRAFT:
        return None
    who = step.user.get_full_name() or step.user.get_username() if step.user else "—"
    named = {
        "status": measurement.get_status_display(),
        "user": who,
        "date": formats.date_format(step.at, "DATE_FORMAT"),
    }
    return _("This value is already %(status)s: by %(user)s on %(date)s.") % named
