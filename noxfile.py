"""Development tasks: `nox` runs lint, typecheck and tests (the README's test command)."""

from __future__ import annotations

from pathlib import Path

import nox

nox.options.sessions = ["lint", "typecheck", "tests", "tests_future"]
nox.options.error_on_missing_interpreters = True
nox.options.default_venv_backend = "venv"

PYTHON = "3.11"
LINT_DEPS = ["ruff==0.17.6", "vulture==2.16"]
LOCK_TOOL = "uv==0.13.9"
#: What uv resolves the locks for: the Python and platform of production (docs/dependencies.md).
LOCK_TARGET = ["--python-version", PYTHON, "--python-platform", "linux"]
#: The site's lock (production) and the test lock (CI), both from `nox -s lock`.
SITE_LOCK = "requirements/site.txt"
TEST_LOCK = "requirements/test.txt"
#: Kraków's plugins, a distribution of their own (okplugins-krakow): the demo, the benchmark
#: and the tests run Kraków's programme; okcore alone has none.
KRAKOW = "src/okplugins"
#: pytest-xdist: one worker per core, a test module's tests kept in one worker (their
#: module-scoped fixtures, such as a built wheel or a fresh site, are made once).
PARALLEL = ["-n", "auto", "--dist", "loadfile"]


def install_test_lock(session: nox.Session) -> None:
    """The test lock, then okcore, Kraków's plugins and the example plugin with nothing more."""
    session.install("--require-hashes", "-r", TEST_LOCK)
    session.install("--no-deps", "-e", ".", "-e", KRAKOW, "-e", "tests/example_plugin")


def renderer_libraries(session: nox.Session) -> None:
    """Debian's Pango, Cairo and fonts for the report's renderers, installed when missing."""
    session.run("python", "tests/support/render_libraries.py")


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check over the whole tree; vulture for dead code."""
    session.install(*LINT_DEPS)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("vulture")  # pyproject.toml, [tool.vulture]


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy on okcore (strict), okplugins and the site (with Django's and DRF's stubs)."""
    install_test_lock(session)
    session.run("mypy", "src/okcore", "src/okplugins", "cms")
    session.run("lint-imports")


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The whole suite on SQLite, then the site's tests again on a real PostgreSQL server."""
    install_test_lock(session)
    renderer_libraries(session)
    session.run("pytest", *(session.posargs or PARALLEL))
    if not session.posargs:
        session.run(
            "python",
            "tests/support/postgres.py",
            "--",
            "pytest",
            "tests/cms",
            "-p",
            "no:cacheprovider",
            *PARALLEL,
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
    install_test_lock(session)
    renderer_libraries(session)
    # Building wheels and fresh environments ("slow") does not depend on the date: the
    # `tests` session runs them once.
    select = session.posargs or ["-m", "not slow", *PARALLEL]
    for today in FUTURE_DAYS:
        session.log(f"the suite on {today}")
        session.run("pytest", "-p", "no:cacheprovider", *select, env={"OKCORE_TEST_TODAY": today})


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Throughput, latency, queries and memory at scale, 200 clients, growth with the data and
    every budget as met or missed (docs/performance.md); `-- --quick` for a smoke run."""
    # The site as deployed (its lock), then the benchmark's own tools within their ranges.
    session.install("--require-hashes", "-r", SITE_LOCK)
    session.install("-e", ".[bench]", "-e", KRAKOW, "-e", "bench/plugin")
    session.run("python", "-m", "bench.run", *session.posargs)


@nox.session(python=PYTHON)
def demo(session: nox.Session) -> None:
    """The demo site on http://127.0.0.1:8000/ with demo content (the README's first command).

    Always on a fresh database of its own, var/demo.sqlite3, so that a run never meets
    yesterday's demo or anyone's real data, and the work tree stays clean. Installed from the
    site's lock, as production is.
    """
    session.install("--require-hashes", "-r", SITE_LOCK)
    session.install("--no-deps", "-e", ".", "-e", KRAKOW)
    renderer_libraries(session)  # load_demo publishes the demo's report, PDF included
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
    # `nox -s demo -- 0.0.0.0:8080` serves on another address; the default is the README's.
    session.run(*manage, "runserver", *(session.posargs or ["127.0.0.1:8000"]), env=env)


@nox.session(python=PYTHON, default=False)
def lock(session: nox.Session) -> None:
    """Compile the ranges of pyproject.toml and requirements/*.in into the locks, with hashes.

    Pins stay where they are unless asked: `nox -s lock -- --upgrade-package django` moves
    one package (and what it needs), `nox -s lock -- --upgrade` all of them.
    """
    session.install(LOCK_TOOL)
    compile_ = ["uv", "pip", "compile", "--quiet", "--generate-hashes", *LOCK_TARGET]
    compile_ += ["--custom-compile-command", "nox -s lock", *session.posargs]
    # okcore and Kraków's plugins, with what they need; okcore itself comes from the checkout.
    compile_ += [
        "--excludes",
        "requirements/checkout.txt",
        "pyproject.toml",
        f"{KRAKOW}/pyproject.toml",
    ]
    session.run(*compile_, "requirements/site.in", "--extra", "cms", "-o", SITE_LOCK)
    session.run(
        *compile_,
        "requirements/test.in",
        "--extra",
        "test",
        "--extra",
        "cms",
        "-o",
        TEST_LOCK,
    )
