"""What of a file's checks depends on the build's date, so that the next day's build checks again only that.

The checks of one file compare the build's date (`--today`) with the file's own dates and with
nothing else: a date that cannot lie in the future (更新日期, 发布日期, 成文日期) and a consultation's
period (its status 未开始 / 征求中 / 已结束). On two days where every such comparison comes out the
same, the checks give the same result. A file's *day marks* are its dates; its *day signature* on
a day is the outcome of comparing that day with each mark. The cache keeps a file's checks under a
key without the date, with their marks and signature: they are reused on any day with the same
signature, and a file's fingerprint (what its pages' keys are made of) includes the signature, so
that a page showing an item whose checks changed with the date is rendered again, and no other.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from typing import Any, Iterator

from .catalog import ValidatedFile
from .model import Consultation

# Dates compared as "after this day" (today > mark) rather than "on or after it" (today >= mark):
# a consultation is still open on its closing day.
DAY_AFTER = {(Consultation, "closes")}

DayMarks = tuple[tuple[date, bool], ...]  # (a date of the file, compared as "after it")


@dataclass(frozen=True)
class DatedFile:
    """A file's checks as the cache keeps them: the day they were made on, the file's day marks
    (None: checks that failed, trusted on that day only) and its signature on that day."""

    file: ValidatedFile
    day: date
    marks: DayMarks | None
    signature: tuple[bool, ...]

    def holds_on(self, today: date) -> bool:
        """Whether checking the file on `today` would give the same result."""
        return today == self.day or (self.marks is not None and day_signature(self.marks, today) == self.signature)


def dated(file: ValidatedFile, today: date) -> DatedFile:
    """A file's checks made on `today`, with what tells on which other days they hold."""
    if file.item is None or any(problem.is_error for problem in file.diagnostics):
        return DatedFile(file, today, None, ())
    marks = tuple(sorted(set(day_marks(file.item))))
    return DatedFile(file, today, marks, day_signature(marks, today))


def day_signature(marks: DayMarks, today: date) -> tuple[bool, ...]:
    return tuple(today > mark if after else today >= mark for mark, after in marks)


def day_marks(value: Any) -> Iterator[tuple[date, bool]]:
    """Every date in an item read from a file (its fields, and theirs), with how it is compared."""
    if is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            inner = getattr(value, field.name)
            if isinstance(inner, date):
                yield inner, (type(value), field.name) in DAY_AFTER
            else:
                yield from day_marks(inner)
    elif isinstance(value, (tuple, list, frozenset, set)):
        for inner in value:
            yield from day_marks(inner)
    elif isinstance(value, dict):
        for inner in value.values():
            yield from day_marks(inner)
    elif isinstance(value, date):
        yield value, False
