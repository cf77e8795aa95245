"""Reports in the admin: SZ's "Reports" menu and pages, the guard on Wagtail's own
Publish button, the audit log's action and the due panel's row."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import pgettext_lazy
from wagtail.admin.menu import MenuItem

from cms.core.extensions import register_hook
from cms.dashboard.panels import DUE_PANEL_ROWS, DueRow
from cms.reports import views
from cms.reports.access import managed_programmes
from cms.reports.due import due_rows
from cms.reports.models import ReportPage, unapproved_message


@register_hook("register_admin_urls")
def report_urls() -> list[URLPattern]:
    return [
        path("reports/", views.report_list, name="report_list"),
        path("reports/<slug:program>/<int:year>/generate/", views.generate, name="report_generate"),
        path("reports/<int:pk>/approve/", views.approve, name="report_approve"),
        path("reports/<int:pk>/publish/", views.publish, name="report_publish"),
    ]


class ReportsMenuItem(MenuItem):
    """Shown to SZ of a site with a programme."""

    def is_shown(self, request: Any) -> bool:
        return bool(managed_programmes(request.user))


@register_hook("register_admin_menu_item")
def reports_menu_item() -> MenuItem:
    return ReportsMenuItem(
        pgettext_lazy("reports", "Annual reports"),
        reverse("report_list"),
        icon_name="doc-full",
        order=230,
    )


@register_hook("before_publish_page")
def refuse_unapproved(request: Any, page: Any) -> HttpResponse | None:
    """Wagtail's Publish button saves a new revision and publishes it: for a report in its
    source language that is never the approved one, so it is refused; a translation is
    refused while its original waits for approval (ReportPage.publishing_refused)."""
    page = page.specific
    if not isinstance(page, ReportPage) or not page.publishing_refused(page.latest_revision_id):
        return None
    messages.error(request, unapproved_message())
    return redirect("wagtailadmin_pages:edit", page.pk)


@register_hook("before_bulk_action")
def refuse_unapproved_in_bulk(
    request: Any, action_type: str, objects: Any, action: Any
) -> HttpResponse | None:
    """Wagtail's bulk Publish publishes each page's latest revision (and, asked to, the
    drafts below them): refused, with a message rather than an error page, when a report
    among them is not approved."""
    if action_type != "publish":
        return None
    pages = [page.pk for page in objects]
    if action.cleaned_form.cleaned_data.get("include_descendants"):
        for page in objects:
            pages += page.get_descendants().not_live().values_list("pk", flat=True)
    if not any(
        report.publishing_refused(report.latest_revision_id)
        for report in ReportPage.objects.filter(pk__in=pages)
    ):
        return None
    messages.error(request, unapproved_message())
    return redirect(action.next_url)


@register_hook("register_log_actions")
def report_log_actions(actions: Any) -> None:
    label = pgettext_lazy("reports", "Report approved")
    actions.register_action("okcore.report.approved", label, label)


@register_hook(DUE_PANEL_ROWS)
def report_due_rows(request: Any) -> list[DueRow]:
    return due_rows(request.user)
