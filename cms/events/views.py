"""Calendar feeds per site, programme, goal, unit, category and language (each site answers
for its own programmes and pages); private feeds; one event."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import NamedTuple, cast

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail.admin.auth import require_admin_access
from wagtail.models import Site

from cms.core.city import site_of, site_programmes
from cms.core.registry import registry, text
from cms.events.feeds import (
    NO_CHANGE_TIME,
    calendar_items,
    calendar_response,
    feed_events,
    feed_rows,
    feed_uid_domain,
    portal,
    public_deadlines,
    rendered_events,
    webcal,
)
from cms.events.models import CalendarToken, Category, EventPage, EventQuerySet
from cms.events.occurrences import one_line
from cms.network.compliance import deliver_url, deliverable, unit_obligations, units_for
from cms.network.models import Unit
from okcore.legal import Deadline
from okcore.program import Goal, Program
from okcore.services.calendar import RenderedEvent, deadline_component
from okcore.services.compliance import Status
from okcore.services.deadlines import task_deadlines


def _events(site: Site | None) -> EventQuerySet:
    """Every live public event of the site, in all languages (under its home page and the
    home's translations, which sit beside it); feeds pick one page per event."""
    events: EventQuerySet = EventPage.objects.live().public()
    within = Q(pk__in=[])
    if site is not None:
        for root in site.root_page.get_translations(inclusive=True):
            within |= events.descendant_of_q(root, inclusive=True)
    chosen: EventQuerySet = events.filter(within)
    return chosen


def _served(request: HttpRequest, programme: str) -> Program:
    """A programme the request's site serves; any other (installed elsewhere or not at all)
    has no feed here."""
    for program in site_programmes(site_of(request)):
        if program.id == programme:
            return program
    raise Http404


def _title(program: Program) -> str:
    return text(program.short_title or program.title)


def programme_feed(request: HttpRequest) -> HttpResponse:
    """Every programme the request's site serves: the site's events, the programmes' public
    deadlines and the plugins' calendar items of those programmes."""
    site = site_of(request)
    programs = [program.id for program in site_programmes(site)]
    events = feed_events(_events(site), request) + calendar_items(programs, request)
    return calendar_response(
        request, portal(request), events, public_deadlines(programs), "programme.ics"
    )


def programme_events_feed(request: HttpRequest, programme: str) -> HttpResponse:
    """One programme's events (those filed under one of its goals), public deadlines and the
    plugins' calendar items of it."""
    program = _served(request, programme)
    pages = _events(site_of(request)).filter(goal__startswith=program.uid_prefix)
    return calendar_response(
        request,
        _title(program),
        feed_events(pages, request) + calendar_items([program.id], request),
        public_deadlines([program.id]),
        f"{programme}.ics",
    )


def _goal(program: Program, number: int) -> Goal:
    try:
        return program.goal(number)
    except KeyError:
        raise Http404 from None


def goal_feed(request: HttpRequest, programme: str, number: int) -> HttpResponse:
    """The events filed under one goal of a programme the site serves. A goal given as a bare
    number (as early events were) is the goal of the site's programme when it serves one."""
    site = site_of(request)
    program = _served(request, programme)
    goal_uid = program.goal_uid(_goal(program, number))
    values = [goal_uid, *([str(number)] if len(site_programmes(site)) == 1 else [])]
    pages = _events(site).filter(goal__in=values)
    goal = _("goal")  # outside the f-string, where makemessages finds it
    name = f"{_title(program)} – {goal} {number}"
    return calendar_response(
        request, name, feed_events(pages, request), (), f"{programme}-goal-{number}.ics"
    )


def old_goal_feed(request: HttpRequest, number: int) -> HttpResponse:
    """``/calendar/goal/<n>.ics``, from when a site had one programme: moved for good to that
    programme's goal feed while the site serves exactly one; ambiguous (404) otherwise."""
    programs = site_programmes(site_of(request))
    if len(programs) != 1:
        raise Http404
    return redirect(
        "calendar_goal", programs[0].id, _goal(programs[0], number).number, permanent=True
    )


def unit_feed(request: HttpRequest, slug: str) -> HttpResponse:
    site = site_of(request)
    unit = get_object_or_404(Unit.objects.of_site(site), slug=slug)
    pages = _events(site).filter(unit=unit)
    name = f"{portal(request)} – {unit.name}"
    return calendar_response(request, name, feed_events(pages, request), (), f"{slug}.ics")


def category_feed(request: HttpRequest, category: str) -> HttpResponse:
    site = site_of(request)
    if category == "deadline":
        programs = [program.id for program in site_programmes(site)]
        return calendar_response(
            request,
            " – ".join([portal(request), _("deadlines")]),
            [],
            public_deadlines(programs),
            "deadlines.ics",
        )
    if category not in Category.values:
        raise Http404
    pages = _events(site).filter(category=category)
    name = f"{portal(request)} – {Category(category).label}"
    return calendar_response(request, name, feed_events(pages, request), (), f"{category}.ics")


def event_ics(request: HttpRequest, page_id: int) -> HttpResponse:
    page: EventPage = get_object_or_404(_events(site_of(request)), pk=page_id)
    language = translation.get_language() or settings.LANGUAGE_CODE
    domain = feed_uid_domain(request)
    rows = feed_rows(EventPage.objects.filter(pk=page.pk), language, domain, date.min)
    rendered = rendered_events(rows, language, domain)
    return calendar_response(request, one_line(page.title), rendered, (), f"event-{page_id}.ics")


#: A deadline as (network, obligation, unit, due): one a unit may still deliver for.
DeadlineKey = tuple[str, str, str, date]


class UnitDeadlines(NamedTuple):
    deadlines: list[Deadline]
    #: Those still open (overdue or pending) whose duty is delivered on a form: where a
    #: private feed links the Deliver action.
    deliverable: set[DeadlineKey]


def unit_deadlines(units: list[Unit]) -> UnitDeadlines:
    """Every dated duty of these units, a year back and a year ahead: their networks' duties
    (okcore compliance) and the dated Table 1 tasks they implement."""
    reg = registry()
    today = timezone.localdate()
    found: list[Deadline] = []
    deliverable_open: set[DeadlineKey] = set()
    for network_id, _network, unit, item in unit_obligations(units, today + timedelta(days=366)):
        for deadline in item.deadlines:
            if deadline.due is None or deadline.due < today - timedelta(days=366):
                continue
            # Statuses are reckoned a year ahead; a deadline not met then is not met today.
            if item.obligation.delivery is not None and deadline.status in (
                Status.OVERDUE,
                Status.PENDING,
            ):
                deliverable_open.add((network_id, item.obligation.id, unit.id, deadline.due))
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
    # Each unit's tasks in the programmes of the site that shows it: another city's
    # programme naming the same slug names another unit.
    named: dict[str, set[str]] = {}
    for unit in units:
        for program in site_programmes(unit.shown_on()):
            named.setdefault(program.id, set()).add(unit.slug)
    for program in sorted(reg.programs.values(), key=lambda p: p.id):
        slugs = named.get(program.id, set())
        if slugs:
            found.extend(d for d in task_deadlines(program, *window) if slugs & set(d.implementers))
    return UnitDeadlines(sorted(found, key=lambda d: (d.due, d.source)), deliverable_open)


def with_deliver_link(item: Deadline, request: HttpRequest) -> RenderedEvent:
    """The deadline as okcore writes it, with the Deliver action's absolute address as its
    URL (RFC 5545 §3.8.4.6) and in its description, for calendars that show no URL."""
    assert item.unit is not None  # a network's deadline is always a unit's
    url = request.build_absolute_uri(deliver_url(item.unit, item.obligation, item.due))
    language = getattr(request, "LANGUAGE_CODE", None)
    component = deadline_component(item, language, feed_uid_domain(request), NO_CHANGE_TIME)
    component.add("url", url)
    described = str(component.pop("description"))
    deliver = pgettext("dashboard", "Deliver")
    component.add("description", f"{described}\n{deliver}: {url}")
    return RenderedEvent(text=component.to_ical(), year=item.due.year)


def private_feed(request: HttpRequest, token: str) -> HttpResponse:
    found = (
        CalendarToken.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if found is None or not found.user.is_active:
        raise Http404  # a wrong or revoked token looks like no feed at all
    units = units_for(found.user)
    by_site: dict[int | None, tuple[Site | None, list[Unit]]] = {}
    for unit in units:
        site = unit.shown_on()
        by_site.setdefault(site.pk if site else None, (site, []))[1].append(unit)
    # Each unit's events on the site that shows it: another city's site naming the unit
    # as organiser puts nothing in this feed.
    pages = EventPage.objects.none()
    for site, members in by_site.values():
        pages |= _events(site).filter(unit__in=members)
    deadlines, deliverable_open = unit_deadlines(units)
    allowed = deliverable(found.user)
    linked = {
        index
        for index, d in enumerate(deadlines)
        if (d.owner, d.obligation, d.unit, d.due) in deliverable_open
        and (d.unit, d.owner) in allowed
    }
    with translation.override("pl"):
        name = _("My deadlines and events")
        return calendar_response(
            request,
            name,
            feed_events(pages, request)
            + [with_deliver_link(deadlines[index], request) for index in sorted(linked)],
            [d for index, d in enumerate(deadlines) if index not in linked],
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
