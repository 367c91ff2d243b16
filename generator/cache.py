"""What earlier builds computed, kept so that a rebuild redoes only what its changes touch.

Every result is stored under a digest of everything it was made from: a content
file's bytes, catalog.yaml, the templates and the generator's own source; the build
date only where it matters (see dated.py). A result is therefore reused only when it would come out the same, and a
rebuild from the cache is byte-identical to a clean build (tests/test_cache.py
checks this after random edits). The cache is a single SQLite file in a folder that
is safe to delete; a damaged one is reported as a warning and ignored, never trusted.
"""

from __future__ import annotations

import hashlib
import io
import sys
from importlib import metadata
import pickle
import sqlite3
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, NamedTuple

from .diagnostics import WARNING, Diagnostic

CACHE_DIR = ".cache"  # in the site folder, unless --cache-dir says otherwise
CACHE_FILE = "build-cache.sqlite"
FORMAT = "gk-build-cache 1"
KINDS = ("sources", "bodies", "records", "feeds")  # tables of results, each keyed by a digest of its inputs
PACKAGE = Path(__file__).resolve().parent


def digest(*parts: bytes | str) -> str:
    """A short, collision-safe name for the given inputs (their pickle: each part delimited, so they cannot run
    together; text as its UTF-8 bytes and other bytes as a one-item tuple, so that the two never look alike).

    Text is encoded here, not pickled: pickle keeps the UTF-8 of every non-ASCII string it writes beside the
    string, for as long as the string lives, which more than doubles a Chinese text's memory (the bodies'
    sources, held by the model through the build: 16 MB at 10,000 entries). Pickled without a memo: with one,
    a part that is the same object as an earlier part is written as a reference to it, so equal inputs got
    different names depending on which equal values happened to be one object."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump([part.encode("utf-8", "surrogatepass") if part.__class__ is str else (part,) for part in parts])
    return hashlib.blake2b(buffer.getvalue(), digest_size=20).hexdigest()


LIBRARIES = ("markdown", "nh3", "jinja2", "markupsafe", "pyyaml", "python-frontmatter", "chinese_calendar")  # whose output we keep


def generator_version() -> str:
    """The generator's own source and the libraries whose results it keeps: a new version of either
    never reuses an old version's results."""
    libraries = [sys.version, *(f"{name}=={metadata.version(name)}" for name in LIBRARIES)]
    return digest(*libraries, *(part for path in sorted(PACKAGE.glob("*.py")) for part in (path.name, path.read_bytes())))


def files_digest(paths: Iterable[Path]) -> str:
    return digest(*(part for path in sorted(paths) for part in (str(path), path.read_bytes())))


class Pickled(NamedTuple):
    """A value as the cache stores it (see Memo.made)."""

    blob: bytes


class Memo:
    """One kind of result: what the last build stored, and what this build has used or made.

    Stored values are unpickled only when asked for; only what this build used is saved,
    so results that nothing needs any more leave the cache.
    """

    def __init__(self, stored: dict[str, bytes] | None = None):
        self.stored = stored or {}
        self.on_disk = set(self.stored)  # keys in the cache file this was loaded from
        self.rewrite: set[str] = set()  # keys whose stored value was damaged
        self.kept: dict[str, Any] = {}  # values of the previous build of this process (`serve`)
        self.current: dict[str, Any] = {}
        self.problems: list[str] = []  # damaged values met (each is then treated as missing)
        self.lasting = False  # rotated: the process builds again (`serve`), so what `made` gives is asked for again

    def get(self, key: str) -> Any:
        return self.value(key, held=True)

    def value(self, key: str, held: bool) -> Any:
        """The value under `key` (None: none, or damaged); `held` False: kept pickled once unpickled."""
        if key in self.current:
            value = self.current[key]
        elif key in self.kept:
            value = self.current[key] = self.kept[key]
        else:
            blob = self.stored.pop(key, None)  # the value is held once (saving in place leaves its row as it is)
            if blob is None:
                return None
            value = self.current[key] = Pickled(blob)
        if not isinstance(value, Pickled):
            return value
        try:
            unpickled = checked_loads(value.blob)
        except Exception as error:  # anything in a damaged value: never trusted, recomputed
            self.problems.append(f"{key[:12]}…: {error or type(error).__name__}")
            self.rewrite.add(key)
            del self.current[key]
            return None
        if held or self.lasting:
            self.current[key] = unpickled
        return unpickled

    def made(self, key: str, make: Callable[[], Any]) -> Any:
        """The value under `key`: an earlier build's, else `make()`'s, put. For what a build makes besides its
        model (the open data's rows, the published items, the feeds, the search postings), each asked for once:
        held pickled until the cache is saved, not as the objects it is, which nothing needs any more (but
        in a process that builds again, where the next build asks for them again)."""
        value = self.value(key, held=False)
        if value is None:
            value = make()
            self.put(key, value if self.lasting else Pickled(checked_dumps(value, compressed=True)))
        return value

    def put(self, key: str, value: Any) -> None:
        self.current[key] = value
        self.stored.pop(key, None)
        if key in self.on_disk:
            self.rewrite.add(key)

    def blobs(self, everything: bool = True) -> Iterator[tuple[str, bytes]]:
        """What to save, pickled: every value this build used; or, for the file it was loaded from
        (`everything` False), those that file does not hold as they are."""
        for key, value in self.current.items():
            if everything or key not in self.on_disk or key in self.rewrite:
                yield key, value.blob if isinstance(value, Pickled) else checked_dumps(value)

    def rotate(self) -> None:
        """After a build, for the next one in the same process (`serve`): it starts from what this one used."""
        self.kept, self.current = self.current, {}
        self.stored, self.problems = {}, []
        self.lasting = True


@dataclass
class PublishedFile:
    """One file of the published output, as the last build left it."""

    key: str  # what the file was made from: a page's fingerprint, or the digest of a file's bytes or source
    size: int
    mtime_ns: int
    inode: int


def published_digest(statuses: Iterable[tuple[str, int, int, int]]) -> str:
    """Of the output's files as (path, size, mtime_ns, inode), in any order: equal means the same files, untouched.
    As text, four fields a file, each ended by a NUL (which no file name holds): twice as fast as their pickle."""
    text = "".join(f"{path}\0{size}\0{mtime_ns}\0{inode}\0" for path, size, mtime_ns, inode in sorted(statuses))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


class Signature(NamedTuple):
    """Of the statuses of the files a build reads and of its options (unchanged.signature)."""

    digest: str
    racy: tuple[str, ...]  # the files whose bytes are part of the digest too, as their times cannot tell


class Finished(NamedTuple):
    """The last build as `build` with nothing to do needs it (unchanged.py), without the rest of the cache."""

    signature: Signature
    published: str  # published_digest of the files it published
    pages: int
    files: int
    warnings: tuple[Diagnostic, ...]


@dataclass
class BuildCache:
    version: str = ""
    loaded_from: Path | None = None  # the cache file it was read from (saving then updates it in place)
    # Read from that file when first asked for: a build with nothing to do reads none of them.
    memos: dict[str, Memo] = field(default_factory=dict)
    # The output folder the last build published, with what it holds: files whose key has not
    # changed and that nobody has touched since are kept instead of written again.
    output: str = ""
    published: dict[str, PublishedFile] = field(default_factory=dict)
    inputs: str = ""  # digest of every input of the last build: equal means there is nothing to do
    outcome: tuple[int, tuple[Diagnostic, ...]] = (0, ())  # the last build's page count and warnings
    # Content files by path: (size, mtime_ns, inode, ctime_ns, digest of the bytes), and the time they
    # were looked at. A file whose status is unchanged is not read again, unless it changed too close to
    # that time for its modification time to tell (as git does for its index).
    files: dict[str, tuple[int, int, int, int, str]] = field(default_factory=dict)
    files_seen_ns: int = 0
    # None when the last build could not vouch for the statuses of its inputs (see unchanged.signature).
    finished: Finished | None = None

    def memo(self, kind: str) -> Memo:
        if kind not in self.memos:
            self.memos[kind] = Memo()
            if self.loaded_from is not None:
                try:
                    self.memos[kind] = Memo(read_table(self.loaded_from, kind))
                except sqlite3.Error as error:  # damaged: reported, and saving writes a new file
                    self.memos[kind].problems.append(str(error) or type(error).__name__)
                    self.loaded_from = None
        return self.memos[kind]

    def rotate(self) -> None:
        for memo in self.memos.values():
            memo.rotate()


def damaged(path: Path, reason: str) -> Diagnostic:
    return Diagnostic(path.as_posix(), 1, f"构建缓存已损坏，已忽略并重新生成（{reason}）；可放心删除此文件夹", WARNING)


def checked_loads(blob: bytes) -> Any:
    """Each stored value carries the digest of its bytes: a damaged value is detected, not unpickled."""
    stored, payload = blob[:20], blob[20:]
    if hashlib.blake2b(payload, digest_size=20).digest() != stored:
        raise ValueError("校验和不符")
    return pickle.loads(payload if payload[:1] == PICKLE_START else zlib.decompress(payload))


def checked_dumps(value: Any, compressed: bool = False) -> bytes:
    """`compressed`: for what is held until the save (see Memo.made): the open data's rows, the published
    items and the search postings repeat themselves, and compress about eight times (58 MB to 7 MB at
    10,000 entries) at about a hundred megabytes a second."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    if compressed:
        payload = zlib.compress(payload, 1)
    return hashlib.blake2b(payload, digest_size=20).digest() + payload


PICKLE_START = b"\x80"  # the PROTO opcode a pickle of protocol 2 and later begins with; a zlib stream never does


def load_cache(folder: Path, version: str, writable: bool = False) -> tuple[BuildCache, list[Diagnostic]]:
    """The cache in `folder`, or an empty one: missing, from another version of the generator, or damaged.

    `writable` (a build, under the output's lock): a save interrupted by a kill left a journal, which
    SQLite rolls back when it opens the file for writing, recovering the cache as it was before that save;
    a cache that cannot be read is removed (said once: the next build starts a new one). Without it
    (`check`) nothing is written, and such a cache is only ignored.
    """
    path = folder / CACHE_FILE
    if not path.is_file():
        return BuildCache(version), []
    try:
        connection = sqlite3.connect(f"file:{path}" if writable else f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(connection.execute("SELECT name, value FROM meta"))
            if meta.get("format") != FORMAT.encode() or meta.get("version") != version.encode():
                return BuildCache(version), []
            cache = BuildCache(version, path, output=meta["output"].decode("utf-8"), inputs=meta["inputs"].decode("ascii"))
            cache.published, cache.outcome, cache.files, cache.files_seen_ns = checked_loads(meta["published"])
            cache.finished = checked_loads(meta["finished"]) if "finished" in meta else None
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables.issuperset(KINDS):
                raise ValueError("缺少数据表")
        finally:
            connection.close()
        return cache, []
    except (sqlite3.Error, pickle.UnpicklingError, ValueError, KeyError, EOFError, TypeError, AttributeError,
            ImportError, IndexError, UnicodeDecodeError) as error:
        if writable:
            remove_cache_file(path)
        return BuildCache(version), [damaged(path, str(error) or type(error).__name__)]


def load_finished(folder: Path, version: str) -> Finished | None:
    """Only what `build` with nothing to do needs of the cache in `folder` (not the published files' records,
    which take longer to read); None when there is none, or it is from another version, or is damaged (the
    build that then reads the whole cache reports it), or a save was interrupted (that build rolls it back)."""
    path = folder / CACHE_FILE
    if not path.is_file() or path.with_name(path.name + JOURNAL).exists():
        return None
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(connection.execute("SELECT name, value FROM meta WHERE name IN ('format', 'version', 'finished')"))
        finally:
            connection.close()
        if meta.get("format") != FORMAT.encode() or meta.get("version") != version.encode() or "finished" not in meta:
            return None
        finished = checked_loads(meta["finished"])
    except Exception:  # anything in a damaged cache: never trusted
        return None
    return finished if isinstance(finished, Finished) else None


def save_finished(path: Path, finished: Finished) -> None:
    """Only that record updated in the cache file at `path` (never made anew here): for a build that found
    nothing to do, but only once it had read the inputs."""
    with sqlite3.connect(f"file:{path}?mode=rw", uri=True) as connection:
        connection.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", ("finished", checked_dumps(finished)))
    connection.close()


def read_table(path: Path, kind: str) -> dict[str, bytes]:
    """The stored values of one kind, by key (read only: a build that saves holds the output's lock)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return dict(connection.execute(f"SELECT key, value FROM {kind}"))  # noqa: S608 (fixed table names)
    finally:
        connection.close()


def remove_cache_file(path: Path) -> None:
    """The file and its journal, which must never outlive it: SQLite would play it back into a new file."""
    for stale in (path, path.with_name(path.name + JOURNAL)):
        try:
            stale.unlink(missing_ok=True)
        except OSError:
            pass  # saving will say whether the folder can be written


JOURNAL = "-journal"


def mostly_free(path: Path) -> bool:
    """Whether more than half of the file is pages freed by earlier updates (SQLite reuses them, but a
    site that shrank leaves them): then the cache is written anew, compact, instead of updated."""
    connection = sqlite3.connect(path)
    try:
        free, total = (connection.execute(f"PRAGMA {name}").fetchone()[0] for name in ("freelist_count", "page_count"))
    finally:
        connection.close()
    return free * 2 > total


def save_cache(folder: Path, cache: BuildCache) -> None:
    """Keep what this build used, and only that, in one transaction: the file it was loaded from is
    updated in place (a rebuild changes a few rows of thousands); otherwise, or when that file is
    mostly free pages, a new file replaces it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CACHE_FILE
    meta = [("format", FORMAT.encode()), ("version", cache.version.encode()), ("output", cache.output.encode("utf-8")),
            ("inputs", cache.inputs.encode("ascii")),
            ("published", checked_dumps((cache.published, cache.outcome, cache.files, cache.files_seen_ns))),
            ("finished", checked_dumps(cache.finished))]
    if cache.loaded_from == path and path.is_file() and not mostly_free(path):
        with sqlite3.connect(path) as connection:
            connection.execute("PRAGMA synchronous=OFF")
            connection.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta)
            for kind in KINDS:
                memo = cache.memo(kind)
                connection.executemany(f"DELETE FROM {kind} WHERE key = ?",  # noqa: S608 (fixed table names)
                                       ((key,) for key in memo.on_disk - memo.current.keys()))
                connection.executemany(f"INSERT OR REPLACE INTO {kind} VALUES (?, ?)",  # noqa: S608
                                       memo.blobs(everything=False))
        connection.close()
        return
    temporary = folder / f".{CACHE_FILE}.new"
    temporary.unlink(missing_ok=True)
    with sqlite3.connect(temporary) as connection:
        connection.execute("PRAGMA journal_mode=OFF")
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB)")
        connection.executemany("INSERT INTO meta VALUES (?, ?)", meta)
        for kind in KINDS:
            connection.execute(f"CREATE TABLE {kind} (key TEXT PRIMARY KEY, value BLOB)")
            connection.executemany(f"INSERT INTO {kind} VALUES (?, ?)", cache.memo(kind).blobs())  # noqa: S608
    connection.close()
    remove_cache_file(path)
    temporary.replace(path)
