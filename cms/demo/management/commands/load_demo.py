"""``manage.py load_demo``: the demo's content (cms/demo/data/) and one login per role.

Runs after ``migrate``, ``okcore_setup`` and ``okcore_sync``. Refuses production settings,
DEBUG off and a database with anything the demo did not make, unless given ``--force``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cms.demo.data import read_demo
from cms.demo.loader import NotADemoSite, load, refuse_unless_demo_site
from okcore.load import LoadError


class Command(BaseCommand):
    help = "Load realistic demo content and print one login per role (new passwords each run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="run even with production settings or on a database with non-demo content",
        )

    def handle(self, *_args: Any, **options: Any) -> None:
        try:
            demo = read_demo()
            if not options["force"]:
                refuse_unless_demo_site(demo)
            # Deliveries are checked against the units' forms as they are made, inside
            # load's one transaction: a bad one is named and nothing stays written.
            logins = load(demo, timezone.localdate())
        except (LoadError, NotADemoSite) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS("Demo content loaded. Log in at http://127.0.0.1:8000/admin/ as:")
        )
        for username, label, password in logins:
            self.stdout.write(f"  {label:<34} user: {username:<22} password: {password}")
