"""Reports in the admin for SZ: per programme and year where the report stands and the
next step (generate, edit, approve, publish), its files and its history; and the file
download, public once the report is live.

Every step goes through cms.reports.services, which checks who asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST
from wagtail.models import Revision

from cms.core.city import programme_site
from cms.core.registry import registry, text
from cms.core.roles import administered_sites
from cms.reports import services
from cms.reports.access import managed_programmes, may_manage
from cms.reports.models import ReportFile, ReportPage
from okcore.report.render import FORMATS


@dataclass(frozen=True)
class Row:
    """One programme's report for one year, as the Reports view lists it."""

    program: str
    title: str
    year: int
    state: services.State
    page: ReportPage | None
    files: list[ReportFile]
    revisions: list[Revision]


def _rows(user: Any) -> list[Row]:
    today = timezone.localdate()
    rows = []
    for program_id in managed_programmes(user):
        program = registry().programs[program_id]
        for year in reversed(services.years(program, today)):
            page = services.report_page(program_id, year)
            rows.append(
                Row(
                    program=program_id,
                    title=text(program.title),
                    year=year,
                    state=services.state(program_id, year),
                    page=page,
                    files=list(page.files.filter(revision_id=page.approved_revision_id))
                    if page
                    else [],
                    revisions=list(
                        Revision.page_revisions.filter(object_id=str(page.pk))
                        .select_related("user")
                        .order_by("-created_at")[:10]
                    )
                    if page
                    else [],
                )
            )
    return rows


def report_list(request: HttpRequest) -> HttpResponse:
    """SZ's reports: its site's programmes, every year of each up to this one."""
    if not managed_programmes(request.user):
        raise PermissionDenied
    return TemplateResponse(request, "reports/list.html", {"rows": _rows(request.user)})


def _done(request: HttpRequest, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("report_list")


def _refused(request: HttpRequest, error: ValidationError) -> HttpResponse:
    for message in error.messages:
        messages.error(request, message)
    return redirect("report_list")


@require_POST
def generate(request: HttpRequest, program: str, year: int) -> HttpResponse:
    try:
        page = services.generate(program, year, request.user)
    except ValidationError as error:
        return _refused(request, error)
    return _done(
        request,
        pgettext("reports", "Draft generated from the data: %(title)s.") % {"title": page.title},
    )


def _page(request: HttpRequest, pk: int) -> ReportPage:
    page = get_object_or_404(ReportPage, pk=pk)
    if not may_manage(request.user, page.program):
        raise PermissionDenied
    return page


@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    page = _page(request, pk)
    seen = request.POST.get("revision", "")
    try:
        if not seen.isdecimal():
            raise ValidationError(pgettext("reports", "Which version to approve is missing."))
        services.approve(page, request.user, seen=int(seen))
    except ValidationError as error:
        return _refused(request, error)
    return _done(
        request,
        pgettext("reports", "Approved, with its files: %(title)s.") % {"title": page.title},
    )


@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    page = _page(request, pk)
    try:
        services.publish(page, request.user)
    except ValidationError as error:
        return _refused(request, error)
    return _done(
        request, pgettext("reports", "Published on the portal: %(title)s.") % {"title": page.title}
    )


def may_download(user: Any, found: ReportFile) -> bool:
    """Anyone when the file is of the live version; any other SZ of its programme's city
    only."""
    page = found.page
    if page.live and found.revision_id == page.live_revision_id:
        return True
    if not (user.is_authenticated and user.has_perm("reports.manage_report")):
        return False
    program = registry().programs.get(page.program)
    site = programme_site(program) if program is not None else None
    return site is not None and site in administered_sites(user)


def report_file(request: HttpRequest, pk: int) -> FileResponse:
    """One of a report's files; for whoever may not have it, it does not exist."""
    found = get_object_or_404(ReportFile.objects.select_related("page"), pk=pk)
    if not may_download(request.user, found):
        raise Http404
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=found.name,
        content_type=FORMATS[found.format].media_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
