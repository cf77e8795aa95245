"""Building a distribution's wheel and running it installed, as a city would.

The wheel is built from a copy of the sources in a temporary directory, without build
isolation (the test lock's setuptools, at the floor every build-system asks for), and
installed, not editable, into a fresh virtual environment whose other requirements pip
takes from the package index.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

#: What a build leaves beside the sources; never part of a copy.
BUILD_LITTER = shutil.ignore_patterns("__pycache__", "build", "dist", "*.egg-info")


def run(*command: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    """The command's output; its whole output in the failure when it fails.

    Nothing from the test run leaks in (no plugin filter, no path to the checkout, not the
    tests' settings); ``env`` adds variables of the command's own.
    """
    leaks = {"OKCORE_PLUGINS", "PYTHONPATH", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in leaks} | (env or {})
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"{' '.join(map(str, command))}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def copy_sources(files: dict[str, Path], into: Path) -> Path:
    """A directory holding ``files`` (name in the copy → file or directory), links followed."""
    for name, source in files.items():
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=BUILD_LITTER, dirs_exist_ok=True)
        else:
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, into / name)
    return into


def build_wheel(project: Path, out: Path) -> Path:
    """The wheel of the project at ``project`` (a directory with a pyproject.toml)."""
    before = set(out.glob("*.whl"))
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "--no-cache-dir",
        "--wheel-dir",
        out,
        project,
    )
    [wheel] = set(out.glob("*.whl")) - before
    return wheel


def wheel_files(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def fresh_venv(path: Path) -> Path:
    """A new virtual environment with pip and nothing else; its bin/ directory."""
    run(sys.executable, "-m", "venv", path)
    return path / "bin"


def pip_install(venv: Path, *wheels: Path) -> None:
    """Install wheels (not editable) and what they require, from the package index."""
    run(venv / "python", "-m", "pip", "install", "--quiet", *wheels)


def installed_programs(venv: Path) -> list[str]:
    """The ids `okcore programs` lists in that environment, run from an empty directory."""
    out = run(venv / "okcore", "programs", "--format", "json", cwd=venv)
    return [program["id"] for program in json.loads(out)]
