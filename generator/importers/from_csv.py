"""CSV files as Excel and WPS save them: UTF-8, UTF-8 with a BOM, or GB18030 (Excel's “CSV” in China).
A CSV has no merged cells: a merged cell's value is in its first row only."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .grid import Sheet, TableError, cell_text, make_sheet

UTF8_BOM = b"\xef\xbb\xbf"


def decode(data: bytes, shown: str) -> str:
    if data.startswith(UTF8_BOM):
        return data[len(UTF8_BOM):].decode("utf-8", errors="strict")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(f"{shown}: 无法识别文件的编码（既不是 UTF-8，也不是 GB18030）；请在 Excel 中“另存为” .xlsx 或 “CSV UTF-8” 再导入")


def read_csv(path: Path, shown: str) -> list[Sheet]:
    text = decode(path.read_bytes(), shown)
    if "\x00" in text:
        raise TableError(f"{shown}: 文件含有空字节，不是 CSV 文本；若是 Excel 文件，请把扩展名改回 .xlsx")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise TableError(f"{shown}: CSV 格式有误（{error}）；请在 Excel 中打开后重新保存") from None
    texts = {(r, c): cell_text(value) for r, row in enumerate(rows) for c, value in enumerate(row)}
    return [make_sheet(path.stem, shown, texts, {}, lambda r, c: f"{shown}:{r + 1}:{c + 1}")]
