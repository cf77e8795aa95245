"""Development tasks: `nox` runs lint, typecheck and tests (the README's test command)."""

from __future__ import annotations

from pathlib import Path

import nox

nox.options.sessions = ["lint", "typecheck", "tests", "tests_future"]
nox.options.error_on_missing_interpreters = True
nox.options.default_venv_backend = "venv"

PYTHON = "3.11"
LINT_DEPS = ["ruff==0.17.6"]
TYPE_DEPS = [
    "mypy==2.4.1",
    "django-stubs==6.1.2",
    "djangorestframework-stubs==3.18.1",
    "types-PyYAML",
    "types-python-dateutil",
    "types-openpyxl",
    "import-linter==2.16",
]


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check over the whole tree."""
    session.install(*LINT_DEPS)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy on okcore (strict), okplugins and the site (with Django's and DRF's stubs); the
    import contracts of docs/architecture.md ("Layers") with import-linter."""
    session.install("-e", ".[test,cms]", *TYPE_DEPS)
    session.run("mypy", "src/okcore", "src/okplugins", "cms")
    session.run("lint-imports")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The whole suite on SQLite, then the site's tests again on a real PostgreSQL server."""
    session.install("-e", ".[test,cms]", "-e", "tests/example_plugin")
    session.run("pytest", *session.posargs)
    if not session.posargs:
        session.run(
            "python",
            "tests/support/postgres.py",
            "--",
            "pytest",
            "tests/cms",
            "-p",
            "no:cacheprovider",
        )
        # Real Chromium against a live server, in a process of its own.
        session.run(
            "pytest",
            "tests/browser",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=-ra --import-mode=importlib",
        )


FUTURE_DAYS = ("2027-06-01", "2029-06-01")


@nox.session(python=PYTHON)
def tests_future(session: nox.Session) -> None:
    """The suite again with its frozen clock moved years ahead: it must pass on any date."""
    session.install("-e", ".[test,cms]", "-e", "tests/example_plugin")
    for today in FUTURE_DAYS:
        session.log(f"the suite on {today}")
        session.run(
            "pytest", "-p", "no:cacheprovider", *session.posargs, env={"OKCORE_TEST_TODAY": today}
        )


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Throughput, latency, queries and memory at scale (docs/performance.md)."""
    session.install("-e", ".[cms,bench]", "-e", "bench/plugin")
    session.run("python", "-m", "bench.run", *session.posargs)


@nox.session(python=PYTHON)
def demo(session: nox.Session) -> None:
    """The demo site on http://127.0.0.1:8000/ with demo content (the README's first command).

    Always on a fresh database of its own, var/demo.sqlite3, so that a run never meets
    yesterday's demo or anyone's real data, and the work tree stays clean.
    """
    session.install("-e", ".[cms]")
    var = Path(__file__).parent / "var"
    var.mkdir(exist_ok=True)
    database = var / "demo.sqlite3"
    for path in (database, *(database.with_name(database.name + s) for s in ("-wal", "-shm"))):
        path.unlink(missing_ok=True)
    env = {"DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "cms.settings.dev"}
    manage = ["python", "cms/manage.py"]
    session.run(*manage, "migrate", "--noinput", env=env)
    session.run(*manage, "okcore_setup", env=env)
    session.run(*manage, "okcore_sync", env=env)
    session.run(*manage, "load_demo", env=env)
    session.run(*manage, "runserver", "127.0.0.1:8000", *session.posargs, env=env)
