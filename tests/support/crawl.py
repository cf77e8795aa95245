"""Crawl an installed site as a reader would, from inside its own environment.

Run with the site's Python from the site's checkout (``python crawl.py HOST START...``,
``DJANGO_SETTINGS_MODULE`` set): it follows every same-site link from the start
addresses — ``href``, ``src`` and form actions in HTML, addresses in the API's JSON and
the details the API routes for what it lists — and prints, as JSON, one record per
address: its status, its content type, the page that linked to it, the addresses it
links to, each place where the body names Kraków, and for a calendar how many events it
holds or why it does not parse. The admin is never entered; static and media files are
checked on disk once each, where the web server would serve them from. A site larger
than the crawl's limit is an error, never a crawl cut short in silence.
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

import django
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve
from icalendar import Calendar

#: Kraków in any spelling and case: Kraków, Krakowa, krakowski, krakow.pl, Krakau,
#: Cracow, Краків, Кракова, Кракові.
KRAKOW = re.compile(r"krak[oó]w|krakau|cracow|кракі?в|краков", re.IGNORECASE)
#: The attributes that hold addresses: links, images, scripts, styles and forms (search).
LINKING = {"href", "src", "action"}
#: Never crawled: the editors' side.
SKIPPED = ("/admin/", "/django-admin/")
#: Names a development setup gives the site: a public page must never link to them.
DEVELOPMENT_HOSTS = {"localhost", "127.0.0.1", "testserver"}
#: The API's JSON rather than its browsable pages; HTML where that is all there is (its docs).
ACCEPT = "application/json, text/html;q=0.9, */*;q=0.8"
#: How many addresses at most: a site with one programme has a few hundred.
LIMIT = 1500


class Links(HTMLParser):
    """Every ``href`` and ``src`` in a page, and where its forms send (search), in order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if name in LINKING and value]


def json_links(data: Any, path: str) -> list[str]:
    """Every address in an API answer at ``path``, and where the API routes a detail of the
    listed items (``<path><lookup>/``, by the view's own lookup field), each item's."""
    items = data.get("results") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return addresses(data)
    try:
        detail = resolve(f"{path}item/")
    except Resolver404:
        return addresses(data)
    if not (detail.url_name or "").endswith("-detail"):
        return addresses(data)
    lookup = detail.func.cls.lookup_field
    own = [f"{path}{item[lookup]}/" for item in items if isinstance(item, dict) and lookup in item]
    return own + addresses(data)


def addresses(data: Any) -> list[str]:
    """Every string in a JSON answer that is an address (absolute, or a path)."""
    if isinstance(data, dict):
        return [link for value in data.values() for link in addresses(value)]
    if isinstance(data, list):
        return [link for value in data for link in addresses(value)]
    if isinstance(data, str) and (data.startswith(("http://", "https://", "/"))):
        return [data]
    return []


def mentions(text: str) -> list[str]:
    """Each different naming of Kraków in ``text`` with some context around it."""
    found: list[str] = []
    for match in KRAKOW.finditer(text):
        start, end = max(0, match.start() - 40), match.end() + 40
        snippet = " ".join(text[start:end].split())
        if snippet not in found:
            found.append(snippet)
    return found


def calendar_events(body: bytes) -> int | str:
    """How many events a calendar holds, or why it does not parse."""
    try:
        return len(Calendar.from_ical(body).walk("VEVENT"))
    except ValueError as error:
        return f"does not parse: {error}"


def on_disk(path: str) -> int:
    """200 when a static or media file exists where the web server serves it from, else 404."""
    for url, root in (
        (settings.STATIC_URL, settings.STATIC_ROOT),
        (settings.MEDIA_URL, settings.MEDIA_ROOT),
    ):
        if path.startswith(url):
            return 200 if (Path(root) / path.removeprefix(url)).is_file() else 404
    raise ValueError(path)


def address(link: str, base: str, host: str) -> str | None:
    """What to crawl for a link on the page at ``base``: its path when it is this site's over
    HTTPS, the whole link when it leaves HTTPS or names a development host, None if external."""
    parts = urlsplit(urljoin(base, urldefrag(link).url))
    local = parts.path + (f"?{parts.query}" if parts.query else "")
    if parts.scheme == "https" and parts.netloc == host:
        return local
    if (parts.scheme == "http" and parts.netloc == host) or parts.hostname in DEVELOPMENT_HOSTS:
        return parts.geturl()
    return None


def crawl(host: str, starts: list[str]) -> list[dict[str, Any]]:
    # As the site sees a request through its proxy (docs/administrators-guide.md).
    client = Client(HTTP_HOST=host, HTTP_X_FORWARDED_PROTO="https")
    origin = f"https://{host}"
    queue = deque((start, "") for start in starts)
    seen = set(starts)
    records = []
    while queue and len(records) < LIMIT:
        path, linked_from = queue.popleft()
        record: dict[str, Any] = {"url": path, "from": linked_from}
        records.append(record)
        if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            record["status"] = on_disk(urlsplit(path).path)
            continue
        if urlsplit(path).hostname in DEVELOPMENT_HOSTS:
            record["status"], record["type"] = 0, "a link to a development host"
            continue
        # Plain HTTP is what the proxy would pass on as such (the site redirects it).
        scheme = "http" if path.startswith("http://") else "https"
        parts = urlsplit(path)
        response = client.get(
            parts.path,
            dict(parse_qsl(parts.query, keep_blank_values=True)),
            HTTP_ACCEPT=ACCEPT,
            HTTP_X_FORWARDED_PROTO=scheme,
        )
        record["status"] = response.status_code
        content_type = response.get("Content-Type", "").split(";")[0]
        record["type"] = content_type
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.status_code in {301, 302}:
            links = [response["Location"]]
            text = ""
        elif content_type == "text/html":
            parser = Links()
            text = body.decode()
            parser.feed(text)
            links, text = parser.found, html.unescape(text)
        elif content_type in {"application/json", "application/vnd.oai.openapi+json"}:
            data = json.loads(body)
            links, text = (
                json_links(data, urlsplit(path).path),
                json.dumps(data, ensure_ascii=False),
            )
        elif content_type == "text/calendar":
            # Unfolded (RFC 5545 §3.1): a long line is cut anywhere, a name included.
            links, text = [], body.decode().replace("\r\n ", "")
            record["events"] = calendar_events(body)
        else:
            links, text = [], body.decode(errors="replace")
        record["krakow"] = mentions(text)
        record["links"] = []
        for link in links:
            local = address(link, origin + urlsplit(path).path, host)
            if local is None:
                continue
            if local not in record["links"]:
                record["links"].append(local)
            if local not in seen and not local.startswith(SKIPPED):
                seen.add(local)
                queue.append((local, path))
    if queue:
        sys.exit(f"crawl stopped at {LIMIT} addresses with {len(queue)} still to read")
    return records


def main(host: str, *starts: str) -> None:
    # The site runs from its checkout, as `gunicorn --chdir` runs it.
    sys.path.insert(0, os.getcwd())
    django.setup()
    json.dump(crawl(host, list(starts)), sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(*sys.argv[1:])
