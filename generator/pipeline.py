"""The build, stage by stage: load → validate → catalog → render → write.

Everything is read and checked before anything is rendered, and nothing is
written unless the whole input is valid. With a cache (`BuildOptions.cache_dir`,
or the one `serve` keeps in memory) each stage takes from it what has not changed:
a file's checks, a body's conversion, a page that would come out the same.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from .cache import BuildCache, Memo, PublishedFile, damaged, digest, files_digest, generator_version, load_cache, save_cache
from .catalog import ValidatedFile, assemble_catalog, content_folders, validate_source
from .config import load_config
from .diagnostics import WARNING, BuildFailed, Diagnostic, has_errors, promote_warnings, sort_diagnostics
from .fingerprint import Fingerprints, value_digest
from .suggest import did_you_mean
from .inspection import inspection_warnings
from .load import UNREADABLE_FILE, LoadedContent, SourceFile, is_inside, load_content, readable, site_files
from .markdown import Body, BodyRecord, Conversions, convert_bodies
from .exports import DomainRows, domain_rows
from .model import Catalog, Domain, Portal, SiteConfig
from .outputs import data_files, extra_pages, finish_page, template_helpers, text_files
from .parallel import Workers, available_cores
from .plan import Page, page_bodies, plan_pages
from .render import RenderJob, render_chunk
from .urls import STYLESHEET_URL, asset_url, content_targets, unread_targets
from .write import OUTPUT_MARKER, OutputRefused, Staging, check_replaceable, clean_up_after_killed_builds, output_lock, staged_site

BUILTIN_THEMES = Path(__file__).resolve().parent.parent / "themes"
CACHE_DIR = ".cache"  # in the site folder, unless --cache-dir says otherwise


class UsageError(Exception):
    """A command-line choice that cannot work (not a content problem)."""


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    output: Path
    base_url: str | None = None  # overrides catalog.yaml
    strict: bool = False  # warnings are errors
    agency: str | None = None  # read and check only this agency of a cluster (`check --agency`)
    today: date = field(default_factory=lambda: build_date())  # fixed by --today for reproducible builds
    cache_dir: Path | None = None  # results kept between builds; None: none kept
    jobs: int = field(default_factory=available_cores)  # processes for the parallel stages


@dataclass(frozen=True)
class CheckedSite:
    """Everything read, validated and planned; what `build` renders and `check` reports."""

    portal: Portal
    pages: list[Page]
    copies: dict[str, Path]
    warnings: tuple[Diagnostic, ...]
    fingerprints: Fingerprints  # of the model's items, for the pages' cache keys
    conversions: Conversions  # of the bodies converted so far: by this build, or by an earlier one (the cache)
    pending: list[Body]  # bodies not converted yet (see check_site's convert_all)
    targets: dict[str, str]  # output URL of every content path, for links in bodies


@dataclass(frozen=True)
class BuildResult:
    pages: int
    files: int
    warnings: tuple[Diagnostic, ...]
    seconds: float
    rendered: int = 0  # pages rendered by this build; the others were unchanged


def build_date() -> date:
    """Today, or the day of SOURCE_DATE_EPOCH (the reproducible-builds convention) when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


def theme_dirs(root: Path) -> tuple[Path, ...]:
    """A site's own themes/ first, then the themes that ship with the generator."""
    return tuple(dict.fromkeys((root.resolve() / "themes", BUILTIN_THEMES)))


@dataclass(frozen=True)
class Inputs:
    config: SiteConfig
    loaded: LoadedContent
    keyed: list[tuple[str, SourceFile, str]]  # (folder, file, cache key) of every content file


def read_inputs(options: BuildOptions, cache: BuildCache | None = None) -> Inputs:
    """catalog.yaml, and every content file with the digest of its bytes; raises BuildFailed when
    they cannot be read. With a cache, files whose size and time are unchanged are not read again."""
    seen_ns = time.time_ns()
    config, diagnostics = load_config(options.root, theme_dirs(options.root))
    if config is None:
        raise BuildFailed(diagnostics)
    if options.base_url is not None:
        config = replace(config, site=replace(config.site, base_url=options.base_url))
    if options.agency is not None:
        config = replace(config, only=agency_slug(config, options.agency))
    others = frozenset(agency.slug for agency in config.agencies if agency.slug != config.only) if config.only else frozenset()
    loaded = load_content(options.root, content_folders(config), others)
    if not loaded.complete:
        raise BuildFailed(loaded.diagnostics)
    for part in ("templates", "static"):
        loaded.diagnostics += theme_files(options.root, config.site.theme, part)[1]
    known, trusted_before = (cache.files, cache.files_seen_ns - RACY_NS) if cache else ({}, 0)
    files: dict[str, tuple[int, int, int, int, str]] = {}
    salt = digest(value_digest(config), options.today.isoformat())
    keyed = []
    for folder, sources in loaded.sources.items():
        for source in sources:
            status = (source.size, source.mtime_ns, source.inode, source.ctime_ns)
            record = known.get(source.path)
            if record is None or record[:4] != status or source.mtime_ns >= trusted_before or source.ctime_ns >= trusted_before:
                source = source.read()
                record = (*status, digest(source.data if source.data is not None else str(source.size)))
            files[source.path] = record
            keyed.append((folder, source, digest(salt, folder, source.path, record[4])))
    if cache is not None:
        cache.files, cache.files_seen_ns = files, seen_ns
    return Inputs(config, loaded, keyed)


def agency_slug(config: SiteConfig, named: str) -> str:
    """The agency `--agency` names, by its slug or its name."""
    if not config.is_cluster:
        raise UsageError("这个网站只有一个单位（catalog.yaml 写的是 agency:），不需要 --agency")
    agency = config.agency_named(named)
    if agency is not None:
        return agency.slug
    known = "、".join(f"{agency.slug}（{agency.name}）" for agency in config.agencies)
    raise UsageError(f"catalog.yaml 中没有单位“{named}”；{did_you_mean(named, [a.slug for a in config.agencies] + [a.name for a in config.agencies])}可用的单位：{known}")


RACY_NS = 2_000_000_000  # file systems that keep modification times to the second or two (FAT) cannot tell closer changes


def validate_chunk(files: list[tuple[str, SourceFile]], config: SiteConfig, today: date) -> list[ValidatedFile]:
    return [validate_source(source, folder, config, today) for folder, source in files]


def validate_files(config: SiteConfig, keyed: list[tuple[str, SourceFile, str]], today: date, memo: Memo,
                   workers: Workers) -> tuple[dict[str, list[ValidatedFile]], list[tuple[Any, str]]]:
    """Every file checked on its own, by folder, the unchanged ones from the cache; and the
    fingerprint of each item (the key of the file it came from)."""
    results: dict[str, ValidatedFile] = {key: memo.get(key) for _, _, key in keyed}
    missing = [(folder, source, key) for folder, source, key in keyed if results[key] is None]
    checked = workers.map(validate_chunk, [(folder, source.read()) for folder, source, _ in missing], config, today)
    for (_, _, key), file in zip(missing, checked):
        memo.put(key, file)
        results[key] = file
    validated: dict[str, list[ValidatedFile]] = {}
    for folder, _, key in keyed:
        validated.setdefault(folder, []).append(results[key])
    return validated, [(file.item, key) for key, file in results.items() if file.item is not None]


def read_catalog(options: BuildOptions, cache: BuildCache | None = None, workers: Workers | None = None,
                 inputs: Inputs | None = None) -> tuple[Portal, list[Diagnostic], list[tuple[Any, str]]]:
    """Read and validate the whole site, with the fingerprints of the items read from files;
    raises BuildFailed with every problem."""
    inputs = inputs or read_inputs(options)
    memo = cache.memo("sources") if cache else Memo()
    validated, known = validate_files(inputs.config, inputs.keyed, options.today, memo, workers or Workers(1))
    catalog, diagnostics = assemble_catalog(inputs.config, validated, inputs.loaded.assets, options.today)
    diagnostics = inputs.loaded.diagnostics + diagnostics
    if options.strict:
        diagnostics = promote_warnings(diagnostics)
    if catalog is None or has_errors(diagnostics):
        raise BuildFailed(diagnostics)
    return catalog, diagnostics, known


def load_catalog(options: BuildOptions) -> tuple[Portal, list[Diagnostic]]:
    """Read and validate the whole site; raises BuildFailed with every problem."""
    catalog, diagnostics, _ = read_catalog(options)
    return catalog, diagnostics


def convert_chunk(bodies: list[Body], targets: dict[str, str]) -> list[BodyRecord]:
    return [record for record, _ in convert_bodies(bodies, targets)]


def reuse_conversions(bodies: list[Body], targets: dict[str, str], memo: Memo) -> tuple[dict[str, BodyRecord], list[Body]]:
    """The conversions the cache has of bodies whose source and the pages they link to are unchanged;
    and the other bodies, which must be converted."""
    conversions, pending = {}, []
    for body in bodies:
        record = memo.get(body.key)
        if record is not None and all(targets.get(target) == url for target, url in record.links):
            conversions[body.key] = record
        else:
            pending.append(body)
    return conversions, pending


def theme_files(root: Path, theme: str, part: str) -> tuple[dict[str, Path], list[Diagnostic]]:
    """The files of `part` ("templates" or "static") of the site's theme over the default theme, the site's
    own over the built-in ones, by their path inside `part`; and what cannot be used (left out): links that
    lead outside the site folder, unreadable files. Nothing outside the site and the generator is read."""
    files: dict[str, Path] = {}
    problems: list[Diagnostic] = []
    for name in dict.fromkeys(("default", theme)):
        for folder in reversed(theme_dirs(root)):
            base, top = folder.parent, f"{folder.name}/{name}/{part}"
            if not (base / top).is_dir():
                continue
            inside = os.path.realpath(base)
            if not is_inside(os.path.realpath(base / top), inside):
                problems.append(Diagnostic(top, 1, f"符号链接指向{THEME_LABEL}以外的文件夹，不会读取；请把主题文件复制进来"))
                continue
            found, unusable = site_files(str(base), top, inside, THEME_LABEL)
            problems += unusable + [Diagnostic(path, 1, UNREADABLE_FILE) for path in found if not readable(str(base / path))]
            found = [path for path in found if readable(str(base / path))]
            files.update({relative[len(top) + 1:]: base / relative for relative in found})
    return files, problems


THEME_LABEL = "网站文件夹"


def static_files(config: SiteConfig, root: Path, assets: tuple[str, ...]) -> dict[str, Path]:
    """Theme static files (the site's theme over the default) and content attachments."""
    copies = {f"static/{name}": path for name, path in theme_files(root, config.site.theme, "static")[0].items()}
    for relative in assets:
        copies[asset_url(config, relative)] = root / "content" / relative
    return copies


def check_output(options: BuildOptions) -> None:
    root, output = options.root.resolve(), options.output.resolve()
    if root == output or root.is_relative_to(output):
        raise UsageError(f"输出文件夹 {output} 不能是网站文件夹本身或其上级")
    for protected in ("content", "themes"):
        if output.is_relative_to(root / protected):
            raise UsageError(f"输出文件夹不能放在 {protected}/ 里")


def check_site(options: BuildOptions, cache: BuildCache | None = None, workers: Workers | None = None,
               inputs: Inputs | None = None, convert_all: bool = True) -> CheckedSite:
    """Read and check everything a build would, and write nothing; raises BuildFailed.

    `convert_all` False: bodies that the cache cannot vouch for are left to be converted where their
    pages are rendered (`CheckedSite.pending`), and their problems are the renderer's to report.
    """
    workers = workers or Workers(1)
    portal, diagnostics, known = read_catalog(options, cache, workers, inputs)
    pages, bodies = plan_pages(portal, options.today)
    pages += extra_pages(portal)
    targets = content_targets(portal) | unread_targets(portal.config, inputs_unread(options.root, portal.config))
    memo = cache.memo("bodies") if cache else Memo()
    conversions, pending = reuse_conversions(bodies, targets, memo)
    if convert_all:
        converted = workers.map(convert_chunk, pending, targets)
        for record in converted:
            memo.put(record.key, record)
        conversions, pending = {**conversions, **{record.key: record for record in converted}}, []
    problems = [problem for body in bodies if body.key in conversions for problem in conversions[body.key].problems]
    copies = static_files(portal.config, options.root, tuple(a for catalog in portal.catalogs for a in catalog.assets))
    if STYLESHEET_URL not in copies:
        raise UsageError(f"主题中缺少 {STYLESHEET_URL}")
    problems += inspection_warnings(portal, options.today)  # the website inspection's findings (`inspect`)
    if options.strict:
        problems = promote_warnings(problems)
    if has_errors(problems):
        raise BuildFailed(diagnostics + problems)
    return CheckedSite(portal, pages, copies, sort_diagnostics(diagnostics + problems), Fingerprints(known),
                       conversions, pending, targets)


def inputs_unread(root: Path, config: SiteConfig) -> list[str]:
    """`check --agency`: the paths (relative to content/) of the other agencies' files, listed, not read."""
    if config.only is None:
        return []
    paths = []
    for agency in config.agencies:
        if agency.slug != config.only:
            for folder, _, names in os.walk(root / "content" / agency.slug):
                relative = Path(folder).relative_to(root / "content").as_posix()
                paths += [f"{relative}/{name}" for name in names]
    return sorted(paths)


PROGRESS_EVERY = 1000  # pages between progress messages of a long build


def template_files(root: Path, theme: str) -> list[Path]:
    """The templates the loader finds by each name (see render.template_environment)."""
    return list(theme_files(root, theme, "templates")[0].values())


def intact(output: Path, published: dict[str, PublishedFile]) -> tuple[set[str], bool]:
    """The published files still as the last build left them (nobody has edited, replaced or removed
    them), and whether the output is otherwise as it left it too (no other file; its marker there)."""
    if not published:
        return set(), False
    unchanged, foreign, marked = set(), False, False
    for relative, status in output_files(output):
        record = published.get(relative)
        if relative == OUTPUT_MARKER:
            marked = True
        elif record is None:
            foreign = True
        elif (status.st_size, status.st_mtime_ns, status.st_ino) == (record.size, record.mtime_ns, record.inode):
            unchanged.add(relative)
    return unchanged, not foreign and marked


def output_files(folder: Path, prefix: str = "") -> Iterator[tuple[str, os.stat_result]]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from output_files(Path(entry.path), f"{prefix}{entry.name}/")
        else:  # on Windows a directory entry's stat has no inode (st_ino 0): ask the file itself
            yield f"{prefix}{entry.name}", os.stat(entry.path, follow_symlinks=False) if os.name == "nt" else entry.stat(follow_symlinks=False)


def copy_key(source: Path) -> str:
    """Attachments and theme files are compared by their status (size, times, inode), as rsync does."""
    status = source.stat()
    return digest("copy", str(source.resolve()), repr((status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns)))


def build(options: BuildOptions, progress: Callable[[str], None] | None = None, cache: BuildCache | None = None) -> BuildResult:
    """Check everything, then render and publish; `progress` hears about each stage.

    `cache`: one kept in memory between builds (`serve`); else `options.cache_dir` is read and saved.
    The output's lock is held throughout, so that what the cache says of the output stays true.
    """
    check_output(options)
    output = options.output.resolve()
    try:
        check_replaceable(output)
        with output_lock(output) as lock:
            return build_locked(options, output, progress or (lambda message: None), cache, lock)
    except OutputRefused as error:
        raise UsageError(str(error)) from None


def build_locked(options: BuildOptions, output: Path, say: Callable[[str], None], cache: BuildCache | None,
                 lock: int) -> BuildResult:
    started = time.perf_counter()
    version = generator_version()
    cache_warnings: list[Diagnostic] = []
    if cache is None and options.cache_dir is not None:
        cache, cache_warnings = load_cache(options.cache_dir, version, writable=True)
    inputs = read_inputs(options, cache)
    config = inputs.config
    templates = files_digest(template_files(options.root, config.site.theme))
    salt = digest(version, templates, value_digest(config), options.today.isoformat(), str(options.strict))
    published = cache.published if cache and cache.output == str(output) else {}
    previous, as_left = intact(output, published)
    copy_keys = {url: copy_key(path) for url, path in static_files(config, options.root, tuple(sorted(inputs.loaded.assets))).items()}
    everything = digest(salt, repr(inputs.loaded.diagnostics), *(key for _, _, key in inputs.keyed),
                        *(f"{url}={key}" for url, key in copy_keys.items()))
    if cache is not None and cache.inputs == everything and as_left and len(previous) == len(published):
        clean_up_after_killed_builds(output)
        pages, warnings = cache.outcome  # nothing has changed since the last build, which is still published
        return BuildResult(pages, len(published), tuple(cache_warnings) + warnings, time.perf_counter() - started)

    with Workers(options.jobs, inherited=(lock,)) as workers:
        checked = check_site(options, cache, workers, inputs, convert_all=False)
        portal = checked.portal
        entries = sum(len(domain.entries) for catalog in portal.catalogs for domain in catalog.domains)
        say(f"已读取并校验 {entries} 个条目，规划 {len(checked.pages)} 个页面（{time.perf_counter() - started:.2f} 秒）")
        data = data_files(portal, cached_rows(checked, cache.memo("records") if cache else Memo()))
        sizes = {url: len(content) for url, content in data.items()}

        def page_key(page: Page, conversions: Conversions) -> str:
            """What the page is made from: its fingerprint, where the pages its bodies link to are, and the
            sizes of the files it shows."""
            return digest(salt, checked.fingerprints.of_page(page), *(repr(conversions[body.key].links) for body in page_bodies(page)),
                          *(f"{url}={sizes[url]}" for url in page.shows_sizes_of))

        keys = {page.url: page_key(page, checked.conversions) for page in checked.pages
                if all(body.key in checked.conversions for body in page_bodies(page))}
        keys.update({url: digest(content) for url, content in data.items()})
        keys.update(copy_keys)  # the same files as checked.copies
        kept = {url for url in previous if published[url].key == keys.get(url)}
        to_render = [page for page in checked.pages if page.url not in kept]
        say(f"需重新生成 {len(to_render)} 个页面，{len(kept)} 个文件未变（{time.perf_counter() - started:.2f} 秒）")
        late: dict[str, str] = {}  # the keys of the files made after the pages
        body_problems: list[Diagnostic] = []
        with staged_site(output, sorted(kept)) as staging:
            for url, source in sorted(checked.copies.items()):
                if url not in kept:
                    staging.write(url, source.read_bytes())
            for url in sorted(data):  # written now, so that the bytes need not be kept while pages render
                content = data.pop(url)
                if url not in kept:
                    staging.write(url, content)
            job = RenderJob(portal.config, theme_dirs(options.root), templates, template_helpers(), sizes,
                            (options.root, BUILTIN_THEMES.parent), checked.targets, finish_page, staging.path)
            converted, template_problems = render_in(workers, to_render, job, cache.memo("bodies") if cache else Memo(), staging, say)
            conversions = {**checked.conversions, **converted}
            body_problems += [problem for body in checked.pending for problem in conversions[body.key].problems]
            problems = template_problems + (promote_warnings(body_problems) if options.strict else body_problems)
            if has_errors(problems):
                raise BuildFailed(problems)
            for url, content in text_files(portal, checked.pages, conversions).items():  # needs every body's text
                late[url] = digest(content)
                staging.write(url, content)
        written = staging.written
    keys.update({page.url: page_key(page, conversions) for page in to_render})
    keys.update(late)
    warnings = sort_diagnostics(list(checked.warnings) + body_problems)
    if cache is not None:
        cache_warnings += [damaged(options.cache_dir or Path(CACHE_DIR), f"{kind} {problem}")
                           for kind, memo in cache.memos.items() for problem in memo.problems]
        cache.output, cache.inputs, cache.outcome = str(output), everything, (len(checked.pages), warnings)
        cache.published = {url: published[url] for url in kept}
        cache.published.update({url: PublishedFile(keys[url], *status) for url, status in written.items()})
        if options.cache_dir is not None:
            cache_warnings += save_cache_or_warn(options.cache_dir, cache)
        cache.rotate()
    say(f"已渲染 {len(to_render)} 个页面，写入 {len(written)} 个文件（{time.perf_counter() - started:.2f} 秒）")
    return BuildResult(len(checked.pages), len(kept) + len(written), sort_diagnostics(cache_warnings + list(warnings)),
                       time.perf_counter() - started, len(to_render))


def save_cache_or_warn(folder: Path, cache: BuildCache) -> list[Diagnostic]:
    """The site is published by now: a cache that cannot be saved only makes the next build a full one."""
    try:
        save_cache(folder, cache)
    except (OSError, sqlite3.Error) as error:
        return [Diagnostic(folder.as_posix(), 1, f"构建缓存无法保存（{error}）；网站已生成，下次构建将完整重建", WARNING)]
    return []


def cached_rows(checked: CheckedSite, memo: Memo) -> Callable[[Catalog, Domain], DomainRows]:
    """A domain's rows of the open data, made again only when the domain has changed."""
    def rows_of(catalog: Catalog, domain: Domain) -> DomainRows:
        key = digest("domain rows", checked.fingerprints.of(domain), checked.portal.config.site.base_url or "")
        rows = memo.get(key)
        if rows is None:
            rows = domain_rows(catalog, domain)
            memo.put(key, rows)
        return rows
    return rows_of


def render_in(workers: Workers, pages: list[Page], job: RenderJob, memo: Memo, staging: Staging,
              say: Callable[[str], None]) -> tuple[dict[str, BodyRecord], list[Diagnostic]]:
    """Render the pages into the staging folder; returns the conversions of the bodies converted on the
    way, and the template errors (once each)."""
    conversions: dict[str, BodyRecord] = {}
    problems: list[Diagnostic] = []
    written = 0
    for result in workers.imap(render_chunk, pages, job):
        if isinstance(result, BodyRecord):
            memo.put(result.key, result)
            conversions[result.key] = result
        elif isinstance(result, Diagnostic):
            if result not in problems:
                problems.append(result)
        else:
            staging.wrote(*result)
            written += 1
            if written % PROGRESS_EVERY == 0:
                say(f"已渲染 {written}/{len(pages)} 个页面")
    return conversions, problems
