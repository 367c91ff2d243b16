"""`python build.py import FILE --domain SLUG`: the table checked as a whole, then either every
problem listed (nothing written) or one entry file per row written, never over an existing file."""

from __future__ import annotations

import difflib
import os
import sys
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ..config import CONFIG_FILE, load_config
from ..load import read_text
from ..model import DomainSpec, SiteConfig
from ..pipeline import theme_dirs
from ..scaffold import ScaffoldError, find_domain
from .catalog_edit import update_catalog
from .entries import Additions, Draft, additions, drafts
from .from_csv import read_csv
from .from_docx import read_docx
from .from_xlsx import read_xlsx
from .grid import Sheet, TableError
from .table import Problem, Table, read_table

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_WRITE_FAILED = 0, 1, 2, 3
READERS = {".xlsx": read_xlsx, ".xlsm": read_xlsx, ".csv": read_csv, ".docx": read_docx}
OLD_FORMATS = {
    ".xls": "旧版 Excel（.xls）文件无法直接读取；请在 Excel 或 WPS 中打开，“另存为” Excel 工作簿（.xlsx），再导入新文件",
    ".doc": "旧版 Word（.doc）文件无法直接读取；请在 Word 或 WPS 中打开，“另存为” Word 文档（.docx），再导入新文件",
    ".et": "WPS 表格（.et）文件无法直接读取；请在 WPS 中“另存为” Excel 工作簿（.xlsx），再导入新文件",
    ".wps": "WPS 文字（.wps）文件无法直接读取；请在 WPS 中“另存为” Word 文档（.docx），再导入新文件",
}


class ImportUsageError(Exception):
    """The command cannot start: unknown domain, missing file, unreadable file, sheet not named."""


@dataclass(frozen=True)
class ImportRequest:
    root: Path
    file: Path
    domain: str
    sheet: str | None
    dry_run: bool
    update_catalog: bool
    today: date


def read_sheets(path: Path) -> list[Sheet]:
    shown = path.name
    suffix = path.suffix.lower()
    if suffix in OLD_FORMATS:
        raise TableError(f"{shown}: {OLD_FORMATS[suffix]}")
    if suffix not in READERS:
        raise TableError(f"{shown}: 只能导入 .xlsx、.csv 和 .docx 文件")
    return READERS[suffix](path, shown)


def choose_sheet(sheets: list[Sheet], name: str | None, shown: str) -> Sheet:
    """The sheet named by --sheet, or the only one that is not empty."""
    filled = [sheet for sheet in sheets if not sheet.is_empty]
    names = "、".join(sheet.name for sheet in filled) or "（无）"
    if name is not None:
        chosen = next((sheet for sheet in sheets if sheet.name == name.strip()), None)
        if chosen is None:
            raise ImportUsageError(f"{shown}: 没有名为“{name}”的工作表；有内容的工作表：{names}")
        return chosen
    if not filled:
        raise ImportUsageError(f"{shown}: 文件中没有任何表格内容")
    if len(filled) > 1:
        raise ImportUsageError(f"{shown}: 文件中有 {len(filled)} 个有内容的工作表（{names}）；请用 --sheet 指定要导入的一个，例如 --sheet {filled[0].name}")
    return filled[0]


def print_problems(problems: list[Problem], summary: str) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{summary}：{len(problems)} 个问题；没有写入任何文件。", file=sys.stderr)
    return EXIT_PROBLEMS


def updated_config(request: ImportRequest, text: str, table: Table, rows, slug: str) -> tuple[DomainSpec | None, list[str]]:
    """The domain as catalog.yaml with `text` defines it, or the reasons it cannot be used."""
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, CONFIG_FILE).write_text(text, encoding="utf-8")
        config, diagnostics = load_config(Path(folder), theme_dirs(request.root))
    if config is None:
        return None, [str(d) for d in diagnostics]
    domain = next(d for d in config.domains or config.agency.domains if d.slug == slug)
    left, problems, _ = additions(table, rows, domain)
    return (None, [str(p) for p in problems]) if left else (domain, [])


def run_import(request: ImportRequest, config: SiteConfig) -> int:
    try:
        domain = find_domain(config, request.domain)
    except ScaffoldError as error:
        raise ImportUsageError(str(error)) from None
    if not request.file.is_file():
        raise ImportUsageError(f"找不到文件 {request.file}")
    try:
        sheet = choose_sheet(read_sheets(request.file), request.sheet, request.file.name)
    except TableError as error:
        raise ImportUsageError(str(error)) from None
    table, problems = read_table(sheet, domain.extra_columns)
    if table is None:
        return print_problems(problems, "导入失败")
    found, rows, row_problems = drafts(table, request.today)
    missing, catalog_problems, directory_errors = additions(table, rows, domain)
    for skipped in table.skipped:
        print(f"跳过 {skipped.where}（{skipped.why}）：{skipped.text}")
    if problems or row_problems or directory_errors:
        return print_problems(problems + row_problems + directory_errors + catalog_problems, "导入失败")
    if missing and not request.update_catalog:
        return print_problems(catalog_problems, "导入失败（catalog.yaml 缺少表中的事项、表头选项或列；核对后可加 --update-catalog 一并添加）")
    if missing:
        code = change_catalog(request, domain, missing, table, rows)
        if code != EXIT_OK:
            return code
    return write_entries(request, domain, found, sheet.shown)


def change_catalog(request: ImportRequest, domain: DomainSpec, missing: Additions, table: Table, rows) -> int:
    path = request.root / CONFIG_FILE
    text, diagnostics = read_text(path, CONFIG_FILE)
    if text is None:  # it was read a moment ago: changed since
        for diagnostic in diagnostics:
            print(diagnostic, file=sys.stderr)
        return EXIT_PROBLEMS
    new_text = update_catalog(text, domain.slug, missing, domain.extra_columns)
    checked, reasons = updated_config(request, new_text, table, rows, domain.slug)
    checked = replace(checked, agency=domain.agency) if checked else None
    if checked is None:
        for reason in reasons:
            print(reason, file=sys.stderr)
        print("catalog.yaml 修改后无法使用，未改动；请手工添加上面列出的内容。", file=sys.stderr)
        return EXIT_PROBLEMS
    diff = difflib.unified_diff(text.splitlines(), new_text.splitlines(), CONFIG_FILE, CONFIG_FILE, lineterm="", n=1)
    print(("将在 catalog.yaml 中添加（预演，未写入）：" if request.dry_run else "已在 catalog.yaml 中添加：") + "\n" + "\n".join(diff))
    if not request.dry_run:
        newline = "\r\n" if b"\r\n" in path.read_bytes() else "\n"  # a file saved on Windows keeps its line ends
        temporary = path.with_name(f".{CONFIG_FILE}.import")
        temporary.write_text(new_text, encoding="utf-8", newline=newline)
        os.replace(temporary, path)
    return EXIT_OK


def write_entries(request: ImportRequest, domain: DomainSpec, found: list[Draft], source: str) -> int:
    folder = request.root / "content" / domain.folder
    written, existing = 0, []
    for draft in found:
        path = folder / f"{draft.slug}.md"
        shown = path.relative_to(request.root).as_posix()
        text = draft.text()
        if path.exists():
            existing.append(f"{shown}: 已存在，未覆盖（来自 {draft.where} 所在行）；要重新导入，请先删除或改名这个文件")
        elif request.dry_run:
            print(f"将写入 {shown}（来自 {draft.where} 所在行）：\n{text}")
            written += 1
        else:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                with open(path, "x", encoding="utf-8", newline="\n") as file:
                    file.write(text)
            except OSError as error:
                print(f"{shown}: 无法写入（{error}）；已写入 {written} 个文件", file=sys.stderr)
                return EXIT_WRITE_FAILED
            print(f"已写入 {shown}")
            written += 1
    for message in existing:
        print(message, file=sys.stderr)
    verb = "预演（--dry-run）：将写入" if request.dry_run else "已导入"
    print(f"{verb} {written} 个条目到 content/{domain.folder}/（来自 {source}）" + (f"；{len(existing)} 个文件已存在，未覆盖。" if existing else "。")
          + ("" if request.dry_run else "请运行 python build.py check 检查。"))
    return EXIT_PROBLEMS if existing else EXIT_OK
