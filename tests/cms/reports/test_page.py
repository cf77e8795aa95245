"""The report page: the document and the StreamField both ways (cms.reports.convert), the
public page (headings, real table headers, the chart, the files to download) and its
translations through wagtail-localize, whose files are in their own language."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from cms.programmes.models import ProgrammePage
from cms.reports import services
from cms.reports.convert import fill_page, keep_written, page_report
from cms.reports.models import ReportPage
from okcore.report.model import (
    BulletList,
    Chart,
    ChartRow,
    Heading,
    Paragraph,
    Quote,
    Report,
    Table,
)

PROGRAM = "open-krakow-2024-2028"
YEAR = 2025

EVERY_KIND = Report(
    program=PROGRAM,
    year=YEAR,
    language="pl",
    title="Sprawozdanie za rok 2025",
    program_title="Program „Otwarty Kraków”",
    city="Kraków",
    legal_basis=["Program §6 ust. 8", "Zarządzenie 3487/2023 §3 pkt 4"],
    data_date=date(2026, 3, 1),
    blocks=[
        Heading(level=1, text="Cel 1", key="goal-1"),
        Paragraph(text="Działania w roku.\nDruga linia."),
        BulletList(items=["Wydział Edukacji", "Wydział Kultury"]),
        Quote(text="Przeprowadziliśmy 12 warsztatów.", source="Wydział Edukacji"),
        Table(
            caption="Tabela 2",
            header=["Wskaźnik", "Wartość"],
            rows=[["Liczba szkół", "12"], ["Liczba osób", "340"]],
        ),
        Chart(
            key="goal-1",
            title="Wskaźniki celu 1",
            description="Wartość bazowa, wartość za rok, cel.",
            rows=[
                ChartRow(name="Liczba szkół", baseline=3, value=12, target=20, target_label="20")
            ],
            labels=("bazowa", "za rok", "cel"),
        ),
        Heading(level=1, text="Podsumowanie", key="summary", written=True),
        Paragraph(text="Zarys do uzupełnienia."),
    ],
)


def heading(key: str, written: bool = False, level: int = 1) -> Heading:
    return Heading(level=level, text=key, key=key, written=written)


def test_keep_written_keeps_sz_words_and_takes_fresh_data() -> None:
    edited = [
        heading("goal-1"),
        Paragraph(text="stare dane"),
        heading("summary", written=True),
        Paragraph(text="Słowa SZ"),
        heading("sub", level=2),
        Paragraph(text="podrozdział SZ"),
        heading("risks"),
    ]
    fresh = [
        heading("goal-1"),
        Paragraph(text="nowe dane"),
        heading("summary", written=True),
        Paragraph(text="zarys"),
        heading("conclusions", written=True),
        Paragraph(text="zarys wniosków"),
        heading("risks"),
        Paragraph(text="rejestr"),
    ]
    assert keep_written(edited, fresh) == [
        heading("goal-1"),
        Paragraph(text="nowe dane"),
        heading("summary", written=True),
        Paragraph(text="Słowa SZ"),
        heading("sub", level=2),
        Paragraph(text="podrozdział SZ"),
        heading("conclusions", written=True),
        Paragraph(text="zarys wniosków"),
        heading("risks"),
        Paragraph(text="rejestr"),
    ]


@pytest.mark.django_db
def test_every_block_survives_the_page_and_its_revision() -> None:
    parent = ProgrammePage.objects.get(okcore_id=PROGRAM, locale__language_code="pl")
    page = ReportPage(slug="report-2025")
    fill_page(page, EVERY_KIND)
    parent.add_child(instance=page)
    revision = page.save_revision()
    assert page_report(ReportPage.objects.get(pk=page.pk)) == EVERY_KIND
    assert page_report(revision.as_object()) == EVERY_KIND


@pytest.fixture
def published(make_user: Any) -> ReportPage:
    sz = make_user("sz", "admins")
    page = services.approve(services.generate(PROGRAM, YEAR, sz), sz)
    return services.publish(page, sz)


@pytest.mark.django_db
def test_the_public_page_shows_the_report_and_its_files(published: ReportPage, client: Any) -> None:
    response = client.get(published.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{published.title}</h1>" in html
    assert '<th scope="col">' in html and '<th scope="row">' in html
    # Each table captioned, in a scroll region that its caption names and Tab reaches.
    assert re.search(
        r'<div class="table-wrap" role="region" tabindex="0" aria-labelledby="(table-\d+)">'
        r'\s*<table>\s*<caption id="\1">',
        html,
    )
    assert "<svg" in html and 'role="img"' in html
    for found in published.files.all():
        assert f'href="/reports/files/{found.pk}/"' in html
        assert found.get_format_display() in html
    assert 'lang="pl"' in html


@pytest.mark.django_db
def test_the_programme_page_links_its_published_reports_only(
    published: ReportPage, make_user: Any, client: Any
) -> None:
    """Residents find the report from the programme's page; a draft is not listed."""
    sz = make_user("sz2", "admins")
    draft = services.generate(PROGRAM, YEAR - 1, sz)
    html = client.get(published.get_parent().url).content.decode()
    assert f'href="{published.url}"' in html
    assert published.title in html
    assert draft.title not in html


@pytest.mark.django_db
def test_a_published_translation_gets_files_in_its_language(
    published: ReportPage, django_capture_on_commit_callbacks: Any
) -> None:
    english = Locale.objects.get(language_code="en")
    source, _created = TranslationSource.get_or_create_from_instance(published)
    translation = Translation.objects.create(source=source, target_locale=english)
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes then
        translation.save_target(publish=True)
    page = ReportPage.objects.get(translation_key=published.translation_key, locale=english)
    assert page.live
    assert page.approved_revision_id is None  # the original is the approved one
    files = {f.format: f for f in page.files.all()}
    assert files and all(f.locale == english for f in files.values())
    assert b'lang="en"' in files["html"].file.open("rb").read()
    # The original's files stay as approved.
    assert all(f.locale.language_code == "pl" for f in published.files.all())
