"""The entry of a build, which first asks whether anything has changed since the last one, from the
statuses of the files a build reads, without reading them or importing the stages: the usual rebuild
of a large site by a clerk who has changed nothing takes a third of the time (see README).

A build's *signature* is a digest of the status (mode, size, modification and change times, inode)
of every file and folder under catalog.yaml, content/ and the themes (the site's and the generator's
own: all that load_config, load_content and the themes read), of the generator's version, and of the
options that change what is published. Every build records it in the cache beside the outcome; a
build whose signature equals the recorded one, and whose output is as that build left it, has
nothing to do and returns that outcome. A file changed so shortly before the signature was taken
that a later change could leave its times as they are (RACY_NS, as for the cache's records of content
files: a file system that keeps times to two seconds) is named in the signature with the digest of
its bytes, and the next build reads those few files to compare. Whatever statuses cannot vouch for
leaves the build without a signature, to take the long way (pipeline.build_locked, which reads the
files and compares their contents): a symbolic link (its target's status is not its own), a folder
that cannot be listed. A build that took the long way and found nothing changed records the
signature it took, so that the next one need not read the files.
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import fields
from pathlib import Path
from typing import Callable, Iterable

from .cache import BuildCache, Finished, Signature, digest, generator_version, load_finished, published_digest
from .incremental import RACY_NS, build_cache, output_statuses
from .options import BUILTIN_THEMES, CONFIG_FILE, NOT_IN_OUTPUT, BuildOptions, BuildResult, UsageError, check_output
from .write import OutputRefused, check_replaceable, clean_up_after_killed_builds, entry_status, output_lock, tree_entries


def build(options: BuildOptions, progress: Callable[[str], None] | None = None, cache: BuildCache | None = None) -> BuildResult:
    """Check everything, then render and publish; `progress` hears about each stage. When nothing has
    changed since the last build, which is still published, that build's outcome at once.

    `cache`: one kept in memory between builds (`serve`); else `options.cache_dir` is read and saved.
    The output's lock is held throughout, so that what the cache says of the output stays true.
    """
    check_output(options)
    output = options.output.resolve()
    try:
        check_replaceable(output)
        with output_lock(output) as lock:
            say = progress or (lambda message: None)
            began = time.perf_counter()
            taken = None
            if cache is not None or options.cache_dir is not None:
                version = cache.version if cache is not None else generator_version()
                statuses = input_statuses(options)  # once, for the recorded signature and for this build's
                recorded = cache.finished if cache is not None else load_finished(options.cache_dir, version)
                last = finished_build(output, statuses, options, version, recorded)
                if last is not None:
                    clean_up_after_killed_builds(output)
                    say(f"核对文件状态（没有变化）：{time.perf_counter() - began:.2f} 秒")
                    return BuildResult(last.pages, last.files, last.warnings, time.perf_counter() - began)
                taken = signature(statuses, options, version)
            from .pipeline import build_locked  # only now: importing the stages took most of the time of a build with nothing to do

            return build_locked(options, output, say, build_cache(options.cache_dir, output, cache), lock, taken)
    except OutputRefused as error:
        raise UsageError(str(error)) from None


Statuses = list[tuple[str, "os.stat_result | None"]]  # every input file and folder by path; None: a top one that is missing


def input_statuses(options: BuildOptions) -> Statuses | None:
    """Every file and folder a build with these options reads, with its status; None when statuses cannot
    vouch for them (a link: its target's status is not its own; a folder that cannot be listed)."""
    root = options.root.resolve()
    found: Statuses = []
    try:
        for top in dict.fromkeys((root / CONFIG_FILE, root / "content", root / "themes", BUILTIN_THEMES)):
            try:
                status = os.lstat(top)
            except FileNotFoundError:
                found.append((str(top), None))
                continue
            found.append((str(top), status))
            if stat.S_ISDIR(status.st_mode):
                found += sorted((os.path.join(top, relative), entry_status(entry)) for relative, entry in tree_entries(top))
    except OSError:
        return None
    return None if any(status is not None and stat.S_ISLNK(status.st_mode) for _, status in found) else found


def signature(statuses: Statuses | None, options: BuildOptions, version: str, racy: Iterable[str] | None = None) -> Signature | None:
    """Of the inputs' `statuses` (input_statuses) and the options (see above); None when they cannot be trusted.
    `racy`: the files whose bytes are part of it (a recorded signature's, to compare with it); by default
    those changed within RACY_NS of now."""
    if statuses is None:
        return None
    trusted_before = time.time_ns() - RACY_NS
    rows = [version, repr([(option.name, getattr(options, option.name)) for option in fields(options) if option.name not in NOT_IN_OUTPUT]),
            str(options.root.resolve()), str(options.output.resolve())]
    named = None if racy is None else set(racy)
    read: list[str] = []
    try:
        for path, status in statuses:
            if status is None:
                rows.append(f"{path}\0")
                continue
            rows.append(status_row(path, status))
            if stat.S_ISREG(status.st_mode) and (path in named if named is not None else
                                                status.st_mtime_ns >= trusted_before or status.st_ctime_ns >= trusted_before):
                with open(path, "rb") as file:
                    rows.append(digest(file.read()))
                read.append(path)
    except OSError:
        return None
    return Signature(digest(*rows), tuple(read))


def status_row(path: str, status: os.stat_result) -> str:
    """One file's or folder's status, its fields apart by NULs (which no name holds)."""
    if stat.S_ISDIR(status.st_mode):  # what it holds has rows of its own
        return f"{path}\0{status.st_mode}\0{status.st_ino}"
    return f"{path}\0{status.st_mode}\0{status.st_size}\0{status.st_mtime_ns}\0{status.st_ino}\0{status.st_ctime_ns}"


def finished_build(output: Path, statuses: Statuses | None, options: BuildOptions, version: str, last: Finished | None) -> Finished | None:
    """The `last` build, when the inputs' signature is still what it recorded (its racy files read again)
    and its output is still as it left it (what Incremental.intact asks: every file it published
    untouched, no other file, its marker there)."""
    if last is None:
        return None
    now = signature(statuses, options, version, last.signature.racy)
    if now != last.signature:
        return None
    published, marked = output_statuses(output)
    return last if marked and published_digest(published) == last.published else None
