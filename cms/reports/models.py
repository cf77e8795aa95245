"""The annual report on the portal: a page per programme and year, and its files.

The Mayor reports to the City Council on the programme's implementation by 30 April of
the following year (Program §6 ust. 8). SZ generates the page from the portal's data
(cms.reports.services), edits the sections it writes in Wagtail's editor, approves it —
the approved revision is kept as a snapshot with its files, so later changes to the data
do not alter it — and publishes it. Translations come through wagtail-localize like every
other page; publishing one renders its files in its language from its own content.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import pgettext, pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, Revision
from wagtail.search import index

from cms.core.permissions import ProposalPermissionTester, SitePermissions
from cms.core.stemming import STEMS, StemmedSearch
from cms.deliveries.models import private_storage
from cms.reports.access import may_manage
from cms.reports.blocks import ReportBodyBlock
from cms.reports.presenters import page_context


def unapproved_message() -> str:
    return pgettext(
        "report",
        "This version of the report is not approved: approve it in Annual reports first, "
        "then publish it there.",
    )


class ReportPermissionTester(ProposalPermissionTester):
    """Editing the report and taking it down (deleting, moving away, unpublishing) are SZ's,
    like generating, approving and publishing it (3487/2023 §4): not a portal editor's, whose
    save would turn SZ's approved report back into a draft."""

    def _sz(self) -> bool:
        return may_manage(self.user, self.page.specific_deferred.program)

    def can_edit(self) -> bool:
        return bool(super().can_edit()) and self._sz()

    def can_publish(self) -> bool:
        return bool(super().can_publish()) and self._sz()

    def can_delete(self, ignore_bulk: bool = False) -> bool:
        return super().can_delete(ignore_bulk) and self._sz()

    def can_unpublish(self) -> bool:
        return bool(super().can_unpublish()) and self._sz()


class ReportPage(StemmedSearch, SitePermissions, Page):
    """The report for one programme and year, below the programme's page."""

    permission_tester_class = ReportPermissionTester
    parent_page_types = ["programmes.ProgrammePage"]
    subpage_types: list[str] = []
    #: Made by "Generate" in Reports (cms.reports.views), never by "Add child page".
    is_creatable = False
    template = "reports/report_page.html"
    #: The approval belongs to the page, not to a revision: a translation starts without
    #: one (no files of its own either, ReportFile), and restoring or publishing a revision
    #: keeps it (with_content_json).
    approval_fields = ("approved_revision", "approved_at", "approved_by", "snapshot")
    exclude_fields_in_copy = list(approval_fields)

    program = models.CharField(
        pgettext_lazy("report", "programme"), max_length=120, editable=False, db_index=True
    )
    year = models.PositiveSmallIntegerField(pgettext_lazy("report", "year"), editable=False)
    data_date = models.DateField(pgettext_lazy("report", "date of the data"), editable=False)
    program_title = models.CharField(pgettext_lazy("report", "programme's title"), max_length=500)
    city = models.CharField(pgettext_lazy("report", "city"), max_length=200, blank=True)
    legal_basis = models.TextField(
        pgettext_lazy("report", "legal basis"),
        blank=True,
        help_text=pgettext_lazy("report", "One act or provision a line."),
    )
    body = StreamField(
        ReportBodyBlock(), blank=True, verbose_name=pgettext_lazy("report", "content")
    )
    approved_revision = models.ForeignKey(
        Revision,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=pgettext_lazy("report", "approved revision"),
    )
    approved_at = models.DateTimeField(
        pgettext_lazy("report", "approved at"), null=True, blank=True, editable=False
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=pgettext_lazy("report", "approved by"),
    )
    #: The approved document (okcore.report.model.Report as JSON): what the files show,
    #: whatever happens to the data afterwards.
    snapshot = models.JSONField(
        pgettext_lazy("report", "approved document"), null=True, blank=True, editable=False
    )

    content_panels = [
        FieldPanel("title"),
        MultiFieldPanel(
            [FieldPanel("program_title"), FieldPanel("city"), FieldPanel("legal_basis")],
            heading=pgettext_lazy("report", "Title page"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body"), STEMS]

    class Meta:
        verbose_name = pgettext_lazy("report", "report to the City Council")
        verbose_name_plural = pgettext_lazy("report", "reports to the City Council")
        permissions = [("manage_report", "Can generate, approve and publish reports")]

    def with_content_json(self, content: dict[str, Any]) -> ReportPage:
        page: ReportPage = super().with_content_json(content)
        for name in self.approval_fields:
            setattr(page, name, getattr(self, name))
        return page

    @property
    def is_original(self) -> bool:
        """In the source language (Polish): the version SZ approves; the others are its
        translations."""
        return bool(self.locale_id == Locale.get_default().pk)

    def publishing_refused(self, revision_id: int | None) -> bool:
        """Whether putting the revision live would publish what SZ has not approved: in the
        original, any revision but the approved one; in a translation, anything while the
        original's latest version is not approved (wagtail-localize translates the latest
        version, so a draft's words would go live in English or Ukrainian)."""
        if self.is_original:
            return revision_id is None or revision_id != self.approved_revision_id
        original = ReportPage.objects.filter(
            translation_key=self.translation_key, locale=Locale.get_default()
        ).first()
        return (
            original is None
            or original.approved_revision_id is None
            or original.latest_revision_id != original.approved_revision_id
        )

    def publish(self, revision: Revision, *args: Any, **kwargs: Any) -> Any:
        """Only what SZ approved goes live, whichever way publishing is asked for (Reports,
        Wagtail's button, a bulk action, a schedule, wagtail-localize): Program §6 ust. 8
        makes the report the Mayor's approved text."""
        if self.publishing_refused(revision.pk):
            raise ValidationError(unapproved_message())
        return super().publish(revision, *args, **kwargs)

    def get_workflow(self) -> None:
        """No moderation: SZ approves the report itself (Reports), so a workflow's approval
        must not publish it."""
        return

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(request, *args, **kwargs)
        context.update(page_context(self))
        return context


class Format(models.TextChoices):
    PDF = "pdf", pgettext_lazy("report format", "PDF")
    DOCX = "docx", pgettext_lazy("report format", "DOCX (Word)")
    ODT = "odt", pgettext_lazy("report format", "ODT (OpenDocument)")
    HTML = "html", pgettext_lazy("report format", "HTML (web page)")


def report_file_path(instance: ReportFile, filename: str) -> str:
    return f"reports/{instance.page_id}/{instance.revision_id}/{filename}"


class ReportFile(models.Model):
    """One format of a report page's document, rendered from one revision: in the private
    storage of the deliveries' attachments, sent by cms.reports.views.report_file (to
    anyone once that revision is live). Each approved version keeps its own files."""

    page = models.ForeignKey(
        ReportPage,
        on_delete=models.CASCADE,
        related_name="files",
        verbose_name=pgettext_lazy("report", "report"),
    )
    locale = models.ForeignKey(
        Locale,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("report", "language"),
    )
    format = models.CharField(pgettext_lazy("report", "format"), max_length=8, choices=Format)
    file = models.FileField(
        pgettext_lazy("report", "file"),
        storage=private_storage,
        upload_to=report_file_path,
        max_length=500,
    )
    name = models.CharField(pgettext_lazy("report", "file name"), max_length=255)
    size = models.PositiveBigIntegerField(pgettext_lazy("report", "size"))
    revision = models.ForeignKey(
        Revision,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=pgettext_lazy("report", "revision"),
    )
    created_at = models.DateTimeField(pgettext_lazy("report", "made at"), auto_now_add=True)

    class Meta:
        ordering = ["page", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "revision", "format"],
                name="one_report_file_per_revision_and_format",
            )
        ]
        verbose_name = pgettext_lazy("report", "report file")
        verbose_name_plural = pgettext_lazy("report", "report files")

    def __str__(self) -> str:
        return self.name
