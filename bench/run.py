"""`nox -s bench`: the site at city and multi-city scale, in two set-ups, against a baseline.

For each set-up (SQLite + the dev server; PostgreSQL + gunicorn with 2 workers + Redis)
it builds a fresh database with the scale data, starts one server, and loads it from
a second process (Debian's ``wrk``) on loopback, bounded in time and in requests. For
every scenario it prints throughput, p50/p95 latency, the ratio to the baseline's
throughput measured in the same run, SQL queries per request and the server's peak
memory; then the okcore loader validating the 150 programme files; then the budget.

Usage: python -m bench.run [--setup sqlite|postgres|all] [--seconds N]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))
KRAKOW = "open-krakow-2024-2028"
FEED = f"/pl/calendar/programme/{KRAKOW}.ics"
PROGRAMMES = 150
CONCURRENCY = 4
MAX_REQUESTS = 20_000


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    signed_in: bool = False


def scenarios(programme_url: str, goal_url: str) -> list[Scenario]:
    return [
        Scenario("baseline (bare view)", "/bench/baseline/"),
        Scenario("programme page, cached", programme_url),
        Scenario("programme page, uncached", programme_url + "?uncached=1"),
        Scenario("goal page, cached", goal_url),
        Scenario("goal page, uncached", goal_url + "?uncached=1"),
        Scenario("indicator list API", f"/api/v1/indicators/?programme={KRAKOW}"),
        Scenario("feed, 10,000 events, cached", FEED),
        Scenario("feed, 10,000 events, built", FEED + "?uncached=1"),
        Scenario("admin due/overdue panel (SZ)", "/admin/", signed_in=True),
    ]


def install(*packages: str) -> None:
    """Debian packages the benchmark needs, if missing (as the test suite does for PostgreSQL)."""
    missing = [p for p in packages if not shutil.which(p)]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit(f"install Debian's {' '.join(missing)} first")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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


def first_request(base: str, scenario: Scenario, cookie: str) -> float:
    """One request alone, before any load: it fills the caches; its time is the cold cost."""
    request = urllib.request.Request(base + scenario.path, headers={"Accept-Encoding": "gzip"})
    if scenario.signed_in:
        request.add_header("Cookie", cookie)
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        response.read()
    return time.perf_counter() - started


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


def load(
    base: str, scenario: Scenario, seconds: int, cookie: str, headers: tuple[str, ...] = ()
) -> dict[str, Any]:
    command = [
        "wrk",
        "-t1",
        f"-c{CONCURRENCY}",
        f"-d{seconds}s",
        "--timeout",
        "60s",
        "-s",
        str(ROOT / "bench" / "report.lua"),
        base + scenario.path,
        "--",
        str(MAX_REQUESTS),
    ]
    command += headers
    if scenario.signed_in:
        command.append(f"Cookie: {cookie}")
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    result["rps"] = result["requests"] / result["seconds"]
    return result


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    install("redis-server")
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait()


@contextlib.contextmanager
def database(setup: str, workdir: Path) -> Iterator[dict[str, str]]:
    if setup == "sqlite":
        yield {"DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}"}
        return
    import postgres  # tests/support/postgres.py: Debian's server on loopback

    with postgres.server() as url, redis_server() as redis:
        yield {"DATABASE_URL": url, "REDIS_URL": redis}


@contextlib.contextmanager
def site_server(setup: str, env: dict[str, str], port: int) -> Iterator[subprocess.Popen[bytes]]:
    if setup == "sqlite":
        command = [sys.executable, "cms/manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    else:
        command = [
            sys.executable, "-m", "gunicorn", "cms.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}",
            "--timeout", "120", "--log-level", "warning",
        ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def measure_setup(setup: str, programme_dir: Path, seconds: int) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix=f"okcore-bench-{setup}-"))
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "OKCORE_BENCH_DIR": str(programme_dir),
        "OKCORE_VAR_DIR": str(workdir),
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests" / "support")]),
    }
    with database(setup, workdir) as extra:
        env = {**base_env, **extra}
        started = time.monotonic()
        manage(env, "cms/manage.py", "migrate", "-v0", "--noinput")
        manage(env, "cms/manage.py", "okcore_sync", KRAKOW, "-v0")
        prepared = json.loads(manage(env, "-m", "bench.prepare", capture=True).splitlines()[-1])
        print(f"  data ready in {time.monotonic() - started:.0f} s: {prepared['counts']}")
        plan = scenarios(prepared["programme_url"], prepared["goal_url"])
        query_counts = json.loads(
            subprocess.run(
                [sys.executable, "-m", "bench.queries"],
                cwd=ROOT,
                env=env,
                input=json.dumps({"urls": [s.path for s in plan], "cookie": prepared["cookie"]}),
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        # The dev server keeps connections open but writes headers and body apart, which
        # meets the client's delayed ACK (40 ms a request); a new connection each time
        # avoids that. gunicorn's sync workers close every connection anyway.
        # Browsers and calendar apps accept gzip; so does the load generator.
        headers = ("Accept-Encoding: gzip",)
        if setup == "sqlite":
            headers += ("Connection: close",)
        rows = []
        with site_server(setup, env, port) as server:
            wait_for(base + "/bench/baseline/")
            for scenario in plan:
                cold = first_request(base, scenario, prepared["cookie"])
                load(base, scenario, 1, prepared["cookie"], headers)  # every worker warm
                pids = process_tree(server.pid)
                reset_peak(pids)
                result = load(base, scenario, seconds, prepared["cookie"], headers)
                result.update(
                    first_s=cold,
                    name=scenario.name,
                    queries=query_counts[scenario.path],
                    peak_mib=peak_mib(pids),
                )
                rows.append(result)
                print(f"  {scenario.name}: {result['rps']:.1f} req/s", flush=True)
            invalidated = publish_reaches_every_worker(base, plan[1].path, env)
        loader = json.loads(
            manage(
                env,
                "bench/loader.py",
                "5",
                str(ROOT / "src/okplugins/open_krakow/data/program.yaml"),
                *sorted(str(p) for p in programme_dir.glob("*.yaml")),
                capture=True,
            )
        )
    shutil.rmtree(workdir, ignore_errors=True)
    return {
        "setup": setup,
        "counts": prepared["counts"],
        "rows": rows,
        "loader": loader,
        "invalidated": invalidated,
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(result: dict[str, Any]) -> list[str]:
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
            f"{row['connect_errors'] + row['timeouts'] + row['non_2xx']:6d} {row['first_s']:8.2f}"
        )
    loader = result["loader"]
    runs = loader["seconds"]
    rate = 1 / (sum(runs) / len(runs))
    lines.append(
        f"{'okcore loader, ' + str(loader['files']) + ' files, kept':34} {rate:9.2f} "
        f"{percentile(runs, 0.5) * 1000:9.1f} {percentile(runs, 0.95) * 1000:9.1f} "
        f"{rate / baseline:7.4f} {0:7d} {loader['peak_rss_kib'] / 1024:8.1f} {0:6d}"
    )
    by_name = {row["name"]: row for row in rows}

    def ratio(name: str) -> float:
        return float(by_name[name]["rps"] / baseline)

    built = by_name["feed, 10,000 events, built"]["first_s"]
    loaded = by_name["feed, 10,000 events, built"]["p50_ms"] / 1000
    budget = [
        ("programme page, cached ≥ 0.5× baseline", ratio("programme page, cached"), 0.5),
        ("programme page, uncached ≥ 0.2× baseline", ratio("programme page, uncached"), 0.2),
        ("feed served from cache ≥ 0.8× baseline", ratio("feed, 10,000 events, cached"), 0.8),
    ]
    shared = result["setup"] == "postgres"
    verdict = "yes" if result["invalidated"] else "no"
    if not shared:
        verdict += " (expected: the local-memory cache belongs to one process)"
    lines.append(f"a publish in another process invalidates the served copies: {verdict}")
    lines.append("budget:")
    for label, value, floor in budget:
        lines.append(f"  {'met' if value >= floor else 'MISSED':6} {label}: {value:.3f}×")
    cold = by_name["feed, 10,000 events, cached"]["first_s"]
    lines.append(
        f"  {'met' if built < 1 else 'MISSED':6} feed of 10,000 events built in < 1 s: "
        f"{built:.2f} s after a publish (p50 {loaded:.2f} s under load); "
        f"{cold:.1f} s from an empty cache"
    )
    warm = percentile(runs, 0.5)
    lines.append(
        f"  {'met' if warm < 1 else 'MISSED':6} okcore loader, {loader['files']} files in < 1 s: "
        f"{warm:.2f} s with the parse cache filled, {loader['cold_seconds']:.2f} s from an "
        "empty one (okcore.parse_cache)"
    )
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
    parser.add_argument("--seconds", type=int, default=10, help="load time per scenario")
    args = parser.parse_args(argv)
    install("wrk")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    from okcore_bench.plugin import write_programmes

    from okcore.registry import Registry

    programme_dir = Path(tempfile.mkdtemp(prefix="okcore-bench-programmes-"))
    krakow = Registry.load(only=["open_krakow"]).programs[KRAKOW]
    write_programmes(krakow, PROGRAMMES - 1, programme_dir)
    print(f"machine: {machine()}")
    setups = ["sqlite", "postgres"] if args.setup == "all" else [args.setup]
    results = []
    for setup in setups:
        print(f"\n== {setup} ==", flush=True)
        results.append(measure_setup(setup, programme_dir, args.seconds))
    print()
    for result in results:
        title = {
            "sqlite": "SQLite, Django dev server (threaded), local-memory cache",
            "postgres": "PostgreSQL, gunicorn 2 workers, Redis cache",
        }[result["setup"]]
        print(f"== {title}; wrk 1 thread, {CONCURRENCY} connections, {args.seconds} s each ==")
        print("\n".join(report(result)))
        print()
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2))
    shutil.rmtree(programme_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
