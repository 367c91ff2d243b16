"""Measure this generator against Hugo, Eleventy, MkDocs and Pelican on a generated corpus.

    python bench/run.py [--sizes 10000] [--with-50k] [--runs 5] [--tools ours hugo eleventy mkdocs pelican]
                        [--work /tmp/bench] [--python PY] [--hugo PATH] [--eleventy PATH] [--mkdocs PATH] [--pelican PATH]

For each size, bench/corpus.py writes the corpus once, then for each tool that is installed (a missing one is skipped
with a note) three measurements, each the median of --runs runs:

    clean      output (and any cache) removed first
    edit-one   one entry's body changed (a different text each run), then built again
    no-change  built again with nothing changed

Peak memory is the largest total RSS of the build's process tree, sampled every 20 ms with psutil (with /usr/bin/time
-v's "Maximum resident set size" of the largest single process when psutil is missing), maximum over all runs.
MkDocs's rebuilds use `--dirty` (its incremental mode, as in the issue); Pelican's use its content cache
(CACHE_CONTENT/LOAD_CONTENT_CACHE in pelicanconf.py); Hugo, Eleventy and this generator build everything again.
Prints a Markdown table; --json FILE also writes the raw timings.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

try:
    import psutil
except ImportError:  # pragma: no cover - fallback below
    psutil = None

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-26"


def tree_rss(proc) -> int:
    total = 0
    try:
        procs = [proc] + proc.children(recursive=True)
    except psutil.Error:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def timed(cmd: list[str], cwd: Path, env=None) -> tuple[float, int]:
    """Run cmd; return (wall seconds, peak RSS in bytes). Raises on a non-zero exit."""
    out = tempfile.TemporaryFile()
    if psutil is None:
        cmd = ["/usr/bin/time", "-v"] + cmd
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
    peak = 0
    if psutil is not None:
        ps = psutil.Process(proc.pid)
        done = threading.Event()

        def sample():
            nonlocal peak
            while not done.is_set():
                peak = max(peak, tree_rss(ps))
                done.wait(0.02)

        thread = threading.Thread(target=sample, daemon=True)
        thread.start()
        rc = proc.wait()
        done.set()
        thread.join()
    else:
        rc = proc.wait()
    elapsed = time.perf_counter() - start
    out.seek(0)
    text = out.read().decode("utf-8", "replace")
    if psutil is None:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
        peak = int(m.group(1)) * 1024 if m else 0
    if rc != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {rc}:\n{text[-3000:]}")
    return elapsed, peak


class Tool:
    name = ""
    tree = ""

    def __init__(self, root: Path, exe: str | None):
        self.root = root
        self.exe = exe

    def version(self) -> str:
        return ""

    def clean(self):
        for sub in self.outputs:
            shutil.rmtree(self.root / sub, ignore_errors=True)

    def entry_path(self, e) -> Path:
        raise NotImplementedError

    def build_cmd(self, kind: str) -> list[str]:
        raise NotImplementedError


class Ours(Tool):
    name, tree, outputs = "this generator", "site", ["../site-out"]

    def version(self):
        return "bench branch " + subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, text=True,
                                                capture_output=True).stdout.strip()

    def entry_path(self, e):
        return self.root / "content" / e["domain"] / f"{e['slug']}.md"

    def build_cmd(self, kind):
        return [self.exe, str(REPO / "build.py"), "--site", str(self.root), "--output", str(self.root.parent / "site-out"),
                "--today", TODAY, "--quiet"]


class Hugo(Tool):
    name, tree, outputs = "Hugo", "hugo", ["public", "resources"]

    def version(self):
        return subprocess.run([self.exe, "version"], capture_output=True, text=True).stdout.split()[1]

    def entry_path(self, e):
        return self.root / "content" / e["domain"] / f"{e['slug']}.md"

    def build_cmd(self, kind):
        return [self.exe, "--quiet"]


class Eleventy(Tool):
    name, tree, outputs = "Eleventy", "eleventy", ["_site", ".cache"]

    def version(self):
        return subprocess.run([self.exe, "--version"], capture_output=True, text=True).stdout.strip()

    def entry_path(self, e):
        return self.root / "src" / e["domain"] / f"{e['slug']}.md"

    def build_cmd(self, kind):
        return [self.exe, "--input=src", "--output=_site", "--quiet"]


class MkDocs(Tool):
    name, tree, outputs = "MkDocs", "mkdocs", ["site"]

    def version(self):
        return subprocess.run([self.exe, "--version"], capture_output=True, text=True).stdout.split()[2].rstrip(",")

    def entry_path(self, e):
        return self.root / "docs" / e["domain"] / f"{e['slug']}.md"

    def build_cmd(self, kind):
        return [self.exe, "build", "--quiet"] + (["--clean"] if kind == "clean" else ["--dirty"])


class Pelican(Tool):
    name, tree, outputs = "Pelican", "pelican", ["output", "cache"]

    def version(self):
        return subprocess.run([self.exe, "--version"], capture_output=True, text=True).stdout.strip()

    def entry_path(self, e):
        return self.root / "content" / e["domain"] / f"{e['slug']}.md"

    def build_cmd(self, kind):
        return [self.exe, "content", "-s", "pelicanconf.py", "-o", "output", "--quiet"]


TOOLS = {"ours": Ours, "hugo": Hugo, "eleventy": Eleventy, "mkdocs": MkDocs, "pelican": Pelican}
EXES = {"hugo": "hugo", "eleventy": "eleventy", "mkdocs": "mkdocs", "pelican": "pelican"}


def edit(path: Path, run: int) -> None:
    """Change one entry's body: the last sentence gets a different run number each time."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\n（基准测试修改第\d+次）\n$", "\n", text)
    path.write_text(text.rstrip("\n") + f"\n\n（基准测试修改第{run}次）\n", encoding="utf-8")


def measure(tool: Tool, entry: dict, runs: int, log) -> dict:
    result = {}
    times, peaks = {"clean": [], "edit-one": [], "no-change": []}, []
    for i in range(runs):
        tool.clean()
        t, p = timed(tool.build_cmd("clean"), tool.root)
        times["clean"].append(t), peaks.append(p)
        edit(tool.entry_path(entry), i + 1)
        t, p = timed(tool.build_cmd("edit-one"), tool.root)
        times["edit-one"].append(t), peaks.append(p)
        t, p = timed(tool.build_cmd("no-change"), tool.root)
        times["no-change"].append(t), peaks.append(p)
        log(f"  {tool.name} run {i + 1}/{runs}: clean {times['clean'][-1]:.2f} s, edit-one {times['edit-one'][-1]:.2f} s,"
            f" no-change {times['no-change'][-1]:.2f} s, peak {max(peaks[-3:]) / 2**20:.0f} MB")
    for k, v in times.items():
        result[k] = statistics.median(v)
        result[k + "-all"] = v
    result["peak_mb"] = max(peaks) / 2**20
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000])
    ap.add_argument("--with-50k", action="store_true", help="also measure 50,000 entries")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tools", nargs="+", default=list(TOOLS), choices=list(TOOLS))
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "bench")
    ap.add_argument("--python", default=sys.executable, help="the Python that runs build.py (needs requirements.txt)")
    for key in EXES:
        ap.add_argument(f"--{key}", help=f"the {key} executable (default: found on PATH)")
    ap.add_argument("--json", type=Path, help="also write the raw results here")
    args = ap.parse_args(argv)
    sizes = args.sizes + ([50000] if args.with_50k and 50000 not in args.sizes else [])

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    exes, notes = {"ours": args.python}, []
    for key in args.tools:
        if key == "ours":
            continue
        exe = getattr(args, key) or shutil.which(EXES[key])
        if exe and Path(exe).exists():
            exes[key] = exe
        else:
            notes.append(f"{TOOLS[key].name}: not installed, skipped")
            log(notes[-1])
    results = {}
    for size in sizes:
        work = args.work / str(size)
        log(f"corpus: {size} entries → {work}")
        subprocess.run([args.python, str(REPO / "bench" / "corpus.py"), "--entries", str(size), "--out", str(work),
                        "--only", "site", *[TOOLS[k].tree for k in exes if k != "ours"]], check=True)
        entries = json.loads((work / "entries.json").read_text(encoding="utf-8"))
        entry = entries[len(entries) // 2]
        for key in args.tools:
            if key not in exes:
                continue
            tool = TOOLS[key](work / TOOLS[key].tree, exes[key])
            label = f"{tool.name} {tool.version()}".strip()
            log(f"{label}, {size} entries")
            try:
                results[(size, label)] = measure(tool, entry, args.runs, log)
            except RuntimeError as err:
                notes.append(f"{label} at {size}: failed: {str(err).splitlines()[0]}")
                log(str(err))
    print(f"\n{os.cpu_count()} CPUs, median of {args.runs} run(s)\n")
    print("| entries | tool | clean build | rebuild, one entry edited | rebuild, no change | peak RSS |")
    print("|---:|---|---:|---:|---:|---:|")
    for (size, label), r in results.items():
        print(f"| {size:,} | {label} | {r['clean']:.1f} s | {r['edit-one']:.2f} s | {r['no-change']:.2f} s "
              f"| {r['peak_mb']:.0f} MB |")
    for note in notes:
        print(f"\n- {note}")
    if args.json:
        args.json.write_text(json.dumps({f"{s}|{l}": r for (s, l), r in results.items()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
