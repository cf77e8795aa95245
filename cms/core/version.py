"""The version of the code the site runs, for what is kept or stored beyond one process
(cms.programmes.prepared's cached parts, cms.network.duties's rows): a deploy that changes
what they would hold makes the kept copies stale."""

from __future__ import annotations

import hashlib
import importlib.metadata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import cms
import okcore
from okcore.registry import ENTRY_POINT_GROUP

#: The code whose change changes what is kept: the site's and okcore's sources, templates
#: and translations (read once per process), and the plugins' installed versions.
CODE_ROOTS = (Path(cms.__file__).parent, Path(okcore.__file__).parent)
CODE_SUFFIXES = {".py", ".html", ".mo"}


@cache
def code_version() -> str:
    """A digest of the code, so a deploy never serves the previous release's output from
    a shared cache or a table."""
    digest = hashlib.sha256()
    for root in CODE_ROOTS:
        for path in sorted(p for p in root.rglob("*") if p.suffix in CODE_SUFFIXES):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    plugins = {ep.dist.name: ep.dist.version for ep in _plugin_entry_points() if ep.dist}
    digest.update(repr(sorted(plugins.items())).encode())
    return digest.hexdigest()


def _plugin_entry_points() -> Iterable[importlib.metadata.EntryPoint]:
    return importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
