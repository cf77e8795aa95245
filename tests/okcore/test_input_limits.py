"""Hostile or absurd files and paths: one clear line and a documented exit code each.

Run in a subprocess: without the limits some of these hang or crash the interpreter.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from okcore.load import MAX_FILE_BYTES

BILLION_LAUGHS = "".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n',
        *(
            f"{name}: &{name} [{','.join(['*' + previous] * 9)}]\n"
            for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
        ),
    ]
)
HOSTILE = {
    "billion-laughs.yaml": (BILLION_LAUGHS, "values once aliases are expanded"),
    "brackets.yaml": ("[" * 50_000 + "]" * 50_000, "nested deeper than 50 levels"),
    "mappings.yaml": ("{a: " * 5_000 + "1" + "}" * 5_000, "nested deeper than 50 levels"),
    "brackets.json": ("[" * 100_000 + "]" * 100_000, "nested deeper than 50 levels"),
    # Measuring the nesting must stay linear: an unclosed string of escaped quotes took hours.
    "unclosed-escapes.json": ('"' + '\\"' * 1_000_000, "invalid JSON: Unterminated string"),
    "huge.yaml": ("# padding\n" * (MAX_FILE_BYTES // 10 + 1), "file is larger than 5 MB"),
}


def okcore(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "okcore.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        **kwargs,
    )


def test_billion_laughs_is_small() -> None:
    assert len(BILLION_LAUGHS.encode()) < 600


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_is_one_line_and_exit_1(tmp_path: Path, name: str) -> None:
    text, message = HOSTILE[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = okcore("validate", str(path))
    assert result.returncode == 1, result.stderr[-500:]
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith(f"{name}: ")
    assert message in result.stderr


def test_anchors_within_the_limits_still_load(tmp_path: Path) -> None:
    path = tmp_path / "anchors.yaml"
    path.write_text("a: &a [1, 2]\nb: *a\n", encoding="utf-8")
    result = okcore("validate", str(path))
    assert "aliases" not in result.stderr and "Traceback" not in result.stderr


EXPORT = ["export", "icc", "open-krakow-2024-2028", "--year", "2025", "--format", "json"]


@pytest.mark.parametrize("where", ["missing-directory/icc.json", "."])
def test_export_to_a_bad_path_is_one_line_and_exit_5(tmp_path: Path, where: str) -> None:
    target = tmp_path / where
    result = okcore(*EXPORT, "-o", str(target))
    assert result.returncode == 5, result.stderr[-500:]
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"okcore: cannot write {target}: ")
    assert len(result.stderr.splitlines()) == 1
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_exported_file_mode_follows_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    target = tmp_path / "icc.json"
    result = okcore(*EXPORT, "-o", str(target), preexec_fn=lambda: os.umask(umask))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == mode
