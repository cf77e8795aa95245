"""Development tasks: `nox` runs lint, typecheck and tests (the README's test command)."""

from __future__ import annotations

import nox

nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.error_on_missing_interpreters = True
nox.options.default_venv_backend = "venv"

PYTHON = "3.11"
LINT_DEPS = ["ruff==0.17.6"]
TYPE_DEPS = ["mypy==2.4.1", "types-PyYAML", "types-python-dateutil", "types-openpyxl"]


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check over the whole tree."""
    session.install(*LINT_DEPS)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy on okcore (strict) and okplugins."""
    session.install("-e", ".[test]", *TYPE_DEPS)
    session.run("mypy", "src/okcore", "src/okplugins")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The test suite, with the worked-example plugin installed from tests/."""
    session.install("-e", ".[test]", "-e", "tests/example_plugin")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def demo(session: nox.Session) -> None:
    """Install and show the installed programmes (the README's first command)."""
    session.install("-e", ".")
    session.run("okcore", "programs")
    session.run("okcore", "show", "open-krakow-2024-2028")
    session.run("okcore", "deadlines", "--year", "2027")
