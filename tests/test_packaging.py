"""Every distribution builds a wheel that works installed, not editable.

okcore alone holds no programme; Kraków's plugins (okplugins-krakow) and the plugin that
docs/plugins.md builds, from the guide's own Markdown, each bring theirs, data files
included (README.md, "What is here"; docs/administrators-guide.md, "Install for
production"; docs/plugins.md, "The package").
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from guide import guide_files, guide_output
from wheels import (
    build_wheel,
    copy_sources,
    fresh_venv,
    installed_programs,
    pip_install,
    run,
    wheel_files,
)

REPO = Path(__file__).resolve().parent.parent
KRAKOW = REPO / "src/okplugins"
pytestmark = pytest.mark.slow

#: Every pyproject.toml that builds a distribution.
BUILDS = [REPO, KRAKOW, REPO / "tests/example_plugin", REPO / "bench/plugin"]


@pytest.fixture(scope="module")
def guide_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plugin's directory as docs/plugins.md tells a reader to write it."""
    project = tmp_path_factory.mktemp("okcore-lublin")
    for path, text in guide_files().items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory, guide_project: Path) -> dict[str, Path]:
    """okcore's and Kraków's wheels, each built from a copy, and the guide's plugin."""
    sources, out = tmp_path_factory.mktemp("sources"), tmp_path_factory.mktemp("wheels")
    core = {name: REPO / name for name in ("pyproject.toml", "README.md", "LICENSE")}
    projects = {
        "okcore": copy_sources({**core, "src/okcore": REPO / "src/okcore"}, sources / "okcore"),
        "krakow": copy_sources({".": KRAKOW}, sources / "krakow"),
        "guide": guide_project,
    }
    return {name: build_wheel(project, out) for name, project in projects.items()}


@pytest.mark.parametrize("project", BUILDS, ids=lambda p: str(p.relative_to(REPO)) or ".")
def test_every_build_asks_for_a_setuptools_that_reads_its_license(project: Path) -> None:
    """PEP 639's `license = "BSD-3-Clause"` and `license-files` need setuptools 77."""
    build = tomllib.loads((project / "pyproject.toml").read_text())["build-system"]
    assert build["requires"] == ["setuptools>=77"]


def test_the_core_wheel_holds_okcore_and_no_plugin(wheels: dict[str, Path]) -> None:
    files = wheel_files(wheels["okcore"])
    assert "okcore/py.typed" in files
    assert "okcore/services/indicators.py" in files
    assert not [name for name in files if name.startswith("okplugins")]
    assert "okcore-0.1.0.dist-info/licenses/LICENSE" in files


def test_the_krakow_wheel_holds_its_data(wheels: dict[str, Path]) -> None:
    files = wheel_files(wheels["krakow"])
    data = {name for name in files if name.startswith("okplugins/") and "/data/" in name}
    on_disk = {
        f"okplugins/{path.relative_to(KRAKOW)}"
        for path in KRAKOW.glob("*/data/*")
        if path.is_file()
    }
    assert data == on_disk
    assert "okplugins/open_krakow/data/program.yaml" in data
    assert "okplugins/py.typed" in files
    assert "okplugins_krakow-0.1.0.dist-info/licenses/LICENSE" in files
    assert not [name for name in files if name.startswith("okcore/")]


def test_the_guides_wheel_holds_its_programme(wheels: dict[str, Path]) -> None:
    assert "okcore_lublin/data/lublin.yaml" in wheel_files(wheels["guide"])


def test_installed_okcore_alone_has_no_programme_until_a_city_adds_its_own(
    wheels: dict[str, Path], guide_project: Path, tmp_path: Path
) -> None:
    """docs/plugins.md followed word for word: its wheel, then its script, as printed."""
    venv = fresh_venv(tmp_path / "venv")
    pip_install(venv, wheels["okcore"])
    assert installed_programs(venv) == []
    pip_install(venv, wheels["guide"])
    assert installed_programs(venv) == ["lublin-welcome-2025-2029"]
    script, printed = guide_output()
    assert run(venv / "python", guide_project / script, cwd=tmp_path) == printed


def test_installed_krakow_plugins_bring_krakows_programme(
    wheels: dict[str, Path], tmp_path: Path
) -> None:
    venv = fresh_venv(tmp_path / "venv")
    pip_install(venv, wheels["okcore"], wheels["krakow"])
    assert installed_programs(venv) == ["open-krakow-2024-2028"]
