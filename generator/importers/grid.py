"""What every reader produces: a rectangular grid of cell texts, merges already filled in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time


class TableError(Exception):
    """The file cannot be read as a table at all; the message (in Chinese) says why and what to do."""


@dataclass(frozen=True)
class Cell:
    text: str  # the cell's text; a cell covered by a merge carries the text of the merge's first cell
    where: str  # how messages name it: 目录.xlsx!社会救助!C7, 目录.csv:7:3, 目录.docx!表1!R7C3
    merge: tuple[int, int] | None = None  # (row, column) of the first cell of the merged range covering it


@dataclass(frozen=True)
class Sheet:
    """One table: a worksheet, a CSV file or a Word table. Rows and columns count from 0."""

    name: str  # what --sheet names it: the worksheet's name, 表1 …, or the CSV file's stem
    shown: str  # how messages and entry files name it: 目录.xlsx!社会救助, 目录.csv, 目录.docx!表1
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def is_empty(self) -> bool:
        return not any(cell.text for row in self.rows for cell in row)


def cell_text(value: object) -> str:
    """A cell's value as the text the agency typed: line breaks kept (as \\n), outer white space dropped,
    a whole number without `.0`, a date as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def make_sheet(name: str, shown: str, texts: dict[tuple[int, int], str], anchors: dict[tuple[int, int], tuple[int, int]],
               where) -> Sheet:
    """A Sheet from the texts of the cells that have one and the merge anchor of every merged cell;
    `where(row, column)` names a cell. Trailing empty rows and columns are dropped."""
    filled = {position: text for position, text in texts.items() if text}
    height = max((r for r, _ in filled), default=-1) + 1
    width = max((c for _, c in filled), default=-1) + 1

    def cell(r: int, c: int) -> Cell:
        anchor = anchors.get((r, c))
        return Cell(texts.get(anchor or (r, c), ""), where(r, c), anchor)

    return Sheet(name, shown, tuple(tuple(cell(r, c) for c in range(width)) for r in range(height)))
