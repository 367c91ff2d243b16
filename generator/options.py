"""What a build is asked to do and what it reports, apart from the stages: `build` with nothing to do
(unchanged.py) needs these, and only these, so that it never imports the stages."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from .diagnostics import Diagnostic

CONFIG_FILE = "catalog.yaml"
BUILTIN_THEMES = Path(__file__).resolve().parent.parent / "themes"


class UsageError(Exception):
    """A command-line choice that cannot work (not a content problem)."""


class WorkerLost(Exception):
    """A worker process ended before finishing its chunk."""


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def build_date() -> date:
    """Today, or the day of SOURCE_DATE_EPOCH (the reproducible-builds convention) when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    output: Path
    base_url: str | None = None  # overrides catalog.yaml
    strict: bool = False  # warnings are errors
    agency: str | None = None  # read and check only this agency of a cluster (`check --agency`)
    today: date = field(default_factory=lambda: build_date())  # fixed by --today for reproducible builds
    cache_dir: Path | None = None  # results kept between builds; None: none kept
    jobs: int = field(default_factory=available_cores)  # processes for the parallel stages


# The options that do not change what a build publishes (every other one is part of unchanged.signature).
NOT_IN_OUTPUT = ("cache_dir", "jobs")


@dataclass(frozen=True)
class BuildResult:
    pages: int
    files: int
    warnings: tuple[Diagnostic, ...]
    seconds: float
    rendered: int = 0  # pages rendered by this build; the others were unchanged


def check_output(options: BuildOptions) -> None:
    root, output = options.root.resolve(), options.output.resolve()
    if root == output or root.is_relative_to(output):
        raise UsageError(f"输出文件夹 {output} 不能是网站文件夹本身或其上级")
    for protected in ("content", "themes"):
        if output.is_relative_to(root / protected):
            raise UsageError(f"输出文件夹不能放在 {protected}/ 里")
