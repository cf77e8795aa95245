"""`nox -s bench`: the site at city and multi-city scale, in three set-ups, against a baseline.

For each database (SQLite; PostgreSQL) it builds the scale data once, then serves it
(SQLite: the dev server; PostgreSQL: gunicorn with 2, then 4 workers, and Redis) and
loads each server from a second process (Debian's ``wrk``) on loopback. Per server: the
cold costs of a fresh start (the feed from an empty cache, the due panel right after a
change), then for every scenario throughput, p50/p95 latency, the ratio to the
baseline's throughput in the same run, SQL queries per request and peak memory, then
200 concurrent clients on a mix of visitors' pages; then the okcore loader, the budget
as met or missed, and how each per-request cost grows with the data (measured
in-process at three scales), written to var/bench/ and drawn in docs/images/.

Usage: python -m bench.run [--setup sqlite|postgres|all] [--seconds N] [--quick]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.figures import growth_svg, growth_table, load_errors, verdicts

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))
from machine import apt_install, free_port  # noqa: E402  (tests/support, on the path from the line above)

KRAKOW = "open-krakow-2024-2028"
FEED = f"/pl/calendar/programme/{KRAKOW}.ics"
PROGRAMMES = 150
EVENTS = 100_000
CONCURRENCY = 4
CLIENTS = 200
CHART = ROOT / "docs" / "images" / "bench-growth.svg"
TITLES = {
    "sqlite": "SQLite, Django dev server (threaded), local-memory cache",
    "postgres": "PostgreSQL, gunicorn 2 workers, Redis cache",
    "postgres-4": "PostgreSQL, gunicorn 4 workers, Redis cache",
}


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    signed_in: bool = False


def scenarios(programme_url: str, goal_url: str, feed_events: int) -> list[Scenario]:
    feed = f"feed of {feed_events:,} events"
    return [
        Scenario("baseline (bare view)", "/bench/baseline/"),
        Scenario("programme page, cached", programme_url),
        Scenario("programme page, rendered", programme_url + "?uncached=1"),
        Scenario("goal page, cached", goal_url),
        Scenario("goal page, rendered", goal_url + "?uncached=1"),
        Scenario("indicator list API", f"/api/v1/indicators/?programme={KRAKOW}"),
        Scenario(f"{feed}, cached", FEED),
        Scenario(f"{feed}, built", FEED + "?uncached=1"),
        Scenario("admin due/overdue panel (SZ)", "/admin/", signed_in=True),
    ]


def visitors_mix(programme_url: str, goal_url: str) -> list[str]:
    """What the 200 concurrent clients ask for in turn: what anonymous visitors and
    calendar apps fetch, as they get it (from the cache)."""
    return [programme_url, goal_url, FEED]


def install(*packages: str) -> None:
    """Debian packages the benchmark needs, if missing (as the test suite does for PostgreSQL)."""
    missing = [p for p in packages if not shutil.which(p)]
    if missing:
        apt_install(missing, "the benchmark")


def wait_for(url: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer {url} within {seconds} s")


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def first_request(base: str, path: str, cookie: str | None = None) -> float:
    """One request alone; its time is the cold cost when it is the first of its kind."""
    request = urllib.request.Request(base + path, headers={"Accept-Encoding": "gzip"})
    if cookie:
        request.add_header("Cookie", cookie)
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        response.read()
    return time.perf_counter() - started


def cold_costs(base: str, cookie: str, workers: int) -> dict[str, float]:
    """A fresh server on an emptied cache: the feed as after a deploy, then the due panel
    right after a change (bench/urls.py saves a unit in the serving process), with the
    admin's templates already warm in every worker so that only the panel is cold: the
    warming requests go ``workers`` at a time (one after another, a single worker would
    take them all), and the panel's time is the median of three changes."""
    feed = first_request(base, FEED)
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda _: first_request(base, "/admin/", cookie), range(4 * workers)))
    changes, panels = [], []
    for _ in range(3):
        changes.append(first_request(base, "/bench/change/"))
        panels.append(first_request(base, "/admin/", cookie))
    return {
        "feed_s": feed,
        "change_s": statistics.median(changes),
        "admin_s": statistics.median(panels),
    }


def clear_caches(env: dict[str, str]) -> None:
    """The shared cache emptied before a server starts (a fresh process has empty memory)."""
    code = "from bench.growth import clear_caches; clear_caches()"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


PUBLISH = """
import django
django.setup()
from cms.programmes.models import ProgrammePage
page = ProgrammePage.objects.get(okcore_id="open-krakow-2024-2028", locale__language_code="pl")
page.save_revision().publish()
"""


def publish_reaches_every_worker(base: str, path: str, env: dict[str, str]) -> bool:
    """After a publish in another process, no worker may serve its old copy of the page."""

    def state() -> str:
        with urllib.request.urlopen(base + path, timeout=60) as response:
            return str(response.headers.get("X-Cache"))

    for _ in range(4):
        state()  # every worker has served it once
    before = {state() for _ in range(4)}
    subprocess.run([sys.executable, "-c", PUBLISH], cwd=ROOT, env=env, check=True)
    first = state()
    return before == {"hit"} and first == "miss"


def process_tree(pid: int) -> list[int]:
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            found += process_tree(int(child))
    return found


def reset_peak(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(OSError):
            Path(f"/proc/{pid}/clear_refs").write_text("5")


def peak_mib(pids: list[int]) -> float:
    """The largest peak resident size among the server's processes (per worker)."""
    peaks = []
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
    return max(peaks, default=0.0)


def wrk(command: list[str]) -> dict[str, Any]:
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def load(
    base: str, scenario: Scenario, seconds: int, cookie: str, headers: tuple[str, ...] = ()
) -> dict[str, Any]:
    command = [
        "wrk", "-t1", f"-c{CONCURRENCY}", f"-d{seconds}s", "--timeout", "60s",
        "-s", str(ROOT / "bench" / "report.lua"), base + scenario.path, "--", *headers,
    ]  # fmt: skip
    if scenario.signed_in:
        command.append(f"Cookie: {cookie}")
    return wrk(command)


def many_clients(base: str, paths: list[str], seconds: int, clients: int) -> dict[str, Any]:
    """``clients`` connections at once for ``seconds``, each request the next of ``paths``.
    Two wrk threads (one per core); a request unanswered after 30 s counts as an error."""
    command = [
        "wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "30s",
        "-s", str(ROOT / "bench" / "mix.lua"), base + paths[0], "--",
        "Accept-Encoding: gzip", *paths,
    ]  # fmt: skip
    return {**wrk(command), "connections": clients, "paths": paths}


@contextlib.contextmanager
def database(setup: str, workdir: Path) -> Iterator[dict[str, str]]:
    if setup == "sqlite":
        yield {"DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}"}
        return
    import postgres  # tests/support/postgres.py: Debian's server on loopback
    import redis_server  # tests/support/redis_server.py: Debian's, likewise

    with postgres.server() as url, redis_server.server() as redis:
        yield {"DATABASE_URL": url, "REDIS_URL": redis}


@contextlib.contextmanager
def site_server(
    setup: str, env: dict[str, str], port: int, workers: int
) -> Iterator[subprocess.Popen[bytes]]:
    if setup == "sqlite":
        command = [sys.executable, "cms/manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    else:
        # A backlog well above the 200 clients: none is refused while the workers are busy.
        command = [
            sys.executable, "-m", "gunicorn", "cms.wsgi", "-w", str(workers),
            "-b", f"127.0.0.1:{port}", "--backlog", "2048", "--timeout", "120",
            "--log-level", "warning",
        ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def build(env: dict[str, str], programmes: int, events: int) -> dict[str, Any]:
    """The scale data in a migrated database; the URLs and session to request."""
    started = time.monotonic()
    manage(env, "cms/manage.py", "okcore_sync", KRAKOW, "-v0")
    output = manage(env, "-m", "bench.prepare", str(programmes), str(events), capture=True)
    # The upgrade steps that fill the stored tables the bulk inserts bypassed.
    manage(env, "cms/manage.py", "okcore_event_texts", "-v0")
    manage(env, "cms/manage.py", "okcore_refresh_duties", "--all", "-v0")
    prepared: dict[str, Any] = json.loads(output.splitlines()[-1])
    print(f"  data ready in {time.monotonic() - started:.0f} s: {prepared['counts']}", flush=True)
    return prepared


def in_process(env: dict[str, str], module: str, request: dict[str, Any]) -> Any:
    """A bench module run against the database, given JSON on stdin, answering JSON."""
    output = subprocess.run(
        [sys.executable, "-m", module],
        cwd=ROOT,
        env=env,
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure_server(
    setup: str, workers: int, env: dict[str, str], prepared: dict[str, Any], args: Any
) -> dict[str, Any]:
    """One fresh server on the database: cold costs, every scenario, then many clients."""
    cookie = prepared["cookie"]
    plan = scenarios(prepared["programme_url"], prepared["goal_url"], prepared["feed_events"])
    query_counts = in_process(
        env, "bench.queries", {"urls": [s.path for s in plan], "cookie": cookie}
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # The dev server keeps connections open but writes headers and body apart, which
    # meets the client's delayed ACK (40 ms a request); a new connection each time
    # avoids that. gunicorn's sync workers close every connection anyway.
    # Browsers and calendar apps accept gzip; so does the load generator.
    headers: tuple[str, ...] = ("Accept-Encoding: gzip",)
    if setup == "sqlite":
        headers += ("Connection: close",)
    clear_caches(env)
    rows = []
    with site_server(setup, env, port, workers) as server:
        wait_for(base + "/bench/baseline/")
        cold = cold_costs(base, cookie, workers)
        for scenario in plan:
            first = first_request(base, scenario.path, cookie if scenario.signed_in else None)
            load(base, scenario, 1, cookie, headers)  # every worker warm
            pids = process_tree(server.pid)
            reset_peak(pids)
            result = load(base, scenario, args.seconds, cookie, headers)
            result.update(
                first_s=first,
                name=scenario.name,
                queries=query_counts[scenario.path],
                peak_mib=peak_mib(pids),
            )
            rows.append(result)
            print(f"  {scenario.name}: {result['rps']:.1f} req/s", flush=True)
        clients = None
        if setup != "sqlite":
            paths = visitors_mix(prepared["programme_url"], prepared["goal_url"])
            clients = many_clients(base, paths, 6 * args.seconds, CLIENTS)
            print(f"  {CLIENTS} clients: {clients['rps']:.1f} req/s", flush=True)
        invalidated = publish_reaches_every_worker(base, plan[1].path, env)
    name = setup if workers <= 2 else f"{setup}-{workers}"
    return {
        "setup": name,
        "title": TITLES[name],
        "counts": prepared["counts"],
        "feed_events": prepared["feed_events"],
        "cold": cold,
        "rows": rows,
        "load": clients,
        "invalidated": invalidated,
    }


def run_loader(env: dict[str, str], files: list[Path], rounds: int) -> dict[str, Any]:
    """bench/loader.py's JSON: cold_seconds, then the warm rounds' seconds."""
    output = manage(env, "bench/loader.py", str(rounds), *(str(f) for f in files), capture=True)
    return dict(json.loads(output))


def programme_files(programme_dir: Path, programmes: int) -> list[Path]:
    """Kraków's file and the first ``programmes - 1`` of the bench plugin's."""
    krakow = ROOT / "src/okplugins/open_krakow/data/program.yaml"
    return [krakow, *sorted(programme_dir.glob("*.yaml"))[: programmes - 1]]


def growth_points(programmes: int, events: int) -> list[tuple[int, int]]:
    """1, a tenth of and all the programmes with a hundredth, a tenth of and all the
    events (the full run: 1 and 1,000; 10 and 10,000; 150 and 100,000)."""
    return sorted(
        {
            (1, max(10, events // 100)),
            (max(1, programmes // 15), max(10, events // 10)),
            (programmes, events),
        }
    )


def migrate(setup: str, env: dict[str, str], workdir: Path) -> None:
    """The database migrated, and a copy of it kept empty for the smaller scales (running
    the migrations takes minutes on a busy machine; copying a database, seconds)."""
    manage(env, "cms/manage.py", "migrate", "-v0", "--noinput")
    if setup == "sqlite":
        shutil.copy(workdir / "bench.sqlite3", workdir / "migrated.sqlite3")
    else:
        url = env["DATABASE_URL"]
        psql(url, f"CREATE DATABASE migrated TEMPLATE {url.rsplit('/', 1)[1]}")


def psql(url: str, statement: str) -> None:
    subprocess.run(["psql", url, "-q", "-c", statement], check=True)


def new_database(setup: str, extra: dict[str, str], workdir: Path, number: int) -> dict[str, str]:
    """A migrated, empty database for a smaller scale (a copy of the one migrate() kept),
    with a Redis db of its own."""
    if setup == "sqlite":
        path = workdir / f"growth-{number}.sqlite3"
        shutil.copy(workdir / "migrated.sqlite3", path)
        return {"DATABASE_URL": f"sqlite:///{path}"}
    url = extra["DATABASE_URL"]
    psql(url, f"CREATE DATABASE growth_{number} TEMPLATE migrated")
    return {
        "DATABASE_URL": f"{url.rsplit('/', 1)[0]}/growth_{number}",
        "REDIS_URL": f"{extra['REDIS_URL'].rsplit('/', 1)[0]}/{number}",
    }


def measure_growth(
    setup: str,
    env: dict[str, str],
    extra: dict[str, str],
    prepared: dict[str, Any],
    programme_dir: Path,
    workdir: Path,
    points: list[tuple[int, int]],
) -> list[dict[str, Any]]:
    """Per-request costs in-process at each scale; the largest is the database built for
    the servers, the smaller ones get databases of their own."""
    found = []
    for number, (programmes, events) in enumerate(points, start=1):
        print(f"  growth: {programmes} programmes, {events:,} events", flush=True)
        files = programme_files(programme_dir, programmes)
        here, data = env, prepared
        if (programmes, events) != points[-1]:
            directory = workdir / f"programmes-{number}"
            directory.mkdir()
            for path in files[1:]:
                shutil.copy(path, directory)
            here = {**env, **new_database(setup, extra, workdir, number)}
            here["OKCORE_BENCH_DIR"] = str(directory)
            data = build(here, programmes, events)
        rows = in_process(here, "bench.growth", {**data, "repeat": 5})
        loader = run_loader(here, files, 3)
        rows["okcore loader"] = {"ms": sorted(loader["seconds"])[1] * 1000, "queries": 0}
        found.append(
            {
                "programmes": programmes,
                "events": events,
                "units": data["counts"]["units"],
                "feed_events": data["feed_events"],
                "rows": rows,
            }
        )
    return found


def measure_database(
    setup: str, programme_dir: Path, args: Any, growth: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The set-ups on one database (SQLite: the dev server; PostgreSQL: gunicorn with 2,
    then 4 workers, on the same data), the loader, and the growth if asked."""
    workdir = Path(tempfile.mkdtemp(prefix=f"okcore-bench-{setup}-"))
    paths = [str(ROOT), str(ROOT / "tests" / "support"), os.environ.get("PYTHONPATH", "")]
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "OKCORE_BENCH_DIR": str(programme_dir),
        "OKCORE_VAR_DIR": str(workdir),
        "PYTHONPATH": os.pathsep.join(p for p in paths if p),
    }
    points: list[dict[str, Any]] = []
    with database(setup, workdir) as extra:
        env = {**base_env, **extra}
        migrate(setup, env, workdir)
        prepared = build(env, args.programmes, args.events)
        results = [
            measure_server(setup, workers, env, prepared, args)
            for workers in ([1] if setup == "sqlite" else [2, 4])
        ]
        loader = run_loader(env, programme_files(programme_dir, args.programmes), 5)
        for result in results:
            result["loader"] = loader
        if growth:
            plan = growth_points(args.programmes, args.events)
            points = measure_growth(setup, env, extra, prepared, programme_dir, workdir, plan)
    shutil.rmtree(workdir, ignore_errors=True)
    return results, points


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(result: dict[str, Any], production: dict[str, Any] | None = None) -> list[str]:
    """One set-up's table and budget (``production``: see figures.verdicts)."""
    rows = result["rows"]
    baseline = rows[0]["rps"]
    lines = [
        f"{'scenario':34} {'req/s':>9} {'p50 ms':>9} {'p95 ms':>9} {'× base':>7} "
        f"{'queries':>7} {'peak MiB':>8} {'errors':>6} {'first s':>8}"
    ]
    for row in rows:
        lines.append(
            f"{row['name']:34} {row['rps']:9.1f} {row['p50_ms']:9.1f} {row['p95_ms']:9.1f} "
            f"{row['rps'] / baseline:7.3f} {row['queries']:7d} {row['peak_mib']:8.1f} "
            f"{load_errors(row):6d} {row['first_s']:8.2f}"
        )
    loader = result["loader"]
    runs = loader["seconds"]
    rate = 1 / (sum(runs) / len(runs))
    lines.append(
        f"{'okcore loader, ' + str(loader['files']) + ' files, kept':34} {rate:9.2f} "
        f"{percentile(runs, 0.5) * 1000:9.1f} {percentile(runs, 0.95) * 1000:9.1f} "
        f"{rate / baseline:7.4f} {0:7d} {loader['peak_rss_kib'] / 1024:8.1f} {0:6d}"
    )
    clients = result["load"]
    if clients:
        label = f"{clients['connections']} clients, visitors' mix"
        lines.append(
            f"{label:34} {clients['rps']:9.1f} {clients['p50_ms']:9.1f} "
            f"{clients['p95_ms']:9.1f} {clients['rps'] / baseline:7.3f} {'':7} {'':8} "
            f"{load_errors(clients):6d}"
        )
    verdict = "yes" if result["invalidated"] else "no"
    if result["setup"] == "sqlite":
        verdict += " (expected: the local-memory cache belongs to one process)"
    lines.append(f"a publish in another process invalidates the served copies: {verdict}")
    lines.append("budget:")
    lines += [v.line() for v in verdicts(result, production)]
    return lines


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.machine(),
    )
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    return f"{os.cpu_count()} CPUs ({cpu}), {memory} GiB RAM, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", choices=["sqlite", "postgres", "all"], default="all")
    parser.add_argument(
        "--seconds", type=int, default=10, help="load per scenario; the 200 clients get 6×"
    )
    parser.add_argument("--programmes", type=int, default=PROGRAMMES)
    parser.add_argument("--events", type=int, default=EVENTS)
    parser.add_argument(
        "--growth",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="costs at three scales, in-process, on the last database measured",
    )
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: 3 programmes, 3,000 events, 2 s"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.programmes, args.events, args.seconds = 3, 3_000, 2
    install("wrk")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    from okcore_bench.plugin import write_programmes

    from okcore.registry import Registry

    programme_dir = Path(tempfile.mkdtemp(prefix="okcore-bench-programmes-"))
    krakow = Registry.load(only=["open_krakow"]).programs[KRAKOW]
    write_programmes(krakow, args.programmes - 1, programme_dir)
    print(f"machine: {machine()}")
    databases = ["sqlite", "postgres"] if args.setup == "all" else [args.setup]
    results, points = [], []
    for setup in databases:
        print(f"\n== {setup} ==", flush=True)
        growth = args.growth and setup == databases[-1]
        found, measured = measure_database(setup, programme_dir, args, growth)
        results += found
        points += measured
    print()
    production = next((r for r in results if r["setup"] != "sqlite"), None)
    for result in results:
        print(
            f"== {result['title']}; wrk 1 thread, {CONCURRENCY} connections, "
            f"{args.seconds} s each; {CLIENTS} clients: 2 threads, {6 * args.seconds} s =="
        )
        print("\n".join(report(result, production)))
        print()
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2))
    if points:
        print(
            f"== growth with the data ({databases[-1]}, in-process, median of 5;"
            " of 3 for the feed from an empty cache) =="
        )
        print("\n".join(growth_table(points)))
        (out / "growth.json").write_text(json.dumps(points, indent=2))
        CHART.write_text(growth_svg(points))
        print(f"written: {out / 'growth.json'}, {CHART.relative_to(ROOT)}")
    shutil.rmtree(programme_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
