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
from cms.reports import services, views
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
    source language that is never the approved one, so it is refused (the translations,
    made from an approved original, publish the usual way)."""
    page = page.specific
    if not isinstance(page, ReportPage) or not page.is_original:
        return None
    if services.state(page.program, page.year) is not services.State.DRAFT:
        return None
    messages.error(request, unapproved_message())
    return redirect("wagtailadmin_pages:edit", page.pk)


@register_hook("register_log_actions")
def report_log_actions(actions: Any) -> None:
    label = pgettext_lazy("reports", "Report approved")
    actions.register_action("okcore.report.approved", label, label)


@register_hook(DUE_PANEL_ROWS)
def report_due_rows(request: Any) -> list[DueRow]:
    return due_rows(request.user)
