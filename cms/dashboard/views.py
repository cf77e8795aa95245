"""SZ's inbox in full: every submission waiting, filterable, each decided on the spot."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.template.response import TemplateResponse
from django.utils.translation import pgettext

from cms.dashboard.inbox import FACETS, inbox, sees_inbox, with_details


def inbox_view(request: HttpRequest) -> HttpResponse:
    """Only SZ's (those who acknowledge deliveries or approve values): 403 for anyone else."""
    if not sees_inbox(request.user):
        # Not Wagtail's PermissionDenied, which the admin answers with a redirect home.
        return HttpResponseForbidden(pgettext("dashboard", "Only SZ sees the inbox."))
    found = inbox(request.user, {f: request.GET.get(f, "") for f in FACETS})
    return TemplateResponse(
        request,
        "dashboard/inbox.html",
        {
            "inbox": found,
            "rows": with_details(found.shown),
            "next": request.get_full_path(),
        },
    )
