"""The build, stage by stage: load → validate → assemble each agency → assemble the portal → plan → render → publish.

Everything is read and checked before anything is rendered, and nothing is
published unless the whole input is valid. Each stage takes from the cache
(incremental.Cache: on disk, in the memory of `serve`, or none) what has not changed:
a file's checks, a body's conversion, a page that would come out the same.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Callable, TypeVar

from .cache import Memo, PublishedFile, Signature, digest, files_digest
from .catalog import AgencyCatalogs, ValidatedFile, assemble_agencies, assemble_portal, content_folders, validate_source
from .config import load_config
from .dated import DatedFile, dated
from .diagnostics import BuildFailed, Diagnostic, has_errors, promote_warnings, sort_diagnostics
from .exports import DomainRows, domain_rows
from .feeds import feed_files
from .fingerprint import Fingerprints, value_digest
from .incremental import Cache, NoCache
from .inspection import inspection_warnings
from .load import UNREADABLE_FILE, LoadedContent, SourceFile, is_inside, load_content, readable, site_files
from .markdown import Body, BodyRecord, Conversions, convert_bodies
from .model import Catalog, Domain, Portal, SiteConfig
from .outputs import data_sets, extra_pages, finish_page, template_helpers, text_files
from .published import PublishedItem, items_of_pages
from .options import BUILTIN_THEMES, BuildOptions, BuildResult, UsageError
from .parallel import Workers
from .plan import Page, page_bodies, plan_pages
from .render import RenderJob, render_chunk
from .suggest import did_you_mean
from .urls import STYLESHEET_URL, asset_url, content_targets, unread_targets
from .write import Staging, clean_up_after_killed_builds, staged_site


def build_locked(options: BuildOptions, output: Path, say: Callable[[str], None], cache: Cache, lock: int,
                 signature: Signature | None) -> BuildResult:
    """The stages in the order data flows, each one call, timed for `--verbose` (`build`, in unchanged.py,
    calls it when it cannot tell that nothing has changed; `signature`: what it took of the inputs' statuses)."""
    clock = Stopwatch(say)
    with Workers(options.jobs, inherited=(lock,)) as workers:
        inputs, sources = clock.stage("读取文件", read_inputs, options, cache, workers)
        last = cache.unchanged(inputs.digest)
        if last is not None:  # nothing has changed since the last build, which is still published
            clean_up_after_killed_builds(output)
            cache.record_unchanged(signature)
            return BuildResult(last.pages, last.files, last.warnings, clock.seconds())
        validated = clock.stage("校验文件", validate_files, inputs, sources, options.today, cache, workers)
        del sources  # the files' bytes, read for their digests and checks: not held through the rest of the build
        agencies = clock.stage("汇编各单位", assemble_agencies_of, inputs, validated, options)
        assembled = clock.stage("汇编门户", assemble_portal_of, agencies, options)
        site = clock.stage("规划页面", plan_site, assembled, options, cache, workers, convert_all=False)
        with staged_site(output) as staging:
            rendered = clock.stage("渲染页面", render_site, site, inputs, options, cache, workers, staging, say)
            clock.stage("发布网站", staging.publish)
    cache.record(inputs.digest, rendered.kept, rendered.written, (len(site.pages), rendered.warnings), signature)
    warnings = sort_diagnostics(cache.save() + list(rendered.warnings))
    return BuildResult(len(site.pages), len(rendered.kept) + len(rendered.written), warnings, clock.seconds(), rendered.page_count)


Result = TypeVar("Result")


class Stopwatch:
    """Runs the stages of a build, telling `say` how long each took (what `--verbose` shows)."""

    def __init__(self, say: Callable[[str], None]):
        self.say, self.started = say, time.perf_counter()

    def stage(self, name: str, function: Callable[..., Result], *args: Any, **keywords: Any) -> Result:
        begun = time.perf_counter()
        result = function(*args, **keywords)
        self.say(f"{name}：{time.perf_counter() - begun:.2f} 秒")
        return result

    def seconds(self) -> float:
        return time.perf_counter() - self.started


def check_site(options: BuildOptions, cache: Cache | None = None, workers: Workers | None = None) -> CheckedSite:
    """Read and check everything a build would (the stages up to planning), and write nothing; raises BuildFailed."""
    cache, workers = cache or NoCache(), workers or Workers(1)
    return plan_site(read_site(options, cache, workers), options, cache, workers)


def load_catalog(options: BuildOptions) -> tuple[Portal, list[Diagnostic]]:
    """Read and validate the whole site; raises BuildFailed with every problem."""
    assembled = read_site(options, NoCache(), Workers(1))
    return assembled.portal, assembled.diagnostics


def read_site(options: BuildOptions, cache: Cache, workers: Workers) -> Assembled:
    """Load, validate, assemble: what `check` and the commands that read the catalog share with a build."""
    inputs, sources = read_inputs(options, cache, workers)
    return assemble_portal_of(assemble_agencies_of(inputs, validate_files(inputs, sources, options.today, cache, workers), options), options)


# Stage 1: load.
Sources = list[tuple[str, SourceFile, str]]  # (folder, file, cache key) of every content file; the files read have their bytes


@dataclass(frozen=True)
class Inputs:
    config: SiteConfig
    loaded: LoadedContent  # the content files as listed (without their bytes: see Sources)
    templates: str  # digest of the theme's templates
    copies: dict[str, str]  # cache key of each file copied into the output (see copy_key), by its URL
    salt: str  # what every page's key starts from: the generator, the templates, catalog.yaml, --strict (not the
    # date: the pages that show it, or what follows from it, have it in their views; see dated.py)
    digest: str  # of everything above and the date: equal means the site, and its warnings, would come out the same


def read_inputs(options: BuildOptions, cache: Cache, workers: Workers) -> tuple[Inputs, Sources]:
    """catalog.yaml, the templates and the files to copy; and every content file with the digest of its
    bytes (the cache vouches for files whose status is unchanged, which are not read again), apart, so
    that the bytes go once they are checked (by the workers, forked before the files are read when there
    are enough to check: see Workers.prepare). Raises BuildFailed when they cannot be read."""
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
    configured = value_digest(config)
    workers.prepare(sum(cache.must_read(source) for sources in loaded.sources.values() for source in sources))
    keyed = []
    for folder, sources in loaded.sources.items():
        for source in sources:
            source, bytes_digest = cache.file_digest(source)
            keyed.append((folder, source, digest(configured, folder, source.path, bytes_digest)))
    templates = files_digest(template_files(options.root, config.site.theme))
    copies = {url: copy_key(path) for url, path in static_files(config, options.root, tuple(sorted(loaded.assets))).items()}
    page_salt = digest(cache.version, templates, configured, str(options.strict))
    everything = digest(page_salt, options.today.isoformat(), repr(loaded.diagnostics), *(key for _, _, key in keyed),
                        *(f"{url}={key}" for url, key in copies.items()))
    return Inputs(config, loaded, templates, copies, page_salt, everything), keyed


def agency_slug(config: SiteConfig, named: str) -> str:
    """The agency `--agency` names, by its slug or its name."""
    if not config.is_cluster:
        raise UsageError("这个网站只有一个单位（catalog.yaml 写的是 agency:），不需要 --agency")
    agency = config.agency_named(named)
    if agency is not None:
        return agency.slug
    known = "、".join(f"{agency.slug}（{agency.name}）" for agency in config.agencies)
    raise UsageError(f"catalog.yaml 中没有单位“{named}”；{did_you_mean(named, [a.slug for a in config.agencies] + [a.name for a in config.agencies])}可用的单位：{known}")


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


def theme_dirs(root: Path) -> tuple[Path, ...]:
    """A site's own themes/ first, then the themes that ship with the generator."""
    return tuple(dict.fromkeys((root.resolve() / "themes", BUILTIN_THEMES)))


def template_files(root: Path, theme: str) -> list[Path]:
    """The templates the loader finds by each name (see render.template_environment)."""
    return list(theme_files(root, theme, "templates")[0].values())


def copy_key(source: Path) -> str:
    """Attachments and theme files are compared by their status (size, times, inode), as rsync does."""
    status = source.stat()
    return digest("copy", str(source.resolve()), repr((status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns)))


# Stage 2: validate.
@dataclass(frozen=True)
class Validated:
    files: dict[str, list[ValidatedFile]]  # every content file checked on its own, by folder
    known: list[tuple[Any, str]]  # each item read from a file, with its fingerprint (the file's key, and since when its checks hold)


def validate_chunk(files: list[tuple[str, SourceFile]], config: SiteConfig, today: date) -> list[ValidatedFile]:
    return [validate_source(source, folder, config, today) for folder, source in files]


def validate_files(inputs: Inputs, sources: Sources, today: date, cache: Cache, workers: Workers) -> Validated:
    """Every file checked on its own, the unchanged ones taken from the cache (checks made on another
    day are reused when they hold on this one too: see dated.py)."""
    memo = cache.memo("sources")
    results: dict[str, DatedFile | None] = {key: memo.get(key) for _, _, key in sources}
    missing = [(folder, source, key) for folder, source, key in sources if not (results[key] and results[key].holds_on(today))]
    checked = workers.map(validate_chunk, [(folder, source.read()) for folder, source, _ in missing], inputs.config, today)
    for (_, _, key), file in zip(missing, checked):
        results[key] = dated(file, today, results[key])
        memo.put(key, results[key])
    validated: dict[str, list[ValidatedFile]] = {}
    for folder, _, key in sources:
        validated.setdefault(folder, []).append(results[key].file)
    return Validated(validated, [(result.file.item, digest(key, result.since.isoformat())) for key, result in results.items()
                                 if result.file.item is not None])


# Stage 3: assemble.
@dataclass(frozen=True)
class Assembled:
    portal: Portal
    diagnostics: list[Diagnostic]  # warnings only: errors stop the build here
    fingerprints: Fingerprints  # of the model's items, for the pages' cache keys


def assemble_agencies_of(inputs: Inputs, validated: Validated, options: BuildOptions) -> tuple[AgencyCatalogs, Fingerprints]:
    """Each agency's checked files put together and checked against each other; raises BuildFailed
    with every problem when an agency's catalog cannot be made."""
    agencies = assemble_agencies(inputs.config, validated.files, inputs.loaded.assets, options.today)
    agencies = replace(agencies, diagnostics=(*inputs.loaded.diagnostics, *agencies.diagnostics))  # the loader's warnings too
    if agencies.catalogs is None:
        raise BuildFailed(agencies.diagnostics)
    return agencies, Fingerprints(validated.known)


def assemble_portal_of(agencies: tuple[AgencyCatalogs, Fingerprints], options: BuildOptions) -> Assembled:
    """The agencies' catalogs put together into the portal; raises BuildFailed with every problem of both
    stages. Warnings go on (even with --strict) so that planning adds the bodies' and the inspection's to them."""
    catalogs, fingerprints = agencies
    portal, diagnostics = assemble_portal(catalogs)
    diagnostics = list(catalogs.diagnostics) + diagnostics
    if has_errors(diagnostics):
        raise BuildFailed(diagnostics)
    return Assembled(portal, diagnostics, fingerprints)


# Stage 4: plan.
@dataclass(frozen=True)
class CheckedSite:
    """Everything read, validated and planned; what `build` renders and `check` reports."""

    portal: Portal
    pages: list[Page]
    copies: dict[str, Path]
    warnings: tuple[Diagnostic, ...]
    fingerprints: Fingerprints  # of the model's items, for the pages' cache keys
    conversions: Conversions  # of the bodies converted so far: by this build, or by an earlier one (the cache)
    pending: list[Body]  # bodies not converted yet (see plan_site's convert_all)
    targets: dict[str, str]  # output URL of every content path, for links in bodies


def plan_site(assembled: Assembled, options: BuildOptions, cache: Cache, workers: Workers, convert_all: bool = True) -> CheckedSite:
    """Every page and file of the site, with the bodies' and the inspection's findings; raises BuildFailed.

    `convert_all` False: bodies that the cache cannot vouch for are left to be converted where their
    pages are rendered (`CheckedSite.pending`), and their problems are the renderer's to report.
    """
    portal = assembled.portal
    pages, bodies = plan_pages(portal, options.today)
    pages += extra_pages(portal)
    targets = content_targets(portal) | unread_targets(portal.config, inputs_unread(options.root, portal.config))
    memo = cache.memo("bodies")
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
    problems = assembled.diagnostics + problems + inspection_warnings(portal, options.today)  # the inspection's findings (`inspect`)
    if options.strict:
        problems = promote_warnings(problems)
    if has_errors(problems):
        raise BuildFailed(problems)
    return CheckedSite(portal, pages, copies, sort_diagnostics(problems), assembled.fingerprints, conversions, pending, targets)


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


# Stage 5: render (stage 6, publish, is Staging.publish).
@dataclass(frozen=True)
class RenderedSite:
    """What the render stage left in the staging folder."""

    kept: set[str]  # files of the published output taken over unchanged
    written: dict[str, PublishedFile]  # every file written, with what it was made from
    page_count: int  # pages rendered; the others were kept
    warnings: tuple[Diagnostic, ...]  # the site's, with those of the bodies converted while rendering


def render_site(site: CheckedSite, inputs: Inputs, options: BuildOptions, cache: Cache, workers: Workers,
                staging: Staging, say: Callable[[str], None]) -> RenderedSite:
    """The new site in the staging folder: the published files that would come out the same are kept, the
    others written (copies, open data, pages, then search, feeds and the host's files, which need the text
    of every body); raises BuildFailed on template errors and on errors in the bodies converted here."""
    portal = site.portal
    exports = data_sets(portal, cached_rows(site, cache.memo("records")))
    data_keys = {url: digest(inputs.salt, "data", site.fingerprints.of(export.source)) for export in exports for url in export.urls}
    unchanged = cache.reusable(data_keys)  # sets made from the same catalog or domain are not made again
    data = {url: content for export in exports if not unchanged.issuperset(export.urls) for url, content in export.make().items()}
    sizes = {**cache.sizes(unchanged), **{url: len(content) for url, content in data.items()}}

    def page_key(page: Page, conversions: Conversions) -> str:
        """What the page is made from: its fingerprint, where the pages its bodies link to are, and the
        sizes of the files it shows."""
        return digest(inputs.salt, site.fingerprints.of_page(page), *(repr(conversions[body.key].links) for body in page_bodies(page)),
                      *(f"{url}={sizes[url]}" for url in page.shows_sizes_of))

    keys = {page.url: page_key(page, site.conversions) for page in site.pages
            if all(body.key in site.conversions for body in page_bodies(page))}
    keys.update(data_keys)
    keys.update(inputs.copies)  # the same files as site.copies
    kept = cache.reusable(keys)
    to_render = [page for page in site.pages if page.url not in kept]
    say(f"需重新生成 {len(to_render)} 个页面，{len(kept)} 个文件未变")
    staging.keep(kept)
    for url, source in sorted(site.copies.items()):
        if url not in kept:
            staging.write(url, source.read_bytes())
    for url in sorted(data):  # written now, so that the bytes need not be kept while pages render
        content = data.pop(url)
        if url not in kept:
            staging.write(url, content)
    job = RenderJob(portal.config, theme_dirs(options.root), inputs.templates, template_helpers(), sizes,
                    (options.root, BUILTIN_THEMES.parent), site.targets, finish_page, staging.path)
    converted, template_problems = render_in(workers, to_render, job, cache.memo("bodies"), staging, say)
    workers.close()  # the last parallel stage: what the workers hold is given back before the text files are made
    conversions = {**site.conversions, **converted}
    body_problems = [problem for body in site.pending for problem in conversions[body.key].problems]
    problems = template_problems + (promote_warnings(body_problems) if options.strict else body_problems)
    if has_errors(problems):
        raise BuildFailed(problems)
    items_of = cached_items(site, items_of_pages(site.pages, conversions), cache.memo("records"))
    kept_text: set[str] = set()
    for url, content in text_files(portal, site.pages, items_of, cached_feeds(site, cache.memo("feeds")), cache.memo("records")):
        assert url not in keys, url  # one file of each name (a page's, a copy's, the open data's or one of these)
        keys[url] = digest(content)
        if cache.reusable({url: keys[url]}):
            kept_text.add(url)
        else:
            staging.write(url, content)  # as each is made: they are never all held
    staging.keep_late(kept_text)
    keys.update({page.url: page_key(page, conversions) for page in to_render})
    written = {url: PublishedFile(keys[url], *status) for url, status in staging.written.items()}
    return RenderedSite(kept | kept_text, written, len(to_render), sort_diagnostics(list(site.warnings) + body_problems))


PROGRESS_EVERY = 1000  # pages between progress messages of a long build


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


def cached_rows(checked: CheckedSite, memo: Memo) -> Callable[[Catalog, Domain], DomainRows]:
    """A domain's rows of the open data, made again only when the domain has changed."""
    def rows_of(catalog: Catalog, domain: Domain) -> DomainRows:
        key = digest("domain rows", checked.fingerprints.of(domain), checked.portal.config.site.base_url or "")
        return memo.made(key, lambda: domain_rows(catalog, domain))
    return rows_of


def cached_items(checked: CheckedSite, items_of: Callable[[Catalog], list[PublishedItem]], memo: Memo) -> Callable[[Catalog], list[PublishedItem]]:
    """An agency's published items, made again only when the agency has changed (they follow from its
    catalog alone: see published_items)."""
    def cached(catalog: Catalog) -> list[PublishedItem]:
        return memo.made(digest("published items", checked.fingerprints.of(catalog)), lambda: items_of(catalog))
    return cached


def cached_feeds(checked: CheckedSite, memo: Memo) -> Callable[[Catalog, list[PublishedItem]], dict[str, bytes]]:
    """An agency's feeds, made again only when the agency has changed (its items follow from its catalog)."""
    def feeds_of(catalog: Catalog, items: list[PublishedItem]) -> dict[str, bytes]:
        return memo.made(digest("feeds", checked.fingerprints.of(catalog)), lambda: feed_files(catalog, items))
    return feeds_of
