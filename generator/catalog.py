"""Stage 3: validate every file, then group, order and cross-check them into a Catalog."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Callable, Iterable, TypeVar

from .body_checks import check_body
from .config import CONFIG_FILE
from .diagnostics import WARNING, Diagnostic
from .load import SourceFile, parse_source
from .model import (
    Agency, AnnualReport, Catalog, Cleanup, Column, Document, Domain, DomainSpec, Entry, Guide, Portal, Proposal, ProposalStatement,
    SiteConfig,
)
from .standard import CLEANUP_GROUPS, CLUSTER_FOLDERS, COLUMN_PARTS, GAZETTE_TITLE, PART_TITLES
from .gazette import assemble_gazette, validate_gazette_issue
from .interpretations import interpretation_file_problems, late_interpretation
from .schema import normalize
from .suggest import closest
from .annual_report import compare_with_previous, read_report
from .proposals import read_proposal_file, statement_problems, year_figures
from .decisions import decision_order, decision_problems
from .validate import (
    ENTRY_FIELDS, validate_cleanup, validate_consultation, validate_decision, validate_document, validate_entry, validate_guide,
)

FIELD_LABELS = {field.key: field.label for field in ENTRY_FIELDS}

T = TypeVar("T")


def content_folders(config: SiteConfig) -> dict[str, str]:
    """Every folder allowed under content/ (`<agency>/<folder>` in a cluster), with what it holds (for messages)."""
    folders = {}
    for agency in checked_agencies(config):
        folders |= {domain.folder: f"领域：{domain.name}" for domain in agency.domains}
        for part in COLUMN_PARTS:
            folders[agency.column.folder_of(part.key)] = f"栏目：{part.title}"
        if agency.consultations:
            folders[agency.consultations] = "征求意见"
        if agency.proposals:
            folders[agency.proposals] = "建议提案复文"
        if agency.decisions:
            folders[agency.decisions] = "重大行政决策事项目录"
        if agency.cleanups:
            folders[agency.cleanups] = "规范性文件清理结果"
        if agency.gazette:
            folders[agency.gazette] = GAZETTE_TITLE
    return folders


def checked_agencies(config: SiteConfig) -> tuple[Agency, ...]:
    """The agencies a build reads: all of them, or the one `check --agency` names (SiteConfig.only)."""
    return tuple(agency for agency in config.all_agencies if config.only is None or agency.slug == config.only)


def owner_of(config: SiteConfig, folder: str) -> SiteConfig:
    """The configuration as seen by the agency whose content `folder` holds."""
    if not config.is_cluster:
        return config
    slug = folder.partition("/")[0]
    return config.for_agency(next(agency for agency in config.agencies if agency.slug == slug))


@dataclass(frozen=True)
class ValidatedFile:
    """One content file, checked on its own: what a build caches per file."""

    path: str
    stem: str
    parsed: bool  # its front matter could be read: it counts as one of its folder's files
    item: Any  # Entry, Guide, Document, AnnualReport or Consultation; None when invalid
    diagnostics: tuple[Diagnostic, ...]


def validate_source(source: SourceFile, folder: str, config: SiteConfig, today: date) -> ValidatedFile:
    """Parse one file and check it against what its folder holds; every body gets the same checks.

    Depends on nothing but its arguments, so that results can be cached and computed in parallel.
    """
    raw, problems = parse_source(source)
    if raw is None:
        return ValidatedFile(source.path, source.stem, False, None, tuple(problems))
    config = owner_of(config, folder)
    column = config.agency.column
    domain_slugs = frozenset(domain.slug for domain in config.domains or config.agency.domains)
    specs = {spec.folder: spec for spec in config.agency.domains}
    if folder in specs:
        item, problems = validate_entry(raw, specs[folder], today, config.agency.kind)
    elif folder == column.guide:
        item, problems = validate_guide(raw, today)
    elif folder in (column.rules, column.statutory):
        item, problems = validate_document(raw, "rules" if folder == column.rules else "statutory", domain_slugs, today)
    elif folder == column.annual_reports:
        item, problems = read_report(raw, today)
    elif folder == config.agency.proposals:
        item, problems = read_proposal_file(raw, today)
    elif folder == config.agency.decisions:
        item, problems = validate_decision(raw, today)
    elif folder == config.agency.cleanups:
        item, problems = validate_cleanup(raw, today)
    elif folder == config.agency.gazette:
        item, problems = validate_gazette_issue(raw, config.agency.name, today)
    else:
        item, problems = validate_consultation(raw, domain_slugs, today)
    if item is not None and config.agency.slug:
        item = replace(item, agency=config.agency.slug)
        problems = [*problems, *index_number_problems(item, config)]
    return ValidatedFile(raw.path, raw.stem, True, item, (*problems, *check_body(raw.body, raw.path, raw.body_line)))


def index_number_problems(item: Any, config: SiteConfig) -> list[Diagnostic]:
    """In a cluster a 索引号 is numbered under its agency's own organisation code."""
    index_no = getattr(item, "index_no", None)
    agency = config.agency
    if not index_no or not agency.code or index_no.partition("/")[0] == agency.code:
        return []
    code = index_no.partition("/")[0]
    other = next((a for a in config.agencies if a.code == code), None)
    whose = f"是{other.name}的机构代码" if other else "不是本站任何单位的机构代码"
    message = (f"索引号“{index_no}”的机构代码“{code}”{whose}，不是{agency.name}的（{agency.code}）；"
               f"本单位的文件请编号为 {agency.code}/年份-五位序号")
    return [Diagnostic(item.source.path, item.line_of("index_no"), message)]


def valid_items(files: Iterable[ValidatedFile], diagnostics: list[Diagnostic]) -> list:
    """The valid items of a folder's files; every file's problems go to `diagnostics`."""
    items = []
    for file in files:
        diagnostics.extend(file.diagnostics)
        if file.item is not None:
            items.append(file.item)
    return items


def check_unique(items: Iterable[T], key: Callable[[T], str], label: str, diagnostics: list[Diagnostic],
                 line: Callable[[T], int] = lambda item: item.source.line, fix: str = "") -> None:
    """Report every item whose key repeats an earlier one. Keys compare case-blind,
    because the pages they name would overwrite each other on Windows and macOS."""
    seen: dict[str, T] = {}
    for item in items:
        value = key(item)
        first = seen.setdefault(value.casefold(), item)
        if first is not item:
            case_note = "（网址不区分大小写）" if key(first) != value else ""
            message = f"{label}“{value}”与 {first.source.path} 重复{case_note}{fix}"
            diagnostics.append(Diagnostic(item.source.path, line(item), message))


def entry_order(spec: DomainSpec) -> Callable[[Entry], tuple]:
    """Rows follow the standard directory: 一级事项, then 二级事项, in catalog.yaml order."""
    positions = {item.name: (index, item.sub_items) for index, item in enumerate(spec.directory)}

    def key(entry: Entry) -> tuple:
        l1_index, l2_names = positions[entry.item_l1]
        l2_index = l2_names.index(entry.item_l2) if entry.item_l2 in l2_names else len(l2_names)
        return (l1_index, l2_index, seq_order(entry.seq), entry.item_l2 or "", entry.title, entry.slug)

    return key


def seq_order(seq: str | None) -> tuple:
    """序号 in numeric order (2 before 10, 1.2 before 1.10); entries without one after those with one."""
    if seq is None:
        return (1,)
    return (0, tuple(int(number) for number in re.findall(r"[0-9]+", unicodedata.normalize("NFKC", seq))), seq)


def standard_slots(domain: Domain) -> list[tuple[str, str | None, tuple[Entry, ...]]]:
    """Each item of the standard directory (一级事项, or each of its 二级事项 where the
    directory lists them) with the entries that fill it, in directory order."""
    by_item: dict[tuple[str, str | None], list[Entry]] = {}  # one pass over the entries, not one per item
    for entry in domain.entries:
        by_item.setdefault((entry.item_l1, None), []).append(entry)
        if entry.item_l2 is not None:
            by_item.setdefault((entry.item_l1, entry.item_l2), []).append(entry)
    slots = []
    for item in domain.spec.directory:
        for name in item.sub_items or (None,):
            slots.append((item.name, name, tuple(by_item.get((item.name, name), ()))))
    return slots


def assemble_domain(spec: DomainSpec, files: list[ValidatedFile], diagnostics: list[Diagnostic]) -> Domain:
    entries: list[Entry] = valid_items(files, diagnostics)
    check_unique(entries, lambda e: e.slug, "条目网址名", diagnostics)
    # One item may have many entries (a list published every month), but not two with one title,
    # unless the agency's table numbers them apart.
    seen: dict[tuple[str, str | None, str, str | None], Entry] = {}
    for entry in entries:
        first = seen.setdefault((entry.item_l1, entry.item_l2, entry.title, entry.seq), entry)
        if first is not entry:
            item = "、".join(filter(None, (entry.item_l1, entry.item_l2)))
            message = f"事项“{item}”下已有同名条目“{entry.title}”（{first.source.path}）；请确认是否重复"
            diagnostics.append(Diagnostic(entry.source.path, entry.title_line, message, WARNING))
    domain = Domain(spec, tuple(sorted(entries, key=entry_order(spec))))
    return replace(domain, entries=resolve_same_as_above(domain, diagnostics))


def resolve_same_as_above(domain: Domain, diagnostics: list[Diagnostic]) -> tuple[Entry, ...]:
    """Each 同上 takes the value of the same column in the row above, in the table's own order;
    above a gap row (an item without an entry) or the first row there is nothing to take."""
    resolved: list[Entry] = []
    above: Entry | None = None
    gap = ""  # the names of the gap row above, if that is what is above
    for item_l1, item_l2, entries in standard_slots(domain):
        if not entries:
            above, gap = None, "、".join(filter(None, (item_l1, item_l2)))
        for entry in entries:
            for key, line in entry.same_as_above:
                label = FIELD_LABELS.get(key, key)
                if above is None:
                    where = f"上一行是“暂无公开内容”的空行（{gap}）" if gap else "这是本领域目录的第一行"
                    message = f"“{label}”写的是“同上”，但{where}，没有可沿用的内容；请写出实际内容"
                    diagnostics.append(Diagnostic(entry.source.path, line, message))
                else:
                    entry = same_as(entry, key, above)
            if entry.same_as_above:
                entry = replace(entry, same_as_above=())
            resolved.append(entry)
            above = entry
    return tuple(resolved)


def same_as(entry: Entry, key: str, above: Entry) -> Entry:
    if key == "channels":
        return replace(entry, channels_text=above.channels_text, channels=above.channels)
    if key in entry.__dataclass_fields__:
        return replace(entry, **{key: getattr(above, key)})
    extras = tuple((name, above.extra(name) if name == key else value) for name, value in entry.extras)
    return replace(entry, extras=extras)


def validity_on(document: Document, today: date) -> str:
    """有效 until the 有效期至 has passed (then 失效), and until the 废止日期 is reached (then 废止)."""
    if document.validity == "有效" and document.valid_until is not None and document.valid_until < today:
        return "失效"
    if document.validity == "废止" and document.abolished is not None and document.abolished > today:
        return "有效"
    return document.validity


def link_disclosure_documents(documents: list[Document], by_index: dict[str, Document], entry_refs: frozenset[str],
                              today: date, diagnostics: list[Diagnostic], unchecked_codes: frozenset[str] = frozenset()) -> list[Document]:
    """Cross-checks of an agency's disclosure documents: interpretations that name an existing policy
    of the site (and take its category), entries that exist, and validity as of today. `by_index`:
    every disclosure document read, by its 索引号; `unchecked_codes`: the codes of the agencies not read
    (`check --agency`), whose documents cannot be looked up."""
    interpreted = {document.interprets for document in by_index.values() if document.interprets}
    linked = []
    for document in documents:
        path = document.source.path
        policy = by_index.get(document.interprets) if document.interprets else None
        unchecked = document.interprets and document.interprets.partition("/")[0] in unchecked_codes
        if document.interprets and not unchecked and (policy is None or policy is document):
            message = f"解读对象“{document.interprets}”不是本站其他文件的索引号"
            diagnostics.append(Diagnostic(path, document.line_of("interprets"), message))
        elif policy and policy.interprets:
            message = f"解读对象“{document.interprets}”本身是一篇解读；请填写被解读政策文件的索引号"
            diagnostics.append(Diagnostic(path, document.line_of("interprets"), message))
        elif policy and (late := late_interpretation(document, policy)):
            diagnostics.append(late)
        if document.entry and document.entry not in entry_refs:
            message = f"所属条目“{document.entry}”不存在（应为“领域网址名/条目网址名”）"
            diagnostics.append(Diagnostic(path, document.line_of("entry"), message))
        if document.needs_interpretation and document.index_no not in interpreted and not unchecked_codes:  # else it may be unread
            message = "此文件标明需要解读，但还没有解读文件（解读文件中写“解读对象: 本文件索引号”）"
            diagnostics.append(Diagnostic(document.source.path, document.source.line, message, WARNING))
        category = document.category or (policy.category if policy else None)
        linked.append(replace(document, category=category, validity_now=validity_on(document, today)))
    return linked


def assemble_column(config: SiteConfig, validated: dict[str, list[ValidatedFile]], today: date, entry_refs: frozenset[str],
                    by_index: dict[str, Document], diagnostics: list[Diagnostic]) -> Column | None:
    column = config.agency.column
    files = {part.key: validated.get(column.folder_of(part.key), []) for part in COLUMN_PARTS}
    raws = {key: [file for file in folder_files if file.parsed] for key, folder_files in files.items()}
    titles = PART_TITLES
    for part in COLUMN_PARTS[1:]:
        if not raws[part.key]:
            message = f"栏目“{part.title}”（content/{column.folder_of(part.key)}/）还没有内容"
            diagnostics.append(Diagnostic(CONFIG_FILE, column.line_of(part.key), message, WARNING))

    guides: list[Guide] = valid_items(files["guide"], diagnostics)
    guide_unreadable = any(not file.parsed for file in files["guide"])
    if not raws["guide"] and not guide_unreadable:
        message = f"{titles['guide']}缺失：content/{column.guide}/ 中应有一个 .md 文件（如 index.md），并写明更新日期"
        diagnostics.append(Diagnostic(CONFIG_FILE, column.line_of("guide"), message))
    for extra in raws["guide"][1:]:
        message = f"{titles['guide']}只能有一个文件，content/{column.guide}/ 中已有 {raws['guide'][0].path}"
        diagnostics.append(Diagnostic(extra.path, 1, message))

    documents: dict[str, list[Document]] = {}
    for part in ("rules", "statutory"):
        documents[part] = valid_items(files[part], diagnostics)
        check_unique(documents[part], lambda d: d.slug, "文件网址名", diagnostics)
    unchecked = frozenset(a.code for a in config.all_agencies if a.code and a not in checked_agencies(config))
    documents["statutory"] = link_disclosure_documents(documents["statutory"], by_index, entry_refs, today, diagnostics, unchecked)
    reports: list[AnnualReport] = valid_items(files["annual_reports"], diagnostics)
    diagnostics.extend(misplaced_report_problems(reports, config))
    check_unique(reports, lambda r: r.slug, "年度报告网址名", diagnostics)
    check_unique(reports, lambda r: str(r.year), "年度", diagnostics)
    by_year = {report.year: report for report in reports}
    for report in reports:
        if report.year - 1 in by_year:
            diagnostics.extend(compare_with_previous(report, by_year[report.year - 1]))

    if len(guides) != 1 or len(raws["guide"]) != 1:
        return None
    guide_age = (today - guides[0].updated).days
    if guide_age > config.agency.stale_after_days:
        message = (f"{titles['guide']}已 {guide_age} 天未更新（超过 {config.agency.stale_after_days} 天）；"
                   "请核对内容后更新并修改“更新日期”")
        diagnostics.append(Diagnostic(guides[0].source.path, guides[0].source.line, message, WARNING))
    return Column(
        guide=guides[0],
        rules=tuple(sorted(documents["rules"], key=newest_first)),
        statutory=tuple(sorted(documents["statutory"], key=newest_first)),
        annual_reports=tuple(sorted(reports, key=lambda r: (-r.year, r.slug))),
    )


ISSUER_SEPARATORS = re.compile(r"[、，,；;\s]+")


def issuer_problems(document: Document, lead: Agency, issuers: list[str], names: dict[str, Agency]) -> list[Diagnostic]:
    """A 发布机构 naming another agency of the portal that the document does not list as a co-issuer: either a
    joint document without its 联合发文单位, or another agency's document in the wrong folder."""
    if document.issuer is None or document.agency != lead.slug:
        return []
    named = [names[key] for key in map(normalize, ISSUER_SEPARATORS.split(document.issuer)) if key in names]
    missing = [agency for agency in named if agency.slug not in issuers]
    if not missing:
        return []
    others = "、".join(agency.name for agency in missing)
    message = (f"“发布机构”写有{others}，但它不是本文件的联合发文单位；联合发文请加一行 联合发文单位: [{others}]，"
               f"若是{others}自己的文件，请移到 content/{missing[0].slug}/{CLUSTER_FOLDERS['statutory']}/，并用它的机构代码编索引号")
    return [Diagnostic(document.source.path, document.line_of("issuer"), message, WARNING)]


def newest_first(document: Document) -> tuple:
    return (-document.published.toordinal(), document.title, document.slug)


def misplaced_report_problems(reports: list[AnnualReport], config: SiteConfig) -> list[Diagnostic]:
    """In a cluster, a report's title must not be another agency's (its 年度 is checked against its file name when it is read)."""
    problems = []
    for report in reports:
        own = config.agency.name
        other = next((a for a in config.agencies if a.name in report.title and a.name not in own and own not in report.title), None)
        if other is not None:
            message = (f"年度报告“{report.title}”是{other.name}的，却放在{own}的文件夹里；"
                       f"请把它移到 content/{other.slug}/{CLUSTER_FOLDERS['annual_reports']}/，或改正标题")
            problems.append(Diagnostic(report.source.path, report.line_of("title"), message))
    return problems


@dataclass(frozen=True)
class AgencyCatalogs:
    """Each agency's catalog, before what crosses agencies is put together (None: an agency's content has errors)."""

    config: SiteConfig
    catalogs: tuple[Catalog, ...] | None
    diagnostics: tuple[Diagnostic, ...]


def assemble_agencies(config: SiteConfig, validated: dict[str, list[ValidatedFile]], assets: list[str],
                      today: date) -> AgencyCatalogs:
    """The cross-file checks over files already checked one by one (`validated`, by folder), agency by
    agency (索引号 are unique in the whole site, and an interpretation may name any agency's policy).

    `today` is the build's date: it decides the validity of documents and the age of the guide.
    """
    diagnostics: list[Diagnostic] = []
    config = without_empty_folders(config, validated)
    validated = decide_validity(config, validated, diagnostics)
    statutory = [file.item for agency in checked_agencies(config) for file in validated.get(agency.column.statutory, [])
                 if isinstance(file.item, Document)]
    check_unique(statutory, lambda d: d.index_no, "索引号", diagnostics, lambda d: d.line_of("index_no"),
                 "；同一单位同一年的序号不能重复，请改用未用过的序号")
    by_index = {document.index_no: document for document in statutory}
    catalogs = [assemble_agency(config.for_agency(agency), validated, assets, today, by_index, diagnostics)
                for agency in checked_agencies(config)]
    if None not in catalogs:
        diagnostics += decision_problems(config, tuple(catalogs), frozenset(a.slug for a in checked_agencies(config)))
    return AgencyCatalogs(config, None if None in catalogs else tuple(catalogs), tuple(diagnostics))


def assemble_portal(agencies: AgencyCatalogs) -> tuple[Portal, list[Diagnostic]]:
    """What crosses agencies: joint documents listed in each issuer's column."""
    diagnostics: list[Diagnostic] = []
    return Portal(agencies.config, joint_documents(agencies.catalogs, diagnostics)), diagnostics


def assemble_proposals(files: list[ValidatedFile], diagnostics: list[Diagnostic]) -> tuple[tuple[Proposal, ...], tuple[ProposalStatement, ...]]:
    """An agency's replies in list order and its years' stated figures, each checked against the replies."""
    items = valid_items(files, diagnostics)
    proposals = sorted((item for item in items if isinstance(item, Proposal)), key=lambda p: p.order)
    statements = sorted((item for item in items if isinstance(item, ProposalStatement)), key=lambda s: -s.year)
    check_unique(proposals, lambda p: p.slug, "复文网址名", diagnostics)
    numbered: dict[tuple, Proposal] = {}
    for proposal in proposals:
        first = numbered.setdefault((proposal.kind, proposal.term, proposal.meeting, proposal.number), proposal)
        if first is not proposal:
            message = f"{proposal.kind}“{proposal.number_text}”与 {first.source.path} 的编号重复（同一次会议的同一编号）；请核对编号"
            diagnostics.append(Diagnostic(proposal.source.path, proposal.line_of("number"), message))
    for statement in statements:
        diagnostics.extend(statement_problems(statement, year_figures(tuple(proposals), statement.year, statement)))
    return tuple(proposals), tuple(statements)


OPTIONAL_FOLDERS = ("consultations", "proposals", "decisions", "cleanups", "gazette")  # Agency fields naming a folder


def without_empty_folders(config: SiteConfig, validated: dict[str, list[ValidatedFile]]) -> SiteConfig:
    """In a cluster, an agency has the pages of an optional folder (征求意见, 建议提案, 重大行政决策, 清理结果,
    政府公报) once the folder holds a file: every agency is given every folder, most hold nothing."""
    if not config.is_cluster:
        return config

    def used(agency: Agency, attribute: str) -> bool:
        return any(file.parsed for file in validated.get(getattr(agency, attribute) or "", []))

    agencies = tuple(replace(agency, **{attribute: None for attribute in OPTIONAL_FOLDERS if not used(agency, attribute)})
                     for agency in config.agencies)
    return replace(config, agencies=agencies, agency=agencies[0])


def assemble_agency(config: SiteConfig, validated: dict[str, list[ValidatedFile]], assets: list[str], today: date,
                    by_index: dict[str, Document], diagnostics: list[Diagnostic]) -> Catalog | None:
    agency = config.agency
    domains = tuple(assemble_domain(spec, validated.get(spec.folder, []), diagnostics) for spec in agency.domains)
    # Every entry file counts, valid or not, so that one broken entry is not also reported by each document naming it.
    entry_refs = frozenset(f"{entry.domain}/{entry.slug}" for domain in domains for entry in domain.entries) | frozenset(
        f"{spec.slug}/{file.stem}" for spec in agency.domains for file in validated.get(spec.folder, []) if file.parsed)
    column = assemble_column(config, validated, today, entry_refs, by_index, diagnostics)
    files = validated.get(agency.consultations, []) if agency.consultations else []
    consultations: list = valid_items(files, diagnostics)
    check_unique(consultations, lambda c: c.slug, "征求意见网址名", diagnostics)
    proposals, statements = assemble_proposals(validated.get(agency.proposals, []) if agency.proposals else [], diagnostics)
    decisions: list = valid_items(validated.get(agency.decisions, []) if agency.decisions else [], diagnostics)
    check_unique(decisions, lambda d: d.slug, "重大行政决策网址名", diagnostics)
    if column is None:
        return None
    consultations.sort(key=lambda c: (-c.published.toordinal(), c.slug))
    own_assets = tuple(sorted(a for a in assets if not agency.slug or a.startswith(f"{agency.slug}/")))
    for document in column.statutory:
        diagnostics.extend(interpretation_file_problems(document, frozenset(own_assets)))
    unchecked = frozenset(a.code for a in config.all_agencies if a.code and a not in checked_agencies(config))
    issue_files = validated.get(agency.gazette, []) if agency.gazette else []
    issues = valid_items(issue_files, diagnostics)
    gazette = assemble_gazette(issues, by_index, frozenset(own_assets), unchecked, diagnostics, len(issues) == len(issue_files))
    return Catalog(config, domains, column, own_assets, tuple(consultations), proposals, statements,
                   decisions=tuple(sorted(decisions, key=decision_order)), cleanups=agency_cleanups(agency, validated, diagnostics),
                   gazette=gazette)


def joint_documents(catalogs: tuple[Catalog, ...], diagnostics: list[Diagnostic]) -> tuple[Catalog, ...]:
    """A document issued jointly (联合发文单位) is written once, in the lead agency's folder, and is
    listed in every issuer's 法定主动公开内容. In a portal, its 发布机构 names the same agencies."""
    if not catalogs[0].config.is_cluster:
        for document in catalogs[0].column.statutory:
            if document.co_issuers:
                message = "联合发文单位只用于各单位共用的门户（catalog.yaml 的 agencies）；一个单位的网站请删去这一行，在“发布机构”中写明各发文机关"
                diagnostics.append(Diagnostic(document.source.path, document.line_of("co_issuers"), message))
        return catalogs
    agencies = catalogs[0].config.all_agencies  # all of them, also those `check --agency` does not read
    names = {normalize(agency.name): agency for agency in agencies} | {agency.slug: agency for agency in agencies}
    spellings = {agency.name: agency.name for agency in agencies}
    joint: dict[str, list[Document]] = {}
    resolved = []
    for catalog in catalogs:
        lead = catalog.config.agency
        statutory = []
        for document in catalog.column.statutory:
            issuers, unknown = [lead.slug], False
            for name in document.co_issuers:
                agency = names.get(normalize(name)) or names.get(name)
                line = document.line_of("co_issuers")
                if agency is None:
                    unknown = True
                    guess = closest(name, spellings)
                    hint = (f"是否应为“{guess}”？" if guess and guess not in document.co_issuers else
                            "联合发文单位只写 catalog.yaml 的 agencies 中的单位（名称或网址名）；不在本站公开信息的发文机关只写在“发布机构”中")
                    diagnostics.append(Diagnostic(document.source.path, line, f"联合发文单位“{name}”不是本站的单位；{hint}"))
                elif agency.slug == lead.slug:
                    message = f"联合发文单位“{name}”就是本文件所在的牵头单位；只写其他联合发文的单位"
                    diagnostics.append(Diagnostic(document.source.path, line, message))
                elif agency.slug not in issuers:
                    issuers.append(agency.slug)
            if not unknown:  # else the name written wrong is the problem to fix first
                diagnostics.extend(issuer_problems(document, lead, issuers, names))
            if len(issuers) > 1:
                document = replace(document, issuers=tuple(issuers))
                for slug in issuers[1:]:
                    joint.setdefault(slug, []).append(document)
            statutory.append(document)
        resolved.append(replace(catalog, column=replace(catalog.column, statutory=tuple(statutory))))
    return tuple(
        replace(catalog, column=replace(catalog.column, statutory=tuple(sorted(
            catalog.column.statutory + tuple(joint.get(catalog.config.agency.slug, ())), key=newest_first))))
        for catalog in resolved
    )


def agency_cleanups(agency: Agency, validated: dict[str, list[ValidatedFile]], diagnostics: list[Diagnostic]) -> tuple[Cleanup, ...]:
    cleanups: list[Cleanup] = valid_items(validated.get(agency.cleanups, []) if agency.cleanups else [], diagnostics)
    check_unique(cleanups, lambda c: c.slug, "清理结果网址名", diagnostics)
    return tuple(sorted(cleanups, key=lambda c: (-c.day.toordinal(), c.slug)))


def issued_by(document: Document, agency: Agency) -> bool:
    """Whether `agency` issued the document, alone or jointly (its 联合发文单位 as written, by name or slug)."""
    return document.agency == agency.slug or any(normalize(name) in (normalize(agency.name), agency.slug) for name in document.co_issuers)


def decide_validity(config: SiteConfig, validated: dict[str, list[ValidatedFile]], diagnostics: list[Diagnostic]) -> dict[str, list[ValidatedFile]]:
    """Each cleanup's decisions applied to the documents it names (the latest cleanup of a document wins), so that
    its page, the library and the normative list all show them; and the 修改/废止依据 checked. The cleanup is the
    one declaration: a document's own 有效性 or 废止日期 that says otherwise is an error, and so is a cleanup naming
    a document that does not exist or that its agency did not issue."""
    agencies = checked_agencies(config)
    documents = {file.item.index_no: file.item for agency in agencies for file in validated.get(agency.column.statutory, [])
                 if isinstance(file.item, Document)}
    unchecked = frozenset(a.code for a in config.all_agencies if a.code and a not in agencies)
    # A document with errors has no 索引号 to look up: until it is fixed, a cleanup naming it is not also reported.
    broken = any(file.parsed and file.item is None for agency in agencies for file in validated.get(agency.column.statutory, []))
    decisions: dict[str, tuple[Cleanup, str, int]] = {}
    cleanups = [(file.item, agency) for agency in agencies for file in validated.get(agency.cleanups or "", [])
                if isinstance(file.item, Cleanup)]
    for cleanup, agency in sorted(cleanups, key=lambda pair: (pair[0].day, pair[0].source.path)):  # the latest decides
        for key, index_no, line in cleanup.named():
            document = documents.get(index_no)
            if document is None:
                if index_no.partition("/")[0] not in unchecked and not broken:
                    message = f"索引号“{index_no}”不是本站任何文件的索引号；清理结果只列本站法定主动公开内容中的文件，请核对索引号"
                    diagnostics.append(Diagnostic(cleanup.source.path, line, message))
                continue
            if not issued_by(document, agency):
                message = (f"索引号“{index_no}”是另一单位的文件（{document.source.path}）；"
                           f"清理结果只列{agency.name}发布（含联合发布）的文件")
                diagnostics.append(Diagnostic(cleanup.source.path, line, message))
                continue
            decisions[index_no] = (cleanup, key, line)
    titles = {key: (title, validity) for key, title, validity in CLEANUP_GROUPS}
    changed: dict[int, Document] = {}
    for index_no, (cleanup, key, line) in decisions.items():
        document = documents[index_no]
        title, validity = titles[key]
        abolished = cleanup.day if validity in ("失效", "废止") else None
        later = document.validity == "废止" and document.abolished is not None and document.abolished > cleanup.day
        written = dict(document.lines)
        if not later and (("validity" in written and document.validity != validity) or
                          ("abolished" in written and document.abolished != abolished)):
            stated = f"有效性写为“{document.validity}”" + (f"、废止日期 {document.abolished.isoformat()}" if document.abolished else "")
            message = (f"{stated}，但清理结果 {cleanup.source.path} 第 {line} 行把本文件列入“{title}”（{cleanup.day.isoformat()}）；"
                       "本文件的有效性由清理结果决定，请删去“有效性”和“废止日期”两行，或改正清理结果")
            diagnostics.append(Diagnostic(document.source.path, document.line_of("validity" if "validity" in written else "abolished"), message))
            continue
        if later:
            continue
        if key == "kept" and document.valid_until is not None and document.valid_until < cleanup.day:
            message = (f"“{document.title}”的有效期至 {document.valid_until.isoformat()}，早于清理日期，已经失效，却列入“继续有效”；"
                       "确需继续有效的，请在该文件中更新“有效期至”，否则请列入“宣布失效”")
            diagnostics.append(Diagnostic(cleanup.source.path, line, message, WARNING))
        changed[id(document)] = replace(document, validity=validity, abolished=abolished, cleanup_group=title)
    by_index = {index_no: changed.get(id(document), document) for index_no, document in documents.items()}
    for document in by_index.values():
        diagnostics.extend(change_link_problems(document, by_index, unchecked))
    if not changed:
        return validated
    return {folder: [replace(file, item=changed[id(file.item)]) if id(file.item) in changed else file for file in files]
            for folder, files in validated.items()}


def change_link_problems(document: Document, by_index: dict[str, Document], unchecked: frozenset[str]) -> list[Diagnostic]:
    """修改依据 and 废止依据 name a later document of the site; a document repealed by another is not in force."""
    problems = []
    for key, label in (("amended_by", "修改依据"), ("repealed_by", "废止依据")):
        index_no = getattr(document, key)
        if index_no is None or index_no.partition("/")[0] in unchecked:
            continue
        other = by_index.get(index_no)
        line = document.line_of(key)
        if other is None or other is document:
            problems.append(Diagnostic(document.source.path, line, f"{label}“{index_no}”不是本站其他文件的索引号"))
        elif other.published < document.published:
            message = (f"{label}“{index_no}”（{other.title}）发布于 {other.published.isoformat()}，早于本文件；"
                       f"{label}应为修改或废止本文件的后来的文件")
            problems.append(Diagnostic(document.source.path, line, message))
    if document.repealed_by and document.validity not in ("废止", "失效"):
        message = f"写了“废止依据”，但有效性为“{document.validity}”；被废止的文件请写 有效性: 废止 和 废止日期"
        problems.append(Diagnostic(document.source.path, document.line_of("repealed_by"), message))
    return problems


def latest_cleanups(cleanups: Iterable[Cleanup]) -> dict[str, Cleanup]:
    """索引号 → the cleanup whose decision stands for it: the latest naming it (as decide_validity applies them)."""
    decided: dict[str, Cleanup] = {}
    for cleanup in sorted(cleanups, key=lambda c: (c.day, c.source.path)):
        decided.update((index_no, cleanup) for _, index_no, _ in cleanup.named())
    return decided
