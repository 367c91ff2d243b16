"""How long `serve` takes to rebuild after one entry is edited: what it does, in one process with the cache in memory.

    python bench/serve_rebuild.py SITE_FOLDER ENTRY_FILE [--runs 5]

Builds once, then edits ENTRY_FILE (relative to SITE_FOLDER) and rebuilds, --runs times; prints JSON with the median
rebuild time after an edit and after no change, and the CPU time of the rebuild after an edit. The entry is restored at the end.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.cache import BuildCache, generator_version  # noqa: E402
from generator.options import BuildOptions  # noqa: E402
from generator.unchanged import build  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("entry")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    entry = args.site / args.entry
    original = entry.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        options = BuildOptions(args.site, Path(folder) / "site", today=date(2026, 12, 1))
        cache = BuildCache(generator_version())
        build(options, cache=cache)
        edits, unchanged, edits_cpu = [], [], []
        try:
            for run in range(args.runs):
                entry.write_text(original + f"\n（预览修改第{run}次）\n", encoding="utf-8")
                started, cpu = time.perf_counter(), time.process_time()
                build(options, cache=cache)
                edits.append(time.perf_counter() - started)
                edits_cpu.append(time.process_time() - cpu)  # this process's: rendering a few pages forks no workers
                started = time.perf_counter()
                build(options, cache=cache)
                unchanged.append(time.perf_counter() - started)
        finally:
            entry.write_text(original, encoding="utf-8")
    print(json.dumps({"serve_edit_one_s": round(statistics.median(edits), 3), "serve_noop_s": round(statistics.median(unchanged), 3),
                      "serve_edit_one_cpu_s": round(statistics.median(edits_cpu), 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
