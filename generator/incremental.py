"""The spine's one interface to the cache: what a build may take from earlier builds, and what it
records for the next one.

`Incremental` keeps that bookkeeping for a cache kept on disk (`--cache-dir`) or in memory (`serve`):
the status of every content file, the memos of each stage's results, the published files and what
each was made from. A build without a cache uses `NoCache`, which reuses nothing and records nothing,
so the pipeline calls the same methods either way.
"""

from __future__ import annotations

import sqlite3
import time
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from .cache import (
    CACHE_DIR, BuildCache, Finished, Memo, PublishedFile, Signature, damaged, digest, generator_version, load_cache, published_digest,
    save_cache, save_finished,
)
from .diagnostics import WARNING, Diagnostic
from .write import OUTPUT_MARKER, entry_status, tree_entries

if TYPE_CHECKING:  # not imported to run: `build` with nothing to do (unchanged.py) imports this module, not the loader
    from .load import SourceFile

# File systems that keep modification times to the second or two (FAT) cannot tell closer changes.
RACY_NS = 2_000_000_000


class LastBuild(NamedTuple):
    """What the last build published, when nothing has changed since."""

    pages: int
    files: int
    warnings: tuple[Diagnostic, ...]


class Cache(Protocol):
    """What the pipeline asks of the cache, stage by stage."""

    version: str  # of the generator whose results the cache holds (part of every page's key)

    def must_read(self, source: SourceFile) -> bool:
        """Whether `file_digest` must read the file (its status cannot vouch for its bytes)."""

    def file_digest(self, source: SourceFile) -> tuple[SourceFile, str]:
        """The digest of a content file's bytes, and the file (read when the digest had to be made)."""

    def memo(self, kind: str) -> Memo:
        """The results of one kind (cache.KINDS) that earlier builds made, by the digest of their inputs."""

    def unchanged(self, inputs: str) -> LastBuild | None:
        """The last build, when it was made from the same `inputs` (a digest of all of them) and the
        output is still as it left it: then there is nothing to do. Its warnings include the cache's own."""

    def reusable(self, keys: dict[str, str]) -> set[str]:
        """The published files that can be kept: untouched since the last build, and made from the same
        inputs (`keys`: what each file of this build is made from, by its path in the output)."""

    def sizes(self, kept: set[str]) -> dict[str, int]:
        """The sizes of published files that `reusable` said can be kept (so they need not be made to be measured)."""

    def record(self, inputs: str, kept: set[str], written: dict[str, PublishedFile], outcome: tuple[int, tuple[Diagnostic, ...]],
               signature: Signature | None) -> None:
        """What this build published (the files `kept`, and those `written`), from which `inputs`, with
        which page count and warnings; and the `signature` of its inputs (None: not to be trusted)."""

    def record_unchanged(self, signature: Signature | None) -> None:
        """`unchanged` said there is nothing to do: the last build's outcome is kept under this build's
        `signature`, so that the next build can tell so without reading the inputs."""

    def save(self) -> list[Diagnostic]:
        """Keep what this build used for the next one; returns what went wrong with the cache (warnings:
        the site is published by then)."""


class NoCache:
    """A build without a cache (`--no-cache`): every file is read, every result made, nothing kept."""

    version = ""

    def must_read(self, source: SourceFile) -> bool:
        return True

    def file_digest(self, source: SourceFile) -> tuple[SourceFile, str]:
        return read_digest(source)

    def memo(self, kind: str) -> Memo:
        return Memo()

    def unchanged(self, inputs: str) -> LastBuild | None:
        return None

    def reusable(self, keys: dict[str, str]) -> set[str]:
        return set()

    def sizes(self, kept: set[str]) -> dict[str, int]:
        return {}

    def record(self, inputs: str, kept: set[str], written: dict[str, PublishedFile], outcome: tuple[int, tuple[Diagnostic, ...]],
               signature: Signature | None) -> None:
        pass

    def record_unchanged(self, signature: Signature | None) -> None:
        pass

    def save(self) -> list[Diagnostic]:
        return []


class Incremental:
    """One build's use of a BuildCache (see Cache for what each method does)."""

    def __init__(self, stored: BuildCache, output: Path | None = None, folder: Path | None = None,
                 problems: list[Diagnostic] | None = None):
        """`output`: the folder the build publishes (None: `check`, which publishes nothing); `folder`:
        where the cache is saved after the build (None: it is kept in memory only); `problems`: met
        when loading it."""
        self.stored, self.output, self.folder = stored, output, folder
        self.version = stored.version
        self.problems = list(problems or [])
        self.published = stored.published if output is not None and stored.output == str(output) else {}
        # The status records of this build's content files, and when it looked (see BuildCache.files).
        self.files: dict[str, tuple[int, int, int, int, str]] = {}
        self.seen_ns = time.time_ns()

    def must_read(self, source: SourceFile) -> bool:
        record = self.stored.files.get(source.path)
        trusted_before = self.stored.files_seen_ns - RACY_NS
        return (record is None or record[:4] != file_status(source)
                or source.mtime_ns >= trusted_before or source.ctime_ns >= trusted_before)

    def file_digest(self, source: SourceFile) -> tuple[SourceFile, str]:
        if self.must_read(source):
            source, made = read_digest(source)
            record = (*file_status(source), made)
        else:
            record = self.stored.files[source.path]
        self.files[source.path] = record
        return source, record[4]

    def memo(self, kind: str) -> Memo:
        return self.stored.memo(kind)

    @cached_property
    def intact(self) -> tuple[set[str], bool]:
        """The published files still as the last build left them (nobody has edited, replaced or removed
        them), and whether the output is otherwise as it left it too (no other file; its marker there)."""
        if not self.published or self.output is None:
            return set(), False
        unchanged, foreign = set(), False
        statuses, marked = output_statuses(self.output)
        for relative, size, mtime_ns, inode in statuses:
            record = self.published.get(relative)
            if record is None:
                foreign = True
            elif (size, mtime_ns, inode) == (record.size, record.mtime_ns, record.inode):
                unchanged.add(relative)
        return unchanged, not foreign and marked

    def unchanged(self, inputs: str) -> LastBuild | None:
        previous, as_left = self.intact
        if self.stored.inputs != inputs or not as_left or len(previous) != len(self.published):
            return None
        pages, warnings = self.stored.outcome
        return LastBuild(pages, len(self.published), tuple(self.problems) + warnings)

    def reusable(self, keys: dict[str, str]) -> set[str]:
        intact = self.intact[0]  # as many lookups as keys: asked file by file too (the text files)
        return {url for url, key in keys.items() if url in intact and self.published[url].key == key}

    def sizes(self, kept: set[str]) -> dict[str, int]:
        return {url: self.published[url].size for url in kept}

    def record(self, inputs: str, kept: set[str], written: dict[str, PublishedFile], outcome: tuple[int, tuple[Diagnostic, ...]],
               signature: Signature | None) -> None:
        stored = self.stored
        stored.output, stored.inputs, stored.outcome = str(self.output), inputs, outcome
        stored.published = {**{url: self.published[url] for url in kept}, **written}
        stored.files, stored.files_seen_ns = self.files, self.seen_ns
        stored.finished = self.finished(signature)

    def record_unchanged(self, signature: Signature | None) -> None:
        finished = self.finished(signature)
        if finished is None or finished == self.stored.finished:
            return
        self.stored.finished = finished
        if self.folder is not None and self.stored.loaded_from is not None:
            try:
                save_finished(self.stored.loaded_from, finished)
            except sqlite3.Error:
                pass  # only the next build's speed depends on it

    def finished(self, signature: Signature | None) -> Finished | None:
        """The last build's outcome as `build` with nothing to do takes it (see unchanged.py)."""
        if signature is None:
            return None
        stored = self.stored
        statuses = ((url, file.size, file.mtime_ns, file.inode) for url, file in stored.published.items())
        return Finished(signature, published_digest(statuses), stored.outcome[0], len(stored.published), stored.outcome[1])

    def save(self) -> list[Diagnostic]:
        shown = self.folder or Path(CACHE_DIR)
        problems = self.problems + [damaged(shown, f"{kind} {problem}") for kind, memo in self.stored.memos.items() for problem in memo.problems]
        if self.folder is not None:
            try:
                save_cache(self.folder, self.stored)
            except (OSError, sqlite3.Error) as error:  # only makes the next build a full one
                problems.append(Diagnostic(self.folder.as_posix(), 1, f"构建缓存无法保存（{error}）；网站已生成，下次构建将完整重建", WARNING))
        self.stored.rotate()
        return problems


def build_cache(folder: Path | None, output: Path, memory: BuildCache | None = None) -> Cache:
    """The cache a build uses: `memory` (`serve` keeps one between builds), else the one saved in
    `folder`, else none."""
    if memory is not None:
        return Incremental(memory, output)
    if folder is None:
        return NoCache()
    stored, problems = load_cache(folder, generator_version(), writable=True)
    return Incremental(stored, output, folder, problems)


def check_cache(folder: Path) -> Cache:
    """The build's cache as `check` and `inspect` use it: read, never written (files unchanged since
    the last build are not checked again)."""
    stored, _ = load_cache(folder, generator_version())
    return Incremental(stored)


def file_status(source: SourceFile) -> tuple[int, int, int, int]:
    """What BuildCache.files compares of a content file (as rsync and git do): size, times and inode."""
    return source.size, source.mtime_ns, source.inode, source.ctime_ns


def read_digest(source: SourceFile) -> tuple[SourceFile, str]:
    source = source.read()
    return source, digest(source.data if source.data is not None else str(source.size))


def output_statuses(folder: Path) -> tuple[list[tuple[str, int, int, int]], bool]:
    """Every file below `folder` but the output's marker (links to folders not followed), as (path inside,
    size, modification time, inode), and whether the marker is there; an output that cannot be listed
    whole has no files (so that nothing in it is taken as unchanged)."""
    try:
        entries = [(relative, entry) for relative, entry in tree_entries(folder) if not entry.is_dir(follow_symlinks=False)]
    except OSError:
        return [], False
    statuses, marked = [], False
    for relative, entry in entries:
        if relative == OUTPUT_MARKER:
            marked = True
        else:
            status = entry_status(entry)
            statuses.append((relative, status.st_size, status.st_mtime_ns, status.st_ino))
    return statuses, marked
