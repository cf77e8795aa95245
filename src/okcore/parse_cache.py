"""Parsed and checked documents kept as JSON, keyed by a hash of the file's bytes.

PyYAML's constructor is pure Python: a programme file takes tens of milliseconds to
parse, JSON of the same data one. A worker starting with 150 programme files would spend
seconds in YAML alone, so okcore.load keeps two things under the hash of a file's bytes
and of okcore's code (with PyYAML's and pydantic's versions and whether libyaml runs):
what the file parses to, on which validation and every check run again; and, for a
programme or network that passed validation and its own check, the document as the model
writes it, which a later load validates again (building the model) but without parsing,
normalising citations or the programme's or network's check. A plugin's or city's extra
checks run on every load. Data JSON cannot keep exactly (mappings with keys other than
strings, infinities) is parsed each time; a document is kept only if it comes back equal.

The directory is ``OKCORE_CACHE_DIR``, by default ``$XDG_CACHE_HOME/okcore`` (or
``~/.cache/okcore``); an empty value turns the cache off. Whoever can write there can
swap one document for another, so the directory is made private (0700) and one
that another user owns or could write to is refused: the cache is then off, with one
warning. Any problem with the cache (unwritable, corrupt, cut short) only means the file
is parsed as before: the cache never fails a load.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
import warnings
from pathlib import Path
from typing import Any

_SUBDIRECTORY = "parsed"


def _configured() -> Path | None:
    """Where the cache would be, before it is checked; None when it is turned off."""
    setting = os.environ.get("OKCORE_CACHE_DIR")
    if setting is not None:
        return Path(setting) / _SUBDIRECTORY if setting else None
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "okcore" / _SUBDIRECTORY
    try:
        home = Path.home()
    except RuntimeError:  # a user without a home (a container's arbitrary uid): no cache
        return None
    return home / ".cache" / "okcore" / _SUBDIRECTORY


def directory() -> Path | None:
    """The cache directory, made private to this user if new; None (no cache) when it cannot
    be made or another user could plant documents in it."""
    place = _configured()
    if place is None:
        return None
    try:
        place.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = place.stat()
    except OSError:
        return None
    if status.st_uid != os.getuid() or status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        warnings.warn(
            f"okcore's parse cache is off: {place} must belong to this user and be "
            "writable by it alone (OKCORE_CACHE_DIR, docs/administrators-guide.md)",
            RuntimeWarning,
            stacklevel=2,
        )
        return None
    return place


def lookup(key: str) -> tuple[bool, Any]:
    """(True, data) when ``key`` is kept, else (False, None)."""
    place = directory()
    if place is None:
        return False, None
    try:
        return True, json.loads((place / f"{key}.json").read_bytes())
    except Exception:  # not there, unreadable, cut short or garbage: parse again
        return False, None


def store(key: str, data: Any) -> None:
    """Keep ``data`` under ``key`` if JSON keeps it exactly; never fail the load over it."""
    place = directory()
    if place is None:
        return
    try:
        text = json.dumps(data, ensure_ascii=True, allow_nan=False)
    except (TypeError, ValueError):
        return
    if json.loads(text) != data:  # e.g. {1: …} would come back as {"1": …}
        return
    part = None
    try:
        # Written aside and renamed: a reader never meets half a file.
        with tempfile.NamedTemporaryFile(
            "w", encoding="ascii", dir=place, suffix=".tmp", delete=False
        ) as part:
            part.write(text)
        os.replace(part.name, place / f"{key}.json")
    except Exception:  # a full disk, a vanished directory: the next load parses again
        if part is not None:
            with contextlib.suppress(OSError):
                os.unlink(part.name)
