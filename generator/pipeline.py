"""The build, stage by stage: load → validate → catalog → render → write.

Everything is read and checked before anything is rendered, and nothing is
written unless the whole input is valid.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from itertools import chain
from pathlib import Path
from typing import Callable, Iterator

from .catalog import assemble_catalog, content_folders
from .config import load_config
from .diagnostics import BuildFailed, Diagnostic, has_errors, promote_warnings, sort_diagnostics
from .load import load_content
from .model import Catalog, SiteConfig
from .outputs import extra_files, extra_pages, finish_pages, template_helpers
from .render import STYLESHEET_URL, Page, asset_url, plan_pages, render_pages, template_environment
from .write import OutputRefused, write_site

BUILTIN_THEMES = Path(__file__).resolve().parent.parent / "themes"


class UsageError(Exception):
    """A command-line choice that cannot work (not a content problem)."""


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    output: Path
    base_url: str | None = None  # overrides catalog.yaml
    strict: bool = False  # warnings are errors
    today: date = field(default_factory=lambda: build_date())  # fixed by --today for reproducible builds


@dataclass(frozen=True)
class CheckedSite:
    """Everything read, validated and planned; what `build` renders and `check` reports."""

    catalog: Catalog
    pages: list[Page]
    copies: dict[str, Path]
    warnings: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class BuildResult:
    pages: int
    files: int
    warnings: tuple[Diagnostic, ...]
    seconds: float


def build_date() -> date:
    """Today, or the day of SOURCE_DATE_EPOCH (the reproducible-builds convention) when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


def theme_dirs(root: Path) -> tuple[Path, ...]:
    """A site's own themes/ first, then the themes that ship with the generator."""
    return tuple(dict.fromkeys((root.resolve() / "themes", BUILTIN_THEMES)))


def load_catalog(options: BuildOptions) -> tuple[Catalog, list[Diagnostic]]:
    """Read and validate the whole site; raises BuildFailed with every problem."""
    config, diagnostics = load_config(options.root, theme_dirs(options.root))
    if config is None:
        raise BuildFailed(diagnostics)
    if options.base_url is not None:
        config = replace(config, site=replace(config.site, base_url=options.base_url))
    loaded = load_content(options.root, content_folders(config))
    if not loaded.complete:
        raise BuildFailed(loaded.diagnostics)
    catalog, diagnostics = assemble_catalog(config, loaded, options.today)
    if options.strict:
        diagnostics = promote_warnings(diagnostics)
    if catalog is None or has_errors(diagnostics):
        raise BuildFailed(diagnostics)
    return catalog, diagnostics


def static_files(config: SiteConfig, root: Path, assets: tuple[str, ...]) -> dict[str, Path]:
    """Theme static files (the site's theme over the default) and content attachments."""
    copies: dict[str, Path] = {}
    for name in ("default", config.site.theme):
        for folder in reversed(theme_dirs(root)):
            static = folder / name / "static"
            if static.is_dir():
                for path in sorted(p for p in static.rglob("*") if p.is_file()):
                    copies[f"static/{path.relative_to(static).as_posix()}"] = path
    for relative in assets:
        copies[asset_url(config, relative)] = root / "content" / relative
    return copies


def output_clashes(pages: list[Page], copies: dict[str, Path], root: Path) -> list[Diagnostic]:
    """A copied file must not take the place of a page (e.g. an attachment named like an entry's page)."""
    page_urls = {page.url for page in pages}
    clashes = []
    for url, source in sorted(copies.items()):
        if url in page_urls:
            shown = source.resolve().relative_to(root.resolve()).as_posix() if source.resolve().is_relative_to(root.resolve()) else str(source)
            clashes.append(Diagnostic(shown, 1, f"此文件发布后的位置 {url} 与一个页面相同；请给文件改名"))
    return clashes


def check_output(options: BuildOptions) -> None:
    root, output = options.root.resolve(), options.output.resolve()
    if root == output or root.is_relative_to(output):
        raise UsageError(f"输出文件夹 {output} 不能是网站文件夹本身或其上级")
    for protected in ("content", "themes"):
        if output.is_relative_to(root / protected):
            raise UsageError(f"输出文件夹不能放在 {protected}/ 里")


def check_site(options: BuildOptions) -> CheckedSite:
    """Read and check everything a build would, and write nothing; raises BuildFailed."""
    catalog, diagnostics = load_catalog(options)
    pages, problems = plan_pages(catalog, options.today)
    pages += extra_pages()
    copies = static_files(catalog.config, options.root, catalog.assets)
    if STYLESHEET_URL not in copies:
        raise UsageError(f"主题中缺少 {STYLESHEET_URL}")
    problems += output_clashes(pages, copies, options.root)
    if options.strict:
        problems = promote_warnings(problems)
    if has_errors(problems):
        raise BuildFailed(diagnostics + problems)
    return CheckedSite(catalog, pages, copies, sort_diagnostics(diagnostics + problems))


PROGRESS_EVERY = 1000  # pages between progress messages of a long build


def build(options: BuildOptions, progress: Callable[[str], None] | None = None) -> BuildResult:
    """Check everything, then render and publish; `progress` hears about each stage."""
    started = time.perf_counter()
    say = progress or (lambda message: None)
    check_output(options)
    checked = check_site(options)
    entries = sum(len(domain.entries) for domain in checked.catalog.domains)
    say(f"已读取并校验 {entries} 个条目，规划 {len(checked.pages)} 个页面（{time.perf_counter() - started:.2f} 秒）")
    generated = extra_files(checked.catalog, checked.pages)
    environment = template_environment(theme_dirs(options.root), checked.catalog.config.site.theme)
    environment.globals.update(template_helpers())
    sizes = {url: len(data) for url, data in generated.items()}
    rendered = render_pages(checked.catalog.config, checked.pages, environment, sizes, (options.root, BUILTIN_THEMES.parent))
    if progress:
        rendered = with_progress(rendered, len(checked.pages), say)
    try:
        files = write_site(chain(finish_pages(rendered, checked.catalog), generated.items()), checked.copies, options.output)
    except OutputRefused as error:
        raise UsageError(str(error)) from None
    say(f"已渲染并写入 {files} 个文件（{time.perf_counter() - started:.2f} 秒）")
    return BuildResult(len(checked.pages), files, checked.warnings, time.perf_counter() - started)


def with_progress(pages: Iterator[tuple[str, bytes]], total: int, say: Callable[[str], None]) -> Iterator[tuple[str, bytes]]:
    for number, page in enumerate(pages, start=1):
        if number % PROGRESS_EVERY == 0:
            say(f"已渲染 {number}/{total} 个页面")
        yield page
