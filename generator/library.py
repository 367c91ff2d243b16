"""The policy library (政策文件库): every agency's 规章, 行政规范性文件 and other policy documents in one place.

The seed asks for 规章、规范性文件等集中发布平台. A document is in the library when it has a kind
(Document.policy_kind, read by validate.policy_kind); its row says who issued it (each issuer of a joint
document), its year, 主题分类, 文种 and 有效性 as of the build, which are also the library's filters.
The same rows make the pre-built lists for readers without JavaScript and the library's open data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .exports import table_files
from .catalog import latest_cleanups
from .model import Cleanup, Document, Portal
from .plan import Link, Page
from .standard import CLEANUP_GROUPS, POLICY_KINDS, VALIDITY_OPTIONS
from .urls import HOME_URL, LIBRARY_DIR, LIBRARY_EXPORT_NAME, LIBRARY_URL, library_exports, library_list_url, url_of

LIBRARY_TITLE = "政策文件库"
NO_SUBJECT = "未分类"
# The pre-built lists' file names for each 有效性 (a URL keeps to ASCII, as every other of the site does).
VALIDITY_SLUGS = {"有效": "youxiao", "已修改": "yixiugai", "失效": "shixiao", "废止": "feizhi"}


@dataclass(frozen=True)
class LibraryRow:
    """One document of the library, with the values it is filtered by."""

    document: Document
    issuers: tuple[tuple[str, str], ...]  # (slug, name) of its issuers, the lead first (names, not Agency values: cheap to fingerprint)
    year: int  # of its 发布日期
    subject: str  # the first level of its 主题分类 (综合政务\政府法制 → 综合政务)
    cleanup: Cleanup | None  # the cleanup that decided its 有效性, if any

    @property
    def kind(self) -> str:
        return self.document.policy_kind or ""

    @property
    def validity(self) -> str:
        return self.document.validity_now

    @property
    def agency_slugs(self) -> str:
        return " ".join(slug for slug, _ in self.issuers)

    @property
    def issuer_names(self) -> str:
        return "、".join(name for _, name in self.issuers)


@dataclass(frozen=True)
class FacetOption:
    value: str  # what the filter compares (and the URL's query string holds)
    label: str
    count: int
    url: str | None = None  # its pre-built list, for the facets that have them


@dataclass(frozen=True)
class Facet:
    key: str  # the query-string parameter: agency, year, subject, kind, validity
    label: str
    options: tuple[FacetOption, ...]


@dataclass(frozen=True)
class Library:
    rows: tuple[LibraryRow, ...]  # newest first
    facets: tuple[Facet, ...]  # the filters; the agency filter only in a portal of several agencies

    def facet(self, key: str) -> Facet | None:
        return next((facet for facet in self.facets if facet.key == key), None)

    def lists(self) -> list[tuple[Facet, FacetOption, tuple[LibraryRow, ...]]]:
        """Every pre-built list (by agency, by year, by validity) with its rows."""
        return [(facet, option, tuple(row for row in self.rows if matches(row, facet.key, option.value)))
                for facet in self.facets for option in facet.options if option.url]


def matches(row: LibraryRow, key: str, value: str) -> bool:
    """What the filters of static/library.js compare, written once more for the pre-built lists."""
    if key == "agency":
        return value in row.agency_slugs.split()
    return str(getattr(row, key)) == value


def policy_library(portal: Portal) -> Library:
    agencies = {agency.slug: agency for agency in portal.config.all_agencies}
    documents = {id(d): d for catalog in portal.catalogs for d in catalog.column.statutory if d.policy_kind}.values()
    decided = latest_cleanups(cleanup for catalog in portal.catalogs for cleanup in catalog.cleanups)
    rows = tuple(
        LibraryRow(document, tuple((slug, agencies[slug].name) for slug in (document.issuers or (document.agency,))), document.published.year,
                   (document.subject or NO_SUBJECT).split("\\")[0].strip() or NO_SUBJECT,
                   decided.get(document.index_no) if document.cleanup_group else None)
        for document in sorted(documents, key=lambda d: (-d.published.toordinal(), d.title, url_of(d)))
    )

    def counted(key: str, values: list[tuple[str, str]], listed: bool) -> tuple[FacetOption, ...]:
        options = []
        for value, label in values:
            count = sum(matches(row, key, value) for row in rows)
            if count:
                slug = VALIDITY_SLUGS.get(value, value) if key == "validity" else value
                options.append(FacetOption(value, label, count, library_list_url(key, slug) if listed else None))
        return tuple(options)

    facets = []
    if portal.config.is_cluster:
        facets.append(Facet("agency", "发布机构", counted("agency", [(a.slug, a.name) for a in portal.config.agencies], True)))
    years = sorted({row.year for row in rows}, reverse=True)
    facets.append(Facet("year", "年份", counted("year", [(str(year), f"{year}年") for year in years], True)))
    subjects = sorted({row.subject for row in rows}, key=lambda s: (s == NO_SUBJECT, s))
    facets.append(Facet("subject", "主题分类", counted("subject", [(s, s) for s in subjects], False)))
    facets.append(Facet("kind", "文种", counted("kind", [(k, k) for k in POLICY_KINDS], False)))
    facets.append(Facet("validity", "有效性", counted("validity", [(o.name, o.name) for o in VALIDITY_OPTIONS], True)))
    return Library(rows, tuple(facets))


EXPORT_COLUMNS = ("标题", "文号", "索引号", "文种", "文种（原文）", "发布机构", "发文单位", "主题分类", "成文日期", "发布日期",
                  "有效性", "废止日期", "有效期至", "清理结果", "修改依据", "废止依据", "网址")
COLUMN_WIDTHS = {"标题": 40, "文号": 20, "索引号": 22, "发布机构": 24, "发文单位": 24, "主题分类": 24, "清理结果": 30, "网址": 40}


def export_records(library: Library, base_url: str) -> list[dict[str, Any]]:
    groups = {title: title for _, title, _ in CLEANUP_GROUPS}
    records = []
    for row in library.rows:
        document = row.document
        cleanup = f"{row.cleanup.title}：{groups[document.cleanup_group]}" if row.cleanup and document.cleanup_group else None
        records.append({
            "标题": document.title, "文号": document.doc_no, "索引号": document.index_no, "文种": row.kind,
            "文种（原文）": document.doc_type, "发布机构": document.issuer, "发文单位": row.issuer_names,
            "主题分类": document.subject, "成文日期": document.written, "发布日期": document.published, "有效性": row.validity,
            "废止日期": document.abolished, "有效期至": document.valid_until, "清理结果": cleanup,
            "修改依据": document.amended_by, "废止依据": document.repealed_by, "网址": base_url + url_of(document),
        })
    return records


def library_files(portal: Portal) -> dict[str, bytes]:
    """The library as open data, CSV (UTF-8 with BOM), JSON and XLSX, as the catalogs' exports are; dated by
    its newest document, so that two builds are byte-identical."""
    if not has_library(portal):
        return {}
    library = policy_library(portal)
    records = export_records(library, portal.config.site.base_url or "")
    newest = max((row.document.published for row in library.rows), default=None)
    widths = {column: COLUMN_WIDTHS.get(column, 12) for column in EXPORT_COLUMNS}
    return table_files(lambda extension: f"{LIBRARY_DIR}/{LIBRARY_EXPORT_NAME}.{extension}", LIBRARY_TITLE, portal.config.agency.name,
                       EXPORT_COLUMNS, widths, records, newest, items_name="文件")


@dataclass(frozen=True)
class LibraryView:
    library: Library
    cleanups: list[Cleanup]  # every agency's, newest first: the library links each
    exports: tuple[str, ...]


@dataclass(frozen=True)
class LibraryListView:
    """A pre-built list: the library's rows for one agency, one year or one validity."""

    facet: Facet
    option: FacetOption
    rows: tuple[LibraryRow, ...]
    facets: tuple[Facet, ...]  # for the links to the other lists (not the whole library: each page would carry it)


def has_library(portal: Portal) -> bool:
    """A portal has its library; a one-agency site once it has a policy document (so an agency that publishes
    none gets no empty column, and such a site builds as it did before the library existed)."""
    return portal.config.is_cluster or any(d.policy_kind for d in portal.own.column.statutory)


def library_pages(portal: Portal) -> list[Page]:
    """The library's page (every document, the filters) and its pre-built lists: the portal's own pages,
    or in a one-agency site its agency's."""
    if not has_library(portal):
        return []
    library = policy_library(portal)
    agency = None if portal.config.is_cluster else ""
    home = Link("首页", HOME_URL)
    trail = (home, Link(LIBRARY_TITLE, LIBRARY_URL))
    cleanups = sorted((c for catalog in portal.catalogs for c in catalog.cleanups), key=lambda c: (-c.day.toordinal(), url_of(c)))
    pages = [Page(LIBRARY_URL, "library.html", LIBRARY_TITLE, (home,), LibraryView(library, cleanups, library_exports()),
                  agency=agency, shows_sizes_of=library_exports())]
    for facet, option, rows in library.lists():
        title = f"{LIBRARY_TITLE}：{option.label}" if facet.key != "validity" else f"{LIBRARY_TITLE}：{option.label}的文件"
        pages.append(Page(option.url, "library_list.html", title, trail, LibraryListView(facet, option, rows, library.facets), agency=agency))
    return pages
