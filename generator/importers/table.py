"""A Sheet → the catalog's columns (found by their header text) and its rows.

Real tables put a title row (or several) above the header, a two-row header (公开事项 over
一级事项/二级事项; 公开对象, 公开方式, 公开层级 over their options), notes rows below the last row
(注：…, 说明…, or one cell across the whole table), and merged cells down several rows.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .grid import Cell, Sheet

SEQ, ITEM_L1, ITEM_L2 = "序号", "一级事项", "二级事项"
# Text columns by their front-matter key, with the header texts tables print for them.
TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    SEQ: ("序号", "编号"),
    ITEM_L1: ("一级事项",),
    ITEM_L2: ("二级事项",),
    "公开内容（要素）": ("公开内容（要素）", "公开内容", "公开要素"),
    "公开依据": ("公开依据",),
    "公开时限": ("公开时限",),
    "公开主体": ("公开主体",),
    "公开渠道和载体": ("公开渠道和载体", "公开渠道及载体", "公开渠道", "公开载体"),
}
REQUIRED_TEXT = ("公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体")
ITEM_GROUP = "公开事项"  # the group over 一级事项 / 二级事项
MARK_GROUPS = ("公开对象", "公开方式", "公开层级")
CHANNELS = "公开渠道和载体"  # one column of text, or a group of ■/□ columns, one per channel
MARKABLE = (*MARK_GROUPS, CHANNELS)
REQUIRED_GROUPS = ("公开对象", "公开方式")  # a catalog may lack 公开层级
MAX_TITLE_ROWS = 10
# 注：…, 注1., 说明…, 备注：…; not 注销登记, which is an item.
NOTE_PREFIX = re.compile(r"^(注|注释|说明|备注|填表说明|标准目录要素说明)\s*([：:、.．\d（(]|$)")


def header_key(text: str) -> str:
    """Header texts compared as printed or typed: full/half width, spaces and line breaks folded."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def label_text(text: str) -> str:
    """A header label as printed, without the line breaks and spaces of a narrow column."""
    return re.sub(r"\s+", "", text)


TEXT_BY_HEADER = {header_key(name): key for key, names in TEXT_COLUMNS.items() for name in names}
GROUP_BY_HEADER = {
    **{header_key(name): name for name in (ITEM_GROUP, *MARK_GROUPS)},
    **{header_key(name): CHANNELS for name in TEXT_COLUMNS[CHANNELS]},
}


@dataclass(frozen=True)
class Column:
    index: int
    key: str  # a TEXT_COLUMNS key, a mark group (公开对象 …), or an extra column's header text
    kind: str  # "text", "mark" (one option of a MARKABLE group), "extra" (not a column of the standard)
    where: str  # its header cell
    label: str = ""  # a mark column's option, as printed


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]

    @property
    def where(self) -> str:
        return self.cells[0].where

    @property
    def text(self) -> str:
        """The row's text for messages: its distinct non-empty cells, in order."""
        seen = []
        for cell in self.cells:
            if cell.text and cell.text not in seen:
                seen.append(cell.text)
        return " | ".join(seen)


@dataclass(frozen=True)
class Skipped:
    where: str
    why: str  # 标题行, 注释行
    text: str


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Table:
    sheet: Sheet
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    skipped: tuple[Skipped, ...]
    header_where: str

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key and c.kind != "mark"), None)

    def marks(self, group: str) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.kind == "mark" and c.key == group)

    def has_group(self, group: str) -> bool:
        return bool(self.marks(group)) or self.column(group) is not None


def is_header(row: tuple[Cell, ...]) -> bool:
    keys = {header_key(cell.text) for cell in row}
    return header_key(ITEM_L1) in keys or header_key(ITEM_GROUP) in keys


def find_header(sheet: Sheet) -> int | None:
    return next((r for r, row in enumerate(sheet.rows[: MAX_TITLE_ROWS + 1]) if is_header(row)), None)


def group_tops(top: tuple[Cell, ...]) -> list[str]:
    """Each column's top header text; an empty cell right of a group's title belongs to that group
    (a CSV keeps a merged title in its first cell only)."""
    tops, group = [], ""
    for cell in top:
        if cell.text:
            group = cell.text if header_key(cell.text) in GROUP_BY_HEADER else ""
            tops.append(cell.text)
        else:
            tops.append(group)
    return tops


def has_second_header_row(sheet: Sheet, r: int, tops: list[str]) -> bool:
    """A second header row holds options under the groups, and nothing else: under a column that
    is not a group it is empty or repeats the column's name (the first row's cell merged down)."""
    if r + 1 >= len(sheet.rows) or not any(header_key(t) in GROUP_BY_HEADER for t in tops):
        return False
    below = sheet.rows[r + 1]
    return all(not cell.text or header_key(top) in GROUP_BY_HEADER or cell.text == top for top, cell in zip(tops, below))


def read_columns(sheet: Sheet, r: int, declared_extras: tuple[str, ...]) -> tuple[list[Column], list[Problem], int]:
    """The columns of the header at row `r`, its problems, and the first row after the header."""
    header = sheet.rows[r]
    tops = group_tops(header)
    two_rows = has_second_header_row(sheet, r, tops)
    bottoms = [cell.text for cell in sheet.rows[r + 1]] if two_rows else [""] * len(tops)
    extras = {header_key(name): name for name in declared_extras}
    columns, problems = [], []
    for c, (top, bottom) in enumerate(zip(tops, bottoms)):
        group = GROUP_BY_HEADER.get(header_key(top))
        sub = bottom if bottom and bottom != top else ""
        where = (sheet.rows[r + 1] if sub else header)[c].where
        if group == ITEM_GROUP and TEXT_BY_HEADER.get(header_key(sub)) in (ITEM_L1, ITEM_L2):
            columns.append(Column(c, TEXT_BY_HEADER[header_key(sub)], "text", where))
        elif group == ITEM_GROUP and not sub:
            columns.append(Column(c, ITEM_L1, "text", where))  # one column of items, headed 公开事项
        elif group in MARKABLE and sub:
            columns.append(Column(c, group, "mark", where, label_text(sub)))
        elif group in MARKABLE:
            columns.append(Column(c, group, "text", where))  # a group printed as one column of text
        elif not sub and header_key(top) in TEXT_BY_HEADER:
            columns.append(Column(c, TEXT_BY_HEADER[header_key(top)], "text", where))
        elif top or sub:
            name = label_text(f"{top}（{sub}）" if top and sub else top or sub)
            columns.append(Column(c, extras.get(header_key(name), name), "extra", where))
        elif any(c < len(row) and row[c].text for row in sheet.rows[r + 1 + two_rows:]):
            problems.append(Problem(header[c].where, "这一列有内容，但没有表头；请在表头中写上列名"))
    problems += repeated_columns(columns)
    return columns, problems, r + 1 + two_rows


def repeated_columns(columns: list[Column]) -> list[Problem]:
    seen: dict[tuple[str, str], Column] = {}
    problems = []
    for column in columns:
        first = seen.setdefault((column.key, column.label), column)
        if first is not column:
            name = f"{column.key}（{column.label}）" if column.label else column.key
            problems.append(Problem(column.where, f"列“{name}”出现了两次（{first.where} 已有）；请删去或改名其中一列"))
    return problems


def missing_columns(columns: list[Column], header_where: str) -> list[Problem]:
    keys = {column.key for column in columns}
    missing = [key for key in (ITEM_L1, *REQUIRED_TEXT, *REQUIRED_GROUPS) if key not in keys]
    if not missing:
        return []
    found = "、".join(dict.fromkeys(c.key for c in columns)) or "（无）"
    return [Problem(header_where, f"表头中没有“{key}”列（表头中的列：{found}）；请补上这一列或改正列名") for key in missing]


def spans_table(row: tuple[Cell, ...], width: int) -> bool:
    """One merged cell across the whole table: a note, not a catalog row."""
    first = row[0].merge if row else None
    return width > 1 and first is not None and all(cell.merge == first for cell in row[:width])


def read_table(sheet: Sheet, declared_extras: tuple[str, ...] = ()) -> tuple[Table | None, list[Problem]]:
    r = find_header(sheet)
    if r is None:
        where = sheet.rows[0][0].where if sheet.rows else sheet.shown
        message = f"前 {MAX_TITLE_ROWS + 1} 行中找不到表头（应有“一级事项”或“公开事项”列）；请确认这是标准目录表"
        return None, [Problem(where, message)]
    columns, problems, first = read_columns(sheet, r, declared_extras)
    header_where = sheet.rows[r][0].where
    problems += missing_columns(columns, header_where)
    skipped = [Skipped(row[0].where, "标题行", Row(row).text) for row in sheet.rows[:r] if Row(row).text]
    width = max(c.index for c in columns) + 1 if columns else 0
    rows, in_notes = [], False
    for cells in sheet.rows[first:]:
        row = Row(cells)
        if not row.text:
            continue
        in_notes = in_notes or bool(NOTE_PREFIX.match(row.text)) or spans_table(cells, width)
        if in_notes:
            skipped.append(Skipped(row.where, "注释行", row.text))
        else:
            rows.append(row)
    if not rows and not problems:
        problems.append(Problem(header_where, "表头下面没有任何数据行"))
    return Table(sheet, tuple(columns), tuple(rows), tuple(skipped), header_where), problems
