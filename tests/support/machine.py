"""What the suite and the benchmark need of this machine: Debian's packages (PostgreSQL,
Redis, the report's renderers' libraries, wrk), installed when missing (as root, with
apt), and free ports on loopback for the servers they start."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from typing import TypeVar

Found = TypeVar("Found")


def apt_install(packages: list[str], needed_for: str) -> None:
    """Install Debian's ``packages``; where that cannot be done (not root, no apt), stop
    with a message saying what they are ``needed_for`` and what to install."""
    names = " ".join(packages)
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit(f"Needed for {needed_for}: Debian's {names} (apt-get install {names}, as root)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, env=env)


def installed(find: Callable[[], Found | None], packages: list[str], needed_for: str) -> Found:
    """What ``find`` finds (a program's path), Debian's ``packages`` installed first when
    it finds nothing."""
    found = find()
    if found:
        return found
    apt_install(packages, needed_for)
    found = find()
    if not found:
        sys.exit(f"Installing {' '.join(packages)} did not provide what {needed_for} needs")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
