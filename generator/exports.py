"""The standard catalog as open data: CSV, JSON and XLSX, for the whole catalog and each domain.

Rows are those of the catalog pages (every standard item, 暂无公开内容 ones with only
their item names), with the catalog's Chinese column names. CSV is UTF-8 with a
BOM so that Excel opens Chinese correctly; the XLSX carries the catalog's newest
date instead of the build's time, so two builds are byte-identical.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any

import xlsxwriter

from .model import Catalog, Domain, DomainSpec
from .render import catalog_rows, export_url, url_of
from .standard import CATALOG_TITLE

COLUMNS = ("序号", "试点领域", "一级事项", "二级事项", "标题", "公开内容（要素）", "公开依据", "公开时限", "公开主体",
           "公开渠道和载体", "公开对象", "公开方式", "公开层级", "更新日期", "网址")
LIST_COLUMNS = {"公开依据": "；", "公开渠道和载体": "、", "公开对象": "、", "公开方式": "、", "公开层级": "、"}  # and their CSV/XLSX separators
# A cell starting with one of these is a formula to Excel (CSV injection); the CSV prefixes it with '.
FORMULA_STARTS = ("=", "+", "-", "@")
COLUMN_WIDTHS = {"序号": 6, "试点领域": 12, "一级事项": 16, "二级事项": 16, "标题": 28, "公开内容（要素）": 36, "公开依据": 40,
                 "更新日期": 12, "网址": 40}


def export_title(domain: DomainSpec | None) -> str:
    return f"{domain.name}领域{CATALOG_TITLE}" if domain else CATALOG_TITLE


def catalog_records(catalog: Catalog, domains: tuple[Domain, ...]) -> list[dict[str, Any]]:
    """The rows of the domains' catalog tables, numbered per domain as on their pages; lists stay lists."""
    base_url = catalog.config.site.base_url or ""
    records = []
    for domain in domains:
        for number, row in enumerate(catalog_rows(domain), start=1):
            entry = row.entry
            record: dict[str, Any] = dict.fromkeys(COLUMNS)
            record.update({"序号": number, "试点领域": domain.spec.name, "一级事项": row.item_l1, "二级事项": row.item_l2})
            if entry:
                record.update({
                    "标题": entry.title, "公开内容（要素）": entry.content, "公开依据": list(entry.basis),
                    "公开时限": entry.time_limit, "公开主体": entry.publisher, "公开渠道和载体": list(entry.channels),
                    "公开对象": list(entry.audience), "公开方式": list(entry.mode), "公开层级": list(entry.level),
                    "更新日期": entry.updated, "网址": base_url + url_of(entry),
                })
            records.append(record)
    return records


def cell_text(column: str, value: Any) -> str:
    """A value as one spreadsheet cell: lists joined as on the catalog page, nothing as an empty cell."""
    if value is None:
        return ""
    if column in LIST_COLUMNS:
        return LIST_COLUMNS[column].join(value)
    return value.isoformat() if isinstance(value, date) else str(value)


def to_csv(records: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for record in records:
        cells = [cell_text(column, record[column]) for column in COLUMNS]
        writer.writerow(["'" + cell if cell.startswith(FORMULA_STARTS) else cell for cell in cells])
    return buffer.getvalue().encode("utf-8-sig")


def to_json(catalog: Catalog, title: str, records: list[dict[str, Any]], newest: date | None) -> bytes:
    data = {
        "标题": title,
        "发布机构": catalog.config.agency.name,
        "更新日期": newest.isoformat() if newest else None,
        "字段": list(COLUMNS),
        "条目": [{key: value.isoformat() if isinstance(value, date) else value for key, value in record.items()} for record in records],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def sheet_name(title: str) -> str:
    """Excel's limits: 31 characters, none of []:*?/\\, no apostrophe at either end."""
    return "".join(c for c in title if c not in "[]:*?/\\")[:31].strip("'") or CATALOG_TITLE


def to_xlsx(catalog: Catalog, title: str, records: list[dict[str, Any]], newest: date | None) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    # The file's creation time would otherwise be the build's: use the content's date.
    created = datetime.combine(newest or date(2000, 1, 1), datetime.min.time())
    workbook.set_properties({"title": title, "author": catalog.config.agency.name, "created": created})
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#F4F6F8", "border": 1})
    text = workbook.add_format({"text_wrap": True, "valign": "top"})
    day = workbook.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
    sheet = workbook.add_worksheet(sheet_name(title))
    for index, column in enumerate(COLUMNS):
        sheet.set_column(index, index, COLUMN_WIDTHS.get(column, 14))
        sheet.write_string(0, index, column, header)
    for row_index, record in enumerate(records, start=1):
        for index, column in enumerate(COLUMNS):
            value = record[column]
            if value is None:
                continue
            if isinstance(value, int):
                sheet.write_number(row_index, index, value, text)
            elif isinstance(value, date):
                sheet.write_datetime(row_index, index, datetime.combine(value, datetime.min.time()), day)
            else:
                sheet.write_string(row_index, index, cell_text(column, value), text)  # never a formula
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(records), len(COLUMNS) - 1)
    workbook.close()
    return buffer.getvalue()


def export_files(catalog: Catalog) -> dict[str, bytes]:
    """The whole catalog and each domain's part, in every format."""
    files: dict[str, bytes] = {}
    for domain in (None, *catalog.domains):
        domains = (domain,) if domain else catalog.domains
        records = catalog_records(catalog, domains)
        title = export_title(domain.spec if domain else None)
        newest = max((entry.updated for d in domains for entry in d.entries), default=None)
        slug = domain.spec.slug if domain else None
        files[export_url(slug, "csv")] = to_csv(records)
        files[export_url(slug, "json")] = to_json(catalog, title, records, newest)
        files[export_url(slug, "xlsx")] = to_xlsx(catalog, title, records, newest)
    return files
