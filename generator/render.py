"""Stage 5: planned pages → HTML through the theme's templates (Jinja only: a view in, bytes out)."""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateSyntaxError
from markupsafe import Markup

from .diagnostics import BuildFailed, Diagnostic
from .markdown import Body, convert_bodies
from .model import SiteConfig
from .plan import Page, last_updated, page_bodies, site_chrome, view_context
from .standard import (
    APPLICANT_COLUMNS,
    APPLICATION_RESULTS_LABEL,
    CATALOG_TITLE,
    COLUMN_TITLE,
    DECISION_ROWS,
    FEE_ROW,
    LEGAL_PERSON_COLUMNS,
    NORMATIVE_COLUMNS,
    NORMATIVE_ROWS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    chinese_ordinal,
)
from .urls import HOME_URL, STYLESHEET_URL, relative_url, url_of
from .write import write_into


def chinese_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def time_tag(value: date) -> Markup:
    """A date as readers see it, with the machine-readable form beside."""
    return Markup(f'<time datetime="{value.isoformat()}">{chinese_date(value)}</time>')


# Per process, by theme folders and the digest of their templates: templates are compiled once,
# not once per chunk of pages, and an edited template is never served from here.
ENVIRONMENTS: dict[tuple[tuple[Path, ...], str, str], Environment] = {}


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
    written, or the template errors met. HTML stays in the process that made it (it is kept
    nowhere, so every body of a page rendered is converted here).
    """
    config = job.config
    converted = list(convert_bodies([body for page in pages for body in page_bodies(page)], job.targets))
    results: list = [record for record, _ in converted]
    body_html = {record.key: html for record, html in converted}
    key = (job.theme_dirs, config.site.theme, job.templates_digest)
    if key not in ENVIRONMENTS:
        ENVIRONMENTS.clear()
        ENVIRONMENTS[key] = template_environment(job.theme_dirs, config.site.theme)
        ENVIRONMENTS[key].globals.update(job.helpers)
    try:
        for url, data in render_pages(config, pages, body_html, ENVIRONMENTS[key], job.file_sizes, job.shown_relative_to):
            results.append((url, write_into(job.staging, url, job.finish(url, data, config))))
    except BuildFailed as failure:
        results += failure.diagnostics
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
    return Diagnostic(shown, line or 1, f"模板错误：{template_problem(error)}")


def template_problem(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "无休止的递归：模板继承或包含了它自己，或宏调用自身而没有结束条件"
    return str(getattr(error, "message", None) or error) or type(error).__name__


def shown(context: dict[str, Any], body_html: Mapping[str, str]) -> dict[str, Any]:
    """A view's template variables with each body in it (where `page_bodies` finds them) as its HTML."""
    def html_of(value: Any) -> Any:
        return Markup(body_html[value.key]) if isinstance(value, Body) else value

    def with_html(value: Any) -> Any:
        if isinstance(value, list) and any(isinstance(pair, tuple) and any(isinstance(part, Body) for part in pair) for pair in value):
            return [tuple(html_of(part) for part in pair) for pair in value]
        return html_of(value)

    return {name: with_html(value) for name, value in context.items()}


def size_text(size: int) -> str:
    """A file's size as shown beside its download link."""
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} 字节"


def render_pages(config: SiteConfig, pages: Iterable[Page], body_html: Mapping[str, str], environment: Environment,
                 file_sizes: dict[str, int], shown_relative_to: tuple[Path, ...] = ()) -> Iterator[tuple[str, bytes]]:
    """Render the pages one at a time, so the whole site never sits in memory.

    What a template sees is the site's chrome, the page and its view (each body as its HTML, from
    `body_html` by body key), and the sizes of the files the page declares (`shows_sizes_of`). Template
    errors are collected and raised together, as BuildFailed, after the last page.
    """
    chromes = {agency.slug: view_context(site_chrome(config.for_agency(agency))) for agency in config.all_agencies}
    chromes[None] = view_context(site_chrome(config, portal=True))  # the portal's own pages
    problems: list[Diagnostic] = []
    for page in pages:
        shared = chromes[page.agency]
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
                                   stylesheet=href(STYLESHEET_URL), **shown(view_context(page.view), body_html))
        except Exception as error:  # noqa: BLE001 (whatever a site's template raises is that template's error)
            problem = template_diagnostic(error, shown_relative_to)
            if problem not in problems:
                problems.append(problem)
            continue
        yield page.url, html.encode("utf-8")
    if problems:
        raise BuildFailed(problems)
