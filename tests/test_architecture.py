"""The layers of docs/architecture.md hold: import-linter's contracts, and no site module
imported inside a function (a function-local import hides a cycle)."""

from __future__ import annotations

import ast
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports() == 0


def _function_local_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                names = []
                if isinstance(inner, ast.ImportFrom) and inner.module:
                    names = [f"{inner.module}.{alias.name}" for alias in inner.names]
                elif isinstance(inner, ast.Import):
                    names = [alias.name for alias in inner.names]
                found += [f"{path}:{inner.lineno} {n}" for n in names if n.startswith("cms")]
    return found


def test_no_site_module_is_imported_inside_a_function():
    """AppConfig.ready() importing its own app's signal module is Django's documented idiom."""
    found = [
        hit
        for path in sorted((ROOT / "cms").rglob("*.py"))
        if "migrations" not in path.parts
        for hit in _function_local_imports(path)
        if not (path.name == "apps.py" and ".signals" in hit)
    ]
    assert found == []
