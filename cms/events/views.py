"""Calendar feeds per programme, goal, unit, category and language; private feeds; one event."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import cast

from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.admin.auth import require_admin_access

from cms.core.registry import registry, text
from cms.events.feeds import (
    calendar_response,
    feed_events,
    public_deadlines,
    rendered_events,
    webcal,
)
from cms.events.models import CalendarToken, Category, EventPage, EventQuerySet
from cms.events.occurrences import one_line
from cms.network.compliance import unit_obligations, units_for
from cms.network.models import Unit
from okcore.legal import Deadline
from okcore.services.deadlines import task_deadlines

PROGRAM_ID = "open-krakow-2024-2028"


def _events() -> EventQuerySet:
    """Every live public event, in all languages; feeds pick one page per event."""
    events: EventQuerySet = EventPage.objects.live().public()
    return events


def _program_title() -> str:
    program = registry().programs.get(PROGRAM_ID)
    return text(program.short_title or program.title) if program else _("Open Kraków")


def programme_feed(request: HttpRequest) -> HttpResponse:
    events = feed_events(_events(), request)
    return calendar_response(
        request, _program_title(), events, public_deadlines([PROGRAM_ID]), "programme.ics"
    )


def programme_events_feed(request: HttpRequest, programme: str) -> HttpResponse:
    """One programme's events (those filed under one of its goals) and public deadlines."""
    program = registry().programs.get(programme)
    if program is None:
        raise Http404
    pages = _events().filter(goal__startswith=program.uid_prefix)
    return calendar_response(
        request,
        text(program.short_title or program.title),
        feed_events(pages, request),
        public_deadlines([programme]),
        f"{programme}.ics",
    )


def goal_feed(request: HttpRequest, number: int) -> HttpResponse:
    program = registry().programs.get(PROGRAM_ID)
    if program is None or number not in {g.number for g in program.goals}:
        raise Http404
    goal_uid = program.goal_uid(program.goal(number))
    pages = _events().filter(goal__in=[goal_uid, str(number)])
    name = f"{_program_title()} – {_('goal')} {number}"
    return calendar_response(request, name, feed_events(pages, request), (), f"goal-{number}.ics")


def unit_feed(request: HttpRequest, slug: str) -> HttpResponse:
    unit = get_object_or_404(Unit, slug=slug)
    pages = _events().filter(unit=unit)
    return calendar_response(
        request, f"{_program_title()} – {unit.name}", feed_events(pages, request), (), f"{slug}.ics"
    )


def category_feed(request: HttpRequest, category: str) -> HttpResponse:
    if category == "deadline":
        return calendar_response(
            request,
            f"{_program_title()} – {_('deadlines')}",
            [],
            public_deadlines([PROGRAM_ID]),
            "deadlines.ics",
        )
    if category not in Category.values:
        raise Http404
    pages = _events().filter(category=category)
    name = f"{_program_title()} – {Category(category).label}"
    return calendar_response(request, name, feed_events(pages, request), (), f"{category}.ics")


def event_ics(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(EventPage.objects.live().public(), pk=page_id)
    rendered = rendered_events([page], request, translation.get_language() or "pl")
    return calendar_response(request, one_line(page.title), rendered, (), f"event-{page_id}.ics")


def unit_deadlines(units: list[Unit]) -> list[Deadline]:
    """Every dated duty of these units, a year back and a year ahead: their networks' duties
    (okcore compliance) and the dated Table 1 tasks they implement."""
    reg = registry()
    today = timezone.localdate()
    slugs = {u.slug for u in units}
    found: list[Deadline] = []
    for network_id, _network, unit, item in unit_obligations(units, today + timedelta(days=366)):
        for deadline in item.deadlines:
            if deadline.due is None or deadline.due < today - timedelta(days=366):
                continue
            found.append(
                Deadline(
                    obligation=item.obligation.id,
                    due=deadline.due,
                    title=item.obligation.title,
                    source=item.obligation.source,
                    bearer=item.obligation.bearer,
                    period_start=deadline.period_start,
                    period_end=deadline.period_end,
                    unit=unit.id,
                    owner=network_id,
                    basis=deadline.basis,
                    policy_note=deadline.policy_note,
                )
            )
    window = (today - timedelta(days=366), today + timedelta(days=366))
    for program in sorted(reg.programs.values(), key=lambda p: p.id):
        found.extend(d for d in task_deadlines(program, *window) if slugs & set(d.implementers))
    return sorted(found, key=lambda d: (d.due, d.source))


def private_feed(request: HttpRequest, token: str) -> HttpResponse:
    found = (
        CalendarToken.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if found is None or not found.user.is_active:
        raise Http404  # a wrong or revoked token looks like no feed at all
    units = units_for(found.user)
    with translation.override("pl"):
        pages = _events().filter(unit__in=units)
        name = _("My deadlines and events")
        return calendar_response(
            request,
            name,
            feed_events(pages, request),
            unit_deadlines(units),
            "private.ics",
            private=True,
        )


View = Callable[[HttpRequest], HttpResponse]
#: Wagtail's admin-only decorator with its type (Wagtail ships no type information).
admin_only = cast(Callable[[View], View], require_admin_access)


@admin_only
def my_calendar(request: HttpRequest) -> HttpResponse:
    """Admin page: show, create or revoke the user's private feed."""
    user = cast(User, request.user)  # admin_only lets no anonymous visitor in
    if request.method == "POST":
        active = CalendarToken.objects.filter(user=user, revoked_at__isnull=True)
        active.update(revoked_at=timezone.now())
        if request.POST.get("action") == "new":
            CalendarToken.objects.create(user=user)
        return redirect("my_calendar")
    token = CalendarToken.objects.filter(user=user, revoked_at__isnull=True).first()
    url = request.build_absolute_uri(f"/calendar/private/{token.token}.ics") if token else None
    context = {
        "token": token,
        "url": url,
        "webcal": webcal(url) if url else None,
        "units": units_for(user),
    }
    return TemplateResponse(request, "events/my_calendar.html", context)
