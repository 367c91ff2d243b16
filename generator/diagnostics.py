"""Problems found in a site's input, reported together, compiler-style."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One problem at `path:line`; `path` is relative to the site root, with `/`."""

    path: str
    line: int
    message: str
    severity: str = ERROR
    detail: str = ""  # for whoever wants more (the YAML parser's own words): shown on an indented second line
    promotable: bool = True  # False: stays a warning under --strict (the inspection's scored findings)

    def __str__(self) -> str:
        """One line, whatever a file's name or a value holds (a carriage return would split it); the
        detail, if any, on a second line of its own, indented so that no tool takes it for a problem."""
        first = f"{self.path}:{self.line}: {self.severity}: {self.message}".translate(ONE_LINE)
        return f"{first}\n    {self.detail.translate(ONE_LINE)}" if self.detail else first

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


# Every character str.splitlines() breaks at, and the other control characters: C0, DEL, C1 (NEL is \x85), and the
# line and paragraph separators.
ONE_LINE = {code: f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" for code in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029)}


class BuildFailed(Exception):
    """The input has errors: raised once per stage that found them, carrying all of them."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sort_diagnostics(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """By file and line; problems on one line keep the order they were found in."""
    return tuple(sorted(diagnostics, key=lambda d: (d.path, d.line)))


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def promote_warnings(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """`--strict`: every warning counts as an error, but those marked as not promotable."""
    return [replace(d, severity=ERROR) if d.promotable else d for d in diagnostics]


IO_REASONS = {errno.EACCES: "权限不足：请修改它的权限或所有者", errno.EPERM: "权限不足：请修改它的权限或所有者",
              errno.ENOSPC: "磁盘空间不足", errno.EROFS: "文件系统是只读的", errno.ENOENT: "文件或文件夹不存在"}


def io_problem(error: OSError, root: Path) -> Diagnostic:
    """A file that could not be read or written, at its path relative to the site folder when it is inside it."""
    reason = IO_REASONS.get(error.errno or 0, error.strerror or str(error))
    if error.filename is None:
        return Diagnostic("build.py", 1, f"文件读写失败（{reason}）")
    path, site = Path(os.fsdecode(error.filename)).absolute(), root.resolve()
    return Diagnostic(path.relative_to(site).as_posix() if path.is_relative_to(site) else str(path), 1, f"文件读写失败（{reason}）")
