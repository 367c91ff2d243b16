"""Stage 4: the Catalog → a page per URL, rendered through the theme's templates.

Every link in the output is relative to the page it is on, and points at a file
(`…/index.html`, `….html`), so the same tree works from any host, from a
sub-path such as /gk/, and opened straight from disk (file://).
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError
from markupsafe import Markup

from .catalog import standard_slots
from .diagnostics import BuildFailed, Diagnostic
from .markdown import Body, convert_bodies
from .report import compliance_report
from .annual_report import application_lines, compare_figures
from .model import AnnualReport, Catalog, Consultation, Document, Domain, DomainSpec, Entry, Guide, ReportSection, SiteConfig
from .write import write_into
from .standard import (
    APPLICANT_COLUMNS,
    APPLICATION_RESULTS_LABEL,
    ARTICLE_20_CATEGORIES,
    DECISION_ROWS,
    FEE_ROW,
    LEGAL_PERSON_COLUMNS,
    NORMATIVE_COLUMNS,
    NORMATIVE_ROWS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    VALIDITY_OPTIONS,
    CATALOG_TITLE,
    COLUMN_PARTS,
    COLUMN_TITLE,
    PART_TITLES,
    chinese_ordinal,
)

HOME_URL = "index.html"
COLUMN_URL = "xxgk/index.html"
CATALOG_URL = "catalog/index.html"
SITE_MAP_URL = "sitemap.html"
COVERAGE_URL = "xxgk/coverage.html"
COVERAGE_TITLE = "目录覆盖情况"
VALIDITY_NAMES = tuple(option.name for option in VALIDITY_OPTIONS)
STYLESHEET_URL = "static/style.css"
CONSULTATIONS_DIR = "xxgk/consultations"
CONSULTATIONS_URL = f"{CONSULTATIONS_DIR}/index.html"
CONSULTATIONS_TITLE = "征求意见"
NORMATIVE_URL = "xxgk/statutory/normative.html"
NORMATIVE_TITLE = "行政规范性文件"
PART_DIRS = {
    "guide": "xxgk/guide",
    "rules": "xxgk/rules",
    "statutory": "xxgk/statutory",
    "annual_reports": "xxgk/annual-reports",
}


# The output path of each kind of item. A dict by exact type rather than functools.singledispatch:
# every link of every page asks, and this is several times faster.
URLS: dict[type, Callable[[Any], str]] = {
    str: lambda item: item,
    Domain: lambda item: f"catalog/{item.spec.slug}/index.html",
    DomainSpec: lambda item: f"catalog/{item.slug}/index.html",
    Entry: lambda item: f"catalog/{item.domain}/{item.slug}.html",
    Guide: lambda item: f"{PART_DIRS['guide']}/index.html",
    Document: lambda item: f"{PART_DIRS[item.part]}/{item.slug}.html",
    AnnualReport: lambda item: f"{PART_DIRS['annual_reports']}/{item.slug}.html",
    Consultation: lambda item: f"{CONSULTATIONS_DIR}/{item.slug}.html",
}


def url_of(item: Any) -> str:
    maker = URLS.get(type(item))
    if maker is None:
        raise TypeError(f"no URL for {type(item).__name__}")
    return maker(item)


def export_url(domain_slug: str | None, extension: str) -> str:
    """The catalog as open data: the whole of it, or one domain's part."""
    return f"data/domains/{domain_slug}.{extension}" if domain_slug else f"data/catalog.{extension}"


EXPORT_EXTENSIONS = ("xlsx", "csv", "json")


def export_urls(domain_slug: str | None) -> tuple[str, ...]:
    return tuple(export_url(domain_slug, extension) for extension in EXPORT_EXTENSIONS)


def part_url(part_key: str) -> str:
    return f"{PART_DIRS[part_key]}/index.html"


def asset_url(config: SiteConfig, relative: str) -> str:
    """Where a non-Markdown file from content/ is published: beside the pages of its folder."""
    folder, _, rest = relative.partition("/")
    for part in COLUMN_PARTS:
        if config.agency.column.folder_of(part.key) == folder:
            return f"{PART_DIRS[part.key]}/{rest}"
    if folder == config.agency.consultations:
        return f"{CONSULTATIONS_DIR}/{rest}"
    return f"catalog/{folder}/{rest}"


def relative_url(from_url: str, to_url: str) -> str:
    """Both are file paths from the site root without `..`; done by hand because every
    link of every page goes through here, and posixpath.relpath is fifteen times slower."""
    here, there = from_url.split("/")[:-1], to_url.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


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
    context: dict[str, Any] = field(default_factory=dict)
    canonical: bool = True  # False for pages that stand for no address of their own (the 404 page)
    # Generated files whose sizes the page shows (its download links). A page's output depends on its
    # fields, its context and these sizes only: that is what lets a rebuild skip unchanged pages.
    shows_sizes_of: tuple[str, ...] = ()


def chinese_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def time_tag(value: date) -> Markup:
    """A date as readers see it, with the machine-readable form beside."""
    return Markup(f'<time datetime="{value.isoformat()}">{chinese_date(value)}</time>')


def content_targets(catalog: Catalog) -> dict[str, str]:
    """Output URL of every content file and folder, by its path relative to content/, for body links."""
    column = catalog.column
    items = [column.guide, *column.rules, *column.statutory, *column.annual_reports, *catalog.consultations]
    items += [entry for domain in catalog.domains for entry in domain.entries]
    targets = {item.source.path.removeprefix("content/"): url_of(item) for item in items}
    targets.update({domain.spec.slug: url_of(domain) for domain in catalog.domains})
    targets.update({catalog.config.agency.column.folder_of(key): part_url(key) for key in PART_DIRS})
    if catalog.config.agency.consultations:
        targets[catalog.config.agency.consultations] = CONSULTATIONS_URL
    targets.update({asset: asset_url(catalog.config, asset) for asset in catalog.assets})
    return targets


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
             {"catalog": catalog, "recent": recent_updates(catalog, domain_names), "entry_count": entry_count}),
        Page(SITE_MAP_URL, "sitemap.html", "网站地图", (home,), {"catalog": catalog}),
        Page(COVERAGE_URL, "coverage.html", COVERAGE_TITLE, (home, column_link),
             {"catalog": catalog, "report": compliance_report(catalog, today)}),
        Page(COLUMN_URL, "column.html", COLUMN_TITLE, (home,), {"catalog": catalog}),
        Page(url_of(column.guide), "guide.html", column.guide.title, (home, column_link),
             {"guide": column.guide, "body": body(column.guide)}),
        Page(part_url("rules"), "documents.html", PART_TITLES["rules"], (home, column_link), {"documents": column.rules}),
        Page(part_url("statutory"), "statutory.html", PART_TITLES["statutory"], (home, column_link),
             {"categories": statutory_categories(catalog)}),
        Page(part_url("annual_reports"), "reports.html", PART_TITLES["annual_reports"], (home, column_link),
             {"reports": column.annual_reports, "comparison": compare_figures(column.annual_reports)}),
        Page(CATALOG_URL, "domains.html", CATALOG_TITLE, (home,), {"catalog": catalog, "entry_count": entry_count},
             shows_sizes_of=export_urls(None)),
    ]
    by_index = {document.index_no: document for document in column.statutory}
    entries = {f"{entry.domain}/{entry.slug}": entry for domain in catalog.domains for entry in domain.entries}
    specs = {domain.spec.slug: domain.spec for domain in catalog.domains}
    documents_of: dict[str, list[Document]] = {}
    for document in column.statutory:
        documents_of.setdefault(document.entry or "", []).append(document)
    for document in column.rules + column.statutory:
        pages.append(Page(url_of(document), "document.html", document.title, (home, column_link, parts[document.part]), {
            "document": document,
            "body": body(document),
            "policy": by_index.get(document.interprets),
            "interpretations": [d for d in column.statutory if document.index_no and d.interprets == document.index_no],
            "entry": entries.get(document.entry),
            "related_domain": specs.get(document.domain),
        }))
    normative = [d for d in column.statutory if d.category == 1 and not d.interprets]
    pages.append(Page(NORMATIVE_URL, "normative.html", NORMATIVE_TITLE, (home, column_link, parts["statutory"]), {
        "groups": [(validity, [d for d in normative if d.validity_now == validity]) for validity in VALIDITY_NAMES],
    }))
    if catalog.config.agency.consultations:
        consultations_link = Link(CONSULTATIONS_TITLE, CONSULTATIONS_URL)
        pages.append(Page(CONSULTATIONS_URL, "consultations.html", CONSULTATIONS_TITLE, (home, column_link),
                          {"consultations": catalog.consultations}))
        for consultation in catalog.consultations:
            adoption = ReportSection("", consultation.adoption or "", consultation.adoption_line)
            closed = consultation.status == "已结束"  # the adoption report is not published before the period ends
            pages.append(Page(url_of(consultation), "consultation.html", consultation.title, (home, column_link, consultations_link), {
                "consultation": consultation, "body": body(consultation), "related_domain": specs.get(consultation.domain),
                "adoption": section_html(consultation, adoption) if closed else "",
            }))
    reports = column.annual_reports
    for index, report in enumerate(reports):
        sections = [(section, section_html(report, section)) for section in report.sections]
        pages.append(Page(url_of(report), "report.html", report.title, (home, column_link, parts["annual_reports"]), {
            "report": report,
            "preface": section_html(report, report.preface) if report.preface else "",
            "sections": sections,
            "applications": application_lines(report),
            "comparison": compare_figures(reports[index:index + 2]),
            "previous": reports[index + 1] if index + 1 < len(reports) else None,
        }))
    for domain in catalog.domains:
        domain_link = Link(domain.spec.name, url_of(domain))
        pages.append(Page(url_of(domain), "domain.html", f"{domain.spec.name}领域{CATALOG_TITLE}", (home, catalog_link),
                          {"domain": domain, "domain_spec": domain.spec, "rows": catalog_rows(domain), "updated": last_updated(domain)},
                          shows_sizes_of=export_urls(domain.spec.slug)))
        for entry in domain.entries:
            # The domain's spec, not the domain: an entry's page must not depend on its siblings.
            pages.append(Page(url_of(entry), "entry.html", entry.title, (home, catalog_link, domain_link), {
                "domain_spec": domain.spec, "entry": entry, "body": body(entry),
                "documents": documents_of.get(f"{entry.domain}/{entry.slug}", []),
            }))
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
ENVIRONMENTS: dict[tuple[tuple[Path, ...], str, str], Environment] = {}


def page_bodies(page: Page) -> Iterator[Body]:
    """The bodies a page shows: `body`, `preface`, `adoption`, and those in `sections` (pairs)."""
    for value in page.context.values():
        if isinstance(value, Body):
            yield value
        elif isinstance(value, list):
            yield from (part for pair in value if isinstance(pair, tuple) for part in pair if isinstance(part, Body))


@dataclass(frozen=True)
class RenderJob:
    """What rendering a chunk of pages needs besides the pages (sent once per chunk to a worker)."""

    config: SiteConfig
    theme_dirs: tuple[Path, ...]
    templates_digest: str
    helpers: dict[str, Any]  # template globals of the outputs module
    file_sizes: dict[str, int]
    shown_relative_to: tuple[Path, ...]  # for template errors' paths
    targets: dict[str, str]  # where each content path is published, for links in bodies
    finish: Callable[[str, bytes, SiteConfig], bytes]  # a rendered page → the published file
    staging: Path  # where the pages are written


def render_chunk(pages: list[Page], job: RenderJob) -> list:
    """Convert the bodies and render some of the pages, and write them into the staging folder:
    in a worker process for a large site.

    Returns a BodyRecord for each body converted, then (url, (size, mtime_ns)) for each page
    written, or the template errors met. HTML stays in the process that made it.
    """
    config = job.config
    bodies = [body for page in pages for body in page_bodies(page) if body.html is None]
    convert_bodies(bodies, job.targets)
    results: list = [body.record for body in bodies]
    key = (job.theme_dirs, config.site.theme, job.templates_digest)
    if key not in ENVIRONMENTS:
        ENVIRONMENTS.clear()
        ENVIRONMENTS[key] = template_environment(job.theme_dirs, config.site.theme)
        ENVIRONMENTS[key].globals.update(job.helpers)
    try:
        for url, data in render_pages(config, pages, ENVIRONMENTS[key], job.file_sizes, job.shown_relative_to):
            results.append((url, write_into(job.staging, url, job.finish(url, data, config))))
    except BuildFailed as failure:
        results += failure.diagnostics
    for body in bodies:
        body.html = None  # rendered: when this runs in the build's own process, the HTML is not kept
    return results


def template_environment(theme_dirs: tuple[Path, ...], theme: str) -> Environment:
    """The site's theme first, then the default theme, so a site overrides only what it needs."""
    search = [folder / name / "templates" for name in dict.fromkeys((theme, "default")) for folder in theme_dirs]
    environment = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(path)) for path in search if path.is_dir()]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["time_tag"] = time_tag
    environment.filters["chinese_ordinal"] = chinese_ordinal
    environment.globals["last_updated"] = last_updated
    environment.globals.update(
        APPLICANT_COLUMNS=APPLICANT_COLUMNS,
        APPLICATION_RESULTS_LABEL=APPLICATION_RESULTS_LABEL,
        LEGAL_PERSON_COLUMNS=LEGAL_PERSON_COLUMNS,
        NORMATIVE_ROWS=NORMATIVE_ROWS,
        NORMATIVE_COLUMNS=NORMATIVE_COLUMNS,
        DECISION_ROWS=DECISION_ROWS,
        FEE_ROW=FEE_ROW,
        REVIEW_GROUPS=REVIEW_GROUPS,
        REVIEW_COLUMNS=REVIEW_COLUMNS,
        CATALOG_TITLE=CATALOG_TITLE,
        COLUMN_TITLE=COLUMN_TITLE,
    )
    return environment


def template_diagnostic(error: Exception, shown_relative_to: tuple[Path, ...]) -> Diagnostic:
    """Point at the template line that failed, as for content errors."""
    filename, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if not isinstance(error, TemplateSyntaxError):
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".html")]
        if frames:
            filename, line = frames[-1].filename, frames[-1].lineno
    shown = filename or "themes"
    for base in shown_relative_to:
        if filename and Path(filename).resolve().is_relative_to(base.resolve()):
            shown = Path(filename).resolve().relative_to(base.resolve()).as_posix()
            break
    return Diagnostic(shown, line or 1, f"模板错误：{getattr(error, 'message', None) or error}")


def size_text(size: int) -> str:
    """A file's size as shown beside its download link."""
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} 字节"


def render_pages(config: SiteConfig, pages: Iterable[Page], environment: Environment, file_sizes: dict[str, int],
                 shown_relative_to: tuple[Path, ...] = ()) -> Iterator[tuple[str, bytes]]:
    """Render the pages one at a time, so the whole site never sits in memory.

    What a template sees is the configuration, the page and its context, and the sizes of the
    files the page declares (`shows_sizes_of`). Template errors are collected and raised
    together, as BuildFailed, after the last page.
    """
    site = config.site
    main_nav = (Link("首页", HOME_URL), Link(COLUMN_TITLE, COLUMN_URL), Link(CATALOG_TITLE, CATALOG_URL))
    column_nav = tuple(Link(part.title, part_url(part.key)) for part in COLUMN_PARTS)
    shared = {"site": site, "agency": config.agency, "main_nav": main_nav,
              "column_nav": column_nav, "column_url": COLUMN_URL, "catalog_url": CATALOG_URL, "site_map_url": SITE_MAP_URL, "coverage_url": COVERAGE_URL,
              "normative_url": NORMATIVE_URL, "consultations_url": CONSULTATIONS_URL if config.agency.consultations else None}
    problems: list[Diagnostic] = []
    for page in pages:
        def href(target: Any, _from: str = page.url) -> str:
            return relative_url(_from, url_of(target))

        def current(target: Any, _page: Page = page) -> Markup:
            """aria-current for a navigation link: the page itself, or the section it is in."""
            url = url_of(target)
            if url == _page.url:
                return Markup(' aria-current="page"')
            if url != HOME_URL and url.endswith("/index.html") and _page.url.startswith(url[: -len("index.html")]):
                return Markup(' aria-current="true"')
            return Markup("")

        def file_size(url: str, _page: Page = page) -> str:
            if url not in _page.shows_sizes_of:
                raise KeyError(f"页面 {_page.url} 没有在 shows_sizes_of 中声明文件 {url}")
            return size_text(file_sizes[url])

        try:
            template = environment.get_template(page.template)
            html = template.render(shared, page=page, href=href, current=current, url_of=url_of, file_size=file_size,
                                   stylesheet=href(STYLESHEET_URL), **page.context)
        except (TemplateError, TypeError, AttributeError, KeyError, ValueError) as error:
            problem = template_diagnostic(error, shown_relative_to)
            if problem not in problems:
                problems.append(problem)
            continue
        yield page.url, html.encode("utf-8")
    if problems:
        raise BuildFailed(problems)
