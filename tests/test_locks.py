"""The locks in requirements/ agree with the ranges they were compiled from.

A range changed in pyproject.toml, src/okplugins/pyproject.toml (Kraków's plugins) or
requirements/*.in without `nox -s lock` fails here, not in production
(docs/dependencies.md, "The locks").
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
#: Kraków's plugins: the site, the demo and the tests install them on top of okcore.
KRAKOW = tomllib.loads((ROOT / "src/okplugins/pyproject.toml").read_text())["project"]
#: Installed from the checkout, never from the locks (requirements/checkout.txt).
CHECKOUT = {
    canonicalize_name(line.strip())
    for line in (REQUIREMENTS / "checkout.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
}
#: The locks are for production's Python on Linux (noxfile.py, LOCK_TARGET).
TARGET = {**default_environment(), "python_version": "3.11", "sys_platform": "linux"}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)(?: \\)?$")


def pins(lock: str) -> dict[NormalizedName, tuple[Version, int]]:
    """Each package the lock pins: its version and how many hashes it allows."""
    found: dict[NormalizedName, tuple[Version, int]] = {}
    name = None
    for line in (REQUIREMENTS / lock).read_text().splitlines():
        if match := PIN.match(line):
            name = canonicalize_name(match[1])
            found[name] = (Version(match[2]), 0)
        elif name is not None and line.strip().startswith("--hash=sha256:"):
            version, hashes = found[name]
            found[name] = (version, hashes + 1)
    return found


def project_requirements(*extras: str) -> list[Requirement]:
    """What okcore, its extras and Kraków's plugins require from an index, on the target."""
    wanted = [Requirement(line) for line in PROJECT["dependencies"] + KRAKOW["dependencies"]]
    for extra in extras:
        wanted += [Requirement(line) for line in PROJECT["optional-dependencies"][extra]]
    return [
        r
        for r in wanted
        if canonicalize_name(r.name) not in CHECKOUT
        and (r.marker is None or r.marker.evaluate(TARGET))
    ]


def added_by(source: str) -> list[Requirement]:
    """What a requirements/*.in file adds to the extras (constraint lines aside)."""
    lines = (REQUIREMENTS / source).read_text().splitlines()
    return [Requirement(line) for line in lines if line.strip() and not line.startswith(("#", "-"))]


LOCKS = {
    "site.txt": project_requirements("cms") + added_by("site.in"),
    "test.txt": project_requirements("test", "cms") + added_by("test.in"),
}


@pytest.mark.parametrize("lock", LOCKS)
def test_every_range_is_met_by_the_lock(lock: str) -> None:
    locked = {name: version for name, (version, _) in pins(lock).items()}
    stale = [
        f"{r} (locked: {version or 'nothing'})"
        for r in LOCKS[lock]
        if (version := locked.get(canonicalize_name(r.name))) is None
        or not r.specifier.contains(version, prereleases=True)
    ]
    assert not stale, f"requirements/{lock} is out of date, run `nox -s lock`: {stale}"


@pytest.mark.parametrize("lock", LOCKS)
def test_every_pin_carries_hashes(lock: str) -> None:
    assert all(hashes for _version, hashes in pins(lock).values())


def test_ci_tests_the_versions_that_are_deployed() -> None:
    site, test = pins("site.txt"), pins("test.txt")
    differing = {
        name: (version, test.get(name, (None,))[0])
        for name, (version, _) in site.items()
        if test.get(name, (None,))[0] != version
    }
    assert not differing
