"""Excel workbooks (.xlsx): one Sheet per worksheet. The normal (not read-only) mode of openpyxl,
because only it knows the merged ranges."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from .grid import Sheet, TableError, cell_text, make_sheet


def read_xlsx(path: Path, shown: str) -> list[Sheet]:
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise TableError(f"{shown}: 无法作为 Excel（.xlsx）文件读取（{error}）；请在 Excel 或 WPS 中打开并重新“另存为” .xlsx") from None
    sheets = []
    for worksheet in workbook.worksheets:
        anchors = {}
        for merged in worksheet.merged_cells.ranges:
            for row in range(merged.min_row - 1, merged.max_row):
                for column in range(merged.min_col - 1, merged.max_col):
                    anchors[(row, column)] = (merged.min_row - 1, merged.min_col - 1)
        texts = {}
        for r, values in enumerate(worksheet.iter_rows(values_only=True)):
            for c, value in enumerate(values):
                if value is not None:
                    texts[(r, c)] = cell_text(value)
        name = worksheet.title

        def where(r: int, c: int, name: str = name) -> str:
            return f"{shown}!{name}!{get_column_letter(c + 1)}{r + 1}"

        sheets.append(make_sheet(name, f"{shown}!{name}", texts, anchors, where))
    return sheets
