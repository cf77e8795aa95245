"""SQL queries per request for each URL, measured in-process against the bench database.

Each URL is requested twice and the second request counted, as a server that has
served it once would run it (per-process caches such as the site's root paths are warm).
"""

from __future__ import annotations

import json
import sys

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def count(urls: list[str], cookie: str) -> dict[str, int]:
    found = {}
    for url in urls:
        client = Client(HTTP_HOST="127.0.0.1")
        headers = {"HTTP_COOKIE": cookie} if url.startswith("/admin/") else {}
        client.get(url, **headers)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, **headers)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        found[url] = len(captured)
    return found


if __name__ == "__main__":
    import django

    django.setup()
    request = json.loads(sys.stdin.read())
    print(json.dumps(count(request["urls"], request["cookie"])))
