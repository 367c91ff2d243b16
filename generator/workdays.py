"""Working days (工作日) by the State Council's yearly holiday notice, 调休 included.

Disclosure deadlines ("20个工作日内") count working days, which are not Monday to Friday: the
Spring Festival takes a week of weekdays and 调休 makes some Saturdays working days. The
`chinese-calendar` package ships the published calendar; for a year it does not know yet it
raises NotImplementedError, and we fall back to Monday–Friday and say so (`estimated`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar


@dataclass(frozen=True)
class Workdays:
    """A date reached by counting working days; `estimated` when some day counted lay beyond the calendar."""

    day: date
    estimated: tuple[int, ...] = ()  # the years counted as Monday–Friday

    @property
    def note(self) -> str:
        """The words a finding adds when the count is an estimate."""
        if not self.estimated:
            return ""
        years = "、".join(str(year) for year in self.estimated)
        return f"（{years} 年的法定节假日和调休安排尚未收录，暂按周一至周五计算工作日）"


def is_workday(day: date) -> tuple[bool, bool]:
    """(is it a working day, is that an estimate)."""
    try:
        return chinese_calendar.is_workday(day), False
    except NotImplementedError:
        return day.weekday() < 5, True


def add_workdays(start: date, count: int) -> Workdays:
    """The last day of "自 start 起 count 个工作日内": start itself is not counted (as in law)."""
    day, left, estimated = start, count, set()
    while left > 0:
        day += timedelta(days=1)
        working, guessed = is_workday(day)
        if guessed:
            estimated.add(day.year)
        left -= working
    return Workdays(day, tuple(sorted(estimated)))


def workdays_between(start: date, end: date) -> tuple[int, tuple[int, ...]]:
    """Working days after `start` up to and including `end`, and the years estimated."""
    count, estimated, day = 0, set(), start
    while day < end:
        day += timedelta(days=1)
        working, guessed = is_workday(day)
        if guessed:
            estimated.add(day.year)
        count += working
    return count, tuple(sorted(estimated))
