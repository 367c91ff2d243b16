"""The page plan: every page of the site, each with the typed view its template renders.

Nothing here renders or writes; a view holds exactly what its template is given, which is
also what a page's fingerprint is made of (see fingerprint.py).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Iterator

from .annual_report import application_lines, compare_figures
from .catalog import standard_slots
from .markdown import Body
from .model import (
    Agency, AnnualReport, Catalog, Consultation, Document, Domain, DomainSpec, Entry, Guide, ReportSection, SiteConfig, SiteIdentity,
)
from .report import compliance_report
from .standard import ARTICLE_20_CATEGORIES, CATALOG_TITLE, COLUMN_PARTS, COLUMN_TITLE, PART_TITLES, VALIDITY_OPTIONS, chinese_ordinal
from .urls import (
    CATALOG_URL,
    COLUMN_URL,
    CONSULTATIONS_URL,
    COVERAGE_URL,
    HOME_URL,
    NORMATIVE_URL,
    SITE_MAP_URL,
    export_urls,
    part_url,
    url_of,
)

COVERAGE_TITLE = "目录覆盖情况"
CONSULTATIONS_TITLE = "征求意见"
NORMATIVE_TITLE = "行政规范性文件"
VALIDITY_NAMES = tuple(option.name for option in VALIDITY_OPTIONS)


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Update:
    """One line of the home page's 最近更新: any kind of published item."""

    title: str
    url: str
    day: date
    kind: str


@dataclass(frozen=True)
class CatalogRow:
    """A row of a domain's catalog table: every standard item appears, with or without an entry."""

    item_l1: str
    item_l2: str | None
    entry: Entry | None
    number: str  # the agency's 序号, else the entry's place among the entries; none for a gap row


def catalog_rows(domain: Domain) -> list[CatalogRow]:
    rows: list[CatalogRow] = []
    count = 0
    for item_l1, item_l2, entries in standard_slots(domain):
        if not entries:
            rows.append(CatalogRow(item_l1, item_l2, None, ""))
        for entry in entries:
            count += 1
            rows.append(CatalogRow(item_l1, entry.item_l2, entry, entry.seq or str(count)))
    return rows


def recent_updates(catalog: Catalog, domain_names: dict[str, str], limit: int = 10) -> list[Update]:
    column = catalog.column
    updates = [Update(e.title, url_of(e), e.updated, domain_names[e.domain]) for d in catalog.domains for e in d.entries]
    updates += [Update(d.title, url_of(d), d.published, PART_TITLES[d.part]) for d in column.rules + column.statutory]
    updates += [Update(r.title, url_of(r), r.published, PART_TITLES["annual_reports"]) for r in column.annual_reports]
    updates += [Update(c.title, url_of(c), c.published, CONSULTATIONS_TITLE) for c in catalog.consultations]
    updates.append(Update(column.guide.title, url_of(column.guide), column.guide.updated, PART_TITLES["guide"]))
    return sorted(updates, key=lambda u: (-u.day.toordinal(), u.url))[:limit]


def last_updated(domain: Domain) -> date | None:
    return max((entry.updated for entry in domain.entries), default=None)


@dataclass(frozen=True)
class Page:
    url: str
    template: str
    title: str
    trail: tuple[Link, ...]  # breadcrumbs from the home page down to the parent
    view: Any = None  # one of the views below: everything its template is given besides the page itself
    canonical: bool = True  # False for pages that stand for no address of their own (the 404 page)
    # Generated files whose sizes the page shows (its download links). A page's output depends on its
    # fields, its view and these sizes only: that is what lets a rebuild skip unchanged pages.
    shows_sizes_of: tuple[str, ...] = ()


def view_context(view: Any) -> dict[str, Any]:
    """A view's fields as template variables (shallow: items stay the model's own objects)."""
    return {field.name: getattr(view, field.name) for field in fields(view)} if view is not None else {}


@dataclass(frozen=True)
class SiteChrome:
    """What every page's template is given: the site's identity and its navigation."""

    site: SiteIdentity
    agency: Agency
    main_nav: tuple[Link, ...]
    column_nav: tuple[Link, ...]
    column_url: str
    catalog_url: str
    site_map_url: str
    coverage_url: str
    normative_url: str
    consultations_url: str | None


def site_chrome(config: SiteConfig) -> SiteChrome:
    return SiteChrome(
        site=config.site,
        agency=config.agency,
        main_nav=(Link("首页", HOME_URL), Link(COLUMN_TITLE, COLUMN_URL), Link(CATALOG_TITLE, CATALOG_URL)),
        column_nav=tuple(Link(part.title, part_url(part.key)) for part in COLUMN_PARTS),
        column_url=COLUMN_URL,
        catalog_url=CATALOG_URL,
        site_map_url=SITE_MAP_URL,
        coverage_url=COVERAGE_URL,
        normative_url=NORMATIVE_URL,
        consultations_url=CONSULTATIONS_URL if config.agency.consultations else None,
    )


# One view per kind of page; the field names are the names its template uses.
@dataclass(frozen=True)
class HomeView:
    catalog: Catalog
    recent: list[Update]
    entry_count: int


@dataclass(frozen=True)
class CatalogView:
    """Pages that list the whole catalog: the site map and the column's front page."""

    catalog: Catalog


@dataclass(frozen=True)
class CoverageView:
    catalog: Catalog
    report: Any  # report.ComplianceReport


@dataclass(frozen=True)
class DomainsView:
    catalog: Catalog
    entry_count: int


@dataclass(frozen=True)
class GuideView:
    guide: Guide
    body: Body


@dataclass(frozen=True)
class DocumentsView:
    documents: tuple[Document, ...]


@dataclass(frozen=True)
class StatutoryView:
    categories: list[dict[str, Any]]


@dataclass(frozen=True)
class ReportsView:
    reports: tuple[AnnualReport, ...]
    comparison: Any  # annual_report.compare_figures


@dataclass(frozen=True)
class DocumentView:
    document: Document
    body: Body
    policy: Document | None  # the policy it interprets
    interpretations: list[Document]
    entry: Entry | None  # the catalog entry it belongs to
    related_domain: DomainSpec | None


@dataclass(frozen=True)
class NormativeView:
    groups: list[tuple[str, list[Document]]]  # by validity


@dataclass(frozen=True)
class ConsultationsView:
    consultations: tuple[Consultation, ...]


@dataclass(frozen=True)
class ConsultationView:
    consultation: Consultation
    body: Body
    related_domain: DomainSpec | None
    adoption: Body | str  # "" until the period has ended


@dataclass(frozen=True)
class ReportView:
    report: AnnualReport
    preface: Body | str
    sections: list[tuple[ReportSection, Body]]
    applications: Any  # annual_report.application_lines
    comparison: Any
    previous: AnnualReport | None


@dataclass(frozen=True)
class DomainView:
    domain: Domain
    domain_spec: DomainSpec
    rows: list[CatalogRow]
    updated: date | None


@dataclass(frozen=True)
class EntryView:
    """The domain's spec, not the domain: an entry's page must not depend on its siblings."""

    domain_spec: DomainSpec
    entry: Entry
    body: Body
    documents: list[Document]


def plan_pages(catalog: Catalog, today: date) -> tuple[list[Page], list[Body]]:
    """Every page of the site, with what its template needs, and the bodies they show (not yet converted).

    `today` dates the compliance report page (the ages of entries and of the guide).
    """
    bodies: list[Body] = []

    def body(item: Any) -> Body:
        return section_html(item, ReportSection("", item.body, item.body_line))

    def section_html(item: Any, section: ReportSection) -> Body:
        bodies.append(Body(section.text, item.source.path, section.line, url_of(item)))
        return bodies[-1]

    column = catalog.column
    home = Link("首页", HOME_URL)
    column_link = Link(COLUMN_TITLE, COLUMN_URL)
    catalog_link = Link(CATALOG_TITLE, CATALOG_URL)
    parts = {key: Link(title, part_url(key)) for key, title in PART_TITLES.items()}
    entry_count = sum(len(domain.entries) for domain in catalog.domains)
    domain_names = {domain.spec.slug: domain.spec.name for domain in catalog.domains}

    pages = [
        Page(HOME_URL, "home.html", catalog.config.site.name, (),
             HomeView(catalog, recent_updates(catalog, domain_names), entry_count)),
        Page(SITE_MAP_URL, "sitemap.html", "网站地图", (home,), CatalogView(catalog)),
        Page(COVERAGE_URL, "coverage.html", COVERAGE_TITLE, (home, column_link),
             CoverageView(catalog, compliance_report(catalog, today))),
        Page(COLUMN_URL, "column.html", COLUMN_TITLE, (home,), CatalogView(catalog)),
        Page(url_of(column.guide), "guide.html", column.guide.title, (home, column_link),
             GuideView(column.guide, body(column.guide))),
        Page(part_url("rules"), "documents.html", PART_TITLES["rules"], (home, column_link), DocumentsView(column.rules)),
        Page(part_url("statutory"), "statutory.html", PART_TITLES["statutory"], (home, column_link),
             StatutoryView(statutory_categories(catalog))),
        Page(part_url("annual_reports"), "reports.html", PART_TITLES["annual_reports"], (home, column_link),
             ReportsView(column.annual_reports, compare_figures(column.annual_reports))),
        Page(CATALOG_URL, "domains.html", CATALOG_TITLE, (home,), DomainsView(catalog, entry_count),
             shows_sizes_of=export_urls(None)),
    ]
    by_index = {document.index_no: document for document in column.statutory}
    entries = {f"{entry.domain}/{entry.slug}": entry for domain in catalog.domains for entry in domain.entries}
    specs = {domain.spec.slug: domain.spec for domain in catalog.domains}
    documents_of: dict[str, list[Document]] = {}
    for document in column.statutory:
        documents_of.setdefault(document.entry or "", []).append(document)
    for document in column.rules + column.statutory:
        pages.append(Page(url_of(document), "document.html", document.title, (home, column_link, parts[document.part]), DocumentView(
            document=document,
            body=body(document),
            policy=by_index.get(document.interprets),
            interpretations=[d for d in column.statutory if document.index_no and d.interprets == document.index_no],
            entry=entries.get(document.entry),
            related_domain=specs.get(document.domain),
        )))
    normative = [d for d in column.statutory if d.category == 1 and not d.interprets]
    pages.append(Page(NORMATIVE_URL, "normative.html", NORMATIVE_TITLE, (home, column_link, parts["statutory"]), NormativeView(
        [(validity, [d for d in normative if d.validity_now == validity]) for validity in VALIDITY_NAMES],
    )))
    if catalog.config.agency.consultations:
        consultations_link = Link(CONSULTATIONS_TITLE, CONSULTATIONS_URL)
        pages.append(Page(CONSULTATIONS_URL, "consultations.html", CONSULTATIONS_TITLE, (home, column_link),
                          ConsultationsView(catalog.consultations)))
        for consultation in catalog.consultations:
            adoption = ReportSection("", consultation.adoption or "", consultation.adoption_line)
            closed = consultation.status == "已结束"  # the adoption report is not published before the period ends
            pages.append(Page(url_of(consultation), "consultation.html", consultation.title, (home, column_link, consultations_link), ConsultationView(
                consultation, body(consultation), specs.get(consultation.domain),
                adoption=section_html(consultation, adoption) if closed else "",
            )))
    reports = column.annual_reports
    for index, report in enumerate(reports):
        sections = [(section, section_html(report, section)) for section in report.sections]
        pages.append(Page(url_of(report), "report.html", report.title, (home, column_link, parts["annual_reports"]), ReportView(
            report=report,
            preface=section_html(report, report.preface) if report.preface else "",
            sections=sections,
            applications=application_lines(report),
            comparison=compare_figures(reports[index:index + 2]),
            previous=reports[index + 1] if index + 1 < len(reports) else None,
        )))
    for domain in catalog.domains:
        domain_link = Link(domain.spec.name, url_of(domain))
        pages.append(Page(url_of(domain), "domain.html", f"{domain.spec.name}领域{CATALOG_TITLE}", (home, catalog_link),
                          DomainView(domain, domain.spec, catalog_rows(domain), last_updated(domain)),
                          shows_sizes_of=export_urls(domain.spec.slug)))
        for entry in domain.entries:
            pages.append(Page(url_of(entry), "entry.html", entry.title, (home, catalog_link, domain_link), EntryView(
                domain.spec, entry, body(entry), documents_of.get(f"{entry.domain}/{entry.slug}", []),
            )))
    return pages, bodies


def statutory_categories(catalog: Catalog) -> list[dict[str, Any]]:
    """The 15 Article 20 categories, each with its documents and the pilot domains under it."""
    categories = []
    for number, name in enumerate(ARTICLE_20_CATEGORIES, start=1):
        related = {d.domain for d in catalog.column.statutory if d.category == number and d.domain}
        categories.append({
            "number": number,
            "ordinal": chinese_ordinal(number),
            "name": name,
            "documents": [d for d in catalog.column.statutory if d.category == number],
            "domains": [d for d in catalog.domains if number in d.spec.article20 or d.spec.slug in related],
        })
    return categories


# Per process, by theme folders and the digest of their templates: templates are compiled once,
# not once per chunk of pages, and an edited template is never served from here.
def page_bodies(page: Page) -> Iterator[Body]:
    """The bodies a page shows: `body`, `preface`, `adoption`, and those in `sections` (pairs)."""
    for value in view_context(page.view).values():
        if isinstance(value, Body):
            yield value
        elif isinstance(value, list):
            yield from (part for pair in value if isinstance(pair, tuple) for part in pair if isinstance(part, Body))
