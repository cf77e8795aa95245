"""``manage.py okcore_state NETWORK [--site HOST] [-o FILE]``: the site's state of one
coordinator network (units, coordinators, activity records) as the YAML file
``okcore compliance`` reads, so the framework-free CLI judges the site's own data.

Records made by acknowledged deliveries name the obligation and the deadline they fulfil
(``obligation``, ``due``), so the CLI counts each for exactly that deadline, as the site
does. The file holds the coordinators' contact details: it is SZ's working file, not a
publication (3487/2023 §2 pt 2).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser
from wagtail.models import Site

from cms.core.registry import registry
from cms.core.site import default_site
from cms.network.compliance import network_state
from cms.network.models import Unit
from okcore.cli import EXIT_NOT_FOUND, EXIT_OUTPUT, EXIT_PLUGIN, write_atomically
from okcore.registry import PluginError


class Command(BaseCommand):
    help = "Write a site's state of one coordinator network as the YAML `okcore compliance` reads."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("network", metavar="NETWORK", help="the network's id")
        parser.add_argument(
            "--site", metavar="HOST", help="the site's host name (default: the default site)"
        )
        parser.add_argument("-o", "--output", metavar="FILE", help="file (default: stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            networks = registry().networks
        except PluginError as error:  # an unknown name in OKCORE_PLUGINS
            raise CommandError(str(error), returncode=EXIT_PLUGIN) from None
        network_id = options["network"]
        if network_id not in networks:
            known = ", ".join(sorted(networks)) or "none installed"
            raise CommandError(
                f"unknown network {network_id!r} (known: {known})", returncode=EXIT_NOT_FOUND
            )
        site = self._site(options["site"])
        state = network_state(network_id, Unit.objects.of_site(site))
        document = state.model_dump(mode="json", exclude_defaults=True)
        payload = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
        if options["output"]:
            try:
                write_atomically(Path(options["output"]), payload.encode("utf-8"))
            except OSError as error:
                raise CommandError(
                    f"cannot write {options['output']}: {error}", returncode=EXIT_OUTPUT
                ) from None
        else:
            self.stdout.write(payload, ending="")

    def _site(self, host: str | None) -> Site:
        if host is None:
            site = default_site()
            if site is None:
                raise CommandError(
                    "the installation has no default site; name one with --site",
                    returncode=EXIT_NOT_FOUND,
                )
            return site
        site = Site.objects.filter(hostname=host).first()
        if site is None:
            hosts = ", ".join(Site.objects.order_by("hostname").values_list("hostname", flat=True))
            raise CommandError(
                f"unknown site {host!r} (known: {hosts or 'none'})", returncode=EXIT_NOT_FOUND
            )
        return site
