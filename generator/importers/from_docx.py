"""Word documents (.docx): one Sheet per table, named 表1, 表2 … in document order.

Merges are read from the cell XML: `w:gridSpan` (across) and `w:vMerge` (down: "restart" opens a
merge, a cell without a value continues the one above). Cells are counted on the table's grid, so
R7C3 is the seventh row and the third grid column however the row's cells are spanned."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import _Cell

from .grid import Sheet, TableError, cell_text, make_sheet


def read_docx(path: Path, shown: str) -> list[Sheet]:
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise TableError(f"{shown}: 无法作为 Word（.docx）文件读取（{error}）；请在 Word 或 WPS 中打开并重新“另存为” .docx") from None
    sheets = []
    for number, table in enumerate(document.tables, 1):
        name = f"表{number}"
        texts, anchors = {}, {}
        for r, tr in enumerate(table._tbl.tr_lst):
            c = tr.grid_before
            for tc in tr.tc_lst:
                above = (r - 1, c)
                if tc.vMerge == "continue" and above in anchors:
                    anchor = anchors[above]
                else:
                    anchor = (r, c)
                    texts[anchor] = cell_text(_Cell(tc, table).text)
                for offset in range(tc.grid_span):
                    if tc.grid_span > 1 or tc.vMerge is not None:
                        anchors[(r, c + offset)] = anchor
                c += tc.grid_span

        def where(r: int, c: int, name: str = name) -> str:
            return f"{shown}!{name}!R{r + 1}C{c + 1}"

        sheets.append(make_sheet(name, f"{shown}!{name}", texts, anchors, where))
    return sheets
