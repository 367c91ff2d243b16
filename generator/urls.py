"""Every URL of the site: where each page and file is published, and links between them.

The one module that knows paths. Every link in the output is relative to the page it is on,
and points at a file (`…/index.html`, `….html`), so the same tree works from any host, from a
sub-path such as /gk/, and opened straight from disk (file://).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from .model import (
    Agency, AnnualReport, Cleanup, Consultation, Document, Domain, DomainSpec, Entry, GazetteIssue, Guide, MajorDecision, Portal, Proposal,
    ProposalStatement,
    SiteConfig,
)

# The site's own pages. Each agency's pages are these paths under its prefix (`agency_prefix`),
# so a one-agency site, whose agency has no slug, has them at the root.
HOME_URL = "index.html"
COLUMN_URL = "xxgk/index.html"
CATALOG_URL = "catalog/index.html"
SITE_MAP_URL = "sitemap.html"
COVERAGE_URL = "xxgk/coverage.html"
STYLESHEET_URL = "static/style.css"
CONSULTATIONS_DIR = "xxgk/consultations"
CONSULTATIONS_URL = f"{CONSULTATIONS_DIR}/index.html"
NORMATIVE_URL = "xxgk/statutory/normative.html"
PROPOSALS_DIR = "xxgk/proposals"  # 建议提案办理: the list by session, each reply, each year's 办理总体情况 (<year>.html)
PROPOSALS_URL = f"{PROPOSALS_DIR}/index.html"
DECISIONS_DIR = "xxgk/decisions"  # an agency's 重大行政决策事项目录: index.html, <year>.html, <decision slug>.html
CLEANUPS_DIR = "xxgk/cleanups"
CLEANUPS_URL = f"{CLEANUPS_DIR}/index.html"
GAZETTE_DIR = "xxgk/gazette"  # 政府公报: index.html, <year>/index.html, <year>/<number>.html, the PDFs beside the issues' files
PART_DIRS = {
    "guide": "xxgk/guide",
    "rules": "xxgk/rules",
    "statutory": "xxgk/statutory",
    "annual_reports": "xxgk/annual-reports",
}


# The portal's own pages, in a cluster: its indexes of agencies, the annual reports side by side, the coverage by agency.
DEPARTMENTS_URL = "bumen/index.html"
TOWNS_URL = "zhenjie/index.html"
ROLLUP_DIR = "nianbao"
AGENCY_COVERAGE_URL = "coverage/index.html"
PORTAL_PROPOSALS_URL = "jianyitian/index.html"  # every agency's replies by session
PORTAL_PROPOSALS_BY_AGENCY_URL = "jianyitian/danwei.html"  # … and by agency
PORTAL_DECISIONS_DIR = "juece"  # every agency's 重大行政决策事项目录, year by year
PORTAL_DECISIONS_URL = f"{PORTAL_DECISIONS_DIR}/index.html"
PORTAL_GAZETTE_URL = "gongbao/index.html"  # every agency's 政府公报, the district government's first, year by year


GROUP_URLS = {"部门信息公开": DEPARTMENTS_URL, "镇街信息公开": TOWNS_URL}  # the portal's indexes, by standard.AGENCY_GROUPS


def agency_prefix(agency: str) -> str:
    """Where an agency's pages are: under its slug, or at the root for the agency of a one-agency site."""
    return f"{agency}/" if agency else ""


def rollup_url(year: int) -> str:
    return f"{ROLLUP_DIR}/{year}.html"


def portal_decisions_url(year: int) -> str:
    return f"{PORTAL_DECISIONS_DIR}/{year}.html"


def decisions_export(agency: str, extension: str) -> str:
    """The 重大行政决策事项目录 as open data: an agency's, or (agency "") every agency's at the portal's root."""
    return f"{agency_prefix(agency)}data/decisions.{extension}"


# The output path of each kind of item. A dict by exact type rather than functools.singledispatch:
# every link of every page asks, and this is several times faster.
URLS: dict[type, Callable[[Any], str]] = {
    str: lambda item: item,
    Domain: lambda item: AgencyUrls(item.spec.agency).domain(item.spec.slug),
    DomainSpec: lambda item: AgencyUrls(item.agency).domain(item.slug),
    Entry: lambda item: f"{agency_prefix(item.agency)}catalog/{item.domain}/{item.slug}.html",
    Guide: lambda item: f"{agency_prefix(item.agency)}{PART_DIRS['guide']}/index.html",
    Document: lambda item: f"{agency_prefix(item.agency)}{PART_DIRS[item.part]}/{item.slug}.html",
    AnnualReport: lambda item: f"{agency_prefix(item.agency)}{PART_DIRS['annual_reports']}/{item.slug}.html",
    Consultation: lambda item: f"{agency_prefix(item.agency)}{CONSULTATIONS_DIR}/{item.slug}.html",
    Proposal: lambda item: f"{agency_prefix(item.agency)}{PROPOSALS_DIR}/{item.slug}.html",
    ProposalStatement: lambda item: AgencyUrls(item.agency).proposal_year(item.year),
    MajorDecision: lambda item: f"{agency_prefix(item.agency)}{DECISIONS_DIR}/{item.slug}.html",
    Cleanup: lambda item: f"{agency_prefix(item.agency)}{CLEANUPS_DIR}/{item.slug}.html",
    GazetteIssue: lambda item: f"{agency_prefix(item.agency)}{GAZETTE_DIR}/{item.year}/{item.number}.html",
}


def url_of(item: Any) -> str:
    maker = URLS.get(type(item))
    if maker is None:
        raise TypeError(f"no URL for {type(item).__name__}")
    return maker(item)


EXPORT_EXTENSIONS = ("xlsx", "csv", "json")
SITE_FEED_URL = "feeds/site.xml"


@dataclass(frozen=True)
class AgencyUrls:
    """The addresses of one agency's own pages and files."""

    agency: str  # its slug; "" for the agency of a one-agency site

    def of(self, path: str) -> str:
        return agency_prefix(self.agency) + path

    @property
    def home(self) -> str:
        return self.of(HOME_URL)

    @property
    def column(self) -> str:
        return self.of(COLUMN_URL)

    @property
    def catalog(self) -> str:
        return self.of(CATALOG_URL)

    @property
    def coverage(self) -> str:
        return self.of(COVERAGE_URL)

    @property
    def normative(self) -> str:
        return self.of(NORMATIVE_URL)

    @property
    def consultations(self) -> str:
        return self.of(CONSULTATIONS_URL)

    @property
    def proposals(self) -> str:
        return self.of(PROPOSALS_URL)

    def proposal_year(self, year: int) -> str:
        """The year's 建议提案办理总体情况."""
        return self.of(f"{PROPOSALS_DIR}/{year}.html")

    def proposal_export(self, extension: str) -> str:
        """The agency's replies as open data (the portal's, of every agency, for AgencyUrls(""))."""
        return self.of(f"data/proposals.{extension}")

    def proposal_exports(self) -> tuple[str, ...]:
        return tuple(self.proposal_export(extension) for extension in EXPORT_EXTENSIONS)

    @property
    def decisions(self) -> str:
        return self.of(f"{DECISIONS_DIR}/index.html")

    def decisions_year(self, year: int) -> str:
        return self.of(f"{DECISIONS_DIR}/{year}.html")

    @property
    def cleanups(self) -> str:
        return self.of(CLEANUPS_URL)

    @property
    def site_map(self) -> str:
        return self.of(SITE_MAP_URL)

    @property
    def gazette(self) -> str:
        return self.of(f"{GAZETTE_DIR}/index.html")

    def gazette_year(self, year: int) -> str:
        return self.of(f"{GAZETTE_DIR}/{year}/index.html")

    def gazette_pdf(self, issue: GazetteIssue) -> str:
        """The printed edition, published beside the issue's file (as every attachment is)."""
        return self.of(f"{GAZETTE_DIR}/{issue.pdf}")

    def cleanup_export(self, extension: str) -> str:
        """The agency's cleanup results as open data, one row per document named."""
        return self.of(f"data/cleanups.{extension}")

    def cleanup_exports(self) -> tuple[str, ...]:
        return tuple(self.cleanup_export(extension) for extension in EXPORT_EXTENSIONS)

    def gazette_export(self, extension: str) -> str:
        """The gazette's contents as open data, one row per article."""
        return self.of(f"data/gazette.{extension}")

    def gazette_exports(self) -> tuple[str, ...]:
        return tuple(self.gazette_export(extension) for extension in EXPORT_EXTENSIONS)

    def domain(self, domain_slug: str) -> str:
        return self.of(f"catalog/{domain_slug}/index.html")

    def part(self, part_key: str) -> str:
        return self.of(f"{PART_DIRS[part_key]}/index.html")

    def export(self, domain_slug: str | None, extension: str) -> str:
        """The catalog as open data: the whole of it, or one domain's part."""
        return self.of(f"data/domains/{domain_slug}.{extension}" if domain_slug else f"data/catalog.{extension}")

    def exports(self, domain_slug: str | None) -> tuple[str, ...]:
        return tuple(self.export(domain_slug, extension) for extension in EXPORT_EXTENSIONS)

    def feed(self, domain_slug: str | None = None) -> str:
        return self.of(f"feeds/domains/{domain_slug}.xml" if domain_slug else SITE_FEED_URL)


def page_dirs(agency: Agency) -> dict[str, str]:
    """Each of an agency's content folders (relative to content/) → the folder of the site its pages go to."""
    urls = AgencyUrls(agency.slug)
    dirs = {agency.column.folder_of(key): urls.of(folder) for key, folder in PART_DIRS.items()}
    if agency.consultations:
        dirs[agency.consultations] = urls.of(CONSULTATIONS_DIR)
    if agency.proposals:
        dirs[agency.proposals] = urls.of(PROPOSALS_DIR)
    if agency.decisions:
        dirs[agency.decisions] = urls.of(DECISIONS_DIR)
    if agency.cleanups:
        dirs[agency.cleanups] = urls.of(CLEANUPS_DIR)
    if agency.gazette:
        dirs[agency.gazette] = urls.of(GAZETTE_DIR)
    dirs.update({domain.folder: urls.of(f"catalog/{domain.slug}") for domain in agency.domains})
    return dirs


def asset_url(config: SiteConfig, relative: str) -> str:
    """Where a non-Markdown file from content/ is published: beside the pages of its folder."""
    for agency in config.all_agencies:
        for folder, page_dir in page_dirs(agency).items():
            if relative.startswith(f"{folder}/"):
                return f"{page_dir}/{relative[len(folder) + 1:]}"
    raise ValueError(f"no agency folder holds {relative}")


def relative_url(from_url: str, to_url: str) -> str:
    """Both are file paths from the site root without `..`; done by hand because every
    link of every page goes through here, and posixpath.relpath is fifteen times slower."""
    here, there = from_url.split("/")[:-1], to_url.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def unread_targets(config: SiteConfig, paths: list[str]) -> dict[str, str]:
    """`check --agency`: where the files of the agencies not read (paths relative to content/) would be published,
    so that links into them are accepted (a file named by an explicit `slug:` is counted under its file name)."""
    dirs = {folder: page_dir for agency in config.all_agencies for folder, page_dir in page_dirs(agency).items()}
    targets = {folder: f"{page_dir}/index.html" for folder, page_dir in dirs.items()}
    for path in paths:
        parent, _, name = path.rpartition("/")
        if parent in dirs:
            stem, dot, extension = name.rpartition(".")
            targets[path] = f"{dirs[parent]}/{stem}.html" if dot and extension in ("md", "yaml", "yml") else f"{dirs[parent]}/{name}"
    return targets


def content_targets(portal: Portal) -> dict[str, str]:
    """Output URL of every content file and folder, by its path relative to content/, for body links."""
    targets: dict[str, str] = {}
    for catalog in portal.catalogs:
        agency, column = catalog.config.agency, catalog.column
        items = [column.guide, *column.rules, *column.statutory, *column.annual_reports, *catalog.consultations]
        items += [*catalog.proposals, *catalog.proposal_statements]
        items += catalog.decisions
        items += catalog.cleanups
        items += catalog.gazette
        items += [entry for domain in catalog.domains for entry in domain.entries]
        targets.update({item.source.path.removeprefix("content/"): url_of(item) for item in items})
        targets.update({folder: f"{page_dir}/index.html" for folder, page_dir in page_dirs(agency).items()})
        targets.update({asset: asset_url(catalog.config, asset) for asset in catalog.assets})
    return targets


# The policy library (政策文件库): one for the whole site, at its root (a one-agency site's is its agency's).
LIBRARY_DIR = "zhengce"
LIBRARY_URL = f"{LIBRARY_DIR}/index.html"
LIBRARY_EXPORT_NAME = "zhengce"  # open data: zhengce/zhengce.csv, .json, .xlsx


def library_list_url(facet: str, key: str) -> str:
    """A pre-built list of the library (facet: agency, year or validity), for readers without JavaScript."""
    return f"{LIBRARY_DIR}/{facet}/{key}.html"


def library_exports() -> tuple[str, ...]:
    return tuple(f"{LIBRARY_DIR}/{LIBRARY_EXPORT_NAME}.{extension}" for extension in EXPORT_EXTENSIONS)
