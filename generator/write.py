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
            os.unlink(path)
        os.makedirs(path, exist_ok=True)


def clear(path: Path) -> None:
    """Nothing at `path` any more: a file or link unlinked (the file it links to is untouched), a folder removed."""
    if path.is_dir() and not path.is_symlink():
        remove_tree(path)
    elif os.path.lexists(path):
        os.unlink(path)


def tree_inodes(folder: Path) -> tuple[dict[str, int], list[str]]:
    """Every file below `folder` with its inode, by its path inside (from the folder listing: no file is
    stat-ed on Linux), and the links to folders met on the way (not followed)."""
    files: dict[str, int] = {}
    links: list[str] = []
    pending = [("", str(folder))]
    while pending:
        prefix, path = pending.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append((f"{prefix}{entry.name}/", entry.path))
            elif entry.is_symlink() and entry.is_dir():
                links.append(prefix + entry.name)
            else:
                files[prefix + entry.name] = entry.inode()
    return files, links


# Folders this process has made (or found) in staging folders: one makedirs per folder, not per file.
# Staging folder names carry the building process's id and the time, so a name seen here is never an older folder's.
MADE_FOLDERS: set[str] = set()


class Staging:
    """The new site being written, in a folder beside the output: `keep` starts it, `publish` puts it
    in the output's place. Made by `staged_site`.

    The folder is the site before the published one when it is there (`.<output>.previous`, what the
    last build set aside): most of its files are the very files the new site keeps (hard links to the
    same inodes), so only the files that changed in the last two builds are linked or removed, instead
    of linking the whole tree anew. Whatever it holds that the new site does not have is removed before
    publishing; a file it holds is kept only if it is the published file itself (the same inode)."""

    def __init__(self, path: Path, output: Path, retired: Path, previous: Path):
        self.path, self.output, self.retired, self.previous = path, output, retired, previous
        self.written: dict[str, tuple[int, int, int]] = {}  # (size, mtime_ns, inode) of every file written
        self.kept: set[str] = set()
        self.found: dict[str, int] | None = None  # the files of the reused folder, by their inodes (None: a new folder)
        self.published: dict[str, int] = {}  # the inodes of the output's files, when the folder is reused

    def keep(self, kept: Iterable[str]) -> None:
        """Start the new site with the `kept` files of the published output, unchanged; called once,
        before anything is written. Kept files are hard links to the published ones, which no build
        ever writes to, so a rebuild writes only what changed and the swap stays atomic."""
        kept = set(kept)
        if kept and self.previous.is_dir() and not self.previous.is_symlink():
            rename(self.previous, self.path)
            self.found, links = tree_inodes(self.path)
            for link in links:  # a link to a folder is never written through
                os.unlink(self.path / link)
            self.published = tree_inodes(self.output)[0]
            self.take_over(kept)
        else:
            remove_tree(self.previous)
            link_kept_files(self.output, self.path, kept)
            self.kept = kept
        write_file(self.path / OUTPUT_MARKER, MARKER_TEXT)

    def keep_late(self, kept: Iterable[str]) -> None:
        """More files of the published output, unchanged, found so only after `keep` (those made from
        the text of every page: a rebuild rewrites only the search shards and feeds that changed)."""
        if self.found is not None:
            self.take_over(set(kept))
            return
        urls = sorted(kept)
        self.kept.update(urls)
        for start in range(0, len(urls), LINKS_PER_CP):  # `cp -al --parents` links thousands at once
            chunk = urls[start:start + LINKS_PER_CP]
            if not (CP and subprocess.run([CP, "-al", "--parents", "--no-preserve=mode", "-t", str(self.path), "--", *chunk],
                                          cwd=self.output, capture_output=True).returncode == 0):
                for url in chunk:
                    if not (self.path / url).exists():  # what a failed cp left linked is never copied onto
                        link_or_copy(self.output / url, self.path / url)

    def take_over(self, kept: set[str]) -> None:
        """The reused folder's `kept` files made the published ones: linked again where it holds another."""
        for url in sorted(kept):
            if self.found.get(url) != self.published.get(url):
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
            self.remove_the_rest()
        exchange(self.path, self.output, self.retired)

    def remove_the_rest(self) -> None:
        """What the reused folder holds and the new site does not: removed, with the folders left empty
        (a clean build would not have made them)."""
        wanted = self.kept | self.written.keys() | {OUTPUT_MARKER}
        emptied = set()
        for url in self.found.keys() - wanted:
            path = self.path / url
            if path.is_symlink() or not path.is_dir():  # a folder here now was made for the new site's files
                with suppress(FileNotFoundError):
                    os.unlink(path)
                emptied.add(url.rpartition("/")[0])
        for folder in sorted(emptied, key=lambda f: -f.count("/")):
            while folder:
                try:
                    os.rmdir(self.path / folder)
                except OSError:  # not empty
                    break
                folder = folder.rpartition("/")[0]


@contextmanager
def staged_site(output: Path) -> Iterator[Staging]:
    """A staging folder for the caller to write the new site into, removed when the block ends, however
    it ends: the output changes only if `Staging.publish` was called, and the site it replaced is then
    kept beside it (`.<output>.previous`) for the next build to start from. The caller holds
    `output_lock(output)`."""
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
        if staging.retired.exists():
            remove_tree(staging.previous)
            rename(staging.retired, staging.previous)


def published_path(error: OSError, staging: Path, output: Path) -> OSError:
    """The error with the staging folder's path replaced by the published file's: the one the user knows."""
    if error.filename is None or not Path(error.filename).is_relative_to(staging):
        return error
    return type(error)(error.errno, error.strerror, str(output / Path(error.filename).relative_to(staging)))
