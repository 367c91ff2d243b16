"""`new` and `new-report`: start a catalog entry, an annual report or a file of another kind
(建议提案复文, 重大行政决策, 政府公报, 政策解读, 征求意见) with every field present, so editors
need not remember them. The other kinds come from one table (KINDS): each names its validator's
field table, the fields written and their defaults; a required field left empty is then reported
by `check` at its line until the clerk fills it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

from pypinyin import lazy_pinyin

from .gazette import GAZETTE_FIELDS
from .model import Agency, AnnualReport, DomainSpec, SiteConfig
from .proposals import PROPOSAL_FIELDS, RESULT_CLASSES
from .schema import Choice, Field, normalize, slug_problem
from .suggest import did_you_mean
from .validate import CONSULTATION_FIELDS, DECISION_FIELDS, MIN_CONSULTATION_DAYS, RESERVED_SLUGS, STATUTORY_FIELDS
from .standard import (
    APPLICANT_COLUMNS,
    APPLICATION_CARRIED_IN,
    APPLICATION_CARRIED_OUT,
    APPLICATION_RECEIVED,
    APPLICATION_RESULTS,
    APPLICATION_TOTAL,
    CHANNEL_OPTIONS,
    DECISION_ROWS,
    BRIEFING_FORMS,
    INTERPRETATION_FORMS,
    FEE_ROW,
    NORMATIVE_ROWS,
    REPORT_SECTIONS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
)

MAX_SLUG_LENGTH = 60


class ScaffoldError(Exception):
    """The entry cannot be created; the message says why."""


def find_domain(config: SiteConfig, name: str) -> DomainSpec:
    """A domain by its slug or its Chinese name."""
    for domain in config.agency.domains:
        if normalize(name) in (normalize(domain.slug), normalize(domain.name)):
            return domain
    agency = config.agency
    declared_elsewhere = next((d for d in config.domains if normalize(name) in (normalize(d.slug), normalize(d.name))), None)
    if declared_elsewhere is not None:
        raise ScaffoldError(f"“{declared_elsewhere.name}”不是{agency.name}在 catalog.yaml 中声明的领域；如本单位公开这个领域，"
                            f"请在 catalog.yaml 中本单位的 domains 里加上 {declared_elsewhere.slug}")
    choices = "、".join(f"{d.slug}（{d.name}）" for d in config.agency.domains)
    spellings = {d.slug: d.name for d in config.agency.domains} | {d.name: d.name for d in config.agency.domains}
    raise ScaffoldError(f"没有名为“{name}”的领域；{did_you_mean(name, spellings)}可用：{choices}")


def slug_from_title(title: str) -> str:
    """Pinyin of the Chinese title, in lower case with hyphens: 最低生活保障审批 → zui-di-sheng-huo-bao-zhang-shen-pi."""
    words = [re.sub(r"[^a-z0-9]+", "-", word.lower()).strip("-") for word in lazy_pinyin(title)]
    slug = "-".join(word for word in words if word)
    while len(slug) > MAX_SLUG_LENGTH and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug[:MAX_SLUG_LENGTH].strip("-")


def options_line(options) -> str:
    return "、".join(option.name for option in options)


def entry_text(config: SiteConfig, domain: DomainSpec, title: str, today: date) -> str:
    marks = "".join(
        f"{group.title}: {group.options[0].name}  # 可选：{options_line(group.options)}；未标注的写“未注明”\n"
        for group in domain.mark_groups if group.options
    )
    extras = "".join(f"{column}:\n" for column in domain.extra_columns)
    choices = "\n".join(
        f"#   {item.name}" + (f"（二级事项：{'、'.join(item.sub_items)}）" if item.sub_items else "") for item in domain.directory
    )
    return f"""---
标题: {json.dumps(title, ensure_ascii=False)}
# 一级事项从“{domain.name}”领域的标准目录中选择一个；有二级事项的，二级事项也必须选择：
{choices}
一级事项:
二级事项:
公开内容（要素）:
公开依据:
公开时限: 信息形成或者变更之日起20个工作日内
公开主体: {json.dumps(config.agency.name, ensure_ascii=False)}
# 公开渠道和载体照本机关目录原文填写，常用：{options_line(CHANNEL_OPTIONS)}
公开渠道和载体: 政府网站
{marks}{extras}更新日期: {today.isoformat()}
---

在这里写公开的信息本身。小标题从 ## 开始。
"""


def new_entry(root: Path, config: SiteConfig, domain_name: str, title: str, today: date, slug: str | None = None) -> Path:
    """Write content/<domain>/<slug>.md and return its path; never overwrites."""
    domain = find_domain(config, domain_name)
    if not title.strip():
        raise ScaffoldError("标题不能为空")
    path = new_file_path(root, domain.folder, slug or slug_from_title(title), "dibao-shenpi")
    return write_new(path, entry_text(config, domain, title.strip(), today))


def new_file_path(root: Path, folder: str, slug: str, example: str) -> Path:
    """content/<folder>/<slug>.md, once the slug is usable and the file does not exist yet."""
    problem = slug_problem(slug, "网址名") if slug else f"无法从标题生成网址名，请用 --slug 指定，例如 --slug {example}"
    if problem is None and slug in RESERVED_SLUGS:
        problem = f"网址名“{slug}”留给{RESERVED_SLUGS[slug]}"
    if problem:
        raise ScaffoldError(problem)
    path = root / "content" / folder / f"{slug}.md"
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root).as_posix()} 已存在，不会覆盖；请换一个标题或用 --slug 指定网址名")
    return path


def write_new(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as file:  # "x": never over a file written meanwhile
        file.write(text)
    return path


def report_text(year: int, agency_name: str, today: date, previous: AnnualReport | None) -> str:
    """A data file with every row of the 2021 form: zeros, except what carries over from last year."""
    carried_in = previous.application_row(APPLICATION_CARRIED_OUT.key) if previous else (0,) * len(APPLICANT_COLUMNS)
    in_force = [row[2] for row in previous.normative] if previous else [0] * len(NORMATIVE_ROWS)
    zeros = "[" + ", ".join("0" * len(APPLICANT_COLUMNS)) + "]"

    def figures(values) -> str:
        return "[" + ", ".join(str(value) for value in values) + "]"

    lines = [f"标题: {agency_name}{year}年政府信息公开工作年度报告", f"年度: {year}", f"发布日期: {today.isoformat()}", "",
             "# 一、五、六部分必须填写（写在冒号后，或写成“|”下一行起缩进两格的多段文字）；二、三、四部分可只填表格。"]
    lines += [f"{heading}:" for key, heading in REPORT_SECTIONS if key in ("overview", "problems", "other")] + [""]
    lines += ["# 表一：规章、行政规范性文件为 [本年制发件数, 本年废止件数, 现行有效件数]；其余为本年处理决定数量；收费单位为万元", "主动公开:"]
    lines += [f"  {row}: [0, 0, {count}]" for row, count in zip(NORMATIVE_ROWS, in_force)]
    lines += [f"  {row}: 0" for row, _ in DECISION_ROWS] + [f"  {FEE_ROW}: 0", ""]
    lines += [f"# 表二：每行 {len(APPLICANT_COLUMNS)} 个数：[{', '.join(APPLICANT_COLUMNS)}]", "依申请公开:"]
    lines += [f"  {APPLICATION_RECEIVED.key}: {zeros}", f"  {APPLICATION_CARRIED_IN.key}: {figures(carried_in)}"]
    for row in APPLICATION_RESULTS:
        lines += [f"  {row.key}:"] + [f"    {name}: {zeros}" for name in row.sub_rows] if row.sub_rows else [f"  {row.key}: {zeros}"]
    lines += [f"  {APPLICATION_TOTAL.key}: {zeros}", f"  {APPLICATION_CARRIED_OUT.key}: {figures(carried_in)}", ""]
    lines += [f"# 表三：每组 {len(REVIEW_COLUMNS)} 个数：[{', '.join(REVIEW_COLUMNS)}]", "复议诉讼:"]
    lines += [f"  {key}: [{', '.join('0' * len(REVIEW_COLUMNS))}]" for key, _ in REVIEW_GROUPS]
    return "\n".join(lines) + "\n"


def new_report(root: Path, config: SiteConfig, year: int, today: date, previous: AnnualReport | None) -> Path:
    """Write content/<annual reports>/<year>.yaml; never overwrites."""
    folder = root / "content" / config.agency.column.annual_reports
    path = folder / f"{year}.yaml"
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root).as_posix()} 已存在，不会覆盖")
    folder.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as file:
        file.write(report_text(year, config.agency.name, today, previous))
    return path


@dataclass(frozen=True)
class Request:
    """What a kind's defaults may use: the agency writing, the title (or, for the gazette, the issue) and the day."""

    agency: Agency
    title: str
    today: date
    form: str | None = None  # 政策解读: its 解读形式


def quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


@dataclass(frozen=True)
class Kind:
    """A kind `new` writes: its validator's field table, which of its fields the file lists (in order),
    the values filled in for the clerk (YAML text), a comment after a field, and the body's first words."""

    name: str
    spellings: tuple[str, ...]  # what may be typed instead of the name (English included)
    folder: Callable[[Agency], str | None]
    fields: tuple[Field, ...]
    shown: tuple[str, ...]
    defaults: Callable[[Request], dict[str, str]]
    hints: dict[str, str | Callable[[Request], str]] = field(default_factory=dict)  # the comment after a field
    labels: dict[str, str] = field(default_factory=dict)  # a name the agencies print rather than the field's label
    body: str = ""
    file_stem: Callable[[Request], str] = lambda request: slug_from_title(request.title)
    more: Callable[[Request], tuple[str, ...]] = lambda request: ()  # fields shown for this request only
    config_key: str | None = None  # a one-agency site's catalog.yaml key naming the kind's folder, where it has one
    also_required: tuple[str, ...] = ()  # optional in the field table, but not for this kind
    note: Callable[[Request], str] = lambda request: ""  # what else the clerk must do, after the fields to fill

    def matches(self, name: str) -> bool:
        return normalize(name) in {normalize(spelling) for spelling in (self.name, *self.spellings)}


ISSUE_PATTERN = re.compile(r"^\s*(?P<year>[0-9]{4})\s*(?:年\s*第?|[-－/])\s*(?P<number>[0-9]{1,3})\s*期?\s*$")


def gazette_issue(request: Request) -> tuple[int, int]:
    """“2026年第3期” or “2026-3” → (2026, 3)."""
    match = ISSUE_PATTERN.match(request.title)
    if match is None:
        raise ScaffoldError(f"政府公报的期次应写成“2026年第3期”或“2026-3”，实际为“{request.title}”")
    return int(match["year"]), int(match["number"])


def gazette_defaults(request: Request) -> dict[str, str]:
    year, number = gazette_issue(request)
    return {"issue_year": str(year), "issue_number": str(number), "published": request.today.isoformat(),
            "pdf": f"{year}-{number:02d}.pdf", "articles": "\n  - 索引号:\n    页码:"}


FORM_PARTS = {"简明问答": ("questions",), "图解": ("graphics",), **{form: ("event_date", "speakers", "transcript") for form in BRIEFING_FORMS}}
PART_DEFAULTS = {"questions": "\n  - 问:\n    答:", "graphics": "\n  - 图片:\n    替代文字:\n    文字版:"}
RESULT_HINT = "可选：" + "、".join(f"{key}（{name}）" for key, (name, _) in RESULT_CLASSES.items())
def index_hint(request: Request) -> str:
    return f"本单位代码开头，如 {request.agency.code or '机关代码'}/{request.today.year}-00001（每年按顺序编号，不能重复）"

KINDS = (
    Kind("建议提案复文", ("建议提案", "建议", "提案", "proposal", "proposals"), lambda agency: agency.proposals, PROPOSAL_FIELDS,
         ("title", "kind", "number", "proposer", "lead_handler", "co_handlers", "result", "replied", "published", "form", "summary_reason"),
         lambda r: {"title": quoted(r.title), "lead_handler": quoted(r.agency.name), "published": r.today.isoformat(), "form": "全文"},
         hints={"number": "如 区十八届人大三次会议第45号", "proposer": "只写姓名，不写身份证号、电话、地址", "co_handlers": "可不填；多个写成 [甲, 乙]",
                "result": RESULT_HINT, "summary_reason": "只公开摘要时必须说明理由"},
         body="在这里写答复的全文（或摘要）。", config_key="proposals"),
    Kind("重大行政决策", ("重大行政决策事项", "决策", "decision", "decisions"), lambda agency: agency.decisions, DECISION_FIELDS,
         ("title", "year", "undertaker", "basis", "planned", "hearing", "stage", "consultation", "no_consultation_reason",
          "document", "evaluation", "updated"),
         lambda r: {"title": quoted(r.title), "year": str(r.today.year), "undertaker": quoted(r.agency.name), "stage": "拟决策",
                    "updated": r.today.isoformat()},
         hints={"basis": "如 [《重大行政决策程序暂行条例》]", "planned": "YYYY-MM-DD", "consultation": "征求意见稿的网址名；公开征求意见后填写",
                "no_consultation_reason": "依法不征求意见的，写明理由", "document": "决策文件的索引号；作出决策后填写",
                "evaluation": "评估报告的索引号"},
         labels={"title": "事项名称"}, body="在这里写决策事项的主要内容。"),
    Kind("政府公报", ("公报", "gazette"), lambda agency: agency.gazette, GAZETTE_FIELDS,
         ("name", "issue_year", "issue_number", "total", "published", "pdf", "articles"), gazette_defaults,
         hints={"name": "默认为“本单位名称公报”，不同的才填写", "total": "可不填：印刷版印有“总第几期”时填写",
                "pdf": "印刷版 PDF，放在本文件旁边", "articles": "每篇写“索引号”（本站已发布的文件），或写“标题”和“页码”（或“正文”）"},
         file_stem=lambda r: "{}-{:02d}".format(*gazette_issue(r)), config_key="gazette",
         note=lambda r: "，把印刷版存为同一文件夹中的 {}-{:02d}.pdf".format(*gazette_issue(r))),
    Kind("政策解读", ("解读", "interpretation"), lambda agency: agency.column.statutory, STATUTORY_FIELDS,
         ("title", "index_no", "subject", "issuer", "written", "published", "interprets", "interpretation_form"),
         lambda r: {"title": quoted(r.title), "issuer": quoted(r.agency.name), "published": r.today.isoformat(),
                    "interpretation_form": r.form or INTERPRETATION_FORMS[0].name, **PART_DEFAULTS},
         hints={"index_no": index_hint, "interprets": "被解读的政策文件的索引号", "event_date": "YYYY-MM-DD",
                "speakers": "如 [区民政局局长 张明]", "transcript": "发布会的文字实录；有视频时必须填写",
                "questions": "每项写“问”和“答”", "graphics": "每张写“图片”“替代文字”和“文字版”（图片内容的完整文字）"},
         body="在这里写解读的正文。小标题从 ## 开始。", more=lambda r: FORM_PARTS.get(r.form or "", ()),
         also_required=("interprets", "questions", "graphics", "event_date", "speakers")),
    Kind("征求意见", ("征求意见稿", "consultation", "consultations"), lambda agency: agency.consultations, CONSULTATION_FIELDS,
         ("title", "published", "opens", "closes", "drafter", "how_to_comment", "shortened_reason", "adoption"),
         lambda r: {"title": quoted(r.title), "published": r.today.isoformat(), "opens": r.today.isoformat(),
                    "closes": (r.today + timedelta(days=MIN_CONSULTATION_DAYS)).isoformat(), "drafter": quoted(r.agency.name)},
         hints={"closes": f"一般不少于 {MIN_CONSULTATION_DAYS} 天", "how_to_comment": "电子邮件、信函地址等",
                "shortened_reason": f"少于 {MIN_CONSULTATION_DAYS} 天时必须填写", "adoption": "征求意见结束后填写"},
         body="在这里写草案的说明和全文（或链接）。小标题从 ## 开始。", config_key="consultations"),
)


def find_kind(name: str) -> Kind | None:
    return next((kind for kind in KINDS if kind.matches(name)), None)


def kind_text(kind: Kind, request: Request) -> str:
    """The file: each field shown with its default, or empty for the clerk; choices listed after it."""
    by_key = {f.key: f for f in kind.fields}
    defaults = kind.defaults(request)
    lines = []
    for key in (*kind.shown, *kind.more(request)):
        spec = by_key[key]
        hint = kind.hints.get(key) or (f"可选：{options_line(spec.kind.options)}" if isinstance(spec.kind, Choice) else "")
        hint = hint(request) if callable(hint) else hint
        if not spec.required and not hint:
            hint = "可不填"
        value = defaults.get(key, "")
        head, _, rest = value.partition("\n")
        comment = f"  # {hint}" if hint else ""
        lines.append(f"{kind.labels.get(key, spec.label)}: {head}".rstrip() + comment + (f"\n{rest}" if rest else ""))
    body = f"\n{kind.body}\n" if kind.body else ""
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def to_fill(kind: Kind, request: Request) -> str:
    """What the clerk must write before the file passes `check`: the required fields left empty (or
    holding a list of empty items), and the kind's note."""
    defaults = kind.defaults(request)
    shown = (*kind.shown, *kind.more(request))
    labels = [kind.labels.get(f.key, f.label) for f in kind.fields
              if (f.required or f.key in kind.also_required) and f.key in shown and defaults.get(f.key, "\n").startswith("\n")]
    return "、".join(labels) + kind.note(request)


def new_of_kind(root: Path, config: SiteConfig, kind: Kind, request: Request, slug: str | None = None) -> Path:
    """Write the kind's file into the agency's folder and return its path; never overwrites."""
    agency = config.agency
    if not request.title.strip():
        raise ScaffoldError("标题不能为空")
    folder = kind.folder(agency)
    if folder is None:
        how = (f"请在 catalog.yaml 的 agency 下加一行 {kind.config_key}: 文件夹名（如 {kind.config_key}: {kind.config_key}）"
               if kind.config_key else "这一栏目只在各单位共用的门户（catalog.yaml 的 agencies:）中提供")
        raise ScaffoldError(f"本网站没有{kind.name}的文件夹；{how}")
    path = new_file_path(root, folder, slug or kind.file_stem(request), "jiedu-dibao")
    return write_new(path, kind_text(kind, request))
