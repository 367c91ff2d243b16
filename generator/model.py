"""The content model: plain frozen data, no I/O.

The configuration is split into the site (identity, footer, theme) and the agencies that
publish through it (each with its catalog directory and its 政府信息公开 column). A site of
one agency (catalog.yaml `agency:`) is a cluster of one whose agency has no slug: its pages
sit at the site's root. In a cluster (`agencies:`) every agency has a slug, which is both
its folder under content/ and its pages' path.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from yaml.nodes import Node

from .standard import STANDARD_MARK_GROUPS, MarkGroup


class KeyLines:
    """For types that remember the line of each key they were read from (field `lines`)."""

    lines: tuple[tuple[str, int], ...]

    def line_of(self, key: str) -> int:
        return dict(self.lines).get(key, 1)


@dataclass(frozen=True)
class SourceSpan:
    path: str  # relative to the site root, with `/`
    line: int


@dataclass(frozen=True)
class SiteIdentity(KeyLines):
    name: str
    sponsor: str  # 主办单位
    contact: str  # 联系方式
    site_id_code: str  # 网站标识码
    icp_no: str  # ICP备案号
    psb_no: str  # 公安机关备案号
    operator: str | None = None  # 承办单位
    address: str | None = None
    base_url: str | None = None  # absolute, ends with "/", may include a sub-path
    theme: str = "default"
    lines: tuple[tuple[str, int], ...] = ()  # line of each key in catalog.yaml, for the inspection's findings


@dataclass(frozen=True)
class DirectoryItem:
    """A 一级事项 of a domain's standard directory, with its 二级事项 where known."""

    name: str
    sub_items: tuple[str, ...] = ()  # its 二级事项, in order


@dataclass(frozen=True)
class DomainSpec:
    slug: str
    name: str
    directory: tuple[DirectoryItem, ...]
    article20: tuple[int, ...] = ()  # Article 20 categories the domain falls under
    source: SourceSpan | None = None
    mark_groups: tuple[MarkGroup, ...] = STANDARD_MARK_GROUPS  # with the option labels the agency's table prints
    extra_columns: tuple[str, ...] = ()  # the agency's own columns (catalog.yaml 自定义列), in table order
    agency: str = ""  # the slug of the agency whose catalog this is (each agency has its own copy)

    @property
    def folder(self) -> str:
        """Its entries' folder under content/."""
        return f"{self.agency}/{self.slug}" if self.agency else self.slug


@dataclass(frozen=True)
class ColumnFolders(KeyLines):
    """Folders under content/ holding the four parts of the column."""

    guide: str
    rules: str
    statutory: str
    annual_reports: str
    lines: tuple[tuple[str, int], ...] = ()  # (part key, line in catalog.yaml)

    def folder_of(self, part_key: str) -> str:
        return getattr(self, part_key)


@dataclass(frozen=True)
class Office(KeyLines):
    """An agency's 政府信息公开工作机构, shown with its guide."""

    name: str
    address: str | None = None
    postcode: str | None = None
    phone: str | None = None
    hours: str | None = None
    email: str | None = None
    lines: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Agency:
    name: str
    column: ColumnFolders  # folders relative to content/ (`<slug>/guide` … in a cluster)
    domains: tuple[DomainSpec, ...]  # the pilot domains it publishes, in the site's order
    stale_after_days: int = 365  # the compliance report flags entries (and the build the guide) not updated for longer
    consultations: str | None = None  # folder under content/ of the drafts put out for comment
    slug: str = ""  # "" for the agency of a one-agency site; else its folder under content/ and its pages' path
    kind: str = ""  # 区人民政府 / 区政府部门 / 镇人民政府 / 街道办事处 (in a cluster)
    code: str | None = None  # 组织机构代码 or 统一社会信用代码: every 索引号 of the agency starts with it
    office: Office | None = None
    source: SourceSpan | None = None  # where catalog.yaml declares it
    lines: tuple[tuple[str, int], ...] = ()
    proposals: str | None = None  # folder under content/ of its replies to deputies' suggestions and members' proposals
    decisions: str | None = None  # folder under content/ of its 重大行政决策事项目录 (one file per decision)
    cleanups: str | None = None  # folder under content/ of its 规范性文件清理结果
    gazette: str | None = None  # folder under content/ of its 政府公报 issues (a cluster's agencies: `<slug>/gazette`)

    def line_of(self, key: str) -> int:
        return dict(self.lines).get(key, self.source.line if self.source else 1)


@dataclass(frozen=True)
class Period:
    """How often a column must be updated, as catalog.yaml writes it (2周, 6个月, 1年); count 0: 不定期."""

    count: int
    unit: str  # 天, 周, 个月 or 年
    text: str


@dataclass(frozen=True)
class InspectionSettings:
    """catalog.yaml `inspection:`, the settings of the website inspection (inspection.py)."""

    periods: tuple[tuple[str, Period], ...] = ()  # column key or domain slug → its update period, over the defaults
    annual_report_due: tuple[int, int] = (3, 31)  # (month, day) of year Y+1: a people's government's; a department's is (1, 31)
    forbidden_terms: tuple[tuple[str, str], ...] = ()  # (term, replacement), in catalog.yaml order


@dataclass(frozen=True)
class SiteConfig:
    site: SiteIdentity
    agency: Agency  # the agency this configuration is seen from: the portal's own unless `for_agency` chose another
    inspection: InspectionSettings = InspectionSettings()
    agencies: tuple[Agency, ...] = ()  # every agency, the portal's own first; () for a one-agency site
    domains: tuple[DomainSpec, ...] = ()  # every pilot domain the site knows (a cluster's `domains:`)
    only: str | None = None  # `check --agency`: the slug of the one agency read and checked

    @property
    def is_cluster(self) -> bool:
        return bool(self.agencies)

    @property
    def all_agencies(self) -> tuple[Agency, ...]:
        return self.agencies or (self.agency,)

    def for_agency(self, agency: Agency) -> SiteConfig:
        return replace(self, agency=agency)

    def agency_named(self, text: str) -> Agency | None:
        """The agency a command line names, by its slug or its full name."""
        return next((agency for agency in self.agencies if text in (agency.slug, agency.name)), None)


@dataclass(frozen=True)
class RawDocument:
    """A Markdown file split into its parsed front matter and its body."""

    path: str  # relative to the site root
    stem: str  # file name without .md
    meta: Node  # a mapping when valid; validation reports anything else
    body: str
    body_line: int  # line of the body's first line in the file


@dataclass(frozen=True)
class Marks:
    """One mark group of a catalog row: the options marked √, or why none is (未注明 / 不适用)."""

    chosen: tuple[str, ...] = ()  # option labels as the table prints them, in table order
    unstated: str | None = None

    def __contains__(self, option: str) -> bool:
        return option in self.chosen

    @property
    def text(self) -> str:
        return "、".join(self.chosen) or self.unstated or ""


@dataclass(frozen=True)
class Entry:
    """One row of the standard catalog (公开事项) and its page, in the agency's own words."""

    domain: str
    slug: str
    title: str
    item_l1: str
    item_l2: str | None
    content: str
    basis: tuple[str, ...]
    time_limit: str
    publisher: str
    channels_text: str  # 公开渠道和载体 as printed
    channels: tuple[str, ...]  # the standard channels it names, for filtering and open data (其他: any other)
    audience: Marks
    mode: Marks
    level: Marks
    updated: date
    body: str
    body_line: int
    source: SourceSpan
    seq: str | None = None  # 序号 as the agency's table prints it
    extras: tuple[tuple[str, str], ...] = ()  # (column, value) of the domain's extra columns that are filled in
    same_as_above: tuple[tuple[str, int], ...] = ()  # (field, line) written 同上, until the catalog resolves them
    title_line: int = 1  # where its title comes from (标题, else 二级事项 or 一级事项): for messages about the title
    agency: str = ""  # the slug of the agency that publishes it (see Agency.slug)

    def extra(self, column: str) -> str:
        return dict(self.extras).get(column, "")


@dataclass(frozen=True)
class Guide:
    title: str
    updated: date
    body: str
    body_line: int
    source: SourceSpan
    agency: str = ""


@dataclass(frozen=True)
class Document(KeyLines):
    """A published document of the column: a rule or a piece of statutory content."""

    part: str  # "rules" or "statutory"
    slug: str
    title: str
    published: date
    body: str
    body_line: int
    source: SourceSpan
    doc_no: str | None = None  # 文号
    issuer: str | None = None  # 发布机构
    # The metadata block of a disclosure document (statutory content only):
    category: int | None = None  # Article 20 category; an interpretation takes its policy's
    domain: str | None = None  # related pilot domain
    index_no: str | None = None  # 索引号, unique across the site
    subject: str | None = None  # 主题分类
    written: date | None = None  # 成文日期
    validity: str = "有效"  # 有效 / 失效 / 废止 / 已修改, as declared
    abolished: date | None = None  # 废止日期
    valid_until: date | None = None  # 有效期至
    entry: str | None = None  # "<domain>/<entry slug>": the catalog entry it belongs to
    interprets: str | None = None  # 索引号 of the policy this interpretation explains
    needs_interpretation: bool = False
    validity_now: str = "有效"  # as of the build's date: 有效期至 past → 失效
    lines: tuple[tuple[str, int], ...] = ()  # line of each front-matter key
    agency: str = ""  # the agency whose folder holds it (the lead agency of a joint document)
    co_issuers: tuple[str, ...] = ()  # 联合发文单位 as written: the other agencies that issued it with the lead
    issuers: tuple[str, ...] = ()  # slugs of every agency whose column lists it, the lead's first (set by the catalog)
    doc_type: str | None = None  # 文种 as the agency writes it (通知, 规范性文件 …)
    policy_kind: str | None = None  # its kind in the policy library (standard.POLICY_KINDS); None: not a policy document
    amended_by: str | None = None  # 修改依据: 索引号 of the later document that amended it
    repealed_by: str | None = None  # 废止依据: 索引号 of the later document that repealed it
    cleanup_group: str | None = None  # what the latest cleanup naming it decided (继续有效 …; set by the catalog)
    interpretation: Interpretation | None = None  # an interpretation's form and its parts (set when 解读对象 is)


@dataclass(frozen=True)
class QuestionAnswer:
    """One pair of a 简明问答 interpretation."""

    question: str
    answer: str  # Markdown
    line: int  # where the pair starts in the file
    answer_line: int


@dataclass(frozen=True)
class Graphic:
    """One image of a 图解 interpretation, with the full text alternative shown beside it."""

    image: str  # file name, beside the document's file
    alt: str  # a short description (the img's alt)
    text: str  # the full text alternative (Markdown): everything the image says
    line: int
    text_line: int


@dataclass(frozen=True)
class Interpretation:
    """How a 政策解读 explains its policy (the seed: 新闻发布会、吹风会、简明问答、图表图解、案例说明)."""

    form: str  # standard.INTERPRETATION_FORMS: 文字解读 unless written
    questions: tuple[QuestionAnswer, ...] = ()  # 简明问答 (front matter 问答; else the body's ## headings are the questions)
    graphics: tuple[Graphic, ...] = ()  # 图解
    event_date: date | None = None  # 新闻发布会 / 吹风会: when it was held
    speakers: tuple[str, ...] = ()  # 发布人
    transcript: str | None = None  # 文字实录 (Markdown)
    transcript_line: int = 1
    video: str | None = None  # file name of its recording, beside the document's file


@dataclass(frozen=True)
class Consultation:
    """A draft put out for public comment (征求意见), with its status as of the build's date."""

    slug: str
    title: str
    published: date
    opens: date
    closes: date
    drafter: str  # 起草单位
    how_to_comment: str  # 反馈方式
    body: str
    body_line: int
    source: SourceSpan
    status: str  # 未开始 / 征求中 / 已结束
    shortened_reason: str | None = None  # 缩短理由, when the period is under 30 days
    adoption: str | None = None  # 意见采纳情况 (Markdown), after closing
    adoption_line: int = 1
    domain: str | None = None
    agency: str = ""

    @property
    def period_days(self) -> int:
        return (self.closes - self.opens).days + 1


@dataclass(frozen=True)
class Proposal(KeyLines):
    """A published reply (复文) to a deputy's suggestion (人大代表建议) or a member's proposal (政协委员提案)."""

    slug: str
    kind: str  # 人大代表建议 / 政协委员提案
    number_text: str  # 届次和编号 as written: 区十八届人大三次会议第45号
    session: str  # the part naming the meeting: 区十八届人大三次会议
    term: int  # 届 (18)
    meeting: int  # 次会议 (3)
    number: int  # 第…号 (45)
    title: str
    proposer: str  # 领衔代表委员: a name only
    lead_handler: str  # 主办单位
    result: str  # 办理结果: A, B or C
    replied: date  # 答复日期
    published: date  # 发布日期
    body: str  # the reply's full text, or its summary
    body_line: int
    source: SourceSpan
    co_handlers: tuple[str, ...] = ()  # 会办单位
    summary_reason: str | None = None  # 摘要理由: set when only a summary is published
    lines: tuple[tuple[str, int], ...] = ()
    agency: str = ""

    @property
    def summary_only(self) -> bool:
        return self.summary_reason is not None

    @property
    def order(self) -> tuple:
        """人大代表建议 before 政协委员提案, then the newest session first, then by number."""
        return (self.kind != "人大代表建议", -self.term, -self.meeting, self.number, self.slug)


@dataclass(frozen=True)
class ProposalStatement(KeyLines):
    """The figures an editor states for a year's 建议提案办理总体情况 (a data file <year>.yaml), checked against the replies."""

    year: int
    source: SourceSpan
    figures: tuple[tuple[str, str], ...] = ()  # (figure key, the value as written), in file order
    text: str = ""  # 总体情况 (Markdown), shown above the table
    text_line: int = 1
    lines: tuple[tuple[str, int], ...] = ()
    agency: str = ""


@dataclass(frozen=True)
class MajorDecision(KeyLines):
    """One item of an agency's yearly 重大行政决策事项目录. It alone declares its links: the consultation
    on its draft, the document that adopted it and its evaluation report; the interpretations are the
    document's own, and the consultation's and documents' pages find their decision through it."""

    slug: str
    title: str  # 事项名称
    year: int  # 年度: the catalog it is listed in
    undertaker: str  # 承办单位
    basis: tuple[str, ...]  # 决策依据
    planned: date  # 计划完成时间
    hearing: str  # 是否听证: 是 / 否
    stage: str  # 拟决策 / 征求意见 / 已决策 / 执行评估
    updated: date  # 更新日期
    body: str
    body_line: int
    source: SourceSpan
    consultation: str | None = None  # 征求意见: its slug, or `<agency>/<slug>` for another agency's
    no_consultation_reason: str | None = None  # 未征求意见理由, when the draft was not put out for comment
    document: str | None = None  # 决策文件: 索引号 of the document that adopted it
    evaluation: str | None = None  # 评估报告: 索引号 of its evaluation report
    lines: tuple[tuple[str, int], ...] = ()
    agency: str = ""


@dataclass(frozen=True)
class Cleanup(KeyLines):
    """A 规范性文件清理结果: declared once, it decides the 有效性 of every document it names (catalog.apply_cleanups)."""

    slug: str
    title: str
    day: date  # 清理日期: the day its decisions take effect
    published: date
    body: str
    body_line: int
    source: SourceSpan
    groups: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # (standard.CLEANUP_GROUPS key, its (索引号, line)), in that order
    lines: tuple[tuple[str, int], ...] = ()
    agency: str = ""

    def named(self) -> list[tuple[str, str, int]]:
        """(group key, 索引号, line) of every document it names, in the file's order of groups."""
        return [(key, index_no, line) for key, numbers in self.groups for index_no, line in numbers]


@dataclass(frozen=True)
class ReportSection:
    heading: str
    text: str  # Markdown
    line: int  # where the text starts in the data file


@dataclass(frozen=True)
class AnnualReport(KeyLines):
    """A 政府信息公开工作年度报告 in the 2021 standard format, read from a YAML data file."""

    slug: str
    title: str
    year: int
    published: date
    source: SourceSpan
    preface: ReportSection | None
    sections: tuple[ReportSection, ...]  # the six sections, in order (text may be empty for 二 to 四)
    normative: tuple[tuple[int, int, int], ...]  # 规章, 行政规范性文件: 本年制发, 本年废止, 现行有效
    decisions: tuple[int, ...]  # 行政许可, 行政处罚, 行政强制: 本年处理决定数量
    fees: Decimal  # 行政事业性收费, 万元
    applications: tuple[tuple[str, tuple[int, ...]], ...]  # table 2: row key → the seven columns, in form order
    reviews: tuple[tuple[int, ...], ...]  # table 3: three groups of five
    lines: tuple[tuple[str, int], ...] = ()  # line of each key and table row in the data file, for cross-year checks and the inspection
    agency: str = ""

    def application_row(self, key: str) -> tuple[int, ...]:
        return dict(self.applications)[key]


@dataclass(frozen=True)
class Domain:
    spec: DomainSpec
    entries: tuple[Entry, ...]  # in directory order


@dataclass(frozen=True)
class Column:
    guide: Guide
    rules: tuple[Document, ...]
    statutory: tuple[Document, ...]
    annual_reports: tuple[AnnualReport, ...]  # newest first


@dataclass(frozen=True)
class Catalog:
    """Everything one agency publishes, validated and in display order (`config.agency` is the agency)."""

    config: SiteConfig
    domains: tuple[Domain, ...]
    column: Column
    assets: tuple[str, ...]  # non-Markdown files under content/, relative to content/
    consultations: tuple[Consultation, ...] = ()  # newest first
    proposals: tuple[Proposal, ...] = ()  # by session (newest first), then number
    proposal_statements: tuple[ProposalStatement, ...] = ()  # newest year first
    decisions: tuple[MajorDecision, ...] = ()  # by year (newest first), then planned date
    cleanups: tuple[Cleanup, ...] = ()  # newest first
    gazette: tuple[GazetteIssue, ...] = ()  # 政府公报, newest issue first


@dataclass(frozen=True)
class GazetteArticle:
    """One line of an issue's table of contents: a document of the site (by 索引号, linked) or a text of its own."""

    title: str  # the document's title for a linked one
    line: int
    index_no: str | None = None
    page: int | None = None  # where it starts in the printed edition (the PDF)
    body: str | None = None  # a text of its own (Markdown); None: title only, see the PDF
    body_line: int = 1
    document: Document | None = None  # the document an index_no names (set by the catalog)


@dataclass(frozen=True)
class GazetteIssue(KeyLines):
    """One issue of an agency's 政府公报: its number in the year, the printed edition as a PDF, its contents."""

    name: str  # the gazette's name, 青禾区人民政府公报
    year: int
    number: int  # 期号 within the year
    published: date  # 出版日期
    pdf: str  # file name of the printed edition, beside the issue's file
    articles: tuple[GazetteArticle, ...]
    body: str  # an optional note on the issue (Markdown)
    body_line: int
    source: SourceSpan
    total: int | None = None  # 总第N期, the running number since the first issue, where the gazette prints one
    lines: tuple[tuple[str, int], ...] = ()
    agency: str = ""

    @property
    def label(self) -> str:
        """2026年第3期（总第45期）"""
        return f"{self.year}年第{self.number}期" + (f"（总第{self.total}期）" if self.total else "")

    @property
    def title(self) -> str:
        return f"《{self.name}》{self.year}年第{self.number}期"


@dataclass(frozen=True)
class Portal:
    """The whole site: every agency's catalog, the portal's own agency first."""

    config: SiteConfig
    catalogs: tuple[Catalog, ...]

    @property
    def own(self) -> Catalog:
        return self.catalogs[0]

    def catalog_of(self, slug: str) -> Catalog:
        return next(catalog for catalog in self.catalogs if catalog.config.agency.slug == slug)
