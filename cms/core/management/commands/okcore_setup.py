"""``manage.py okcore_setup``: everything a new site needs before its first login."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cms.core.setup import set_up_site


class Command(BaseCommand):
    help = (
        "Create the locales, home and index pages in every language, the standing groups "
        "with their permissions and the moderation workflow. Safe to run again; no demo data."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        indexes = set_up_site()
        names = ", ".join(page.slug for page in indexes.values())
        self.stdout.write(
            f"Site set up: home pages in every language, index pages ({names}), "
            "groups and the moderation workflow."
        )
