"""``manage.py okcore_sync [ID ...]``: create or update the pages of installed programmes;
without ids, also unpublish the pages of programmes no longer installed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cms.core.cache import invalidate
from cms.core.registry import registry
from cms.programmes.sync import reindex, retire_uninstalled, sync_program
from okcore.registry import PluginError


class Command(BaseCommand):
    help = "Create or update the page tree of installed okcore programmes (all, or the given ids)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ids", nargs="*", metavar="ID", help="programme ids (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            programs = registry().programs
        except PluginError as error:  # an unknown name in OKCORE_PLUGINS
            raise CommandError(str(error)) from None
        ids = options["ids"] or sorted(programs)
        unknown = [i for i in ids if i not in programs]
        if unknown:
            known = ", ".join(sorted(programs)) or "none installed"
            raise CommandError(f"unknown programme {', '.join(unknown)} (known: {known})")
        for program_id in ids:
            report = sync_program(programs[program_id])
            self.stdout.write(f"{program_id}: {report.summary()}")
            reindex(program_id)
        if not options["ids"] and registry().problems:
            # A programme missing because its plugin failed is not uninstalled: keep its pages.
            self.stderr.write(
                "plugin problems (see the log): pages of programmes not loaded are left as they are"
            )
        elif not options["ids"]:
            retired = retire_uninstalled(set(programs))
            if retired.unpublished:
                self.stdout.write(f"no longer installed: {retired.summary()}")
        # Pages read the programme data from the registry, not from the page: a change of
        # data that leaves every title alone publishes nothing, so drop the cached copies.
        invalidate()
