"""The government-website inspection (政府网站检查指标, 国办秘函〔2019〕19号): what will fail, and by when.

Pure functions over one agency's validated Catalog and the site's settings, returning findings;
a site cluster runs them once per agency and rolls the results up. 单项否决 rules fail the whole
site; the scored ones lose points. Shown by `python build.py inspect` (text, JSON, or an HTML page
for the district office) and, as warnings, by every build.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Iterable

from jinja2 import Environment

from .diagnostics import WARNING, Diagnostic
from .model import Catalog, Document, InspectionSettings, Period, Portal, Proposal
from .schema import normalize
from .plan import CONSULTATIONS_TITLE, recent_updates
from .proposals import PROPOSALS_TITLE, late_reply
from .standard import COLUMN_PARTS, DECIDED_STAGES, GAZETTE_TITLE
from .validate import MIN_CONSULTATION_DAYS
from .decisions import DECISIONS_TITLE
from .interpretations import INTERPRETATION_WORKDAYS, interpretation_due
from .workdays import Workdays, add_workdays

HOME_PAGE_DAYS = 14  # 首页栏目信息超过2周未更新
TIMELY_COLUMNS_LIMIT = 5  # 栏目未按时更新 (news-like over 2 weeks, 通知公告/政策文件 over 6 months): 5 or more fail
SHOULD_UPDATE_LIMIT = 10  # 应更新而未更新的栏目: 10 or more fail
EMPTY_COLUMNS_LIMIT = 5  # 空白栏目: 5 or more fail
GUIDE_PERIOD = Period(1, "年", "1年")

# The update period of each column unless catalog.yaml `inspection: periods:` says otherwise.
# 不定期: checked only for being empty (rules change rarely; annual reports have their own rule).
DEFAULT_PERIODS = {
    "guide": GUIDE_PERIOD,
    "rules": Period(0, "", "不定期"),
    "statutory": Period(6, "个月", "6个月"),
    "annual_reports": Period(0, "", "不定期"),
    "consultations": Period(1, "年", "1年"),
    "proposals": Period(1, "年", "1年"),
    "domains": Period(1, "年", "1年"),
    "decisions": Period(1, "年", "1年"),  # 重大行政决策事项目录: compiled every year
    "gazette": Period(1, "年", "1年"),  # 政府公报: at least one issue a year
}

RULES = {  # rule id → (title, 单项否决)
    "home-page-stale": ("首页信息更新", True),
    "columns-not-updated": ("栏目未按时更新", True),
    "columns-should-update": ("应更新而未更新的栏目", True),
    "columns-empty": ("空白栏目", True),
    "item-without-date": ("信息无发布日期", True),
    "broken-link": ("链接不可用或附件缺失", True),
    "content-error": ("内容有错误，网站无法生成", True),
    "guide-stale": ("政府信息公开指南更新", False),
    "annual-report-missing": ("政府信息公开工作年度报告", False),
    "annual-report-late": ("政府信息公开工作年度报告", False),
    "site-id-code": ("网站标识码", False),
    "icp-no": ("ICP备案号", False),
    "psb-no": ("公安机关备案号", False),
    "consultation-short": ("征求意见期限", False),
    "interpretation-late": ("政策解读发布时间", False),
    "proposal-late": ("建议提案复文公开时间", False),
    "time-limit": ("公开时限", False),
    "forbidden-term": ("禁用词", False),
    "website-report-missing": ("政府网站工作年度报表", False),
    "website-report-late": ("政府网站工作年度报表", False),
    "decision-overdue": ("重大行政决策事项目录", False),
}

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
SITE_ID_PATTERN = re.compile(r"[0-9]{10}")
ICP_PATTERN = re.compile(rf"[{PROVINCES}]ICP备[0-9]{{6,10}}号(-[0-9]+)?")
PSB_PATTERN = re.compile(rf"[{PROVINCES}]公网安备[0-9]{{14}}号")
# A 公开时限 is read when it counts from the information's own making ("信息形成或者变更之日起20个工作日内",
# "制定或获取信息之日起10个工作日内") or names no start at all ("7日内"); not from another event ("批准后20日内").
TIME_LIMIT_PATTERN = re.compile(r"(?:^|(?:形成|变更|制定|获取|产生)[^，。；0-9]*之日起)\s*([0-9]+)\s*个?(工作日|日|天)内")


@dataclass(frozen=True)
class Finding:
    """One rule that fails, where, by when it must be (or had to be) put right, and how."""

    rule: str  # an id of RULES
    path: str  # relative to the site root: a file, a folder (…/) or a page (index.html)
    line: int | None  # None for a folder or a page
    due: date  # the deadline it misses; today for what must be fixed before publishing
    message: str  # what is wrong and how to fix it, in Chinese

    @property
    def title(self) -> str:
        return RULES[self.rule][0]

    @property
    def veto(self) -> bool:
        return RULES[self.rule][1]

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


@dataclass(frozen=True)
class ColumnState:
    """A column the inspectors look at: a part of the 政府信息公开 column, a domain catalog, consultations."""

    key: str  # column key (guide, statutory, …, consultations) or the domain's slug
    title: str
    path: str  # its folder, content/<folder>/
    period: Period
    items: int
    last: date | None  # the newest item's date; None when empty

    @property
    def due(self) -> date | None:
        """The last day it counts as updated in time; None when it has no period or is empty."""
        return after(self.last, self.period) if self.last and self.period.count else None

    def stale(self, today: date) -> bool:
        return self.due is not None and self.due < today

    @property
    def timely(self) -> bool:
        """The columns the index gives a time for: news-like (2 weeks) up to 通知公告/政策文件 (6 months)."""
        return self.period.unit in ("天", "周") or (self.period.unit == "个月" and self.period.count <= 6)


@dataclass(frozen=True)
class AgencyResult:
    """One agency's share of a portal's inspection: the findings and columns in its folder."""

    slug: str
    name: str
    veto: int
    scored: int
    stale_columns: int
    empty_columns: int

    @property
    def ok(self) -> bool:
        return not self.veto


@dataclass(frozen=True)
class Inspection:
    today: date
    findings: tuple[Finding, ...]  # veto first, then by path and line
    columns: tuple[ColumnState, ...] = ()
    agencies: tuple[AgencyResult, ...] = ()  # in a portal, each agency's share (the site's own findings are in none)

    @property
    def veto(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.veto)

    @property
    def scored(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.veto)

    @property
    def ok(self) -> bool:
        return not self.veto


def after(day: date, period: Period) -> date:
    """`day` plus the period; a month's end stays within the month (31 August + 6个月 = 28 or 29 February)."""
    if period.unit in ("天", "周"):
        return day + timedelta(days=period.count * (7 if period.unit == "周" else 1))
    months = day.month - 1 + period.count * (12 if period.unit == "年" else 1)
    year, month = day.year + months // 12, months % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_of(settings: InspectionSettings, key: str, is_domain: bool = False) -> Period:
    """A column's own setting, else (for a domain) the setting for all domains, else the default."""
    periods = dict(settings.periods)
    group = "domains" if is_domain else key
    return periods.get(key) or periods.get(group) or DEFAULT_PERIODS[group]


def column_states(catalog: Catalog) -> tuple[ColumnState, ...]:
    settings, agency, column = catalog.config.inspection, catalog.config.agency, catalog.column
    dated = {
        "guide": [column.guide.updated],
        "rules": [d.published for d in column.rules],
        "statutory": [d.published for d in column.statutory],
        "annual_reports": [r.published for r in column.annual_reports],
    }
    whose = f"{agency.name}：" if agency.slug else ""  # in a cluster, whose column it is
    states = [
        ColumnState(part.key, whose + part.title, f"content/{agency.column.folder_of(part.key)}/", period_of(settings, part.key),
                    len(dated[part.key]), max(dated[part.key], default=None))
        for part in COLUMN_PARTS
    ]
    states += [
        ColumnState(d.spec.slug, whose + d.spec.name, f"content/{d.spec.folder}/", period_of(settings, d.spec.slug, True),
                    len(d.entries), max((e.updated for e in d.entries), default=None))
        for d in catalog.domains
    ]
    optional = (("consultations", CONSULTATIONS_TITLE, [c.published for c in catalog.consultations]),
                ("proposals", PROPOSALS_TITLE, [p.published for p in catalog.proposals]),
                ("decisions", DECISIONS_TITLE, [d.updated for d in catalog.decisions]),
                ("gazette", GAZETTE_TITLE, [issue.published for issue in catalog.gazette]))
    for key, title, days in optional:  # the agency's optional folders that hold files (catalog.without_empty_folders)
        if getattr(agency, key):
            states.append(ColumnState(key, whose + title, f"content/{getattr(agency, key)}/", period_of(settings, key),
                                      len(days), max(days, default=None)))
    return tuple(states)


def home_page(portal: Portal, today: date) -> list[Finding]:
    """The home page's 最近更新 is the plan's: its newest item must be at most 14 days old (13 and 14 pass, 15 fails)."""
    newest = min((recent_updates(catalog, 1)[0] for catalog in portal.catalogs), key=lambda u: (-u.day.toordinal(), u.url))
    due = newest.day + timedelta(days=HOME_PAGE_DAYS)
    if due >= today:
        return []
    message = (f"首页最新的信息是 {newest.day.isoformat()} 发布的“{newest.title}”（{newest.kind}），"
               f"已 {(today - newest.day).days} 天没有新信息，超过 2 周即单项否决；请发布新的信息或更新条目")
    return [Finding("home-page-stale", "index.html", None, due, message)]


def column_rules(columns: tuple[ColumnState, ...], today: date) -> list[Finding]:
    """The three counts over columns; when one reaches its limit, each column it counts is a finding."""
    findings = []
    timely = [c for c in columns if c.timely and c.stale(today)]
    if len(timely) >= TIMELY_COLUMNS_LIMIT:
        findings += [stale_finding("columns-not-updated", c, len(timely), TIMELY_COLUMNS_LIMIT) for c in timely]
    stale = [c for c in columns if c.stale(today)]
    if len(stale) >= SHOULD_UPDATE_LIMIT:
        findings += [stale_finding("columns-should-update", c, len(stale), SHOULD_UPDATE_LIMIT)
                     for c in stale if c not in timely or len(timely) < TIMELY_COLUMNS_LIMIT]
    empty = [c for c in columns if not c.items]
    if len(empty) >= EMPTY_COLUMNS_LIMIT:
        message = (f"还没有任何内容；空白栏目共 {len(empty)} 个，达到 {EMPTY_COLUMNS_LIMIT} 个即单项否决；"
                   "请发布内容，或在 catalog.yaml 中去掉不需要的栏目")
        findings += [Finding("columns-empty", c.path, None, today, f"栏目“{c.title}”{message}") for c in empty]
    return findings


def stale_finding(rule: str, column: ColumnState, count: int, limit: int) -> Finding:
    message = (f"栏目“{column.title}”最近一次更新为 {column.last.isoformat()}，更新周期 {column.period.text}，"
               f"应在 {column.due.isoformat()} 前更新；此类栏目共 {count} 个，达到 {limit} 个即单项否决；请发布新内容或更新条目")
    return Finding(rule, column.path, None, column.due, message)


def guide_rule(catalog: Catalog, today: date) -> list[Finding]:
    """The guide's 更新日期 at most a year old (the index's rule, whatever the guide column's period)."""
    guide = catalog.column.guide
    due = after(guide.updated, GUIDE_PERIOD)
    if due >= today:
        return []
    message = f"指南的更新日期为 {guide.updated.isoformat()}，已超过 1 年；请核对内容后更新，并修改“更新日期”"
    return [Finding("guide-stale", guide.source.path, guide.source.line, due, message)]


def annual_report_due(settings: InspectionSettings, year: int, kind: str = "") -> date:
    """The report on `year` is due in the following year: a people's government's on the day catalog.yaml
    sets (31 March by default), a department's (and a sub-district office's) by 31 January."""
    month, day = DEPARTMENT_REPORT_DUE if kind in REPORTS_DUE_IN_JANUARY else settings.annual_report_due
    return date(year + 1, month, min(day, calendar.monthrange(year + 1, month)[1]))


DEPARTMENT_REPORT_DUE = (1, 31)
REPORTS_DUE_IN_JANUARY = ("区政府部门", "街道办事处")


def annual_report_rules(catalog: Catalog, today: date) -> list[Finding]:
    settings, kind = catalog.config.inspection, catalog.config.agency.kind
    findings = []
    for report in catalog.column.annual_reports:
        due = annual_report_due(settings, report.year, kind)
        if report.published > due:
            message = (f"{report.year} 年度报告发布于 {report.published.isoformat()}，晚于截止日期 {due.isoformat()}；"
                       "请按时发布下一年度的报告")
            findings.append(Finding("annual-report-late", report.source.path, report.line_of("published"), due, message))
    year = today.year - 1 if annual_report_due(settings, today.year - 1, kind) < today else today.year - 2
    if not any(report.year == year for report in catalog.column.annual_reports):
        due = annual_report_due(settings, year, kind)
        folder = catalog.config.agency.column.annual_reports
        agency = catalog.config.agency
        command = f"python build.py new-report {year}" + (f" --agency {agency.slug}" if agency.slug else "")
        message = (f"{agency.name + '：' if agency.slug else ''}{year} 年度政府信息公开工作年度报告应在 {due.isoformat()} 前发布，至今没有；"
                   f"请运行 {command} 新建并填写")
        findings.append(Finding("annual-report-missing", f"content/{folder}/", None, due, message))
    return findings


def identifier_rules(catalog: Catalog, today: date) -> list[Finding]:
    site = catalog.config.site
    checks = (
        ("site-id-code", "site_id_code", site.site_id_code, SITE_ID_PATTERN, "网站标识码应为 10 位数字"),
        ("icp-no", "icp_no", site.icp_no, ICP_PATTERN, "ICP备案号应写成“京ICP备12345678号”或“京ICP备12345678号-1”（省份简称开头）"),
        ("psb-no", "psb_no", site.psb_no, PSB_PATTERN, "公安机关备案号应写成“京公网安备11010502030143号”（省份简称、14 位数字）"),
    )
    return [
        Finding(rule, "catalog.yaml", site.line_of(key), today, f"{expected}，实际为“{value}”；请照备案信息填写，它会显示在每页底部")
        for rule, key, value, pattern, expected in checks
        if not pattern.fullmatch(value.strip())
    ]


def consultation_rules(catalog: Catalog, today: date) -> list[Finding]:
    findings = []
    for c in catalog.consultations:
        if c.period_days < MIN_CONSULTATION_DAYS and not c.shortened_reason:
            due = c.opens + timedelta(days=MIN_CONSULTATION_DAYS - 1)
            message = (f"征求意见期限为 {c.period_days} 天（{c.opens.isoformat()} 至 {c.closes.isoformat()}），"
                       f"少于 {MIN_CONSULTATION_DAYS} 天且未写“缩短理由”；请把截止日期延至 {due.isoformat()}，或写明缩短理由")
            findings.append(Finding("consultation-short", c.source.path, c.source.line, due, message))
    return findings


def own_statutory(catalog: Catalog) -> tuple[Document, ...]:
    """The agency's own disclosure documents: a joint document is judged once, in its lead agency's folder."""
    return tuple(d for d in catalog.column.statutory if d.agency == catalog.config.agency.slug)


def interpretation_rules(catalog: Catalog, today: date, by_index: dict[str, Document] | None = None) -> list[Finding]:
    """A 政策解读 published within 3 working days of its policy (any agency's: `by_index`, the portal's documents)."""
    by_index = by_index if by_index is not None else {d.index_no: d for d in catalog.column.statutory}
    findings = []
    for document in own_statutory(catalog):
        policy = by_index.get(document.interprets) if document.interprets else None
        if policy is None:
            continue
        due = interpretation_due(policy)
        if document.published > due.day:
            message = (f"解读发布于 {document.published.isoformat()}，政策文件“{policy.title}”发布于 {policy.published.isoformat()}，"
                       f"晚于 {INTERPRETATION_WORKDAYS} 个工作日（{due.day.isoformat()}）{due.note}；解读应与政策文件同步或在 3 个工作日内发布")
            findings.append(Finding("interpretation-late", document.source.path, document.line_of("published"), due.day, message))
    return findings


def proposal_rules(catalog: Catalog, today: date) -> list[Finding]:
    """A reply to a suggestion or proposal published within 20 working days of its reply date."""
    findings = []
    for proposal in catalog.proposals:
        late = late_reply(proposal)
        if late:
            findings.append(Finding("proposal-late", proposal.source.path, proposal.line_of("published"), late[0].day, late[1]))
    return findings


MAX_TIME_LIMIT_DAYS = 3650


def time_limit_deadline(time_limit: str, start: date) -> Workdays | None:
    """The last day of a 公开时限 such as "20个工作日内" or "7日内", counted from `start`; None when it cannot be read."""
    match = TIME_LIMIT_PATTERN.search(time_limit)
    if match is None:
        return None
    count = int(match[1])
    if count > MAX_TIME_LIMIT_DAYS:
        return None  # no real 公开时限 is longer than a year or so: not a limit to count, nor to spend hours on
    return add_workdays(start, count) if match[2] == "工作日" else Workdays(start + timedelta(days=count))


def time_limit_rules(catalog: Catalog, today: date) -> list[Finding]:
    """Checkable today: a disclosure document with its 成文日期 and its catalog entry (所属条目), whose 公开时限
    can be read; its 发布日期 must fall within that time from the 成文日期."""
    entries = {f"{e.domain}/{e.slug}": e for d in catalog.domains for e in d.entries}
    findings = []
    for document in own_statutory(catalog):
        entry = entries.get(document.entry or "")
        if entry is None or document.written is None:
            continue
        deadline = time_limit_deadline(entry.time_limit, document.written)
        if deadline is not None and document.published > deadline.day:
            message = (f"成文日期 {document.written.isoformat()}，发布日期 {document.published.isoformat()}，"
                       f"超过所属条目“{entry.title}”的公开时限“{entry.time_limit}”（应在 {deadline.day.isoformat()} 前公开）{deadline.note}；"
                       "请今后按时限公开，并核对两个日期是否填写正确")
            findings.append(Finding("time-limit", document.source.path, document.line_of("published"), deadline.day, message))
    return findings


def texts_of(catalog: Catalog) -> Iterable[tuple[str, int, str]]:
    """(path, line, text) of every title and body line the site publishes; a title is at its key's line where known."""
    column = catalog.column
    items: list[Any] = [e for d in catalog.domains for e in d.entries]
    items += [column.guide, *column.rules, *own_statutory(catalog), *catalog.consultations, *catalog.proposals]
    for item in items:
        title_line = item.line_of("title") if isinstance(item, (Document, Proposal)) else item.source.line
        yield item.source.path, title_line, item.title
        for offset, text in enumerate(item.body.split("\n")):
            yield item.source.path, item.body_line + offset, text
    for report in column.annual_reports:
        yield report.source.path, report.line_of("title"), report.title
        for section in filter(None, (report.preface, *report.sections)):
            for offset, text in enumerate(section.text.split("\n")):
                yield report.source.path, section.line + offset, text


def forbidden_term_rules(catalog: Catalog, today: date) -> list[Finding]:
    """Each term once per line it occurs on; one pattern for all terms, so that each line is scanned once."""
    replacements = dict(catalog.config.inspection.forbidden_terms)
    if not replacements:
        return []
    pattern = re.compile("|".join(re.escape(term) for term in sorted(replacements, key=len, reverse=True)))
    return [
        Finding("forbidden-term", path, line, today, f"“{term}”已不再使用，请改为“{replacements[term]}”")
        for path, line, text in texts_of(catalog)
        if pattern.search(text)
        for term in dict.fromkeys(pattern.findall(text))
    ]


WEBSITE_REPORT = "政府网站工作年度报表"
WEBSITE_REPORT_DUE = (1, 31)  # 国办函〔2018〕12号: the report on year Y by 31 January of Y+1


def website_report_rules(portal: Portal, today: date) -> list[Finding]:
    """The site's 政府网站工作年度报表: a document of the portal's own agency (in any column) whose title names it and
    its year, e.g. “青禾区人民政府门户网站2025年政府网站工作年度报表”, published by 31 January of the next year."""
    catalog = portal.own
    documents = [d for d in catalog.column.rules + own_statutory(catalog) if WEBSITE_REPORT in normalize(d.title)]

    def due(year: int) -> date:
        return date(year + 1, *WEBSITE_REPORT_DUE)

    findings = []
    for document in documents:
        year = next((int(y) for y in re.findall(r"([0-9]{4})\s*年", normalize(document.title))), None)
        if year is not None and document.published > due(year):
            message = (f"{year} 年度{WEBSITE_REPORT}发布于 {document.published.isoformat()}，晚于截止日期 {due(year).isoformat()}；"
                       "请按时发布下一年度的报表")
            findings.append(Finding("website-report-late", document.source.path, document.line_of("published"), due(year), message))
    year = today.year - 1 if due(today.year - 1) < today else today.year - 2
    if not any(f"{year}年" in normalize(d.title).replace(" ", "") for d in documents):
        folder = catalog.config.agency.column.statutory
        message = (f"{year} 年度{WEBSITE_REPORT}（国办函〔2018〕12号）应在 {due(year).isoformat()} 前在网站公开，至今没有；"
                   f"请把它作为一篇文件发布在 content/{folder}/ 中，标题写明年度，如“{catalog.config.site.name}{year}年{WEBSITE_REPORT}”")
        findings.append(Finding("website-report-missing", f"content/{folder}/", None, due(year), message))
    return findings


def decision_rules(catalog: Catalog, today: date) -> list[Finding]:
    """A major decision past its 计划完成时间 and not yet made: the catalog no longer says what is happening."""
    findings = []
    for d in catalog.decisions:
        if d.stage not in DECIDED_STAGES and d.planned < today:
            message = (f"重大行政决策“{d.title}”计划于 {d.planned.isoformat()} 完成，状态仍为“{d.stage}”；"
                       "请更新状态，或修改“计划完成时间”并在正文中说明推迟的原因")
            findings.append(Finding("decision-overdue", d.source.path, d.line_of("planned"), d.planned, message))
    return findings


AGENCY_RULES = (guide_rule, annual_report_rules, consultation_rules, time_limit_rules, forbidden_term_rules, proposal_rules,
               decision_rules)


def inspect_portal(portal: Portal, today: date, agency: str | None = None) -> Inspection:
    """Every rule as of `today`: the site's (its home page, its footer, its annual website report, its columns
    counted together: the inspectors judge one website) and each agency's; `agency`: only that agency's columns
    and findings. In a portal, each agency's share is summed up as well (`Inspection.agencies`)."""
    catalogs = [c for c in portal.catalogs if agency is None or c.config.agency.slug == agency]
    columns = tuple(state for catalog in catalogs for state in column_states(catalog))
    whole = agency is None and portal.config.only is None  # the site's own rules need the whole site (not `check --agency`)
    site = home_page(portal, today) + identifier_rules(portal.own, today) + website_report_rules(portal, today) if whole else []
    by_index = {d.index_no: d for catalog in portal.catalogs for d in catalog.column.statutory}
    findings = column_rules(columns, today) + site + [f for catalog in catalogs for rule in AGENCY_RULES for f in rule(catalog, today)]
    findings += [f for catalog in catalogs for f in interpretation_rules(catalog, today, by_index)]
    findings = sort_findings(findings)
    shares = tuple(agency_result(catalog, findings, columns, today) for catalog in catalogs) if portal.config.is_cluster else ()
    return Inspection(today, findings, columns, shares)


def agency_result(catalog: Catalog, findings: tuple[Finding, ...], columns: tuple[ColumnState, ...], today: date) -> AgencyResult:
    agency = catalog.config.agency
    folder = f"content/{agency.slug}/"
    own = [f for f in findings if f.path.startswith(folder)]
    own_columns = [c for c in columns if c.path.startswith(folder)]
    return AgencyResult(agency.slug, agency.name, sum(f.veto for f in own), sum(not f.veto for f in own),
                        sum(c.stale(today) for c in own_columns), sum(not c.items for c in own_columns))


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: (not f.veto, f.path, f.line or 0, f.rule)))


def rule_of_error(diagnostic: Diagnostic) -> str:
    """Which veto rule a build error stands for: a missing date, a missing link target, or anything else."""
    if "链接的文件不存在" in diagnostic.message:
        return "broken-link"
    if re.search(r"必填字段“(发布日期|更新日期)”", diagnostic.message):
        return "item-without-date"
    return "content-error"


def inspect_failed(diagnostics: Iterable[Diagnostic], today: date) -> Inspection:
    """A site the build refuses fails the inspection: each of its errors is a veto finding."""
    return Inspection(today, sort_findings(
        Finding(rule_of_error(d), d.path, d.line, today, d.message) for d in diagnostics if d.is_error))


# Rules whose problem the build's own checks already report (validate.py, catalog.py): not said twice.
# A late interpretation: the build warns of any published after its policy (interpretations.late_interpretation).
BUILD_REPORTS = frozenset({"consultation-short", "guide-stale", "proposal-late", "decision-overdue", "interpretation-late"})


def inspection_warnings(portal: Portal, today: date) -> list[Diagnostic]:
    """The findings as a build shows them: warnings, of which --strict makes the 单项否决 ones errors
    (a scored finding costs points, it does not fail the site)."""
    return [Diagnostic(f.path, f.line or 1, f"网站检查{'（单项否决）' if f.veto else ''}：{f.title}：{f.message}", WARNING,
                       promotable=f.veto)
            for f in inspect_portal(portal, today).findings if f.rule not in BUILD_REPORTS]


def finding_json(finding: Finding) -> dict[str, Any]:
    return {"rule": finding.rule, "title": finding.title, "path": finding.path, "line": finding.line,
            "due": finding.due.isoformat(), "message": finding.message}


def inspection_as_json(result: Inspection) -> dict[str, Any]:
    return {
        "ok": result.ok,
        "today": result.today.isoformat(),
        "veto": [finding_json(f) for f in result.veto],
        "scored": [finding_json(f) for f in result.scored],
        "columns": [
            {"key": c.key, "title": c.title, "path": c.path, "period": c.period.text, "items": c.items,
             "last": c.last.isoformat() if c.last else None, "due": c.due.isoformat() if c.due else None,
             "stale": c.stale(result.today)}
            for c in result.columns
        ],
        "agencies": [{"slug": a.slug, "name": a.name, "ok": a.ok, "veto": a.veto, "scored": a.scored,
                      "stale_columns": a.stale_columns, "empty_columns": a.empty_columns} for a in result.agencies],
    }


def verdict(result: Inspection) -> str:
    if result.ok:
        return f"网站检查（{result.today.isoformat()}）：通过，单项否决 0 项，扣分项 {len(result.scored)} 项"
    return f"网站检查（{result.today.isoformat()}）：未通过，单项否决 {len(result.veto)} 项，扣分项 {len(result.scored)} 项"


def agency_line(share: AgencyResult) -> str:
    return (f"{share.name}（{share.slug}）：涉及单项否决 {share.veto} 项、扣分项 {share.scored} 项；"
            f"超期栏目 {share.stale_columns} 个，空白栏目 {share.empty_columns} 个")


def inspection_as_text(result: Inspection) -> str:
    lines = [verdict(result)]
    if result.agencies:
        lines += ["", "各单位："] + [f"  {agency_line(share)}" for share in result.agencies]
    for heading, findings in (("单项否决（任一项不合格即整个网站不合格）", result.veto), ("扣分项", result.scored)):
        if findings:
            lines += ["", f"{heading}：{len(findings)} 项"]
            lines += [f"  {f.where}: [{f.title}] {f.message}（期限 {f.due.isoformat()}）" for f in findings]
    if result.columns:
        lines += ["", "栏目更新情况："]
        for c in result.columns:
            state = "空白" if not c.items else (f"应在 {c.due.isoformat()} 前更新" + ("（已超期）" if c.stale(result.today) else "")
                                              if c.due else "不定期")
            lines.append(f"  {c.title}  {c.path}  更新周期 {c.period.text}  最近更新 {c.last.isoformat() if c.last else '无'}  {state}")
    return "\n".join(lines)


INSPECTION_PAGE_MARK = "build.py inspect"  # in every page written, so that only such a page is ever overwritten
PAGE_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="generator" content="{{ mark }}">
<title>网站检查结果 - {{ site }}</title>
<style>
body { font: 1rem/1.6 sans-serif; margin: 1rem auto; max-width: 72rem; padding: 0 1rem; color: #1a1a1a; }
table { border-collapse: collapse; width: 100%; margin-bottom: 2rem; }
th, td { border: 1px solid #595959; padding: .4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
caption { text-align: left; font-weight: bold; padding: .4rem 0; }
.fail { color: #a00000; }
</style>
</head>
<body>
<main>
<h1>{{ site }}：网站检查结果</h1>
<p class="{{ 'fail' if not result.ok else '' }}">{{ verdict }}。本页供办公室内部使用，不在网站上发布。</p>
{% if result.agencies %}
<table>
<caption>各单位检查结果</caption>
<thead><tr><th scope="col">单位</th><th scope="col">涉及单项否决</th><th scope="col">扣分项</th><th scope="col">超期栏目</th><th scope="col">空白栏目</th></tr></thead>
<tbody>
{% for a in result.agencies %}<tr><th scope="row">{{ a.name }}</th><td class="{{ 'fail' if a.veto else '' }}">{{ a.veto }}</td><td>{{ a.scored }}</td><td>{{ a.stale_columns }}</td><td>{{ a.empty_columns }}</td></tr>
{% endfor %}</tbody>
</table>
{% endif %}
{% for heading, findings in groups %}
<table>
<caption>{{ heading }}（{{ findings|length }} 项）</caption>
<thead><tr><th scope="col">检查项</th><th scope="col">位置</th><th scope="col">期限</th><th scope="col">问题和改正方法</th></tr></thead>
<tbody>
{% for f in findings %}<tr><td>{{ f.title }}</td><td>{{ f.where }}</td><td>{{ f.due.isoformat() }}</td><td>{{ f.message }}</td></tr>
{% else %}<tr><td colspan="4">无</td></tr>
{% endfor %}</tbody>
</table>
{% endfor %}
{% if result.columns %}
<table>
<caption>栏目更新情况</caption>
<thead><tr><th scope="col">栏目</th><th scope="col">文件夹</th><th scope="col">更新周期</th><th scope="col">条数</th><th scope="col">最近更新</th><th scope="col">应在此日前更新</th></tr></thead>
<tbody>
{% for c in result.columns %}<tr><th scope="row">{{ c.title }}</th><td>{{ c.path }}</td><td>{{ c.period.text }}</td><td>{{ c.items }}</td><td>{{ c.last.isoformat() if c.last else "无" }}</td><td class="{{ 'fail' if c.stale(result.today) else '' }}">{{ (c.due.isoformat() ~ ("（已超期）" if c.stale(result.today) else "")) if c.due else "—" }}</td></tr>
{% endfor %}</tbody>
</table>
{% endif %}
</main>
</body>
</html>
"""


def inspection_as_html(result: Inspection, site_name: str) -> str:
    """The district office's page: the findings and every column's state, as a standalone accessible page."""
    template = Environment(autoescape=True, keep_trailing_newline=True).from_string(PAGE_TEMPLATE)
    groups = (("单项否决（任一项不合格即整个网站不合格）", result.veto), ("扣分项", result.scored))
    return template.render(site=site_name, result=result, verdict=verdict(result), groups=groups, mark=INSPECTION_PAGE_MARK)
