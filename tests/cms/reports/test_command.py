"""``manage.py okcore_report``: the draft report written from the site's data in each
format, and bad input refused with okcore's exit codes (docs/cli.md) and no file."""

from __future__ import annotations

import html
import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from clock import TODAY
from django.core.management import call_command
from django.core.management.base import CommandError
from factories import CoordinatorFactory, MeasurementFactory, UnitFactory
from odf import table as odf_table
from odf import teletype
from odf import text as odf_text
from odf.opendocument import load

from cms.core.registry import registry
from cms.core.site import ensure_home
from cms.deliveries import services
from cms.deliveries.models import Status
from cms.indicators.models import Status as MeasurementStatus
from okcore.cli import EXIT_NOT_FOUND, EXIT_OUTPUT, EXIT_PLUGIN, EXIT_USAGE
from okcore.registry import PluginProblem

pytestmark = pytest.mark.django_db
PROGRAM = "open-krakow-2024-2028"
YEAR = 2025
ACTIONS = "Kampania „Kraków bez nienawiści” w komunikacji miejskiej."


@pytest.fixture
def program() -> Any:
    return registry().programs[PROGRAM]


@pytest.fixture
def year_data(make_user: Any) -> None:
    """An approved value and a unit's acknowledged reporting material for YEAR."""
    ensure_home()
    education = UnitFactory(slug="wydzial-edukacji", name="Wydział Edukacji")
    MeasurementFactory(unit=education, period=YEAR, value=160, status=MeasurementStatus.APPROVED)
    safety = UnitFactory(slug="wydzial-bezpieczenstwa", name="Wydział Bezpieczeństwa")
    anna = make_user("anna")
    CoordinatorFactory(unit=safety, network="open-krakow-coordinators", user=anna)
    duty = services.find_duty(
        safety, "3487-2023-reporting-materials", period_end=date(YEAR, 12, 31)
    )
    data = {f"task_6_{n}_actions": ACTIONS for n in (1, 2, 3)}
    delivery = services.start_delivery(anna, duty, data)
    services.submit(anna, delivery)
    services.review(make_user("sz", "admins"), delivery, Status.ACKNOWLEDGED)


def table_rows(document: str) -> list[list[str]]:
    """The cells of an HTML document's table rows, as text."""
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", document, re.S)
    ]


def holds_the_year(program: Any, text: str, rows: list[list[str]]) -> None:
    """Every goal, every task number, every indicator with its combined value (160 for
    the one with an approved value), the risk register, and the unit's quoted words."""
    text = " ".join(text.split())
    for goal in program.goals:
        assert goal.title.get("pl") in text
        for task in goal.tasks:
            assert f"{goal.number}.{task.number}" in text
    by_name = {cells[1]: cells for cells in rows if len(cells) > 3}
    for _goal, indicator in program.indicators.values():
        assert indicator.name.get("pl") in by_name
    reached = by_name[program.indicator("schools-and-residents-reached").name.get("pl")]
    assert "160" in reached
    for risk in program.risks:
        assert risk.name.get("pl") in by_name
    assert ACTIONS in text and "Wydział Bezpieczeństwa" in text


def refused(*args: str) -> CommandError:
    with pytest.raises(CommandError) as caught:
        call_command("okcore_report", *args)
    return caught.value


def test_unknown_programme_exits_3_and_writes_nothing(tmp_path: Path) -> None:
    error = refused("nope", "--year", str(YEAR), "-o", str(tmp_path / "r.html"))
    assert error.returncode == EXIT_NOT_FOUND
    assert "unknown programme 'nope'" in str(error) and PROGRAM in str(error)
    assert list(tmp_path.iterdir()) == []


def test_a_year_outside_the_programme_exits_2_and_writes_nothing(
    tmp_path: Path, program: Any
) -> None:
    for year in (program.period.start - 1, program.period.end + 1):
        error = refused(PROGRAM, "--year", str(year), "-o", str(tmp_path / "r.html"))
        assert error.returncode == EXIT_USAGE
        assert "outside the programme period 2024–2028" in str(error)
    assert list(tmp_path.iterdir()) == []


def test_a_year_not_yet_begun_exits_2(tmp_path: Path) -> None:
    """Next year has no data: refused, in the programme's period or after it."""
    error = refused(PROGRAM, "--year", str(TODAY.year + 1), "-o", str(tmp_path / "r.html"))
    assert error.returncode == EXIT_USAGE
    assert list(tmp_path.iterdir()) == []


def test_a_file_name_naming_no_format_exits_2(tmp_path: Path) -> None:
    error = refused(PROGRAM, "--year", str(YEAR), "-o", str(tmp_path / "report.txt"))
    assert error.returncode == EXIT_USAGE
    assert "--format" in str(error)
    assert refused(PROGRAM, "--year", str(YEAR), "--format", "pdf", "-o", "-").returncode == (
        EXIT_USAGE
    )
    assert list(tmp_path.iterdir()) == []


def test_a_broken_plugin_shows_its_problem_and_exits_4(
    tmp_path: Path, monkeypatch: Any, capsys: Any
) -> None:
    """okcore's rule (docs/cli.md): the answer is given, and the exit code says it relied
    on a broken plugin; an unknown id relies on every plugin (the broken one may be its)."""
    ensure_home()
    monkeypatch.setattr(registry(), "problems", [PluginProblem("open_krakow", "bad file")])
    target = tmp_path / "r.html"

    error = refused(PROGRAM, "--year", str(YEAR), "-o", str(target))

    assert error.returncode == EXIT_PLUGIN
    assert "okcore: plugin 'open_krakow': bad file" in capsys.readouterr().err
    assert target.exists()
    assert refused("nope", "--year", str(YEAR), "-o", str(target)).returncode == EXIT_PLUGIN


def test_an_unwritable_file_exits_5(tmp_path: Path) -> None:
    error = refused(PROGRAM, "--year", str(YEAR), "-o", str(tmp_path / "missing" / "r.html"))
    assert error.returncode == EXIT_OUTPUT
    assert list(tmp_path.iterdir()) == []


def test_html_holds_every_goal_task_and_the_units_words(
    tmp_path: Path, program: Any, year_data: None
) -> None:
    target = tmp_path / "sprawozdanie.html"  # the extension names the format

    call_command("okcore_report", PROGRAM, "--year", str(YEAR), "-o", str(target))

    document = html.unescape(target.read_text(encoding="utf-8"))
    assert [p.name for p in tmp_path.iterdir()] == ["sprawozdanie.html"]  # no temporary left
    assert '<html lang="pl"' in document  # the programme's source language by default
    holds_the_year(program, document, table_rows(document))


def test_a_year_with_no_data_is_still_the_whole_report(tmp_path: Path, program: Any) -> None:
    """Each section says it has no data, rather than the command failing."""
    ensure_home()
    target = tmp_path / "pusty.html"

    call_command("okcore_report", PROGRAM, "--year", str(YEAR), "-o", str(target))

    document = html.unescape(target.read_text(encoding="utf-8"))
    assert all(goal.title.get("pl") in document for goal in program.goals)
    assert "brak danych" in document


def test_html_to_standard_output_in_another_language(year_data: None, program: Any) -> None:
    out = io.StringIO()
    call_command(
        "okcore_report", PROGRAM, "--year", str(YEAR), "--language", "en", "-o", "-", stdout=out
    )
    document = html.unescape(out.getvalue())
    assert '<html lang="en"' in document
    assert all(goal.title.get("en") in document for goal in program.goals)


def test_pdf_opens_with_every_goal(tmp_path: Path, program: Any, year_data: None) -> None:
    target = tmp_path / "report.pdf"

    call_command("okcore_report", PROGRAM, "--year", str(YEAR), "-o", str(target))

    reader = pypdf.PdfReader(target)
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    words = " ".join(text.split())
    for goal in program.goals:
        assert " ".join(goal.title.get("pl").split())[:40] in words


def test_docx_opens_with_the_year(tmp_path: Path, program: Any, year_data: None) -> None:
    target = tmp_path / "report.docx"

    call_command("okcore_report", PROGRAM, "--year", str(YEAR), "-o", str(target))

    document = docx.Document(str(target))
    text = "\n".join(p.text for p in document.paragraphs)
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    holds_the_year(program, text + " " + " ".join(c for r in rows for c in r), rows)


def test_odt_opens_with_the_year(tmp_path: Path, program: Any, year_data: None) -> None:
    target = tmp_path / "report.odt"

    call_command(
        "okcore_report", PROGRAM, "--year", str(YEAR), "--format", "odt", "-o", str(target)
    )

    document = load(str(target))
    blocks = [*document.getElementsByType(odf_text.H), *document.getElementsByType(odf_text.P)]
    text = "\n".join(str(teletype.extractText(b)) for b in blocks)
    rows = [
        [str(teletype.extractText(c)) for c in row.getElementsByType(odf_table.TableCell)]
        for row in document.getElementsByType(odf_table.TableRow)
    ]
    holds_the_year(program, text, rows)


def test_a_directory_as_the_file_exits_5_and_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "r.html").mkdir()
    error = refused(PROGRAM, "--year", str(YEAR), "-o", str(tmp_path / "r.html"))
    assert error.returncode == EXIT_OUTPUT
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]
    assert list((tmp_path / "r.html").iterdir()) == []
