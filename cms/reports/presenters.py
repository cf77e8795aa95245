"""What the public report page shows: the document from the page's own content, in the
page's language, and its files to download."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from cms.reports.convert import page_report
from okcore.report import chart as charts
from okcore.report.model import Chart

if TYPE_CHECKING:  # the page imports this module to build its context
    from cms.reports.models import ReportPage


def chart(block: Chart) -> SafeString:
    """The public pages' chart (okcore.report.chart, which escapes every text)."""
    return mark_safe(charts.svg(block))  # built from escaped parts


def page_context(page: ReportPage) -> dict[str, Any]:
    report = page_report(page)
    return {
        "report": report,
        "blocks": [
            (block, chart(block) if isinstance(block, Chart) else None) for block in report.blocks
        ],
        "files": [(found, reverse("report_file", args=[found.pk])) for found in page.files.all()],
    }
