"""A small XLSX (Office Open XML) writer: one sheet of text, whole numbers and dates.

Written here rather than with a library for two reasons. The rows are plain XML
without row numbers, so each domain's rows are made once and the whole catalog's
sheet is those pieces joined, which keeps a rebuild from writing ten thousand rows
again. And every byte is ours to fix: zip entries dated 1980-01-01, document dates
from the content, so two builds are byte-identical.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import Sequence
from xml.sax.saxutils import escape, quoteattr

# Characters XML 1.0 cannot hold at all.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EXCEL_EPOCH = date(1899, 12, 30)
WIDTH_PADDING = 0.7109375  # what Excel adds to a column's width in characters
# Cell styles (indexes into cellXfs below).
TEXT, DAY, HEADER = 1, 2, 3

STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
<fill><patternFill patternType="solid"><fgColor rgb="FFF4F6F8"/><bgColor indexed="64"/></patternFill></fill></fills>\
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>\
<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf>\
<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1">\
<alignment vertical="top" wrapText="1"/></xf></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
</Relationships>"""

WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
</Relationships>"""

APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>build.py</Application></Properties>"""


def text(value: str) -> str:
    return escape(NOT_XML.sub("", value))


def cell(value: str | int | date | None, style: int = TEXT) -> str:
    """One cell, positioned by its order in the row (no `r` reference), so rows can be moved as they are."""
    if value is None:
        return "<c/>"
    if isinstance(value, bool) or not isinstance(value, (str, int, date)):
        raise TypeError(f"unsupported cell value {value!r}")
    if isinstance(value, int):
        return f'<c s="{style}"><v>{value}</v></c>'
    if isinstance(value, date):
        return f'<c s="{DAY}"><v>{(value - EXCEL_EPOCH).days}</v></c>'
    return f'<c s="{style}" t="inlineStr"><is><t xml:space="preserve">{text(value)}</t></is></c>'


def row(values: Sequence[str | int | date | None], style: int = TEXT) -> str:
    return "<row>" + "".join(cell(value, style) for value in values) + "</row>"


def column_name(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


@dataclass(frozen=True)
class Workbook:
    title: str
    author: str
    created: date  # the content's date, never the build's
    sheet_name: str  # at most 31 characters, none of []:*?/\
    columns: tuple[tuple[str, float], ...]  # header and width (in characters) of each column

    def to_bytes(self, rows_xml: bytes, row_count: int) -> bytes:
        """The workbook with a header row, then `rows_xml` (`row()`s joined, UTF-8), `row_count` of them;
        the header is frozen and has a filter."""
        last = f"{column_name(len(self.columns) - 1)}{row_count + 1}"
        widths = "".join(f'<col min="{index}" max="{index}" width="{width + WIDTH_PADDING}" customWidth="1"/>'
                         for index, (_, width) in enumerate(self.columns, start=1))
        sheet = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<dimension ref="A1:{last}"/>'
            '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{widths}</cols><sheetData>'
            + row([header for header, _ in self.columns], HEADER)
        ).encode("utf-8") + rows_xml + (
            f'</sheetData><autoFilter ref="A1:{last}"/>'
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
        ).encode("utf-8")
        sheet_reference = "'" + self.sheet_name.replace("'", "''") + "'"
        workbook = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<bookViews><workbookView/></bookViews>'
            f'<sheets><sheet name={quoteattr(self.sheet_name)} sheetId="1" r:id="rId1"/></sheets>'
            '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
            f'{escape(sheet_reference)}!$A$1:${column_name(len(self.columns) - 1)}${row_count + 1}</definedName></definedNames>'
            '</workbook>'
        )
        created = f"{self.created.isoformat()}T00:00:00Z"
        core = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{text(self.title)}</dc:title><dc:creator>{text(self.author)}</dc:creator>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{created}</dcterms:modified></cp:coreProperties>'
        )
        parts = {
            "[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "docProps/app.xml": APP, "docProps/core.xml": core,
            "xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": WORKBOOK_RELS, "xl/styles.xml": STYLES,
            "xl/worksheets/sheet1.xml": sheet,
        }
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, content in parts.items():
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, content if isinstance(content, bytes) else content.encode("utf-8"), compresslevel=6)
        return buffer.getvalue()
