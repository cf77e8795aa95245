"""services.translate: the report in another language as SZ makes it — okcore's report
built in that language, the written sections kept as SZ wrote them there — published once
the original's latest version is approved, with files in its language."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import Locale
from wagtail_localize.models import Translation

from cms.core.registry import registry
from cms.reports import services
from cms.reports.convert import fill_page, page_report
from cms.reports.data import report_data
from cms.reports.models import ReportPage
from okcore.report.build import build_report
from okcore.report.model import Heading, Paragraph

pytestmark = pytest.mark.django_db
PROGRAM = "open-krakow-2024-2028"
YEAR = 2025
SUMMARY = "The summary SZ wrote in English."


@pytest.fixture
def published(sz: Any) -> ReportPage:
    return services.publish(services.approve(services.generate(PROGRAM, YEAR, sz), sz), sz)


def write_summary(page: ReportPage, user: Any, words: str) -> ReportPage:
    draft = page.get_latest_revision_as_object()
    report = page_report(draft)
    blocks = list(report.blocks)
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.key == "summary")
    end = next(
        (i for i in range(start + 1, len(blocks)) if isinstance(blocks[i], Heading)), len(blocks)
    )
    blocks[start + 1 : end] = [Paragraph(text=words)]
    fill_page(draft, report.model_copy(update={"blocks": blocks}))
    draft.save_revision(user=user)
    found: ReportPage = ReportPage.objects.get(pk=page.pk)
    return found


def test_a_translation_is_okcores_report_in_its_language_published_with_its_files(
    published: ReportPage, sz: Any, client: Any
) -> None:
    english = Locale.objects.get(language_code="en")
    draft = services.translate(published, english, sz)
    assert draft.locale == english and draft.translation_key == published.translation_key
    assert not draft.live and draft.approved_revision_id is None
    # Made with wagtail-localize, its sync stopped: its text is its own.
    assert Translation.objects.get(source__object_id=published.translation_key).enabled is False
    report = page_report(draft.get_latest_revision_as_object())
    assert report.language == "en"
    built = build_report(
        registry(),
        report_data(registry().programs[PROGRAM], YEAR, published.data_date, "en"),
        "en",
    )
    assert (report.title, report.data_date) == (built.title, published.data_date)
    assert [b for b in report.blocks if isinstance(b, Heading)] == [
        b for b in built.blocks if isinstance(b, Heading)
    ]
    page = services.publish(write_summary(draft, sz, SUMMARY), sz)
    assert page.live
    files = {f.format: f for f in page.files.all()}
    assert set(files) == {"html", "pdf", "docx", "odt"}
    assert all(f.locale == english for f in files.values())
    html = files["html"].file.open("rb").read()
    assert b'lang="en"' in html and SUMMARY.encode() in html
    assert SUMMARY in client.get(page.url).content.decode()
    assert page.url.startswith("/en/")
    # The original keeps its own files, in Polish.
    assert all(f.locale.language_code == "pl" for f in published.files.all())


def test_translating_again_keeps_what_sz_wrote_in_the_translation(
    published: ReportPage, sz: Any
) -> None:
    ukrainian = Locale.objects.get(language_code="uk")
    first = write_summary(services.translate(published, ukrainian, sz), sz, "Підсумок.")
    again = services.translate(published, ukrainian, sz)
    assert again.pk == first.pk
    texts = [
        getattr(b, "text", "") for b in page_report(again.get_latest_revision_as_object()).blocks
    ]
    assert "Підсумок." in texts


def test_a_translation_waits_for_the_originals_approval(published: ReportPage, sz: Any) -> None:
    english = Locale.objects.get(language_code="en")
    draft = services.translate(published, english, sz)
    services.generate(PROGRAM, YEAR, sz)  # a new, unapproved version of the original
    with pytest.raises(ValidationError):
        services.publish(draft, sz)
    assert not ReportPage.objects.get(pk=draft.pk).live


def test_only_sz_translates_and_only_the_original(
    published: ReportPage, sz: Any, make_user: Any
) -> None:
    english = Locale.objects.get(language_code="en")
    with pytest.raises(PermissionDenied):
        services.translate(published, english, make_user("editor", "editors"))
    with pytest.raises(ValidationError):
        services.translate(published, published.locale, sz)
    draft = services.translate(published, english, sz)
    with pytest.raises(ValidationError):
        services.translate(draft, Locale.objects.get(language_code="uk"), sz)
