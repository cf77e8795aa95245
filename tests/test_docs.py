"""Docs stay in step with the code: hooks, the public API, rules, the README's two commands."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from guide import GUIDE, guide_files, guide_output

import okcore
from okcore import hookspecs
from okcore.network import DEFAULT_WITHOUT_DELAY_DAYS
from okcore.registry import Registry
from okplugins.icc_export import hookspecs as icc_hookspecs

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "tests/example_plugin"


def test_every_hook_is_documented() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    hooks = {
        name: function
        for module in (hookspecs, icc_hookspecs)
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if name.startswith("okcore_")
    }
    assert len(hooks) >= 10
    undocumented = [name for name in hooks if f"### {name}" not in guide]
    assert not undocumented
    assert all(function.__doc__ for function in hooks.values())


def test_every_public_name_is_documented() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    section = guide.split("## 4. The Python API", 1)[1].split("\n## ", 1)[0]
    public = [name for name in okcore.__all__ if name != "__version__"]
    assert [name for name in public if f"`{name}`" not in section] == []


def test_the_api_example_prints_what_the_guide_says(capsys: pytest.CaptureFixture[str]) -> None:
    script, printed = guide_output()
    code = compile(guide_files()[script], script, "exec")
    exec(code, {"__name__": "__main__"})  # the guide's own script, as `python script.py`
    assert capsys.readouterr().out == printed


def _build_litter(path: Path) -> bool:
    """What building or running leaves beside a package's sources."""
    litter = {"__pycache__", "build", "dist"}
    return any(part in litter or part.endswith(".egg-info") for part in path.parts)


def test_the_guide_gives_the_example_plugin_whole() -> None:
    """The guide's files are tests/example_plugin's, every one of them, to the byte."""
    script, _ = guide_output()
    given = {path: text for path, text in guide_files().items() if path != script}
    shipped = {
        path.relative_to(EXAMPLE).as_posix(): path.read_text(encoding="utf-8")
        for path in EXAMPLE.rglob("*")
        if path.is_file() and not _build_litter(path.relative_to(EXAMPLE))
    }
    assert given == shipped


def _quick_start() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    assert len(blocks) == 1, "Quick start holds exactly one sh block"
    return [line for line in blocks[0].splitlines() if line.strip()]


def test_readme_quick_start_has_exactly_two_commands() -> None:
    commands = _quick_start()
    assert len(commands) == 2
    assert commands[0].endswith("nox -s demo")


def test_ci_runs_the_readme_test_command() -> None:
    script = (REPO / ".ci/run").read_text(encoding="utf-8")
    lines = [line for line in script.splitlines() if line.strip() and not line.startswith("#")]
    assert _quick_start()[1] in lines


def test_every_rule_is_in_the_rules_guide(registry: Registry) -> None:
    rules = (REPO / "docs/rules.md").read_text(encoding="utf-8")
    for network_id in ("open-krakow-coordinators", "ngo-cooperation-coordinators"):
        for obligation in registry.network(network_id).obligations:
            title = obligation.title.get("en")
            row = f"| {obligation.source} | {obligation.bearer.value} | {title} |"
            assert row in rules, obligation.id
    assert f"`without_delay_days` | {DEFAULT_WITHOUT_DELAY_DAYS} days" in rules
    assert "Program §6 ust. 8" in rules


def test_dependencies_are_justified() -> None:
    doc = (REPO / "docs/dependencies.md").read_text(encoding="utf-8").lower()
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    deps = re.findall(
        r'^\s+"([A-Za-z0-9_.-]+)', pyproject.split("dependencies = [", 1)[1].split("]", 1)[0], re.M
    )
    for name in deps:
        assert name.lower() in doc, name


_FENCE = re.compile(r"^```.*?^```$", re.M | re.S)
_LINK = re.compile(r"(!?)\[[^\]]*\]\(([^)\s]+)\)")


def _anchors(path: Path) -> set[str]:
    """GitHub's anchors for a document's headings: lowercased, punctuation dropped, spaces
    to hyphens, a repeated heading numbered."""
    seen: dict[str, int] = {}
    found = set()
    text = _FENCE.sub("", path.read_text(encoding="utf-8"))
    for heading in re.findall(r"^#{1,6} (.+)$", text, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def test_links_between_documents_resolve() -> None:
    """Every relative link from the README and docs/ to a document names a file that is
    there and, with ``#``, a heading it has. Links to pictures are left out: the browser
    suite makes them (docs/testing.md), and a guide may name one before it is taken."""
    broken = []
    for source in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        text = _FENCE.sub("", source.read_text(encoding="utf-8"))
        for image, target in _LINK.findall(text):
            if image or re.match(r"[a-z]+:", target):
                continue
            name, _, anchor = target.partition("#")
            document = (source.parent / name).resolve() if name else source
            if not document.exists():
                broken.append(f"{source.name}: {target} (no such file)")
            elif anchor and document.suffix == ".md" and anchor not in _anchors(document):
                broken.append(f"{source.name}: {target} (no such heading)")
    assert broken == []
