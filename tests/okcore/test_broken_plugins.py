"""A broken plugin is reported, named, and stops only the commands that rely on it.

The plugins here are installed the way pip installs one (a ``.dist-info`` with entry
points on ``sys.path``), so discovery, loading and reporting are the real ones.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

#: A programme whose data file lacks its title, and a rule and an exporter that raise.
MODULES = {
    "okcore_brokencity.py": """
from pathlib import Path

from okcore.hookspecs import hookimpl
from okcore.load import load_program


@hookimpl
def okcore_register_programs():
    return [load_program(Path(__file__).with_name("brokencity.yaml"))]
""",
    "okcore_brokenrule.py": """
from okcore.exporters import Exporter
from okcore.hookspecs import hookimpl


def render(registry, request):
    return {}["missing"]


@hookimpl
def okcore_indicator_status(indicator):
    if indicator.id == "staff-trained":
        return 1 / 0
    return None


@hookimpl
def okcore_register_exporters():
    return [Exporter(name="broken", description="fails", formats=("csv",), render=render)]
""",
    "brokencity.yaml": "id: brokencity-2025\nperiod: {start: 2025, end: 2025}\nmain_goal: x\n",
    "okcore_broken-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: okcore-broken\n"
    "Version: 1.0\n",
    "okcore_broken-1.0.dist-info/entry_points.txt": "[okcore]\nbrokencity = okcore_brokencity\n"
    "brokenrule = okcore_brokenrule\n",
}
DATA_PROBLEM = "okcore: plugin 'brokencity': brokencity.yaml: title: required field is missing\n"


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for name, text in MODULES.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text.lstrip(), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for module in ("okcore_brokencity", "okcore_brokenrule"):
        sys.modules.pop(module, None)


def test_a_command_that_does_not_use_the_broken_plugin_works_and_warns(
    broken: Path, run_cli: Any
) -> None:
    result = run_cli("show", "open-krakow-2024-2028")
    assert result.code == 0
    assert "Goal 6." in result.out
    assert result.err == DATA_PROBLEM
    result = run_cli("deadlines", "ngo-cooperation-coordinators", "--year", "2027")
    assert (result.code, result.err) == (0, DATA_PROBLEM)
    assert "351/2026 §3 pt 5" in result.out


def test_commands_over_everything_installed_exit_4_after_their_answer(
    broken: Path, run_cli: Any
) -> None:
    for args in (["programs"], ["deadlines", "--year", "2027"]):
        result = run_cli(*args)
        assert (result.code, result.err) == (4, DATA_PROBLEM), args
        assert result.out
    assert "open-krakow-2024-2028" in run_cli("programs").out


def test_validate_exits_4_for_its_checks_lack_the_broken_plugin(broken: Path, run_cli: Any) -> None:
    lublin = Path(__file__).parents[1] / "example_plugin/src/okcore_lublin/data/lublin.yaml"
    result = run_cli("validate", str(lublin))
    assert result.code == 4
    assert "lublin.yaml: ok (program)" in result.out


def test_an_id_the_broken_plugin_may_provide_exits_4(broken: Path, run_cli: Any) -> None:
    result = run_cli("show", "brokencity-2025")
    assert result.code == 4
    assert result.err.startswith("okcore: unknown programme 'brokencity-2025' (known: ")
    assert result.err.endswith(DATA_PROBLEM)


def test_a_hook_that_raises_during_a_command_names_its_plugin(broken: Path, run_cli: Any) -> None:
    """The built-in rule answers in place of the broken one, and the command says so."""
    result = run_cli("status", "open-krakow-2024-2028", "--year", "2025")
    assert result.code == 4
    assert "info-point-beneficiaries" in result.out
    assert result.err.splitlines() == [
        DATA_PROBLEM.strip(),
        "okcore: plugin 'brokenrule': okcore_indicator_status failed: "
        "ZeroDivisionError: division by zero (at okcore_brokenrule.py:12)",
    ]
    result = run_cli(
        "export", "broken", "open-krakow-2024-2028", "--year", "2025", "--format", "csv"
    )
    assert result.code == 4
    assert result.err.splitlines()[-1] == (
        "okcore: plugin 'brokenrule': exporter 'broken' failed: KeyError: 'missing' "
        "(at okcore_brokenrule.py:6)"
    )


def test_no_traceback_reaches_the_user(broken: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(broken), *sys.path])}
    for args in (["programs"], ["status", "open-krakow-2024-2028", "--year", "2025"]):
        result = subprocess.run(
            [sys.executable, "-m", "okcore.cli", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert result.returncode == 4, result.stderr
        assert "Traceback" not in result.stderr
        assert DATA_PROBLEM in result.stderr
