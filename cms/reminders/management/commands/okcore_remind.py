"""``okcore_remind``: the day's reminders and SZ's digest by e-mail; run it once a day
(docs/administrators-guide.md, "Reminders and e-mail")."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cms.reminders.schedule import remind


def day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--on: {value!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = (
        "E-mail the day's reminders of due and overdue duties to the units' coordinators "
        "and deputies, and SZ's weekly digest. A second run the same day sends nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", type=day, help="the day to remind for (default: today)")
        parser.add_argument(
            "--dry-run", action="store_true", help="list the mails, send and record none"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        on = options["on"] or timezone.localdate()
        outcome = remind(on, dry_run=options["dry_run"])
        for line in outcome.sent:
            self.stdout.write(line)
        for line in outcome.failed:
            self.stderr.write(f"failed: {line}")
        verb = "would send" if options["dry_run"] else "sent"
        self.stdout.write(
            f"{on}: {verb} {len(outcome.sent)}, failed {len(outcome.failed)}, "
            f"skipped {outcome.skipped} (already sent or turned off)"
        )
        if outcome.failed:
            raise CommandError(f"{len(outcome.failed)} e-mails failed; the next run retries them")
