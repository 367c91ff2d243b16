"""Table rows → entry files: every cell verbatim, marks as the labels of the marked cells, file
names from the pinyin of the item; and what the table names that the domain's configuration lacks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model import DomainSpec
from ..scaffold import slug_from_title
from ..schema import WINDOWS_RESERVED
from ..validate import RESERVED_SLUGS
from ..standard import SAME_AS_ABOVE, UNSTATED
from ..suggest import did_you_mean
from . import yaml_text
from .table import ITEM_L1, ITEM_L2, MARK_GROUPS, REQUIRED_GROUPS, REQUIRED_TEXT, SEQ, Problem, Row, Table, header_key

MARKED = frozenset("√✓✔●是■☑")
UNMARKED = frozenset(("", "□", "否"))
NOT_STATED = UNSTATED[0]  # 未注明: the agency's table says nothing here, recorded as such, never guessed
UPDATED = "更新日期"
FRONT_MATTER_ORDER = (SEQ, ITEM_L1, ITEM_L2, *REQUIRED_TEXT, *MARK_GROUPS)


@dataclass(frozen=True)
class Draft:
    """One table row as an entry file."""

    slug: str
    where: str  # the row's first cell
    fields: tuple[tuple[str, str], ...]  # front-matter keys (the Chinese column names) and values, in order

    def text(self) -> str:
        lines = [f"# 由 python build.py import 从 {self.where} 所在的行导入"]
        lines += [f"{yaml_text.scalar(key)}: {rendered(key, value)}" for key, value in self.fields]
        return "---\n" + "\n".join(lines) + "\n---\n"


def rendered(key: str, text: str) -> str:
    """序号 always quoted (it is the agency's text, not a number); the import day as dates are written."""
    if key == SEQ:
        return yaml_text.quoted(text)
    return text if key == UPDATED else yaml_text.value(text)


@dataclass(frozen=True)
class Additions:
    """What catalog.yaml lacks for this table, in the table's order."""

    items: tuple[tuple[str, tuple[str, ...]], ...] = ()  # 一级事项 → its 二级事项 not yet listed
    labels: tuple[tuple[str, tuple[str, ...]], ...] = ()  # mark group → the table's labels, which the domain's then become
    extra_columns: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.items or self.labels or self.extra_columns)


def mark_value(table: Table, row: Row, group: str, problems: list[Problem]) -> str:
    marked = []
    for column in table.marks(group):
        cell = row.cells[column.index]
        mark = cell.text.replace("\ufe0f", "").strip()
        if mark in MARKED:
            marked.append(column.label)
        elif mark not in UNMARKED:
            message = (f"“{group}（{column.label}）”格中的“{cell.text}”不是勾选标记；"
                       "选中的格请写 √（或 ✓ ✔ ● 是 ■ ☑），未选中的留空（或写 □、否）")
            problems.append(Problem(cell.where, message))
    return "、".join(marked) or NOT_STATED


def row_fields(table: Table, row: Row, previous: dict[str, str], problems: list[Problem]) -> dict[str, str]:
    """The row's front matter, 同上 kept; `previous` holds the row above with every 同上 resolved."""
    fields: dict[str, str] = {}
    for column in table.columns:
        if column.kind == "mark":
            if column.key not in fields:
                fields[column.key] = mark_value(table, row, column.key, problems)
            continue
        cell = row.cells[column.index]
        if cell.text == SAME_AS_ABOVE and not previous.get(column.key):
            above = "它在表的第一行" if not previous else "上一行的这一格是空的"
            problems.append(Problem(cell.where, f"这一格写“同上”，但{above}，没有可以沿用的内容；请填写实际内容"))
        if cell.text:
            fields[column.key] = cell.text
        elif column.key == ITEM_L1:
            message = ("一级事项为空；每一行都须有一级事项（合并的单元格会自动沿用合并的内容；"
                       "CSV 文件不保留合并，请把空格填上，或改为导入 .xlsx）")
            problems.append(Problem(cell.where, message))
        elif column.key in (*REQUIRED_TEXT, *MARK_GROUPS):
            fields[column.key] = NOT_STATED
    return fields


def resolved(fields: dict[str, str], previous: dict[str, str]) -> dict[str, str]:
    return {key: previous.get(key, "") if text == SAME_AS_ABOVE else text for key, text in fields.items()}


def ordered(fields: dict[str, str], today: date) -> tuple[tuple[str, str], ...]:
    standard = [(key, fields[key]) for key in FRONT_MATTER_ORDER if key in fields]
    extras = [(key, text) for key, text in fields.items() if key not in FRONT_MATTER_ORDER]
    return (*standard, *extras, (UPDATED, today.isoformat()))


def unique_slug(title: str, taken: set[str]) -> str:
    base = slug_from_title(title) or "tiao-mu"
    slug, number = base, 1
    while slug in taken or slug in RESERVED_SLUGS or slug in WINDOWS_RESERVED:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


def drafts(table: Table, today: date) -> tuple[list[Draft], list[dict[str, str]], list[Problem]]:
    """Every row as a Draft, the rows with 同上 resolved (for the directory check), and the problems."""
    found, rows, problems, taken = [], [], [], set()
    previous: dict[str, str] = {}
    for row in table.rows:
        fields = row_fields(table, row, previous, problems)
        previous = resolved(fields, previous)
        # The build resolves 同上 in the text columns; the items are the row's place in the directory.
        fields.update({key: previous[key] for key in (ITEM_L1, ITEM_L2) if fields.get(key) == SAME_AS_ABOVE})
        fields = {key: text for key, text in fields.items() if text}
        rows.append(previous)
        title = previous.get(ITEM_L2) or previous.get(ITEM_L1, "")
        found.append(Draft(unique_slug(title, taken), row.where, ordered(fields, today)))
    return found, rows, problems


def group_options(domain: DomainSpec, title: str) -> tuple:
    group = next((g for g in domain.mark_groups if g.title == title), None)
    return group.options if group else ()


def where_of(table: Table, row: Row, key: str) -> str:
    column = table.column(key)
    return row.cells[column.index].where if column else row.where


def not_in_directory(name: str, known) -> str:
    """How to fix an item the directory lacks: a likely typo is named first, since --update-catalog would
    add the typo to the standard directory."""
    hint = did_you_mean(name, known)
    if hint:
        return f"；{hint}是笔误的，请在表中改正；确为新事项的，加 --update-catalog 把它加入目录"
    return "；核对名称，或加 --update-catalog 把它加入目录"


def directory_additions(table: Table, rows: list[dict[str, str]], domain: DomainSpec) -> tuple[dict[str, list[str]], list[Problem], list[Problem]]:
    """The items the domain's directory lacks (一级事项 → its new 二级事项), reported at their first cell; and the
    rows the build would refuse whatever is added: no 二级事项 under an item that has them."""
    fixable, errors = [], []
    directory = {header_key(item.name): item for item in domain.directory}
    new_items: dict[str, list[str]] = {}
    for row, cells in zip(rows, table.rows):
        l1, l2 = row.get(ITEM_L1, ""), row.get(ITEM_L2, "")
        item = directory.get(header_key(l1))
        if l1 and item is None and l1 not in new_items:
            new_items[l1] = []
            message = f"一级事项“{l1}”不在 catalog.yaml 领域“{domain.name}”的标准目录中"
            fixable.append(Problem(where_of(table, cells, ITEM_L1), message + not_in_directory(l1, [i.name for i in domain.directory])))
        known = item.sub_items if item else ()
        if l1 and l2 and header_key(l2) not in {header_key(s) for s in known} and l2 not in new_items.get(l1, []):
            new_items.setdefault(l1, []).append(l2)
            message = f"二级事项“{l2}”不在 catalog.yaml 领域“{domain.name}”一级事项“{l1}”之下"
            fixable.append(Problem(where_of(table, cells, ITEM_L2), message + not_in_directory(l2, known)))
    for row, cells in zip(rows, table.rows):
        l1 = row.get(ITEM_L1, "")
        item = directory.get(header_key(l1))
        sub_items = [*(item.sub_items if item else ()), *new_items.get(l1, [])]
        if l1 and sub_items and not row.get(ITEM_L2):
            message = (f"二级事项为空，而一级事项“{l1}”在 catalog.yaml 领域“{domain.name}”的标准目录中列有二级事项"
                       f"（{'、'.join(sub_items)}）；请填写其中之一，或在 catalog.yaml 中调整该一级事项")
            errors.append(Problem(where_of(table, cells, ITEM_L2), message))
    return new_items, fixable, errors


def label_additions(table: Table, domain: DomainSpec) -> tuple[list[tuple[str, tuple[str, ...]]], list[Problem]]:
    """Mark groups whose labels as printed differ from the domain's (a printed variant such as 特定群众 too:
    the page's header shows the labels the domain declares), and a 公开层级 the table does not have."""
    labels, problems = [], []
    for group in MARK_GROUPS:
        names = tuple(option.name for option in group_options(domain, group))
        columns = table.marks(group)
        printed = tuple(column.label for column in columns)
        if [header_key(n) for n in printed] == [header_key(n) for n in names] or table.column(group) is not None \
                or (group in REQUIRED_GROUPS and not columns):
            continue  # the same labels; the group printed as one column of words; or a missing column, reported as such
        now = "、".join(names) or "无（该领域没有这一列）"
        fix = f"加 --update-catalog 把该领域的“{group}”选项改为表中的：{'、'.join(printed) or '[]（没有这一列）'}"
        unknown = [column for column in columns if header_key(column.label) not in {header_key(n) for n in names}]
        for column in unknown:
            message = f"表头选项“{column.label}”不在 catalog.yaml 领域“{domain.name}”的“{group}”选项中（现有：{now}）；{fix}"
            problems.append(Problem(column.where, message))
        if not columns:
            problems.append(Problem(table.header_where, f"表中没有“{group}”列，而 catalog.yaml 领域“{domain.name}”的“{group}”有选项（{now}）；{fix}"))
        elif not unknown:
            message = f"表中“{group}”的选项（{'、'.join(printed)}）与 catalog.yaml 领域“{domain.name}”的（{now}）不同；{fix}"
            problems.append(Problem(columns[0].where, message))
        labels.append((group, printed))
    return labels, problems


def extra_additions(table: Table, domain: DomainSpec) -> tuple[list[str], list[Problem]]:
    """Columns that are neither standard nor among the domain's declared extra columns."""
    declared = {header_key(name) for name in domain.extra_columns}
    extras = [c for c in table.columns if c.kind == "extra" and header_key(c.key) not in declared]
    recognised = "、".join((*FRONT_MATTER_ORDER, *domain.extra_columns))
    problems = [Problem(column.where, f"列“{column.key}”不是标准目录的列，也没有在 catalog.yaml 领域“{domain.name}”的“自定义列”中声明"
                                      f"（识别的列：{recognised}）；若是本地增加的列，加 --update-catalog 把它加入 自定义列")
                for column in extras]
    return [column.key for column in extras], problems


def additions(table: Table, rows: list[dict[str, str]], domain: DomainSpec) -> tuple[Additions, list[Problem], list[Problem]]:
    """What the table names and the domain's configuration lacks, each reported at its first cell (fixable with
    --update-catalog); and what no addition fixes."""
    new_items, item_problems, errors = directory_additions(table, rows, domain)
    labels, label_problems = label_additions(table, domain)
    extras, extra_problems = extra_additions(table, domain)
    items = tuple((l1, tuple(l2s)) for l1, l2s in new_items.items())
    return Additions(items, tuple(labels), tuple(extras)), item_problems + label_problems + extra_problems, errors
