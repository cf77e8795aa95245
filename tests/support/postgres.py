"""Run a command against a real, throwaway PostgreSQL server on loopback.

``python tests/support/postgres.py -- pytest tests/cms`` installs Debian's
``postgresql`` package if the server binaries are missing (as root, with apt),
creates a cluster in a temporary directory, starts it on 127.0.0.1 on a free
port, runs the command with DATABASE_URL pointing at it, then stops the server
and removes the cluster. With DATABASE_URL already set, it just runs the command.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from machine import free_port, installed


def _bin_dir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def _install() -> Path:
    return installed(_bin_dir, ["postgresql"], "the PostgreSQL run (or set DATABASE_URL)")


def _as_postgres(command: list[str]) -> list[str]:
    """initdb and the server refuse to run as root: run them as the postgres user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextlib.contextmanager
def server() -> Iterator[str]:
    bin_dir = _install()
    workdir = Path(tempfile.mkdtemp(prefix="okcore-pg-"))
    data, sockets = workdir / "data", workdir / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres")
        shutil.chown(sockets, "postgres")
    port = free_port()
    run = lambda *c: subprocess.run(_as_postgres(list(c)), check=True, capture_output=True)  # noqa: E731
    try:
        run(
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        run(
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-w",
            "-l",
            str(workdir / "server.log"),
            "-o",
            f"-h 127.0.0.1 -p {port} -k {sockets} -c fsync=off -c full_page_writes=off",
            "start",
        )
        run(
            str(bin_dir / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "okcore",
        )
        yield f"postgres://postgres@127.0.0.1:{port}/okcore"
    finally:
        subprocess.run(
            _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1 :] if "--" in argv else argv
    if not command:
        sys.exit("usage: postgres.py -- COMMAND...")
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return subprocess.run(command, check=False).returncode
    with server() as url:
        print(f"PostgreSQL ready at {url}", flush=True)
        return subprocess.run(
            command, env={**os.environ, "DATABASE_URL": url}, check=False
        ).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
