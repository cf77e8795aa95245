"""Parsed documents kept as JSON, keyed by a hash of their text.

PyYAML's constructor is pure Python: a programme file takes tens of milliseconds to
parse, JSON of the same data one. A worker starting with 150 programme files would spend
seconds in YAML alone, so what a YAML file parses to is kept under the hash of its text
(and of the parser: okcore's loader and PyYAML's version). Only parsing is skipped:
validation and every check still run on the kept data, so a kept entry can never let
through a document the loader would refuse. Data JSON cannot keep exactly (mappings with
keys other than strings, infinities) is parsed each time.

The directory is ``OKCORE_CACHE_DIR``, by default ``$XDG_CACHE_HOME/okcore`` (or
``~/.cache/okcore``); an empty value turns the cache off. Where it cannot be written, the
loader parses as before. Give it to the service's user only, like the code: whoever can
write there can swap one valid document for another.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

_SUBDIRECTORY = "parsed"


def directory() -> Path | None:
    configured = os.environ.get("OKCORE_CACHE_DIR")
    if configured is not None:
        return Path(configured) / _SUBDIRECTORY if configured else None
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "okcore" / _SUBDIRECTORY
    try:
        home = Path.home()
    except RuntimeError:  # a user without a home (a container's arbitrary uid): no cache
        return None
    return home / ".cache" / "okcore" / _SUBDIRECTORY


def lookup(key: str) -> tuple[bool, Any]:
    """(True, data) when ``key`` is kept, else (False, None)."""
    place = directory()
    if place is None:
        return False, None
    try:
        return True, json.loads((place / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):  # not there, unreadable or cut short: parse again
        return False, None


def store(key: str, data: Any) -> None:
    """Keep ``data`` under ``key`` if JSON keeps it exactly; never fail the load over it."""
    place = directory()
    if place is None:
        return
    try:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return
    if json.loads(text) != data:  # e.g. {1: …} would come back as {"1": …}
        return
    try:
        place.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: a reader never meets half a file.
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=place, suffix=".tmp", delete=False
        ) as part:
            part.write(text)
        os.replace(part.name, place / f"{key}.json")
    except OSError:
        return
