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
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from . import xlsx
from .decisions import DECISIONS_TITLE, EXPORT_COLUMNS as DECISION_COLUMNS, EXPORT_WIDTHS as DECISION_WIDTHS, decision_links, decision_records
from .model import Catalog, Document, Domain, DomainSpec, Portal, Proposal, SiteConfig
from .plan import catalog_rows
from .urls import AgencyUrls, decisions_export, url_of
from .standard import CATALOG_TITLE, CLEANUP_GROUPS

COLUMNS = ("序号", "试点领域", "一级事项", "二级事项", "标题", "公开内容（要素）", "公开依据", "公开时限", "公开主体",
           "公开渠道和载体", "公开渠道（规范名称）", "公开对象", "公开方式", "公开层级", "更新日期", "网址")
# List columns and their CSV/XLSX separators. A mark group's value is a list of its marked options, or one text
# (未注明, 不适用, or NO_SUCH_COLUMN where the domain's table has no such group).
LIST_COLUMNS = {"公开依据": "；", "公开渠道（规范名称）": "、", "公开对象": "、", "公开方式": "、", "公开层级": "、", "会办单位": "、"}
NO_SUCH_COLUMN = "本目录未设此栏"
# A cell starting with one of these is a formula to Excel (CSV injection); the CSV prefixes it with '.
FORMULA_STARTS = ("=", "+", "-", "@")
COLUMN_WIDTHS = {"序号": 6, "试点领域": 12, "一级事项": 16, "二级事项": 16, "标题": 28, "公开内容（要素）": 36, "公开依据": 40,
                 "公开渠道和载体": 24, "更新日期": 12, "网址": 40}


def export_columns(config: SiteConfig) -> tuple[str, ...]:
    """The standard columns with every domain's extra columns before 更新日期: one set for the whole site,
    so that the domains' rows join into one table."""
    extras = tuple(dict.fromkeys(name for domain in config.agency.domains for name in domain.extra_columns))
    at = COLUMNS.index("更新日期")
    return COLUMNS[:at] + extras + COLUMNS[at:]


def export_title(domain: DomainSpec | None) -> str:
    return f"{domain.name}领域{CATALOG_TITLE}" if domain else CATALOG_TITLE


def catalog_records(catalog: Catalog, domains: tuple[Domain, ...]) -> list[dict[str, Any]]:
    """The rows of the domains' catalog tables, numbered as on their pages; lists stay lists."""
    base_url = catalog.config.site.base_url or ""
    columns = export_columns(catalog.config)
    records = []
    for domain in domains:
        for row in catalog_rows(domain):
            entry = row.entry
            record: dict[str, Any] = dict.fromkeys(columns)
            record.update({"序号": row.number or None, "试点领域": domain.spec.name, "一级事项": row.item_l1, "二级事项": row.item_l2})
            if entry:
                record.update({
                    "标题": entry.title, "公开内容（要素）": entry.content, "公开依据": list(entry.basis),
                    "公开时限": entry.time_limit, "公开主体": entry.publisher, "公开渠道和载体": entry.channels_text,
                    "公开渠道（规范名称）": list(entry.channels), **dict(entry.extras),
                    "更新日期": entry.updated, "网址": base_url + url_of(entry),
                })
                for group in domain.spec.mark_groups:
                    marks = getattr(entry, group.key)
                    record[group.title] = list(marks.chosen) if marks.chosen else marks.unstated or NO_SUCH_COLUMN
            records.append(record)
    return records


def cell_text(column: str, value: Any) -> str:
    """A value as one spreadsheet cell: lists joined as on the catalog page (by “；” where it has no list), nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_COLUMNS.get(column, "；").join(value)
    return value.isoformat() if isinstance(value, date) else str(value)


def csv_rows(records: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for record in records:
        cells = [cell_text(column, value) for column, value in record.items()]
        writer.writerow(["'" + cell if cell.startswith(FORMULA_STARTS) else cell for cell in cells])
    return buffer.getvalue()


def csv_header(columns: tuple[str, ...]) -> str:
    return ",".join(columns) + "\r\n"


def json_records(records: list[dict[str, Any]]) -> bytes:
    """The records as `to_json` prints them inside the list of 条目 (indented two levels), comma-separated."""
    texts = []
    for record in records:
        text = json.dumps({key: value.isoformat() if isinstance(value, date) else value for key, value in record.items()},
                          ensure_ascii=False, indent=2)
        texts.append("\n".join("    " + line for line in text.split("\n")))
    return ",\n".join(texts).encode("utf-8")


def to_json(catalog: Catalog, title: str, records: list[bytes], newest: date | None) -> bytes:
    """What json.dumps(indent=2) would print, with the records already printed by `json_records`."""
    head = json.dumps({
        "标题": title,
        "发布机构": catalog.config.agency.name,
        "更新日期": newest.isoformat() if newest else None,
        "字段": list(export_columns(catalog.config)),
    }, ensure_ascii=False, indent=2)
    printed = [part for part in records if part]
    listed = b"[\n" + b",\n".join(printed) + b"\n  ]" if printed else b"[]"
    return (head[:-2] + ',\n  "条目": ').encode("utf-8") + listed + b"\n}\n"


def sheet_name(title: str) -> str:
    """Excel's limits: 31 characters, none of []:*?/\\, no apostrophe at either end."""
    return "".join(c for c in title if c not in "[]:*?/\\")[:31].strip("'") or CATALOG_TITLE


def xlsx_rows(records: list[dict[str, Any]]) -> bytes:
    """Text cells stay text (never a formula); 更新日期 is a date."""
    return "".join(xlsx.row([value if value is None or isinstance(value, (int, date)) else cell_text(column, value)
                             for column, value in record.items()]) for record in records).encode("utf-8")


def to_xlsx(catalog: Catalog, title: str, rows: bytes, count: int, newest: date | None) -> bytes:
    columns = tuple((column, COLUMN_WIDTHS.get(column, 14)) for column in export_columns(catalog.config))
    workbook = xlsx.Workbook(title, catalog.config.agency.name, newest or date(2000, 1, 1), sheet_name(title), columns)
    return workbook.to_bytes(rows, count)


@dataclass(frozen=True)
class DomainRows:
    """One domain's rows in every format, encoded: made once per change of the domain, and joined for the
    whole catalog."""

    count: int
    csv: bytes
    json: bytes
    xlsx: bytes
    newest: date | None


def domain_rows(catalog: Catalog, domain: Domain) -> DomainRows:
    records = catalog_records(catalog, (domain,))
    newest = max((entry.updated for entry in domain.entries), default=None)
    return DomainRows(len(records), csv_rows(records).encode("utf-8"), json_records(records), xlsx_rows(records), newest)


def export_set(catalog: Catalog, domain: DomainSpec | None, rows: list[DomainRows]) -> dict[str, bytes]:
    """The three files of the whole catalog (`domain` None) or of one domain, from their domains' rows."""
    title = export_title(domain)
    slug = domain.slug if domain else None
    newest = max((part.newest for part in rows if part.newest), default=None)
    export_url = AgencyUrls(catalog.config.agency.slug).export
    return {
        export_url(slug, "csv"): csv_header(export_columns(catalog.config)).encode("utf-8-sig") + b"".join(part.csv for part in rows),
        export_url(slug, "json"): to_json(catalog, title, [part.json for part in rows], newest),
        export_url(slug, "xlsx"): to_xlsx(catalog, title, b"".join(part.xlsx for part in rows), sum(part.count for part in rows), newest),
    }


@dataclass(frozen=True)
class ExportSet:
    """The three files of the whole catalog or of one domain (or other tables), made only when asked: what
    they are made from is `source` (the Catalog, the Domain, or the Portal), so that a rebuild keeps the sets
    whose source is unchanged."""

    urls: tuple[str, ...]
    source: Catalog | Domain | Portal
    make: Callable[[], dict[str, bytes]]


def export_sets(catalog: Catalog, rows_of: Callable[[Domain], DomainRows] | None = None) -> list[ExportSet]:
    """The whole catalog and each domain's part, in every format. `rows_of` may take a domain's rows
    from a cache (see pipeline); by default they are made here."""
    rows = rows_of or (lambda domain: domain_rows(catalog, domain))
    urls = AgencyUrls(catalog.config.agency.slug)
    whole = ExportSet(urls.exports(None), catalog, lambda: export_set(catalog, None, [rows(domain) for domain in catalog.domains]))
    return [whole, *(ExportSet(urls.exports(domain.spec.slug), domain, lambda domain=domain: export_set(catalog, domain.spec, [rows(domain)]))
                     for domain in catalog.domains)]


# 建议提案复文 as open data: one row per reply, in list order (by kind, session, number).
PROPOSAL_COLUMNS = ("发布单位", "类别", "会议", "届", "次会议", "编号", "届次和编号", "标题", "领衔代表委员", "主办单位", "会办单位",
                    "办理结果", "答复日期", "发布日期", "公开形式", "网址")
PROPOSAL_WIDTHS = {"发布单位": 20, "类别": 12, "会议": 22, "届": 5, "次会议": 6, "编号": 6, "届次和编号": 26, "标题": 36,
                   "主办单位": 20, "会办单位": 24, "答复日期": 12, "发布日期": 12, "网址": 40}
PROPOSALS_EXPORT_TITLE = "建议提案复文"


def proposal_record(proposal: Proposal, publisher: str, base_url: str) -> dict[str, Any]:
    return {
        "发布单位": publisher, "类别": proposal.kind, "会议": proposal.session, "届": proposal.term, "次会议": proposal.meeting,
        "编号": proposal.number, "届次和编号": proposal.number_text, "标题": proposal.title, "领衔代表委员": proposal.proposer,
        "主办单位": proposal.lead_handler or publisher, "会办单位": list(proposal.co_handlers), "办理结果": proposal.result,
        "答复日期": proposal.replied, "发布日期": proposal.published, "公开形式": "摘要" if proposal.summary_only else "全文",
        "网址": base_url + url_of(proposal),
    }


def proposal_files(catalogs: tuple[Catalog, ...], urls: AgencyUrls, title: str, author: str) -> dict[str, bytes]:
    """The replies of `catalogs` (one agency's, or every agency's for the portal) as CSV, JSON and XLSX at `urls`."""
    base_url = catalogs[0].config.site.base_url or ""
    records = [proposal_record(p, c.config.agency.name, base_url) for c in catalogs for p in sorted(c.proposals, key=lambda p: p.order)]
    newest = max((record["发布日期"] for record in records), default=None)
    return table_files(urls.proposal_export, title, author, PROPOSAL_COLUMNS, PROPOSAL_WIDTHS, records, newest, items_name="复文")


def table_files(path: Callable[[str], str], title: str, author: str, columns: tuple[str, ...], widths: dict[str, float],
                records: list[dict[str, Any]], newest: date | None, items_name: str = "条目") -> dict[str, bytes]:
    """A table other than the catalog as CSV, JSON and XLSX (`path`: each file's address by its extension),
    written as the catalog's are; a list is one cell (its items joined as `LIST_COLUMNS` says, else by “；”).
    The JSON lists the rows under `items_name`."""
    head = {"标题": title, "发布机构": author, "更新日期": newest.isoformat() if newest else None, "字段": list(columns)}
    listed = [{key: value.isoformat() if isinstance(value, date) else value for key, value in record.items()} for record in records]
    workbook = xlsx.Workbook(title, author, newest or date(2000, 1, 1), sheet_name(title),
                             tuple((column, widths.get(column, 14)) for column in columns))
    return {
        path("csv"): csv_header(columns).encode("utf-8-sig") + csv_rows(records).encode("utf-8"),
        path("json"): (json.dumps({**head, items_name: listed}, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
        path("xlsx"): workbook.to_bytes(xlsx_rows(records), len(records)),
    }


def decision_exports(portal: Portal) -> dict[str, bytes]:
    """Each agency's 重大行政决策事项目录 as open data, and (in a portal) every agency's together at its root."""
    links = decision_links(portal.catalogs)
    names = {agency.slug: agency.name for agency in portal.config.all_agencies}
    base_url = portal.config.site.base_url or ""
    files: dict[str, bytes] = {}
    everything = []
    for catalog in portal.catalogs:
        if not catalog.decisions:
            continue
        agency = catalog.config.agency
        records = decision_records(catalog.decisions, names, links, base_url)
        everything += records
        newest = max(decision.updated for decision in catalog.decisions)
        files.update(table_files(lambda extension: decisions_export(agency.slug, extension), DECISIONS_TITLE, agency.name, DECISION_COLUMNS,
                                 DECISION_WIDTHS, records, newest))
    if everything and portal.config.is_cluster:
        newest = max(record["更新日期"] for record in everything)
        files.update(table_files(lambda extension: decisions_export("", extension), f"全区{DECISIONS_TITLE}", portal.config.site.sponsor, DECISION_COLUMNS,
                                 DECISION_WIDTHS, everything, newest))
    return files


GAZETTE_COLUMNS = ("公报名称", "年份", "期号", "总期号", "出版日期", "篇序", "文章标题", "索引号", "页码", "文章网址", "本期网址", "印刷版PDF")
GAZETTE_WIDTHS = {"公报名称": 20, "文章标题": 40, "索引号": 22, "出版日期": 12, "文章网址": 40, "本期网址": 40, "印刷版PDF": 40}


def gazette_records(catalog: Catalog) -> list[dict[str, Any]]:
    """One row per article of every issue, oldest issue first, as the issues' pages list them."""
    base_url = catalog.config.site.base_url or ""
    urls = AgencyUrls(catalog.config.agency.slug)
    records = []
    for issue in sorted(catalog.gazette, key=lambda i: (i.year, i.number)):
        for number, article in enumerate(issue.articles, start=1):
            article_url = url_of(article.document) if article.document else f"{url_of(issue)}#article-{number}" if article.body else None
            records.append({
                "公报名称": issue.name, "年份": issue.year, "期号": issue.number, "总期号": issue.total, "出版日期": issue.published,
                "篇序": number, "文章标题": article.title, "索引号": article.index_no, "页码": article.page,
                "文章网址": base_url + article_url if article_url else None, "本期网址": base_url + url_of(issue),
                "印刷版PDF": base_url + urls.gazette_pdf(issue),
            })
    return records


def gazette_files(catalog: Catalog) -> dict[str, bytes]:
    """The gazette's contents as CSV, JSON and XLSX (data/gazette.*), beside the catalog's open data."""
    if not catalog.gazette:
        return {}
    urls = AgencyUrls(catalog.config.agency.slug)
    newest = max(issue.published for issue in catalog.gazette)
    return table_files(urls.gazette_export, f"{catalog.gazette[0].name}目录", catalog.config.agency.name, GAZETTE_COLUMNS, GAZETTE_WIDTHS,
                       gazette_records(catalog), newest)


CLEANUP_COLUMNS = ("清理结果", "清理日期", "发布日期", "清理结论", "索引号", "文件标题", "文号", "发布机构", "清理结果网址", "文件网址")
CLEANUP_WIDTHS = {"清理结果": 36, "清理日期": 12, "发布日期": 12, "索引号": 22, "文件标题": 40, "文号": 20, "发布机构": 24,
                  "清理结果网址": 40, "文件网址": 40}


def cleanup_files(catalog: Catalog, by_index: dict[str, Document]) -> dict[str, bytes]:
    """An agency's 规范性文件清理结果 as CSV, JSON and XLSX (data/cleanups.*): one row per document each
    cleanup names, newest cleanup first, in the order of its groups; `by_index`: the site's documents."""
    if not catalog.cleanups:
        return {}
    base_url = catalog.config.site.base_url or ""
    titles = {key: title for key, title, _ in CLEANUP_GROUPS}
    records = []
    for cleanup in catalog.cleanups:
        for key, index_no, _ in cleanup.named():
            document = by_index.get(index_no)
            records.append({
                "清理结果": cleanup.title, "清理日期": cleanup.day, "发布日期": cleanup.published, "清理结论": titles[key],
                "索引号": index_no, "文件标题": document.title if document else None, "文号": document.doc_no if document else None,
                "发布机构": document.issuer if document else None, "清理结果网址": base_url + url_of(cleanup),
                "文件网址": base_url + url_of(document) if document else None,
            })
    newest = max(cleanup.published for cleanup in catalog.cleanups)
    return table_files(AgencyUrls(catalog.config.agency.slug).cleanup_export, "规范性文件清理结果", catalog.config.agency.name,
                       CLEANUP_COLUMNS, CLEANUP_WIDTHS, records, newest)
