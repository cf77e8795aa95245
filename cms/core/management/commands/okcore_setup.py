"""``manage.py okcore_setup``: everything a new site needs before its first login;
``--hostname`` adds a further city's site to the same installation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http.request import validate_host

from cms.core.setup import CitySetupError, add_city_site, set_up_site


class Command(BaseCommand):
    help = (
        "Create the locales, home and index pages in every language, the standing groups "
        "with their permissions and the moderation workflow. Safe to run again; no demo data. "
        "With --hostname: the same for a further city's site on that host name."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hostname", help="A further city's site on this host name")
        parser.add_argument(
            "--port",
            type=int,
            help="Its port, for a new site (default 80); a site on this host name keeps its own",
        )
        parser.add_argument(
            "--city", default="", help="The city's name in Polish, as its programmes name it"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hostname = options["hostname"]
        if hostname is None:
            if options["city"]:
                raise CommandError("--city names the city of a --hostname")
            indexes = set_up_site()
            where = "the default site"
        else:
            hostname = hostname.strip().lower()
            if not hostname or "/" in hostname or ":" in hostname:
                raise CommandError(
                    f"--hostname {options['hostname']!r}: give a host name such as "
                    "lublin.example.org (the port goes in --port)"
                )
            try:
                site, created = add_city_site(hostname, options["port"], options["city"])
            except CitySetupError as error:
                raise CommandError(str(error)) from error
            indexes = set_up_site(site)
            where = f"{'new' if created else 'existing'} site {site.hostname}:{site.port}"
        names = ", ".join(page.slug for page in indexes.values())
        self.stdout.write(
            f"Set up {where}: home pages in every language, index pages ({names}), "
            "groups and the moderation workflow."
        )
        if hostname is not None and not validate_host(hostname, settings.ALLOWED_HOSTS):
            # Django answers 400 to every request for a host name not listed.
            self.stdout.write(
                self.style.WARNING(
                    f"{hostname} is not in ALLOWED_HOSTS: add it to DJANGO_ALLOWED_HOSTS, "
                    "or the site answers every request with 400 Bad Request"
                )
            )
