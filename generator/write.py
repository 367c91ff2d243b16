"""Stage 6, publish: all writing to the output goes through here. The new site appears whole, or not at all.

A build holds a lock beside the output folder, writes the new site into a
staging folder next to it, and then exchanges the two folders in one step
(Linux `renameat2(RENAME_EXCHANGE)`). Where that is missing (Windows, macOS, old
kernels, some file systems) the old site is renamed aside and the new one into
its place: the output is then briefly absent, but never half-written, and a build
killed between the two renames has the old site put back by the next build (see
`exchange`). A build that fails or is killed leaves the published site as it was;
the next build removes what the killed one left behind.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Iterable, Iterator

AT_FDCWD = -100
RENAME_EXCHANGE = 2
# Written into every output folder: only a folder with this marker (or an empty one) is ever
# replaced, so a mistyped --output cannot delete .git, the sources or anything else.
OUTPUT_MARKER = ".build-output"
MARKER_TEXT = b"Written by build.py. This folder is replaced as a whole by every build.\n"
# GNU coreutils, where present (Linux): much faster than Python for trees of thousands of files.
CP, RM = (shutil.which("cp"), shutil.which("rm")) if sys.platform.startswith("linux") else (None, None)
LINKS_PER_CP = 4000  # paths given to one `cp` (well below the system's limit on a command's length)


class OutputRefused(Exception):
    """The output folder cannot be written: another build holds it, or it is not ours to replace."""


def check_replaceable(output: Path) -> None:
    if not output.exists():
        return
    if not output.is_dir():
        raise OutputRefused(f"输出位置 {output} 是一个文件，不是文件夹")
    if any(output.iterdir()) and not (output / OUTPUT_MARKER).is_file():
        raise OutputRefused(
            f"输出文件夹 {output} 已存在，且不是本程序生成的网站；为避免误删，请换一个文件夹，或先自行删除它"
        )


@contextmanager
def output_lock(output: Path) -> Iterator[int]:
    """Yields the lock's file descriptor: processes forked while it is held must close it."""
    lock_path = output.parent / f".{output.name}.lock"
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as lock_file:
        if not take_lock(lock_file):
            raise OutputRefused(f"另一个构建正在写入 {output}；请等它结束后再试")
        try:
            yield lock_file.fileno()
        finally:
            release_lock(lock_file)


# flock on POSIX; on Windows (no fcntl) a lock on the file's first byte. Either is released by the
# system when the process ends, however it ends, so a killed build never leaves the output locked.
LOCKS = "msvcrt" if os.name == "nt" else "fcntl"


def take_lock(lock_file) -> bool:
    """An exclusive lock on the open file, without waiting; False when another process holds it."""
    if LOCKS == "msvcrt":
        import msvcrt

        lock_file.seek(0)
        try:
            msvcrt.locking(lock_file.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def release_lock(lock_file) -> None:
    if LOCKS == "msvcrt":
        import msvcrt

        lock_file.seek(0)
        msvcrt.locking(lock_file.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(lock_file, fcntl.LOCK_UN)


def leftovers(output: Path) -> list[Path]:
    prefix = f".{output.name}."
    return sorted(p for p in output.parent.glob(f"{prefix}*") if p.is_dir() and p.name[len(prefix):].startswith(("staging", "retired")))


def clean_up_after_killed_builds(output: Path) -> None:
    """Only called under the lock, so any staging or retired folder is a dead build's."""
    for folder in leftovers(output):
        if folder.name.startswith(f".{output.name}.retired") and not output.exists():
            rename(folder, output)  # killed between the two renames of a non-atomic swap
        else:
            remove_tree(folder)


def exchange(staging: Path, output: Path, retired: Path) -> None:
    """Put `staging` at `output`; the old site ends up in `retired` (if there was one).

    Without an atomic exchange, two renames: at every moment `output` is the whole old site, absent
    (between the renames: microseconds, unless the system makes the second one wait) or the whole
    new site. A failed second rename puts the old site back; a build killed between the two leaves
    it in `retired`, and the next build renames it back before anything else
    (`clean_up_after_killed_builds`). Readers of the site in that moment get "not found".
    """
    if not output.exists():
        rename(staging, output)
        return
    if exchange_atomically(staging, output):
        os.rename(staging, retired)
        return
    rename(output, retired)
    try:
        rename(staging, output)
    except OSError:
        rename(retired, output)  # put the published site back before reporting
        raise


def exchange_atomically(staging: Path, output: Path) -> bool:
    """Swap the two folders in one step where the system can (Linux 3.15+, glibc 2.28+, most local
    file systems); False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(staging), AT_FDCWD, os.fsencode(output), RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(output))


# Windows refuses to rename a folder while another program has a file in it open (a virus scanner or
# the search indexer reading the new files, for a moment): a rename is tried again for up to 2 s.
RENAME_ATTEMPTS = 20 if os.name == "nt" else 1
RENAME_PAUSE = 0.1


def rename(source: Path, target: Path) -> None:
    for attempt in range(1, RENAME_ATTEMPTS + 1):
        try:
            os.rename(source, target)
            return
        except PermissionError:
            if attempt == RENAME_ATTEMPTS:
                raise
            time.sleep(RENAME_PAUSE)


def link_kept_files(output: Path, staging: Path, kept: set[str]) -> None:
    """A new tree at `staging` holding hard links to the `kept` files of `output` (nothing else).

    `cp -al` makes the whole tree in one process, several times faster than a link() per file
    from Python; the files not kept are then unlinked, so every file written later is a new one
    and the published site is never written through a link.
    """
    if not kept:
        staging.mkdir()
        return
    # The output's folders are made anew with the default mode: one left read-only in public/ by hand
    # must not make the new site unwritable (or the staging folder impossible to remove).
    if CP and subprocess.run([CP, "-al", "--no-preserve=mode", "--", str(output), str(staging)], capture_output=True).returncode == 0:
        for folder, folders, names in os.walk(staging, topdown=False):
            prefix = os.path.relpath(folder, staging).replace(os.sep, "/") + "/"
            for name in folders:  # a link to a folder, left in the output by hand: never written through
                if os.path.islink(os.path.join(folder, name)):
                    os.unlink(os.path.join(folder, name))
            for name in names:
                if (name if prefix == "./" else prefix + name) not in kept:
                    os.unlink(os.path.join(folder, name))
            if folder != str(staging) and not os.listdir(folder):
                os.rmdir(folder)  # a clean build would not have made it
        return
    remove_tree(staging)
    staging.mkdir()
    for url in sorted(kept):
        link_or_copy(output / url, staging / url)


def link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links: copy instead
        shutil.copy2(source, target)


def remove_tree(folder: Path) -> None:
    """Gone, even with read-only folders inside (their files cannot be unlinked until they are writable)."""
    for attempt in range(2):
        if not folder.exists():
            return
        if not (RM and subprocess.run([RM, "-rf", "--", str(folder)], capture_output=True).returncode == 0):
            shutil.rmtree(folder, ignore_errors=True)
        if attempt == 0 and folder.exists():
            make_writable(str(folder))


def make_writable(folder: str) -> None:
    try:
        os.chmod(folder, 0o700)
        with os.scandir(folder) as entries:
            inner = [entry.path for entry in entries if entry.is_dir(follow_symlinks=False)]
    except OSError:
        return  # not ours to change: what cannot be removed stays, and is tried again next build
    for path in inner:
        make_writable(path)


def write_file(target: Path, data: bytes) -> tuple[int, int, int]:
    """A new file, never written through an existing one (that could be a link into the published site:
    what a reused staging folder holds at `target` is removed first). Returns its size, modification time
    and inode, by which the next build knows it untouched."""
    try:
        file = open(target, "xb")
    except FileExistsError:
        clear(target)
        file = open(target, "xb")
    with file:
        file.write(data)
        file.flush()
        status = os.fstat(file.fileno())
    return status.st_size, status.st_mtime_ns, status.st_ino


def write_into(folder: Path, url: str, data: bytes) -> tuple[int, int, int]:
    """Write one file of the site below `folder` (worker processes write their pages this way)."""
    parent, _, name = url.rpartition("/")
    directory = os.path.join(folder, parent) if parent else str(folder)
    if directory not in MADE_FOLDERS:
        make_folder(str(folder), parent)
        MADE_FOLDERS.add(directory)
    return write_file(Path(directory, name), data)


def make_folder(root: str, relative: str) -> None:
    """`root/relative` as a folder, where a reused staging folder may hold a file (or a link) on the way."""
    try:
        os.makedirs(os.path.join(root, relative), exist_ok=True)
        return
    except (FileExistsError, NotADirectoryError):
        pass
    path = root
    for part in relative.split("/"):
        path = os.path.join(path, part)
        if os.path.islink(path) or os.path.lexists(path) and not os.path.isdir(path):
            with suppress(FileNotFoundError):  # another worker may have cleared the way first
                os.unlink(path)
        os.makedirs(path, exist_ok=True)


def clear(path: Path) -> None:
    """Nothing at `path` any more: a file or link unlinked (the file it links to is untouched), a folder removed."""
    if path.is_dir() and not path.is_symlink():
        remove_tree(path)
    elif os.path.lexists(path):
        os.unlink(path)


def tree_entries(folder: Path | str) -> Iterator[tuple[str, os.DirEntry]]:
    """Every entry below `folder` by its path inside, a folder before what it holds (links to folders
    are entries, not followed). Raises OSError when a folder cannot be listed."""
    pending = [("", str(folder))]
    while pending:
        prefix, path = pending.pop()
        with os.scandir(path) as listing:
            entries = list(listing)
        for entry in entries:
            yield prefix + entry.name, entry
            if entry.is_dir(follow_symlinks=False):
                pending.append((f"{prefix}{entry.name}/", entry.path))


def entry_status(entry: os.DirEntry) -> os.stat_result:
    """A listed entry's own status (a link's, not its target's); on Windows a directory entry's status has no
    inode (st_ino 0), so the file itself is asked."""
    return os.stat(entry.path, follow_symlinks=False) if os.name == "nt" else entry.stat(follow_symlinks=False)


def file_inodes(folder: Path) -> dict[str, int]:
    """The inode of every file below `folder` (on Linux from the folder listing: no file is stat-ed)."""
    return {relative: entry.inode() for relative, entry in tree_entries(folder) if not entry.is_dir(follow_symlinks=False)}


# Folders this process has made (or found) in staging folders: one makedirs per folder, not per file.
# Staging folder names carry the building process's id and the time, so a name seen here is this build's.
MADE_FOLDERS: set[str] = set()


class Staging:
    """The new site being written, in a folder beside the output: `keep` starts it, `publish` puts it
    in the output's place. Made by `staged_site`.

    A cached rebuild starts from the site the last swap replaced (`.<output>.previous`), which `staged_site`
    keeps with only the files both sites shared: the very files published now (hard links to the same
    inodes), so only what changed since is linked, written or removed, instead of linking the whole tree
    anew. A file in it is kept only if it is the published file itself (the same, nonzero inode); its
    folders get the mode a new folder gets; whatever the new site does not have is removed before the
    swap. Without that folder (or when anything about it is amiss) the tree is linked anew (`cp -al`)."""

    def __init__(self, path: Path, output: Path, retired: Path, previous: Path):
        self.path, self.output, self.retired, self.previous = path, output, retired, previous
        self.written: dict[str, tuple[int, int, int]] = {}  # (size, mtime_ns, inode) of every file written
        self.kept: set[str] = set()  # the published files taken over
        self.found: dict[str, int] | None = None  # the files of the reused folder, by inode (None: a new folder)
        self.output_inodes: dict[str, int] = {}  # of the published files, when the folder is reused
        self.folders: list[str] = []  # the reused folder's folders

    def keep(self, kept: Iterable[str]) -> None:
        """Start the new site with the `kept` files of the published output, unchanged; called once,
        before anything is written. Kept files are hard links to the published ones, which no build
        ever writes to, so a rebuild writes only what changed and the swap stays atomic."""
        kept = set(kept)
        if not (kept and self.reuse_previous()):
            remove_tree(self.previous)
            link_kept_files(self.output, self.path, kept)
        self.take_over(kept)
        write_file(self.path / OUTPUT_MARKER, MARKER_TEXT)

    def reuse_previous(self) -> bool:
        """The previous site made the staging folder, ready for `take_over`; False if it cannot be."""
        if not self.previous.is_dir() or self.previous.is_symlink():
            return False
        try:
            rename(self.previous, self.path)
            found, folders, mode = {}, [], new_folder_mode()
            for relative, entry in tree_entries(self.path):
                if entry.is_symlink():  # a link (to a folder, or a file) is never written through
                    os.unlink(entry.path)
                elif entry.is_dir():
                    os.chmod(entry.path, mode)  # as a clean build makes it (a mode set by hand in public/ stays there)
                    folders.append(relative)
                else:
                    found[relative] = entry.inode()
            self.output_inodes = file_inodes(self.output)
        except OSError:
            remove_tree(self.path)
            return False
        self.found, self.folders = found, folders
        return True

    def keep_late(self, kept: Iterable[str]) -> None:
        """More files of the published output, unchanged, found so only after `keep` (those made from
        the text of every page: a rebuild rewrites only the search shards and feeds that changed)."""
        kept = set(kept)
        if self.found is None:
            urls = sorted(kept)
            for start in range(0, len(urls), LINKS_PER_CP):  # `cp -al --parents` links thousands at once
                chunk = urls[start:start + LINKS_PER_CP]
                if not (CP and subprocess.run([CP, "-al", "--parents", "--no-preserve=mode", "-t", str(self.path), "--", *chunk],
                                              cwd=self.output, capture_output=True).returncode == 0):
                    for url in chunk:
                        if not (self.path / url).exists():  # what a failed cp left linked is never copied onto
                            link_or_copy(self.output / url, self.path / url)
        self.take_over(kept)

    def take_over(self, kept: set[str]) -> None:
        """`kept` are the published files from now on; in a reused folder, linked again where it holds another."""
        if self.found is not None:
            for url in sorted(kept):
                inode = self.found.get(url)
                if not inode or inode != self.output_inodes.get(url):
                    parent = url.rpartition("/")[0]
                    if parent:
                        make_folder(str(self.path), parent)
                    clear(self.path / url)
                    link_or_copy(self.output / url, self.path / url)
        self.kept |= kept

    def write(self, url: str, data: bytes) -> None:
        self.written[url] = write_into(self.path, url, data)

    def wrote(self, url: str, status: tuple[int, int, int]) -> None:
        """A file another process wrote into the staging folder."""
        self.written[url] = status

    def publish(self) -> None:
        if self.found is not None:
            remove_except(self.path, self.found.keys() - self.kept - self.written.keys() - {OUTPUT_MARKER})
            for folder in sorted(self.folders, key=lambda f: -f.count("/")):  # any left empty: a clean build has none
                with suppress(OSError):
                    os.rmdir(self.path / folder)
        exchange(self.path, self.output, self.retired)

    def set_aside(self) -> None:
        """After the swap: the replaced site becomes `.<output>.previous`, with only the files the new site
        kept (the same files), so that no page withdrawn or changed by this build stays on disk; nothing is
        set aside after a build that kept nothing (a clean or an admin build: the next one links anew)."""
        if not self.retired.exists():
            return
        try:
            if not self.kept:
                raise OSError("nothing kept")
            remove_except(self.retired, file_inodes(self.retired).keys() - self.kept)
            remove_tree(self.previous)
            rename(self.retired, self.previous)
        except OSError:  # only the next build's speed depends on it
            remove_tree(self.retired)


def remove_except(folder: Path, unwanted: Iterable[str]) -> None:
    """The `unwanted` files below `folder` removed, with the folders they leave empty (a clean build
    would not have made them); a folder now where one of them was is left (it holds wanted files)."""
    emptied = set()
    for url in unwanted:
        path = folder / url
        if path.is_symlink() or not path.is_dir():
            with suppress(FileNotFoundError, NotADirectoryError):
                os.unlink(path)
        emptied.add(url.rpartition("/")[0])
    for parent in sorted(emptied, key=lambda f: -f.count("/")):
        while parent:
            try:
                os.rmdir(folder / parent)
            except OSError:  # not empty (or not a folder)
                break
            parent = parent.rpartition("/")[0]


def new_folder_mode() -> int:
    """The mode os.makedirs gives a folder: 0o777 less the process's umask (read by setting it back)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o777 & ~umask


@contextmanager
def staged_site(output: Path) -> Iterator[Staging]:
    """A staging folder for the caller to write the new site into, removed when the block ends, however
    it ends: the output changes only if `Staging.publish` was called (the site it replaced is then kept
    for the next build: `Staging.set_aside`). The caller holds `output_lock(output)`."""
    output = output.resolve()
    check_replaceable(output)
    clean_up_after_killed_builds(output)
    MADE_FOLDERS.clear()
    staging = Staging(output.parent / f".{output.name}.staging-{os.getpid()}-{time.time_ns()}", output,
                      output.parent / f".{output.name}.retired-{os.getpid()}", output.parent / f".{output.name}.previous")
    try:
        yield staging
    except OSError as error:
        raise published_path(error, staging.path, output) from None
    finally:
        remove_tree(staging.path)
        staging.set_aside()


def published_path(error: OSError, staging: Path, output: Path) -> OSError:
    """The error with the staging folder's path replaced by the published file's: the one the user knows."""
    if error.filename is None or not Path(error.filename).is_relative_to(staging):
        return error
    return type(error)(error.errno, error.strerror, str(output / Path(error.filename).relative_to(staging)))
