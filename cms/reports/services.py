"""The report's life: generated from the data, edited in Wagtail, approved, published.

The admin (cms.reports.views) and the demo loader both go through here. Approval keeps
the approved revision's document as a snapshot and renders its files, so later changes to
measurements or deliveries do not alter an approved report; a new version is a new
revision, approved again (Program §6 ust. 8: the report the Mayor presents to the Council).
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import pgettext, pgettext_lazy
from wagtail.log_actions import log
from wagtail.models import Locale, Revision
from wagtail_localize.models import Translation, TranslationSource

from cms.core.registry import registry
from cms.programmes.models import ProgrammePage
from cms.reports.access import may_manage
from cms.reports.convert import fill_page, keep_written, page_report
from cms.reports.data import report_data
from cms.reports.models import ReportFile, ReportPage, unapproved_message
from okcore.program import Program
from okcore.report.build import build_report
from okcore.report.model import Report
from okcore.report.render import FORMATS


class State(enum.StrEnum):
    """Where a programme's report for a year stands (the due panel and Reports show it)."""

    NONE = "none"
    DRAFT = "draft"
    APPROVED = "approved"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        """The state in the reader's language: only its own translated (the due panel asks
        for 150 programmes' labels)."""
        return str(STATE_LABELS[self])


STATE_LABELS = {
    State.NONE: pgettext_lazy("report state", "no draft"),
    State.DRAFT: pgettext_lazy("report state", "draft"),
    State.APPROVED: pgettext_lazy("report state", "approved"),
    State.PUBLISHED: pgettext_lazy("report state", "published"),
}


def source_locale() -> Locale:
    """Reports are generated in the site's source language (Polish); the others are
    translations."""
    return Locale.get_default()


def _program(program_id: str) -> Program:
    program = registry().programs.get(program_id)
    if program is None:
        raise ValidationError(
            pgettext("report", "There is no programme %(id)s.") % {"id": program_id}
        )
    return program


def _check(user: Any, program_id: str) -> None:
    if not may_manage(user, program_id):
        raise PermissionDenied(
            pgettext("report", "Only SZ of the programme's city manages its report.")
        )


def years(program: Program, today: date) -> list[int]:
    """The years a report can be generated for: the programme's, up to this one."""
    return [year for year in program.period.years if year <= today.year]


def report_page(program_id: str, year: int) -> ReportPage | None:
    """The report's page in the source language, if generated."""
    found: ReportPage | None = ReportPage.objects.filter(
        program=program_id, year=year, locale=source_locale()
    ).first()
    return found


@transaction.atomic
def generate(program_id: str, year: int, user: Any, today: date | None = None) -> ReportPage:
    """A draft from the portal's data, below the programme's page: a new page, or a new
    revision of the existing one keeping the sections SZ writes as SZ left them."""
    program = _program(program_id)
    _check(user, program_id)
    today = today or timezone.localdate()
    if year not in years(program, today):
        raise ValidationError(
            pgettext(
                "report",
                "%(year)s is outside the programme (%(start)s–%(end)s) or still ahead.",
            )
            % {"year": year, "start": program.period.start, "end": program.period.end}
        )
    language = source_locale().language_code
    report = build_report(registry(), report_data(program, year, today, language), language)
    page = report_page(program_id, year)
    if page is None:
        parent = ProgrammePage.objects.filter(okcore_id=program_id, locale=source_locale()).first()
        if parent is None:
            raise ValidationError(
                pgettext("report", "The programme has no page yet: run okcore_sync first.")
            )
        page = ReportPage(slug=f"report-{year}", live=False, owner=user)
        fill_page(page, report)
        parent.add_child(instance=page)
    else:
        page = page.get_latest_revision_as_object()
        blocks = keep_written(page_report(page).blocks, report.blocks)
        report = report.model_copy(update={"blocks": blocks})
        fill_page(page, report)
    page.save_revision(user=user, log_action=True)
    return _fresh(page)


def _fresh(page: ReportPage) -> ReportPage:
    found: ReportPage = ReportPage.objects.get(pk=page.pk)
    return found


def state(program_id: str, year: int) -> State:
    return state_of(report_page(program_id, year))


def states(program_ids: list[str]) -> dict[tuple[str, int], State]:
    """The state of every report of these programmes, by (programme, year), in one query
    (SZ's admin home names one row per programme); a year missing has none."""
    pages = ReportPage.objects.filter(program__in=program_ids, locale=source_locale())
    return {(page.program, page.year): state_of(page) for page in pages}


def state_of(page: ReportPage | None) -> State:
    """No draft, draft (the latest revision is not the approved one), approved, published
    (the approved revision is live)."""
    if page is None:
        return State.NONE
    if page.approved_revision_id is None or page.latest_revision_id != page.approved_revision_id:
        return State.DRAFT
    if page.live and page.live_revision_id == page.approved_revision_id:
        return State.PUBLISHED
    return State.APPROVED


def render_files(page: ReportPage, report: Report, revision: Revision | None) -> list[ReportFile]:
    """The document in every format, for the revision (made again when it is approved
    again); earlier versions keep theirs."""
    made = []
    for extension, spec in sorted(FORMATS.items()):
        content = spec.render(report)
        name = f"{page.program}-{page.year}-{page.locale.language_code}.{spec.extension}"
        old = ReportFile.objects.filter(page=page, revision=revision, format=extension).first()
        if old is not None:
            old.file.delete(save=False)
            old.delete()
        found = ReportFile(
            page=page,
            locale=page.locale,
            format=extension,
            name=name,
            size=len(content),
            revision=revision,
        )
        found.file.save(name, ContentFile(content), save=False)
        found.save()
        made.append(found)
    return made


@transaction.atomic
def approve(page: ReportPage, user: Any, seen: int | None = None) -> ReportPage:
    """Keep the latest revision's document as the approved snapshot, with its files.

    ``seen`` is the revision SZ looked at (Reports sends it): when someone has saved a
    newer one since, that one is not approved unseen."""
    _check(user, page.program)
    page = ReportPage.objects.select_for_update().get(pk=page.pk)
    revision = page.latest_revision
    if revision is None:
        raise ValidationError(pgettext("report", "The report has no revision to approve."))
    if revision.pk == page.approved_revision_id:
        # A replayed Approve: who approved it, and its files, stay as they are.
        raise ValidationError(pgettext("report", "This version is approved already."))
    if seen is not None and seen != revision.pk:
        raise ValidationError(
            pgettext(
                "report",
                "The report was changed since you opened Annual reports: look at the new "
                "version, then approve it.",
            )
        )
    report = page_report(revision.as_object())
    page.snapshot = report.model_dump(mode="json")
    page.approved_revision = revision
    page.approved_at = timezone.now()
    page.approved_by = user
    ReportPage.objects.filter(pk=page.pk).update(
        snapshot=page.snapshot,
        approved_revision=revision,
        approved_at=page.approved_at,
        approved_by=user,
    )
    render_files(page, report, revision)
    log(page, "okcore.report.approved", user=user, revision=revision)
    return page


@transaction.atomic
def publish(page: ReportPage, user: Any) -> ReportPage:
    """Put the approved revision on the portal; refused while a later revision waits. A
    translation's latest revision goes live once its original's latest version is approved
    (ReportPage.publishing_refused); publishing it renders its files (cms.reports.signals)."""
    _check(user, page.program)
    page = ReportPage.objects.select_for_update().get(pk=page.pk)
    if page.is_original:
        revision = page.approved_revision
        if revision is None or page.latest_revision_id != revision.pk:
            raise ValidationError(unapproved_message())
    else:
        revision = page.latest_revision
        if revision is None or page.publishing_refused(revision.pk):
            raise ValidationError(unapproved_message())
    revision.publish(user=user)
    return _fresh(page)


@transaction.atomic
def translate(page: ReportPage, locale: Locale, user: Any) -> ReportPage:
    """The original report's translation into ``locale``, as a new draft revision.

    A new translation is made with wagtail-localize ("Translate"), its sync stopped: the
    report is not translated string by string but built by okcore in the translation's
    language from the data as of the original's date, so its tables, charts and fixed words
    are that language's. The written sections are kept as SZ left them in the translation
    (a new one gets their outline in its language, for SZ to write). Publish it with
    :func:`publish`."""
    _check(user, page.program)
    if not page.is_original or locale.pk == page.locale_id:
        raise ValidationError(pgettext("report", "Only the original report is translated."))
    language = locale.language_code
    data = report_data(_program(page.program), page.year, page.data_date, language)
    report = build_report(registry(), data, language)
    translation = page.get_translation_or_none(locale)
    if translation is None:
        source, _created = TranslationSource.get_or_create_from_instance(page)
        made, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
        made.save_target(user=user, publish=False)
        # Its own text from now on, edited in Wagtail's editor ("Stop synced translation").
        Translation.objects.filter(pk=made.pk).update(enabled=False)
        target: ReportPage = page.get_translation(locale).specific
        target = target.get_latest_revision_as_object()
    else:
        target = translation.specific.get_latest_revision_as_object()
        blocks = keep_written(page_report(target).blocks, report.blocks)
        report = report.model_copy(update={"blocks": blocks})
    fill_page(target, report)
    target.save_revision(user=user, log_action=True)
    return _fresh(target)


def translation_published(page: ReportPage) -> list[ReportFile]:
    """A translation's files, in its language from its own content (made on publishing it
    through wagtail-localize: the Polish original is the one approved)."""
    return render_files(page, page_report(page), page.live_revision)
