"""``okcore_refresh_duties``: compute the units' current duties for the day (the due
panel's table, cms.network.duties); run it after midnight and after every deploy
(docs/administrators-guide.md, "The due panel's table")."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from cms.network.duties import refresh
from cms.network.models import Unit


class Command(BaseCommand):
    help = (
        "Compute the current duties of every unit whose stored rows are of another day or "
        "other rules (--all: of every unit), so no one opening the dashboard waits for them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help="recompute every unit, e.g. after a bulk import that bypassed the signals",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        on = timezone.localdate()
        # --all recomputes under the units' locks too: a bare deletion of the stamps could
        # deadlock with a reader recomputing some of them.
        done = refresh(list(Unit.objects.values_list("pk", flat=True)), on, every=options["all"])
        self.stdout.write(f"{on}: computed the duties of {done} units")
