"""``manage.py okcore_event_texts``: write and store every live event's iCalendar text, in
every language, for its site's UID domain, as publishing does.

Run once when upgrading to a release that stores them (events published before have none),
after a release that writes them otherwise (cms.events.feeds.WRITER) and after changing a
site's host name or UID domain; a feed writes any text it misses or finds outdated anyway,
but 10,000 at once take seconds (docs/administrators-guide.md).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cms.core.languages import language_codes
from cms.events.feeds import full_pages, home_uid_domain, write_texts
from cms.events.models import EventPage, EventText

#: Pages written and stored at a time: memory stays flat however many events there are.
CHUNK = 500


class Command(BaseCommand):
    help = "Write and store every live event's iCalendar text (after an upgrade or a host change)."

    def handle(self, *args: Any, **options: Any) -> None:
        languages = language_codes()
        EventText.objects.all().forget()
        by_domain: dict[str, list[EventPage]] = {}
        count = 0
        pages = full_pages(EventPage.objects.live().order_by("pk")).iterator(chunk_size=CHUNK)
        for page in pages:
            by_domain.setdefault(home_uid_domain(page), []).append(page)
            count += 1
            if count % CHUNK == 0:
                self._write(by_domain, languages)
        self._write(by_domain, languages)
        if options["verbosity"] > 0:
            self.stdout.write(f"{count} events written in {len(languages)} languages")

    @staticmethod
    def _write(by_domain: dict[str, list[EventPage]], languages: list[str]) -> None:
        for domain, pages in by_domain.items():
            write_texts(pages, languages, domain)
        by_domain.clear()
