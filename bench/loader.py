"""The okcore loader validating every programme file, timed, with the process's peak memory.

The first round starts from an empty cache (okcore.parse_cache, parsed and checked
documents: a worker's first start after a deploy that changed the files or okcore), the
others find it filled (every later start).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from okcore.load import load_program


def peak_rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main(paths: list[Path], rounds: int) -> dict[str, object]:
    os.environ["OKCORE_CACHE_DIR"] = tempfile.mkdtemp(prefix="okcore-bench-cache-")
    load_program(paths[0])  # imports and pydantic's compiled validators, as a server has them
    Path("/proc/self/clear_refs").write_text("5")
    seconds = []
    for _ in range(rounds + 1):
        started = time.perf_counter()
        for path in paths:
            load_program(path)
        seconds.append(time.perf_counter() - started)
    return {
        "files": len(paths),
        "cold_seconds": seconds[0],
        "seconds": seconds[1:],
        "peak_rss_kib": peak_rss_kib(),
    }


if __name__ == "__main__":
    files = [Path(p) for p in sys.argv[2:]]
    print(json.dumps(main(files, int(sys.argv[1]))))
