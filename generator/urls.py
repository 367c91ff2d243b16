"""Every URL of the site: where each page and file is published, and links between them.

The one module that knows paths. Every link in the output is relative to the page it is on,
and points at a file (`…/index.html`, `….html`), so the same tree works from any host, from a
sub-path such as /gk/, and opened straight from disk (file://).
"""

from __future__ import annotations

from typing import Any, Callable

from .model import AnnualReport, Catalog, Consultation, Document, Domain, DomainSpec, Entry, Guide, SiteConfig
from .standard import COLUMN_PARTS

HOME_URL = "index.html"
COLUMN_URL = "xxgk/index.html"
CATALOG_URL = "catalog/index.html"
SITE_MAP_URL = "sitemap.html"
COVERAGE_URL = "xxgk/coverage.html"
STYLESHEET_URL = "static/style.css"
CONSULTATIONS_DIR = "xxgk/consultations"
CONSULTATIONS_URL = f"{CONSULTATIONS_DIR}/index.html"
NORMATIVE_URL = "xxgk/statutory/normative.html"
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
