"""The page plan: every page of the site, each with the typed view its template renders.

Nothing here renders or writes; a view holds exactly what its template is given, which is
also what a page's fingerprint is made of (see fingerprint.py).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field, fields
from datetime import date
from functools import cache
from typing import Any, Iterator

from .annual_report import application_lines, compare_figures
from .catalog import latest_cleanups, standard_slots
from .decisions import (
    DECISION_SECTION, DECISION_STAGE_NAMES, DECISIONS_TITLE, ChainStep, DecisionLinks, decision_chain, decision_links, decision_years,
)
from .schema import normalize
from .gazette import issue_years, published_in
from .markdown import Body
from .model import (
    Agency, AnnualReport, Catalog, Cleanup, Consultation, Document, Domain, DomainSpec, Entry, GazetteArticle, GazetteIssue, Graphic,
    Guide, MajorDecision, Portal, ReportSection, SiteConfig, SiteIdentity, Proposal,
)
from .proposals import PROPOSALS_TITLE, RESULT_CLASSES, YearFigures, proposal_years, sessions, year_figures
from .portal import AgencySummary, Rollup, agency_summaries, report_years, rollup
from .report import compliance_report
from .standard import (
    ARTICLE_20_CATEGORIES, CATALOG_TITLE, CLEANUP_GROUPS, COLUMN_PARTS, COLUMN_TITLE, DEPARTMENTS_GROUP, GOVERNMENT_GROUP, PART_TITLES, TOWNS_GROUP,
    VALIDITY_OPTIONS, GAZETTE_TITLE, PORTAL_KIND,
    chinese_ordinal,
)
from .urls import (
    AGENCY_COVERAGE_URL, DEPARTMENTS_URL, HOME_URL, LIBRARY_URL, PORTAL_DECISIONS_URL, PORTAL_GAZETTE_URL, PORTAL_PROPOSALS_BY_AGENCY_URL,
    PORTAL_PROPOSALS_URL, SITE_MAP_URL, TOWNS_URL, AgencyUrls, decisions_export, portal_decisions_url, rollup_url, url_of,
)

COVERAGE_TITLE = "目录覆盖情况"
CONSULTATIONS_TITLE = "征求意见"
CLEANUPS_TITLE = "规范性文件清理结果"
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


def recent_updates(catalog: Catalog, limit: int = 10) -> list[Update]:
    """The `limit` newest of the agency's items, newest first (on the same day by address). Addresses are
    made only for the items dated on or after the limit-th newest day: the rest cannot be among them."""
    column = catalog.column
    dated = [(e, e.updated, d.spec.name) for d in catalog.domains for e in d.entries]
    dated += [(d, d.published, PART_TITLES[d.part]) for d in column.rules + column.statutory]
    dated += [(r, r.published, PART_TITLES["annual_reports"]) for r in column.annual_reports]
    dated += [(c, c.published, CONSULTATIONS_TITLE) for c in catalog.consultations]
    dated += [(p, p.published, PROPOSALS_TITLE) for p in catalog.proposals]
    dated += [(d, d.updated, DECISION_SECTION) for d in catalog.decisions]
    dated += [(c, c.published, CLEANUPS_TITLE) for c in catalog.cleanups]
    dated += [(i, i.published, GAZETTE_TITLE) for i in catalog.gazette]
    dated.append((column.guide, column.guide.updated, PART_TITLES["guide"]))
    cutoff = heapq.nlargest(limit, (day for _, day, _ in dated))[-1]  # the guide is always there
    updates = [Update(item.title, url_of(item), day, section) for item, day, section in dated if day >= cutoff]
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
    agency: str | None = None  # the slug of the agency whose page it is ("" in a one-agency site); None: the portal's own
    # Generated files whose sizes the page shows (its download links). A page's output depends on its
    # fields, its view and these sizes only: that is what lets a rebuild skip unchanged pages.
    shows_sizes_of: tuple[str, ...] = ()


def view_context(view: Any) -> dict[str, Any]:
    """A view's fields as template variables (shallow: items stay the model's own objects)."""
    return {name: getattr(view, name) for name in field_names(type(view))} if view is not None else {}


@cache
def field_names(view_type: type) -> tuple[str, ...]:
    """Asked for every page several times a build: dataclasses.fields() is slow."""
    return tuple(field.name for field in fields(view_type))


def derived() -> Any:
    """A view field that is a function of the view's other fields (say, a domain's table rows of the
    domain): a page's fingerprint leaves it out, since those fields already stand for it."""
    return field(metadata={"derived": True})


@cache
def source_field_names(view_type: type) -> tuple[str, ...]:
    """The fields a page's fingerprint is made of: all but the derived ones."""
    return tuple(field.name for field in fields(view_type) if not field.metadata.get("derived"))


@dataclass(frozen=True)
class SiteChrome:
    """What every page's template is given: the site's identity and its navigation (of the agency
    whose page it is; a cluster's portal pages get the portal's)."""

    site: SiteIdentity
    agency: Agency
    urls: AgencyUrls
    main_nav: tuple[Link, ...]
    column_nav: tuple[Link, ...]
    column_url: str
    catalog_url: str
    site_map_url: str
    coverage_url: str
    normative_url: str
    consultations_url: str | None
    cluster: bool = False
    proposals_url: str | None = None
    decisions_url: str | None = None  # the agency's 重大行政决策事项目录, once it has one
    gazette_url: str | None = None  # the agency's 政府公报, once it has issues


PORTAL_NAV = (Link("部门信息公开", DEPARTMENTS_URL), Link("镇街信息公开", TOWNS_URL), Link("目录覆盖情况", AGENCY_COVERAGE_URL),
              Link("政策文件库", LIBRARY_URL))


def site_chrome(config: SiteConfig, portal: bool = False) -> SiteChrome:
    """An agency's chrome; `portal`: the chrome of a cluster's own pages (home, indexes, search)."""
    agency = config.agency
    urls = AgencyUrls(agency.slug)
    if not config.is_cluster:
        main_nav: tuple[Link, ...] = (Link("首页", HOME_URL), Link(COLUMN_TITLE, urls.column), Link(CATALOG_TITLE, urls.catalog))
    elif portal:
        main_nav = (Link("首页", HOME_URL), *PORTAL_NAV)
    else:
        main_nav = (Link("首页", HOME_URL), Link(agency.name, urls.home), Link(COLUMN_TITLE, urls.column), Link(CATALOG_TITLE, urls.catalog))
    return SiteChrome(
        site=config.site,
        agency=agency,
        urls=AgencyUrls("") if portal else urls,  # a cluster's portal pages offer the feed of everything
        main_nav=main_nav,
        column_nav=tuple(Link(part.title, urls.part(part.key)) for part in COLUMN_PARTS),
        column_url=urls.column,
        catalog_url=urls.catalog,
        site_map_url=SITE_MAP_URL if portal or not config.is_cluster else urls.site_map,
        coverage_url=urls.coverage,
        normative_url=urls.normative,
        consultations_url=urls.consultations if agency.consultations else None,
        cluster=config.is_cluster,
        proposals_url=urls.proposals if agency.proposals else None,
        decisions_url=urls.decisions if agency.decisions and not portal else None,
        gazette_url=urls.gazette if agency.gazette else None,
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
    decision: MajorDecision | None = None  # the major decision it adopted, evaluates or interprets
    changes: PolicyChanges | None = None  # what amended or repealed it, and what it amended or repealed
    printed_in: tuple[GazetteIssue, ...] = ()  # the gazette issues that printed it (刊登于…)
    questions: list[tuple[str, Body]] = field(default_factory=list)  # an interpretation's 简明问答 (question, answer)
    graphics: list[tuple[Graphic, Body]] = field(default_factory=list)  # a 图解's images, each with its text version
    transcript: Body | str = ""  # a 新闻发布会's or 吹风会's 文字实录


@dataclass(frozen=True)
class PolicyChanges:
    """The links between a document and the documents (and cleanup) that changed it, each declared once:
    by the changed document's 修改依据 / 废止依据, or by the cleanup that names it."""

    cleanup: Cleanup | None  # the cleanup that decided its 有效性
    amended_by: Document | None
    repealed_by: Document | None
    amends: tuple[Document, ...]  # the documents whose 修改依据 names it
    repeals: tuple[Document, ...]

    @property
    def any(self) -> bool:
        return bool(self.cleanup or self.amended_by or self.repealed_by or self.amends or self.repeals)


def later_changes(documents: tuple[Document, ...]) -> dict[tuple[str, str], tuple[Document, ...]]:
    """(amended_by or repealed_by, 索引号) → the documents that name it so: what each document amended or repealed."""
    named: dict[tuple[str, str], list[Document]] = {}
    for document in documents:
        for key in ("amended_by", "repealed_by"):
            if getattr(document, key):
                named.setdefault((key, getattr(document, key)), []).append(document)
    return {key: tuple(found) for key, found in named.items()}


def policy_changes(document: Document, by_index: dict[str, Document], changed: dict[tuple[str, str], tuple[Document, ...]],
                   decided: dict[str, Cleanup]) -> PolicyChanges | None:
    """`changed`: later_changes of the site's documents; `decided`: catalog.latest_cleanups."""
    index_no = document.index_no
    if index_no is None:
        return None
    changes = PolicyChanges(
        decided.get(index_no) if document.cleanup_group else None,
        by_index.get(document.amended_by) if document.amended_by else None,
        by_index.get(document.repealed_by) if document.repealed_by else None,
        changed.get(("amended_by", index_no), ()),
        changed.get(("repealed_by", index_no), ()),
    )
    return changes if changes.any else None


@dataclass(frozen=True)
class CleanupsView:
    cleanups: tuple[Cleanup, ...]


@dataclass(frozen=True)
class CleanupView:
    cleanup: Cleanup
    body: Body
    groups: list[tuple[str, list[tuple[str, Document | None]]]]  # (heading, its (索引号, document)); None: of an agency not read


@dataclass(frozen=True)
class NormativeView:
    groups: list[tuple[str, list[Document]]]  # by validity


@dataclass(frozen=True)
class GazetteView:
    """The archive of an agency's gazette since its first issue: by year, each year's issues."""

    name: str
    years: list[tuple[int, list[GazetteIssue]]]  # newest year first


@dataclass(frozen=True)
class PortalGazette:
    """One agency's gazette on the portal's 政府公报 page."""

    agency: Agency
    name: str
    url: str  # its archive
    years: list[tuple[int, str, list[GazetteIssue]]]  # (year, the year's page, its issues in number order), newest year first


@dataclass(frozen=True)
class PortalGazetteView:
    gazettes: list[PortalGazette]  # the district government's first, then the others in the portal's order


@dataclass(frozen=True)
class GazetteYearView:
    year: int
    issues: list[GazetteIssue]  # in number order
    years: list[int]  # every year of the archive, newest first


@dataclass(frozen=True)
class GazetteIssueView:
    issue: GazetteIssue
    body: Body
    articles: list[tuple[GazetteArticle, Body | str]]  # each with its text of its own, if it has one
    pdf_url: str
    previous: GazetteIssue | None
    following: GazetteIssue | None


@dataclass(frozen=True)
class ConsultationsView:
    consultations: tuple[Consultation, ...]


@dataclass(frozen=True)
class ConsultationView:
    consultation: Consultation
    body: Body
    related_domain: DomainSpec | None
    adoption: Body | str  # "" until the period has ended
    decision: MajorDecision | None = None  # the major decision whose draft it put out for comment


@dataclass(frozen=True)
class ProposalsView:
    """An agency's replies by session, and its years' 办理总体情况."""

    sessions: list[tuple[str, list[Proposal]]]
    years: list[int]
    classes: dict[str, tuple[str, str]]


@dataclass(frozen=True)
class ProposalView:
    proposal: Proposal
    body: Body
    lead: tuple[str, str | None]  # 主办单位: its name as written, and its page when it is one of the site's agencies
    co_handlers: list[tuple[str, str | None]]  # 会办单位, the same way
    result_class: tuple[str, str]  # its class's name and text
    year_url: str


@dataclass(frozen=True)
class ProposalYearView:
    figures: YearFigures
    text: Body | str  # the statement's 总体情况, "" without one
    proposals: list[Proposal]  # the year's replies, in list order
    classes: dict[str, tuple[str, str]]
    years: list[int]


@dataclass(frozen=True)
class PortalProposalsView:
    """Every agency's replies: by session (`sessions`), or agency by agency (`agencies`)."""

    sessions: list[tuple[str, list[Proposal]]]
    agencies: list[tuple[Agency, str, list[Proposal], list[tuple[int, str]]]]  # with replies: its list, replies, (year, its page)
    names: dict[str, str]  # agency slug → name, shown beside each reply of the list by session
    by_agency: bool


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
    domain_spec: DomainSpec = derived()
    rows: list[CatalogRow] = derived()  # catalog_rows(domain)
    updated: date | None = derived()  # last_updated(domain)


@dataclass(frozen=True)
class EntryView:
    """The domain's spec, not the domain: an entry's page must not depend on its siblings."""

    domain_spec: DomainSpec
    entry: Entry
    body: Body
    documents: list[Document]


@dataclass(frozen=True)
class DecisionYear:
    """A line of the index of a 重大行政决策事项目录: one year's catalog, its size and its decisions by stage."""

    year: int
    url: str
    count: int
    stages: tuple[tuple[str, int], ...]  # the stages that have decisions, in order


@dataclass(frozen=True)
class DecisionYearsView:
    years: list[DecisionYear]
    exports: tuple[str, ...]  # the whole catalog as open data


@dataclass(frozen=True)
class DecisionRow:
    number: int  # its place in its agency's catalog of the year
    decision: MajorDecision
    steps: tuple[ChainStep, ...]


@dataclass(frozen=True)
class DecisionCatalogView:
    """One year's catalog: an agency's (one group), or every agency's at the portal (a group each)."""

    year: int
    groups: list[tuple[Agency, str, list[DecisionRow]]]  # (agency, its catalog of the year, its rows)
    years: list[tuple[int, str]]  # every year's catalog, for the links to the others
    exports: tuple[str, ...]


@dataclass(frozen=True)
class DecisionView:
    decision: MajorDecision
    body: Body
    steps: tuple[ChainStep, ...]
    year_url: str


@dataclass(frozen=True)
class PortalHomeView:
    groups: list[tuple[str, str, list[AgencySummary]]]  # (title, index url, agencies) for the government, departments, towns
    recent: list[Update]
    years: list[int]  # of the annual-report roll-ups, newest first
    proposals_url: str | None = None  # the portal's 建议提案办理 page, once an agency has a reply
    decisions_url: str | None = None  # every agency's 重大行政决策事项目录, once there are decisions
    gazette_url: str | None = None  # every agency's 政府公报, once one has an issue


@dataclass(frozen=True)
class AgencyIndexView:
    summaries: list[AgencySummary]


@dataclass(frozen=True)
class RollupView:
    rollup: Rollup
    years: list[int]


@dataclass(frozen=True)
class AgencyCoverageView:
    summaries: list[AgencySummary]
    domains: tuple[DomainSpec, ...]  # every pilot domain of the site, for the table's columns
    today: date


@dataclass(frozen=True)
class PortalMapView:
    summaries: list[AgencySummary]
    years: list[int]
    proposals_url: str | None = None
    decisions_url: str | None = None
    gazette_url: str | None = None


def plan_pages(portal: Portal, today: date) -> tuple[list[Page], list[Body]]:
    """Every page of the site, with what its template needs, and the bodies they show (not yet converted):
    each agency's pages, then (in a cluster) the portal's own.

    `today` dates the compliance reports (the ages of entries and of the guides).
    """
    pages: list[Page] = []
    bodies: list[Body] = []
    decided = latest_cleanups(cleanup for catalog in portal.catalogs for cleanup in catalog.cleanups)
    if not portal.config.is_cluster:
        plan_agency(portal.own, today, (), disclosure_documents(portal), pages, bodies, decided=decided)
        return pages, bodies
    printed = published_in(portal.catalogs)
    home = Link("首页", HOME_URL)
    summaries = agency_summaries(portal)
    documents = disclosure_documents(portal)
    links = decision_links(portal.catalogs)
    for catalog, summary in zip(portal.catalogs, summaries):
        plan_agency(catalog, today, (home, Link(summary.group_title, summary.group_url)), documents, pages, bodies, links, decided, printed)
    pages += plan_portal(portal, summaries, today)
    pages += plan_portal_decisions(portal, links)
    pages += plan_portal_gazette(portal)
    return pages, bodies


def plan_portal(portal: Portal, summaries: list[AgencySummary], today: date) -> list[Page]:
    """A cluster's own pages: its home, the indexes of departments and of towns, the annual reports of
    every agency side by side for each year, the coverage of the standard directories by agency."""
    home = Link("首页", HOME_URL)
    departments, towns, government = ([s for s in summaries if s.group_title == group]
                                      for group in (DEPARTMENTS_GROUP, TOWNS_GROUP, GOVERNMENT_GROUP))
    years = report_years(portal)
    decisions_url = PORTAL_DECISIONS_URL if any(catalog.decisions for catalog in portal.catalogs) else None
    newest = {u.url: u for catalog in portal.catalogs for u in recent_updates(catalog)}  # a joint document once
    recent = sorted(newest.values(), key=lambda u: (-u.day.toordinal(), u.url))[:12]
    groups = [(title, url, group) for title, url, group in (
        ("区人民政府", government[0].home_url if government else "", government),
        ("部门信息公开", DEPARTMENTS_URL, departments),
        ("镇街信息公开", TOWNS_URL, towns),
    ) if group]
    proposals_url = PORTAL_PROPOSALS_URL if any(catalog.proposals for catalog in portal.catalogs) else None
    gazette_url = PORTAL_GAZETTE_URL if any(catalog.gazette for catalog in portal.catalogs) else None
    pages = [
        Page(HOME_URL, "portal_home.html", portal.config.site.name, (),
             PortalHomeView(groups, recent, years, proposals_url, decisions_url, gazette_url)),
        Page(DEPARTMENTS_URL, "agencies.html", "部门信息公开", (home,), AgencyIndexView(departments)),
        Page(TOWNS_URL, "agencies.html", "镇街信息公开", (home,), AgencyIndexView(towns)),
        Page(AGENCY_COVERAGE_URL, "agency_coverage.html", "各单位目录覆盖情况", (home,),
             AgencyCoverageView(summaries, portal.config.domains, today)),
        Page(SITE_MAP_URL, "portal_sitemap.html", "网站地图", (home,), PortalMapView(summaries, years, proposals_url, decisions_url, gazette_url)),
    ]
    if proposals_url:
        pages += portal_proposal_pages(portal)
    for year in years:
        pages.append(Page(rollup_url(year), "rollup.html", f"{year}年政府信息公开工作年度报告汇总", (home,),
                          RollupView(rollup(portal, year), years)))
    return pages


def portal_proposal_pages(portal: Portal) -> list[Page]:
    """建议提案办理 of the whole district: every agency's replies by session, and by agency."""
    home = Link("首页", HOME_URL)
    everything = [p for catalog in portal.catalogs for p in catalog.proposals]
    names = {agency.slug: agency.name for agency in portal.config.all_agencies}
    agencies = []
    for catalog in portal.catalogs:
        urls = AgencyUrls(catalog.config.agency.slug)
        years = proposal_years(catalog.proposals, catalog.proposal_statements)
        if catalog.proposals:
            agencies.append((catalog.config.agency, urls.proposals, list(catalog.proposals), [(y, urls.proposal_year(y)) for y in years]))
    title = f"{PROPOSALS_TITLE}（按届次）"
    by_session = Link(title, PORTAL_PROPOSALS_URL)
    exports = AgencyUrls("").proposal_exports()
    return [
        Page(PORTAL_PROPOSALS_URL, "portal_proposals.html", title, (home,),
             PortalProposalsView(sessions(everything), agencies, names, False), shows_sizes_of=exports),
        Page(PORTAL_PROPOSALS_BY_AGENCY_URL, "portal_proposals.html", f"{PROPOSALS_TITLE}（按单位）", (home, by_session),
             PortalProposalsView([], agencies, names, True), shows_sizes_of=exports),
    ]


def plan_proposals(catalog: Catalog, trail: tuple[Link, ...], page: Any, body: Any, section_html: Any) -> None:
    """An agency's 建议提案办理: its list by session, each reply's page, each year's 办理总体情况."""
    agency = catalog.config.agency
    urls = AgencyUrls(agency.slug)
    link = Link(PROPOSALS_TITLE, urls.proposals)
    years = proposal_years(catalog.proposals, catalog.proposal_statements)
    page(urls.proposals, "proposals.html", PROPOSALS_TITLE, trail, ProposalsView(sessions(list(catalog.proposals)), years, RESULT_CLASSES),
         shows_sizes_of=urls.proposal_exports())
    agencies = {normalize(a.name): a for a in catalog.config.all_agencies if a.slug} | {a.slug: a for a in catalog.config.agencies}

    def handler(name: str) -> tuple[str, str | None]:
        found = agencies.get(normalize(name)) or agencies.get(name)
        if found is None:
            return name, None
        return name, AgencyUrls(found.slug).proposals if found.proposals else AgencyUrls(found.slug).home

    for proposal in catalog.proposals:
        page(url_of(proposal), "proposal.html", proposal.title, trail + (link,), ProposalView(
            proposal, body(proposal), handler(proposal.lead_handler or agency.name), [handler(name) for name in proposal.co_handlers],
            RESULT_CLASSES[proposal.result], urls.proposal_year(proposal.replied.year)))
    statements = {statement.year: statement for statement in catalog.proposal_statements}
    for year in years:
        statement = statements.get(year)
        text = section_html(statement, ReportSection("", statement.text, statement.text_line)) if statement and statement.text else ""
        page(urls.proposal_year(year), "proposal_year.html", f"{year}年{PROPOSALS_TITLE}总体情况", trail + (link,), ProposalYearView(
            year_figures(catalog.proposals, year, statement), text, [p for p in catalog.proposals if p.replied.year == year],
            RESULT_CLASSES, years))
def exports_of(agency: str) -> tuple[str, ...]:
    return tuple(decisions_export(agency, extension) for extension in ("xlsx", "csv", "json"))


def decision_year_lines(decisions: tuple[MajorDecision, ...], year_url: Any) -> list[DecisionYear]:
    lines = []
    for year in decision_years(decisions):
        of_year = [d for d in decisions if d.year == year]
        stages = tuple((stage, count) for stage in DECISION_STAGE_NAMES if (count := sum(d.stage == stage for d in of_year)))
        lines.append(DecisionYear(year, year_url(year), len(of_year), stages))
    return lines


def decision_rows(decisions: tuple[MajorDecision, ...], year: int, links: DecisionLinks) -> list[DecisionRow]:
    of_year = [d for d in decisions if d.year == year]
    return [DecisionRow(number, d, decision_chain(d, links)) for number, d in enumerate(of_year, start=1)]


def plan_portal_decisions(portal: Portal, links: DecisionLinks) -> list[Page]:
    """At the portal's root, every agency's 重大行政决策事项目录 of each year on one page, and their index."""
    catalogs = [catalog for catalog in portal.catalogs if catalog.decisions]
    if not catalogs:
        return []
    home = Link("首页", HOME_URL)
    everything = tuple(d for catalog in catalogs for d in catalog.decisions)
    years = decision_years(everything)
    year_links = [(year, portal_decisions_url(year)) for year in years]
    title = f"全区{DECISIONS_TITLE}"
    pages = [Page(PORTAL_DECISIONS_URL, "decision_years.html", title, (home,),
                  DecisionYearsView(decision_year_lines(everything, portal_decisions_url), exports_of("")), shows_sizes_of=exports_of(""))]
    for year, url in year_links:
        groups = [(catalog.config.agency, AgencyUrls(catalog.config.agency.slug).decisions_year(year), rows)
                  for catalog in catalogs if (rows := decision_rows(catalog.decisions, year, links))]
        pages.append(Page(url, "decision_catalog.html", f"{year}年全区{DECISIONS_TITLE}", (home, Link(title, PORTAL_DECISIONS_URL)),
                          DecisionCatalogView(year, groups, year_links, exports_of("")), shows_sizes_of=exports_of("")))
    return pages


def plan_portal_gazette(portal: Portal) -> list[Page]:
    """At the portal's root, every agency's gazette by year (the district government's, the main one, first),
    each linking to its own archive; none while no agency has an issue."""
    catalogs = sorted((catalog for catalog in portal.catalogs if catalog.gazette), key=lambda c: c.config.agency.kind != PORTAL_KIND)
    if not catalogs:
        return []
    gazettes = []
    for catalog in catalogs:
        urls = AgencyUrls(catalog.config.agency.slug)
        years = [(year, urls.gazette_year(year), issues) for year, issues in issue_years(catalog.gazette)]
        gazettes.append(PortalGazette(catalog.config.agency, catalog.gazette[0].name, urls.gazette, years))
    return [Page(PORTAL_GAZETTE_URL, "portal_gazette.html", GAZETTE_TITLE, (Link("首页", HOME_URL),), PortalGazetteView(gazettes))]


def disclosure_documents(portal: Portal) -> tuple[Document, ...]:
    """Every agency's disclosure documents, each once: a policy and its interpretations may be different agencies'."""
    return tuple({id(d): d for catalog in portal.catalogs for d in catalog.column.statutory}.values())


def plan_agency(catalog: Catalog, today: date, above: tuple[Link, ...], documents: tuple[Document, ...], pages: list[Page],
                bodies: list[Body], links: DecisionLinks | None = None, decided: dict[str, Cleanup] | None = None,
                printed: dict[str, tuple[GazetteIssue, ...]] | None = None) -> None:
    """One agency's pages (into `pages`) and the bodies they show (into `bodies`); `above`: the links
    above its home page in the breadcrumbs (none in a one-agency site, whose agency's home is the site's);
    `documents`: the site's disclosure documents, for the policies and interpretations its documents name;
    `links`: every major decision's consultation and documents (decisions.py), for the pages of both;
    `decided`: the cleanup that stands for each 索引号 (catalog.latest_cleanups);
    `printed`: the gazette issues that printed each document, by 索引号 (gazette.published_in)."""
    agency = catalog.config.agency
    links = links or decision_links((catalog,))
    urls = AgencyUrls(agency.slug)

    def body(item: Any) -> Body:
        return section_html(item, ReportSection("", item.body, item.body_line))

    def section_html(item: Any, section: ReportSection) -> Body:
        bodies.append(Body(section.text, item.source.path, section.line, url_of(item)))
        return bodies[-1]

    column = catalog.column
    home = Link(agency.name if agency.slug else "首页", urls.home)
    column_link = Link(COLUMN_TITLE, urls.column)
    catalog_link = Link(CATALOG_TITLE, urls.catalog)
    parts = {key: Link(title, urls.part(key)) for key, title in PART_TITLES.items()}
    entry_count = sum(len(domain.entries) for domain in catalog.domains)

    def page(url: str, template: str, title: str, trail: tuple[Link, ...], view: Any, **more: Any) -> None:
        pages.append(Page(url, template, title, above + trail, view, agency=agency.slug, **more))

    page(urls.home, "home.html", agency.name if agency.slug else catalog.config.site.name, (),
         HomeView(catalog, recent_updates(catalog), entry_count))
    page(urls.site_map, "sitemap.html", "网站地图", (home,), CatalogView(catalog))
    page(urls.coverage, "coverage.html", COVERAGE_TITLE, (home, column_link), CoverageView(catalog, compliance_report(catalog, today)))
    page(urls.column, "column.html", COLUMN_TITLE, (home,), CatalogView(catalog))
    page(url_of(column.guide), "guide.html", column.guide.title, (home, column_link), GuideView(column.guide, body(column.guide)))
    page(urls.part("rules"), "documents.html", PART_TITLES["rules"], (home, column_link), DocumentsView(column.rules))
    page(urls.part("statutory"), "statutory.html", PART_TITLES["statutory"], (home, column_link), StatutoryView(statutory_categories(catalog)))
    page(urls.part("annual_reports"), "reports.html", PART_TITLES["annual_reports"], (home, column_link),
         ReportsView(column.annual_reports, compare_figures(column.annual_reports)))
    page(urls.catalog, "domains.html", CATALOG_TITLE, (home,), DomainsView(catalog, entry_count), shows_sizes_of=urls.exports(None))
    by_index = {document.index_no: document for document in documents}
    changed = later_changes(documents)
    entries = {f"{entry.domain}/{entry.slug}": entry for domain in catalog.domains for entry in domain.entries}
    specs = {domain.spec.slug: domain.spec for domain in catalog.domains}
    documents_of: dict[str, list[Document]] = {}
    for document in column.statutory:
        documents_of.setdefault(document.entry or "", []).append(document)
    interpretations_of: dict[str, list[Document]] = {}  # by the 索引号 they interpret, in `documents` order
    for document in documents:
        if document.interprets:
            interpretations_of.setdefault(document.interprets, []).append(document)
    for document in column.rules + column.statutory:
        if document.agency != agency.slug:
            continue  # a joint document's page is its lead agency's
        page(url_of(document), "document.html", document.title, (home, column_link, parts[document.part]), DocumentView(
            document=document,
            body=body(document),
            policy=by_index.get(document.interprets),
            interpretations=list(interpretations_of.get(document.index_no or "", ())),
            entry=entries.get(document.entry),
            related_domain=specs.get(document.domain),
            decision=links.decision_of(document),
            changes=policy_changes(document, by_index, changed, decided or {}),
            printed_in=(printed or {}).get(document.index_no or "", ()),
            **interpretation_parts(document, section_html),
        ))
    normative = [d for d in column.statutory if d.category == 1 and not d.interprets]
    page(urls.normative, "normative.html", NORMATIVE_TITLE, (home, column_link, parts["statutory"]), NormativeView(
        [(validity, [d for d in normative if d.validity_now == validity]) for validity in VALIDITY_NAMES],
    ))
    if agency.consultations:
        consultations_link = Link(CONSULTATIONS_TITLE, urls.consultations)
        page(urls.consultations, "consultations.html", CONSULTATIONS_TITLE, (home, column_link), ConsultationsView(catalog.consultations))
        for consultation in catalog.consultations:
            adoption = ReportSection("", consultation.adoption or "", consultation.adoption_line)
            closed = consultation.status == "已结束"  # the adoption report is not published before the period ends
            page(url_of(consultation), "consultation.html", consultation.title, (home, column_link, consultations_link), ConsultationView(
                consultation, body(consultation), specs.get(consultation.domain),
                adoption=section_html(consultation, adoption) if closed else "",
                decision=links.decision_of(consultation),
            ))
    if agency.proposals:
        plan_proposals(catalog, (home, column_link), page, body, section_html)
    if agency.decisions:
        decisions_link = Link(DECISIONS_TITLE, urls.decisions)
        years = decision_years(catalog.decisions)
        year_links = [(year, urls.decisions_year(year)) for year in years]
        page(urls.decisions, "decision_years.html", DECISIONS_TITLE, (home, column_link),
             DecisionYearsView(decision_year_lines(catalog.decisions, urls.decisions_year), exports_of(agency.slug)),
             shows_sizes_of=exports_of(agency.slug))
        for year, year_url in year_links:
            rows = decision_rows(catalog.decisions, year, links)
            page(year_url, "decision_catalog.html", f"{year}年{DECISIONS_TITLE}", (home, column_link, decisions_link),
                 DecisionCatalogView(year, [(agency, year_url, rows)], year_links, exports_of(agency.slug)),
                 shows_sizes_of=exports_of(agency.slug))
            for row in rows:
                decision = row.decision
                page(url_of(decision), "decision.html", decision.title,
                     (home, column_link, decisions_link, Link(f"{year}年", year_url)),
                     DecisionView(decision, body(decision), row.steps, year_url))
    if agency.cleanups:
        plan_cleanups(catalog, by_index, (home, column_link), page, body)
    if agency.gazette and catalog.gazette:  # none valid: the build has errors and publishes nothing
        plan_gazette(catalog, (home, column_link), page, body, section_html)
    reports = column.annual_reports
    for index, report in enumerate(reports):
        sections = [(section, section_html(report, section)) for section in report.sections]
        page(url_of(report), "report.html", report.title, (home, column_link, parts["annual_reports"]), ReportView(
            report=report,
            preface=section_html(report, report.preface) if report.preface else "",
            sections=sections,
            applications=application_lines(report),
            comparison=compare_figures(reports[index:index + 2]),
            previous=reports[index + 1] if index + 1 < len(reports) else None,
        ))
    for domain in catalog.domains:
        domain_link = Link(domain.spec.name, url_of(domain))
        page(url_of(domain), "domain.html", f"{domain.spec.name}领域{CATALOG_TITLE}", (home, catalog_link),
             DomainView(domain, domain.spec, catalog_rows(domain), last_updated(domain)), shows_sizes_of=urls.exports(domain.spec.slug))
        for entry in domain.entries:
            page(url_of(entry), "entry.html", entry.title, (home, catalog_link, domain_link), EntryView(
                domain.spec, entry, body(entry), documents_of.get(f"{entry.domain}/{entry.slug}", []),
            ))


def plan_cleanups(catalog: Catalog, by_index: dict[str, Document], trail: tuple[Link, ...], page: Any, body: Any) -> None:
    """An agency's 规范性文件清理结果: the list, and each cleanup with its four groups."""
    urls = AgencyUrls(catalog.config.agency.slug)
    page(urls.cleanups, "cleanups.html", CLEANUPS_TITLE, trail, CleanupsView(catalog.cleanups), shows_sizes_of=urls.cleanup_exports())
    for cleanup in catalog.cleanups:
        groups = dict(cleanup.groups)
        page(url_of(cleanup), "cleanup.html", cleanup.title, (*trail, Link(CLEANUPS_TITLE, urls.cleanups)), CleanupView(
            cleanup, body(cleanup),
            [(title, [(index_no, by_index.get(index_no)) for index_no, _ in groups[key]]) for key, title, _ in CLEANUP_GROUPS],
        ))
def interpretation_parts(document: Document, section_html: Any) -> dict[str, Any]:
    """The bodies of an interpretation's form (answers, the text versions of images, the transcript) for its DocumentView."""
    parts = document.interpretation
    if parts is None:
        return {}
    return {
        "questions": [(pair.question, section_html(document, ReportSection("", pair.answer, pair.answer_line))) for pair in parts.questions],
        "graphics": [(graphic, section_html(document, ReportSection("", graphic.text, graphic.text_line))) for graphic in parts.graphics],
        "transcript": section_html(document, ReportSection("", parts.transcript, parts.transcript_line)) if parts.transcript else "",
    }


def plan_gazette(catalog: Catalog, trail: tuple[Link, ...], page: Any, body: Any, section_html: Any) -> None:
    """The gazette's archive: its index (every year), each year's issues, each issue with its contents."""
    urls = AgencyUrls(catalog.config.agency.slug)
    issues = catalog.gazette
    name = issues[0].name
    years = issue_years(issues)
    page(urls.gazette, "gazette.html", name, trail, GazetteView(name, years), shows_sizes_of=urls.gazette_exports())
    gazette_link = Link(name, urls.gazette)
    in_order = [issue for _, found in reversed(years) for issue in found]
    for year, found in years:
        year_link = Link(f"{year}年", urls.gazette_year(year))
        page(urls.gazette_year(year), "gazette_year.html", f"{name}{year}年", (*trail, gazette_link),
             GazetteYearView(year, found, [y for y, _ in years]))
        for issue in found:
            at = in_order.index(issue)
            articles = [(article, section_html(issue, ReportSection("", article.body, article.body_line)) if article.body else "")
                        for article in issue.articles]
            page(url_of(issue), "gazette_issue.html", f"{name}{issue.label}", (*trail, gazette_link, year_link), GazetteIssueView(
                issue, body(issue), articles, urls.gazette_pdf(issue),
                in_order[at - 1] if at else None, in_order[at + 1] if at + 1 < len(in_order) else None,
            ))


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


def page_bodies(page: Page) -> Iterator[Body]:
    """The bodies a page shows: `body`, `preface`, `adoption`, and those in `sections` (pairs)."""
    for value in view_context(page.view).values():
        if isinstance(value, Body):
            yield value
        elif isinstance(value, list):
            yield from (part for pair in value if isinstance(pair, tuple) for part in pair if isinstance(part, Body))
