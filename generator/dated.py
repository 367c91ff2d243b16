"""What of a file's checks depends on the build's date, so that the next day's build checks again only that.

The checks of one file compare the build's date (`--today`) with the file's own dates and with
nothing else: a date that cannot lie in the future (更新日期, 发布日期 …), a consultation's period
(its status 未开始 / 征求中 / 已结束), a decision's planned date (overdue or not). On two days on which
every such comparison comes out the same, the checks give the same result. A file's *day marks* are
its dates; its *day signature* on a day is, for each mark, whether the day is before, on or after it.
The cache keeps a file's checks under a key without the date, with their marks and signature: they
are reused on any day with the same signature, and checked again on another. A file's fingerprint
(what its pages' keys are made of) names the day since which its checks have come out as they are,
so that a page is rendered again only when an item it shows came out differently, and no other.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from typing import Any, Iterator

from .catalog import ValidatedFile


@dataclass(frozen=True)
class DatedFile:
    """A file's checks as the cache keeps them: the day they were made on, the file's day marks
    (None: checks that failed, trusted on that day only), its signature on that day, and the day
    since which the checks have come out the same (the fingerprint's part)."""

    file: ValidatedFile
    day: date
    marks: tuple[date, ...] | None
    signature: tuple[int, ...]
    since: date

    def holds_on(self, today: date) -> bool:
        """Whether checking the file on `today` would give the same result."""
        return today == self.day or (self.marks is not None and day_signature(self.marks, today) == self.signature)


def dated(file: ValidatedFile, today: date, before: DatedFile | None = None) -> DatedFile:
    """A file's checks made on `today`, with what tells on which other days they hold; `before`: the
    same file's checks made on another day, whose `since` is kept when they came out the same."""
    since = before.since if before is not None and before.file == file else today
    if file.item is None or any(problem.is_error for problem in file.diagnostics):
        return DatedFile(file, today, None, (), since)
    marks = tuple(sorted(set(day_marks(file.item))))
    return DatedFile(file, today, marks, day_signature(marks, today), since)


def day_signature(marks: tuple[date, ...], today: date) -> tuple[int, ...]:
    return tuple((today > mark) - (today < mark) for mark in marks)


def day_marks(value: Any) -> Iterator[date]:
    """Every date in an item read from a file (its fields, and theirs)."""
    if isinstance(value, date):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from day_marks(getattr(value, field.name))
    elif isinstance(value, (tuple, list, frozenset, set)):
        for inner in value:
            yield from day_marks(inner)
    elif isinstance(value, dict):
        for inner in value.values():
            yield from day_marks(inner)
