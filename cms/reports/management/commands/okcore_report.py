"""``manage.py okcore_report PROGRAMME --year Y [--format F] -o FILE [--language L]``: the
draft of the Mayor's report to the City Council on a programme's year (Program §6 ust. 8),
built from the site's data (cms.reports.data) and written as HTML, PDF, DOCX or ODT.

Exit codes are okcore's (docs/cli.md): bad usage or a year the report cannot be about 2,
an unknown programme 3, a broken plugin 4, an output file that cannot be written 5. The
file is written whole or not at all; with a broken plugin the programme relies on, the
report is written and the command exits 4, as okcore's commands do.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from cms.core.languages import language_codes
from cms.core.registry import registry
from cms.reports.data import report_data
from okcore.cli import EXIT_NOT_FOUND, EXIT_OUTPUT, EXIT_PLUGIN, EXIT_USAGE, write_atomically
from okcore.program import Program
from okcore.registry import PluginError, Registry
from okcore.report.build import build_report
from okcore.report.render import FORMATS

#: ``-o -``: the document on standard output (HTML only: the others are binary).
STDOUT = "-"


class Command(BaseCommand):
    help = (
        "Write the draft of a programme's annual report to the City Council for one year "
        "(Program §6 ust. 8) from the site's data: HTML, PDF, DOCX or ODT."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("program", metavar="PROGRAMME", help="the programme's id")
        parser.add_argument("--year", type=int, required=True, help="the year the report is about")
        parser.add_argument(
            "--format",
            choices=sorted(FORMATS),
            help="the file's format (default: from the file name's extension)",
        )
        parser.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            required=True,
            help="the file to write; '-' for standard output (HTML)",
        )
        parser.add_argument(
            "--language",
            choices=language_codes(),
            help="the report's language (default: the programme's source language)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output: str = options["output"]
        name = self._format(options["format"], output)
        program_id: str = options["program"]
        try:
            installed = registry()
        except PluginError as error:  # an unknown name in OKCORE_PLUGINS
            raise CommandError(str(error), returncode=EXIT_PLUGIN) from None
        # The answer relies on the plugin providing the programme (every plugin, for an id
        # nobody provides): their problems are shown, and make the command exit 4.
        problems = installed.problems_about("programme", program_id)
        for problem in problems:
            self.stderr.write(f"okcore: {problem.format()}")
        program = self._program(installed, program_id, EXIT_PLUGIN if problems else None)
        today = timezone.localdate()
        year: int = options["year"]
        self._check_year(program, year, today)
        language = options["language"] or program.source_locale
        with translation.override(language):
            data = report_data(program, year, today, language)
            report = build_report(installed, data, language)
        self._write(output, FORMATS[name].render(report))
        if problems:
            raise CommandError(
                f"{len(problems)} plugin problem(s): the report may lack what they provide",
                returncode=EXIT_PLUGIN,
            )

    def _write(self, output: str, payload: bytes) -> None:
        if output == STDOUT:
            self.stdout.write(payload.decode("utf-8"), ending="")
            return
        try:
            write_atomically(Path(output), payload)
        except OSError as error:
            reason = error.strerror or str(error)
            raise CommandError(f"cannot write {output}: {reason}", returncode=EXIT_OUTPUT) from None

    def _format(self, given: str | None, output: str) -> str:
        """The format asked for, else the one the file name's extension names."""
        if output == STDOUT:
            if given not in (None, "html"):
                raise CommandError(
                    f"{given} is binary: write it with -o FILE", returncode=EXIT_USAGE
                )
            return "html"
        if given is not None:
            return given
        extension = Path(output).suffix.lower().lstrip(".")
        for name, found in FORMATS.items():
            if extension in (name, found.extension.lstrip(".")):
                return name
        raise CommandError(
            f"cannot tell the format from {output!r}: give --format ({', '.join(sorted(FORMATS))})",
            returncode=EXIT_USAGE,
        )

    def _program(self, installed: Registry, program_id: str, broken: int | None) -> Program:
        """The installed programme; an unknown id exits 3, or 4 when a broken plugin may be
        the one that would have provided it."""
        if program_id not in installed.programs:
            known = ", ".join(sorted(installed.programs)) or "none installed"
            raise CommandError(
                f"unknown programme {program_id!r} (known: {known})",
                returncode=broken or EXIT_NOT_FOUND,
            )
        return installed.programs[program_id]

    def _check_year(self, program: Program, year: int, today: date) -> None:
        """A year of the programme's period, and not after this one: a later year has no
        data yet (the current year gives a draft of the data so far)."""
        if year not in program.period:
            raise CommandError(
                f"year {year} is outside the programme period "
                f"{program.period.start}–{program.period.end} of {program.id}",
                returncode=EXIT_USAGE,
            )
        if year > today.year:
            raise CommandError(
                f"year {year} has not begun (today is {today}): no data yet",
                returncode=EXIT_USAGE,
            )
