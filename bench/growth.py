"""Per-request costs measured in-process (Django's test client) against the configured
database: the median time of a few requests and the queries of one, for each row of the
growth table. Run once per scale; cheaper than a server and free of the network.

Usage: python -m bench.growth < {"programme_url", "goal_url", "cookie", "repeat"} (JSON)
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import django

django.setup()

from django.core.cache import caches  # noqa: E402  (after django.setup(), like the models)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from cms.core.cache import clear_memory  # noqa: E402

KRAKOW = "open-krakow-2024-2028"
FEED = f"/pl/calendar/programme/{KRAKOW}.ics"
GZIP = {"Accept-Encoding": "gzip"}


def clear_caches() -> None:
    """Every configured cache emptied, and this process's memory of them, as after a
    deploy with a fresh Redis."""
    for cache in caches.all(initialized_only=False):
        cache.clear()
    clear_memory()


def timed(
    client: Client,
    url: str,
    headers: dict[str, str],
    repeat: int,
    before: Callable[[], None] | None = None,
) -> dict[str, float]:
    """The median of ``repeat`` requests (after one that warms the process) and the
    queries of the last; ``before`` runs ahead of each, untimed."""
    client.get(url, headers=headers)
    seconds = []
    for _ in range(repeat):
        if before:
            before()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, headers=headers)
            seconds.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return {"ms": statistics.median(seconds) * 1000, "queries": len(captured)}


def measure(prepared: dict[str, Any]) -> dict[str, dict[str, float]]:
    client = Client(HTTP_HOST="127.0.0.1")
    repeat = int(prepared.get("repeat", 5))
    admin = {"Cookie": prepared["cookie"]}

    def change() -> None:  # a unit saved (bench/urls.py), which invalidates the due panel
        client.get("/bench/change/")

    return {
        "programme page rendered": timed(
            client, prepared["programme_url"] + "?uncached=1", {}, repeat
        ),
        "goal page rendered": timed(client, prepared["goal_url"] + "?uncached=1", {}, repeat),
        "indicator list API": timed(client, f"/api/v1/indicators/?programme={KRAKOW}", {}, repeat),
        "feed from an empty cache": timed(client, FEED, GZIP, 3, before=clear_caches),
        "feed from the cache": timed(client, FEED, GZIP, repeat),
        "due panel computed": timed(client, "/admin/", admin, repeat, before=change),
    }


if __name__ == "__main__":
    print(json.dumps(measure(json.loads(sys.stdin.read()))))
