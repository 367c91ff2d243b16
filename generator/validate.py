"""Stage 2: each RawDocument → a typed Entry, Guide, Document or Consultation
(annual reports, being data files, are read by annual_report.py).

Per-file checks only (what a file says about itself and about catalog.yaml);
checks across files live in catalog.py. Content problems never raise: they
come back as diagnostics, and the object is None.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import Callable

from .body_checks import check_body
from .diagnostics import WARNING, Diagnostic
from .model import Cleanup, Consultation, Document, DomainSpec, Entry, Guide, MajorDecision, Marks, RawDocument, SourceSpan
from .schema import (
    SLUG_PATTERN,
    slug_problem,
    Choice,
    Date,
    end_line,
    Field,
    FieldValues,
    IndexNumber,
    IndexNumbers,
    Integer,
    MarkChoices,
    OpenList,
    Slug,
    Text,
    Texts,
    normalize,
    read_fields,
)
from .channels import standard_channels
from .suggest import did_you_mean
from .interpretations import INTERPRETATION_FIELDS, read_interpretation
from .standard import (
    CLEANUP_GROUPS, DECIDED_STAGES, DECISION_STAGES, NORMATIVE_DOCUMENT, OTHER_POLICY, POLICY_KIND_SPELLINGS, SAME_AS_ABOVE,
    STANDARD_MARK_GROUPS, TOWN_KINDS, TOWN_LEVEL, VALIDITY_OPTIONS, YES_NO_OPTIONS,
)

TITLE = Field("title", "标题", Text(), aliases=("名称",))
SLUG = Field("slug", "网址名", Slug(), required=False)

ENTRY_TEXT_FIELDS = (
    Field("content", "公开内容（要素）", Text(), aliases=("公开内容",)),
    Field("basis", "公开依据", Texts()),
    Field("time_limit", "公开时限", Text()),
    Field("publisher", "公开主体", Text()),
    Field("channels", "公开渠道和载体", OpenList(), aliases=("公开渠道",)),
)
ENTRY_FIELDS = (
    replace(TITLE, required=False),
    Field("seq", "序号", Text(), required=False),
    Field("item_l1", "一级事项", Text()),
    Field("item_l2", "二级事项", Text(), required=False),
    *ENTRY_TEXT_FIELDS,
    *(Field(group.key, group.title, MarkChoices(group)) for group in STANDARD_MARK_GROUPS),
    Field("updated", "更新日期", Date(), not_future=True),
    SLUG,
)
ENTRY_FIELD_NAMES = frozenset(normalize(name) for field in ENTRY_FIELDS for name in field.names)


@lru_cache(maxsize=None)
def entry_fields(domain: DomainSpec) -> tuple[Field, ...]:
    """The columns of the domain's table: the standard ones, its mark groups with the labels its
    table prints (a group it does not print is not asked for), then its own extra columns."""
    groups = {group.key: group for group in domain.mark_groups}
    fields = tuple(
        replace(field, kind=MarkChoices(groups[field.key]), required=bool(groups[field.key].options)) if field.key in groups else field
        for field in ENTRY_FIELDS
    )
    return fields + tuple(Field(name, name, Text(), required=False) for name in domain.extra_columns)


GUIDE_FIELDS = (TITLE, Field("updated", "更新日期", Date(), not_future=True))
DOCUMENT_FIELDS = (
    TITLE,
    Field("published", "发布日期", Date(), not_future=True),
    Field("doc_no", "文号", Text(), required=False, aliases=("发文字号",)),
    Field("issuer", "发布机构", Text(), required=False, aliases=("发文机关",)),
    SLUG,
)
STATUTORY_FIELDS = (
    TITLE,
    Field("index_no", "索引号", IndexNumber()),
    Field("subject", "主题分类", Text(), required=False),
    Field("issuer", "发布机构", Text(), aliases=("发文机关", "发文机构")),
    Field("written", "成文日期", Date(), required=False, not_future=True),
    Field("published", "发布日期", Date(), not_future=True),
    Field("doc_no", "文号", Text(), required=False, aliases=("发文字号",)),
    Field("validity", "有效性", Choice(VALIDITY_OPTIONS), required=False),
    Field("abolished", "废止日期", Date(), required=False),
    Field("valid_until", "有效期至", Date(), required=False),
    Field("category", "类别", Integer(1, 15), required=False, aliases=("主动公开类别",)),
    Field("domain", "领域", Slug(), required=False),
    Field("entry", "所属条目", Text(), required=False, aliases=("条目",)),
    Field("interprets", "解读对象", IndexNumber(), required=False),
    Field("needs_interpretation", "需要解读", Choice(YES_NO_OPTIONS), required=False),
    Field("co_issuers", "联合发文单位", Texts(), required=False, aliases=("联合发文",)),
    Field("doc_type", "文种", Text(), required=False),
    Field("amended_by", "修改依据", IndexNumber(), required=False),
    Field("repealed_by", "废止依据", IndexNumber(), required=False),
    *INTERPRETATION_FIELDS,
    SLUG,
)


# Names of the list pages that share a folder with the documents' own pages.
RESERVED_SLUGS = {"index": "栏目的列表页", "normative": "行政规范性文件列表页"}


def read_slug(raw: RawDocument, fields: FieldValues) -> str | None:
    """The explicit `slug:`, else the file name, which then must be usable in a URL
    and must not take the name of a list page."""
    slug = fields.values.get("slug", raw.stem)
    line = fields.lines.get("slug", 1)
    if "slug" not in fields.values and "slug" in fields.lines:
        return None  # the slug field itself is wrong, and already reported
    if "slug" not in fields.values and not SLUG_PATTERN.match(raw.stem):
        message = (
            f"文件名“{raw.path.rsplit('/', 1)[-1]}”不能直接用作网址名（只能用小写英文字母、数字和连字符）；"
            "请改文件名，或在前置元数据中加一行 slug: 例如 dibao-shenpi"
        )
        fields.diagnostics.append(Diagnostic(raw.path, line, message))
        return None
    problem = slug_problem(slug, "网址名")
    if problem is None and slug in RESERVED_SLUGS:
        problem = f"网址名“{slug}”留给{RESERVED_SLUGS[slug]}；请给文件改名，或写 slug: 另一个名字"
    if problem:
        fields.diagnostics.append(Diagnostic(raw.path, line, problem))
        return None
    return slug


def markdown_only(raw: RawDocument) -> list[Diagnostic]:
    """YAML data files belong to the annual reports only."""
    if raw.path.endswith((".yaml", ".yml")):
        return [Diagnostic(raw.path, 1, "这个文件夹只接受 Markdown（.md）文件；YAML 数据文件只用于年度报告")]
    return []


def check_domain(raw: RawDocument, fields: FieldValues, domain_slugs: frozenset[str]) -> None:
    """A `领域:` must name a domain of catalog.yaml."""
    domain = fields.values.get("domain")
    if domain is not None and domain not in domain_slugs:
        message = f"领域“{domain}”不是 catalog.yaml 中的领域网址名"
        fields.diagnostics.append(Diagnostic(raw.path, fields.lines["domain"], message))


def body_fields(raw: RawDocument) -> dict:
    return {"body": raw.body, "body_line": raw.body_line, "source": SourceSpan(raw.path, 1)}


def validate_entry(raw: RawDocument, domain: DomainSpec, today: date, agency_kind: str = "") -> tuple[Entry | None, list[Diagnostic]]:
    if problems := markdown_only(raw):
        return None, problems
    fields = read_fields(raw.meta, entry_fields(domain), raw.path, "目录条目", end_line(raw.meta), today)
    slug = read_slug(raw, fields)
    values = fields.values
    item = None
    if "item_l1" in values:
        item = next((i for i in domain.directory if normalize(i.name) == normalize(values["item_l1"])), None)
        if item is None:
            allowed = "、".join(i.name for i in domain.directory)
            hint = did_you_mean(values["item_l1"], [i.name for i in domain.directory])
            message = f"一级事项“{values['item_l1']}”不在领域“{domain.name}”的标准目录中；{hint}可选：{allowed}"
            fields.diagnostics.append(Diagnostic(raw.path, fields.lines["item_l1"], message))
    item_l2 = values.get("item_l2")
    if item is not None and item.sub_items:
        allowed = "、".join(item.sub_items)
        if item_l2 is None:
            message = f"一级事项“{item.name}”下须填写二级事项；可选：{allowed}"
            fields.diagnostics.append(Diagnostic(raw.path, fields.lines.get("item_l1", 1), message))
        else:
            item_l2 = next((name for name in item.sub_items if normalize(name) == normalize(item_l2)), None)
            if item_l2 is None:
                hint = did_you_mean(values["item_l2"], item.sub_items)
                message = f"二级事项“{values['item_l2']}”不在一级事项“{item.name}”之下；{hint}可选：{allowed}"
                fields.diagnostics.append(Diagnostic(raw.path, fields.lines["item_l2"], message))
    if fields.diagnostics:
        return None, fields.diagnostics
    channels_text, channel_items = values["channels"]
    channels, warnings = standard_channels(channel_items, raw.path, fields.lines["channels"])
    extras = tuple((name, values[name]) for name in domain.extra_columns if name in values)
    entry = Entry(
        domain=domain.slug,
        slug=slug,
        title=values.get("title") or item_l2 or item.name,
        seq=values.get("seq"),
        item_l1=item.name,
        item_l2=item_l2,
        content=values["content"],
        basis=values["basis"],
        time_limit=values["time_limit"],
        publisher=values["publisher"],
        channels_text=channels_text,
        channels=channels,
        audience=values.get("audience", Marks()),
        mode=values.get("mode", Marks()),
        level=values.get("level", Marks()),
        updated=values["updated"],
        extras=extras,
        same_as_above=tuple((key, fields.lines[key]) for key in same_as_above_keys(values, domain)),
        **body_fields(raw),
        title_line=fields.lines[next(key for key in ("title", "item_l2", "item_l1") if values.get(key))],
    )
    if agency_kind in TOWN_KINDS:
        warnings += town_level_problems(entry, domain, agency_kind, raw.path, fields.lines.get("level", 1))
    return entry, warnings


def town_level_problems(entry: Entry, domain: DomainSpec, agency_kind: str, path: str, line: int) -> list[Diagnostic]:
    """A town's (or sub-district's) entry is published at the town level: its 公开层级 should mark it. Judged on the
    standard level each printed label stands for (乡（镇）级, 镇级 … are 乡级), and told in the domain's own words;
    a table without a town column, or a row marked 未注明/不适用, is not judged here."""
    group = next((g for g in domain.mark_groups if g.key == "level"), None)
    town = next((o.name for o in group.options if normalize(TOWN_LEVEL) in map(normalize, (o.name, *o.variants)))
                if group else None, None)
    if town is None or entry.level.unstated or town in entry.level:
        return []
    wanted = "、".join([*entry.level.chosen, town])
    message = (f"本单位是{agency_kind}，但这一条目的公开层级“{entry.level.text}”没有标注{town}（乡镇、街道一级）；"
               f"镇街公开的事项请写“公开层级: {wanted}”，确由区级单位公开的，请把条目移到该单位的文件夹")
    return [Diagnostic(path, line, message, WARNING)]


def same_as_above_keys(values: dict, domain: DomainSpec) -> list[str]:
    """The text columns written 同上: the catalog gives them the value of the row above."""
    keys = []
    for key in (*(field.key for field in ENTRY_TEXT_FIELDS), *domain.extra_columns):
        value = values.get(key)
        if key == "channels":  # (text as written, its items)
            text = value[0] if value else None
        elif key == "basis":  # a list: 同上 is its only item
            text = value[0] if value and len(value) == 1 else None
        else:
            text = value
        if isinstance(text, str) and normalize(text) == SAME_AS_ABOVE:
            keys.append(key)
    return keys


def validate_guide(raw: RawDocument, today: date) -> tuple[Guide | None, list[Diagnostic]]:
    if problems := markdown_only(raw):
        return None, problems
    fields = read_fields(raw.meta, GUIDE_FIELDS, raw.path, "政府信息公开指南", end_line(raw.meta), today)
    if fields.diagnostics:
        return None, fields.diagnostics
    return Guide(**fields.values, **body_fields(raw)), []


def validate_document(raw: RawDocument, part: str, domain_slugs: frozenset[str], today: date) -> tuple[Document | None, list[Diagnostic]]:
    if problems := markdown_only(raw):
        return None, problems
    is_statutory = part == "statutory"
    fields = read_fields(raw.meta, STATUTORY_FIELDS if is_statutory else DOCUMENT_FIELDS, raw.path, "文件", end_line(raw.meta), today)
    slug = read_slug(raw, fields)
    values, lines = fields.values, fields.lines

    def problem(key: str, message: str) -> None:
        fields.diagnostics.append(Diagnostic(raw.path, lines.get(key, 1), message))

    check_domain(raw, fields, domain_slugs)
    interpretation, text_problems = read_interpretation(raw, fields, today) if is_statutory else (None, [])
    if is_statutory:
        values.setdefault("validity", "有效")
        values["needs_interpretation"] = values.get("needs_interpretation") == "是"
        if "category" not in values and "interprets" not in lines and "category" not in lines:
            problem("", "缺少必填字段“类别”（category）：《条例》第二十条第几项（1–15）；政策解读可改写“解读对象”")
        if "interprets" in lines and "interprets" not in values and lines["interprets"] not in {d.line for d in fields.diagnostics}:
            problem("interprets", "“解读对象”没有填写内容：请写被解读的政策文件的索引号（不是政策解读的，删去这一行并填写“类别”）")
        if values["validity"] == "废止" and "abolished" not in values:
            problem("validity", "有效性为“废止”时须填写“废止日期”")
        if "abolished" in values and values["validity"] != "废止":
            problem("abolished", f"填写了“废止日期”，但有效性为“{values['validity']}”；已废止的文件请把有效性写为“废止”")
        if "valid_until" in values and "published" in values and values["valid_until"] < values["published"]:
            problem("valid_until", f"“有效期至”{values['valid_until'].isoformat()}早于“发布日期”{values['published'].isoformat()}")
        if "written" in values and "published" in values and values["written"] > values["published"]:
            problem("written", f"“成文日期”{values['written'].isoformat()}晚于“发布日期”{values['published'].isoformat()}")
        if "entry" in values and values["entry"].count("/") != 1:
            problem("entry", f"“所属条目”应写成“领域网址名/条目网址名”，如 social-assistance/dibao-shenpi，实际为“{values['entry']}”")
        values["policy_kind"] = policy_kind(values, problem)
    if fields.diagnostics:
        return None, fields.diagnostics
    return Document(part=part, **{**values, "slug": slug}, lines=tuple(lines.items()), interpretation=interpretation, **body_fields(raw)), text_problems


CONSULTATION_FIELDS = (
    TITLE,
    Field("published", "发布日期", Date(), not_future=True),
    Field("opens", "征求意见开始", Date(), aliases=("开始日期",)),
    Field("closes", "征求意见截止", Date(), aliases=("截止日期",)),
    Field("drafter", "起草单位", Text()),
    Field("how_to_comment", "反馈方式", Text(), aliases=("意见反馈方式",)),
    Field("shortened_reason", "缩短理由", Text(), required=False),
    Field("adoption", "意见采纳情况", Text(), required=False),
    Field("domain", "领域", Slug(), required=False),
    SLUG,
)
MIN_CONSULTATION_DAYS = 30  # 《重大行政决策程序暂行条例》: generally no less than 30 days


def consultation_status(opens: date, closes: date, today: date) -> str:
    return "未开始" if today < opens else ("征求中" if today <= closes else "已结束")


def validate_consultation(raw: RawDocument, domain_slugs: frozenset[str], today: date) -> tuple[Consultation | None, list[Diagnostic]]:
    if problems := markdown_only(raw):
        return None, problems
    fields = read_fields(raw.meta, CONSULTATION_FIELDS, raw.path, "征求意见", end_line(raw.meta), today)
    slug = read_slug(raw, fields)
    values, lines = fields.values, fields.lines
    check_domain(raw, fields, domain_slugs)
    if "opens" in values and "closes" in values and values["closes"] < values["opens"]:
        fields.diagnostics.append(Diagnostic(raw.path, lines["closes"], "“征求意见截止”早于“征求意见开始”"))
    if fields.diagnostics or slug is None:
        return None, fields.diagnostics
    adoption_line = fields.text_lines.get("adoption", 1)
    consultation = Consultation(
        slug=slug, status=consultation_status(values["opens"], values["closes"], today), adoption_line=adoption_line,
        **{key: value for key, value in values.items() if key != "slug"}, **body_fields(raw),
    )
    warnings = []
    if consultation.period_days < MIN_CONSULTATION_DAYS and not consultation.shortened_reason:
        message = (f"征求意见期限为 {consultation.period_days} 天，少于 {MIN_CONSULTATION_DAYS} 天；"
                   "确因紧急情况需要缩短的，请填写“缩短理由”")
        warnings.append(Diagnostic(raw.path, lines["closes"], message, WARNING))
    if consultation.status == "已结束" and not consultation.adoption:
        warnings.append(Diagnostic(raw.path, 1, "征求意见已结束，请补充“意见采纳情况”", WARNING))
    return consultation, warnings + check_body(consultation.adoption or "", raw.path, adoption_line, enclosing_level=2)


DECISION_FIELDS = (
    replace(TITLE, aliases=("名称", "事项名称")),
    Field("year", "年度", Integer(2000, 2100)),
    Field("undertaker", "承办单位", Text(), aliases=("决策承办单位",)),
    Field("basis", "决策依据", Texts()),
    Field("planned", "计划完成时间", Date(), aliases=("计划完成日期",)),
    Field("hearing", "是否听证", Choice(YES_NO_OPTIONS), aliases=("听证",)),
    Field("stage", "状态", Choice(DECISION_STAGES), aliases=("阶段",)),
    Field("consultation", "征求意见", Text(), required=False),
    Field("no_consultation_reason", "未征求意见理由", Text(), required=False),
    Field("document", "决策文件", IndexNumber(), required=False),
    Field("evaluation", "评估报告", IndexNumber(), required=False),
    Field("updated", "更新日期", Date(), not_future=True),
    SLUG,
)


def validate_decision(raw: RawDocument, today: date) -> tuple[MajorDecision | None, list[Diagnostic]]:
    """One item of the 重大行政决策事项目录; what it names is checked by the catalog (decisions.py)."""
    if problems := markdown_only(raw):
        return None, problems
    fields = read_fields(raw.meta, DECISION_FIELDS, raw.path, "重大行政决策", end_line(raw.meta), today)
    slug = read_slug(raw, fields)
    values, lines = fields.values, fields.lines

    def problem(key: str, message: str) -> None:
        fields.diagnostics.append(Diagnostic(raw.path, lines.get(key, 1), message))

    if slug is not None and slug.isdigit():
        problem("slug", f"网址名“{slug}”全是数字，会与年度目录页（如 {slug}.html）重名；请给文件改名，或写 slug: 另一个名字")
    if "consultation" in values and "no_consultation_reason" in values:
        problem("no_consultation_reason", "同时填写了“征求意见”和“未征求意见理由”；草案已公开征求意见的，请删去“未征求意见理由”")
    stage = values.get("stage")
    if stage is not None and stage not in DECIDED_STAGES:
        for key in ("document", "evaluation"):
            if key in values:
                label = next(field.label for field in DECISION_FIELDS if field.key == key)
                problem(key, f"填写了“{label}”，但状态为“{stage}”；已作出决策的，请把状态改为“已决策”（或“执行评估”）")
    if fields.diagnostics or slug is None:
        return None, fields.diagnostics
    decision = MajorDecision(slug=slug, **{key: value for key, value in values.items() if key != "slug"},
                             lines=tuple(lines.items()), **body_fields(raw))
    warnings = []
    if decision.stage not in DECIDED_STAGES and decision.planned < today:
        message = (f"计划完成时间 {decision.planned.isoformat()} 已过，状态仍为“{decision.stage}”；已作出决策的，请把状态改为“已决策”"
                   "并填写“决策文件”，推迟的，请修改“计划完成时间”并在正文中说明原因")
        warnings.append(Diagnostic(raw.path, lines["planned"], message, WARNING))
    if decision.stage in DECIDED_STAGES and decision.document is None:
        message = f"状态为“{decision.stage}”，但未填写“决策文件”；决策形成的文件公开后，请填写它的索引号"
        warnings.append(Diagnostic(raw.path, lines["stage"], message, WARNING))
    return decision, warnings


NORMATIVE_CATEGORY = 1  # 《条例》第二十条第（一）项: 行政法规、规章和规范性文件


def policy_kind(values: dict, problem: Callable[[str, str], None]) -> str | None:
    """The document's kind in the policy library: the one its 文种 names (规章, 规范性文件 …), else by its
    类别 (第（一）项: 行政规范性文件; a 文种 written on another category: 其他政策文件); None: not a policy document."""
    written = values.get("doc_type")
    if "interprets" in values:
        if written:
            problem("doc_type", "政策解读不列入政策文件库，不填“文种”；请删去这一行")
        return None
    named = POLICY_KIND_SPELLINGS.get(normalize(written)) if written else None
    named = named or (OTHER_POLICY if written and normalize(written) == normalize(OTHER_POLICY) else None)
    category = values.get("category")
    if named and category is not None and (named == OTHER_POLICY) == (category == NORMATIVE_CATEGORY):
        if named == OTHER_POLICY:
            message = f"文种为“{written}”，但“类别”为 1（行政法规、规章和规范性文件）；请改正类别，或把文种写为“行政规范性文件”或“规章”"
        else:
            message = f"文种“{written}”属于《条例》第二十条第（一）项（行政法规、规章和规范性文件），但“类别”为 {category}；请把类别改为 1，或改正文种"
        problem("doc_type", message)
        return None
    if named:
        return named
    if category == NORMATIVE_CATEGORY:
        return NORMATIVE_DOCUMENT
    return OTHER_POLICY if written else None


CLEANUP_FIELDS = (
    TITLE,
    Field("day", "清理日期", Date(), not_future=True),
    Field("published", "发布日期", Date(), not_future=True),
    *(Field(key, title, IndexNumbers(), required=False) for key, title, _ in CLEANUP_GROUPS),
    SLUG,
)


def validate_cleanup(raw: RawDocument, today: date) -> tuple[Cleanup | None, list[Diagnostic]]:
    """A 规范性文件清理结果: its four groups of 索引号, each document in one group only."""
    if problems := markdown_only(raw):
        return None, problems
    fields = read_fields(raw.meta, CLEANUP_FIELDS, raw.path, "清理结果", end_line(raw.meta), today)
    slug = read_slug(raw, fields)
    values, lines = fields.values, fields.lines
    titles = {key: title for key, title, _ in CLEANUP_GROUPS}
    groups = tuple((key, values.get(key, ())) for key, _, _ in CLEANUP_GROUPS)
    if not any(numbers for _, numbers in groups) and not any(key in lines for key, _, _ in CLEANUP_GROUPS):
        message = "清理结果至少要列出一组文件：继续有效、修改、宣布失效或废止（每组写各文件的索引号）"
        fields.diagnostics.append(Diagnostic(raw.path, end_line(raw.meta), message))
    seen: dict[str, tuple[str, int]] = {}
    for key, numbers in groups:
        for index_no, line in numbers:
            if index_no in seen:
                first, first_line = seen[index_no]
                message = f"索引号“{index_no}”已列入“{titles[first]}”（第 {first_line} 行）；同一文件在一次清理中只能列入一组"
                fields.diagnostics.append(Diagnostic(raw.path, line, message))
            seen.setdefault(index_no, (key, line))
    if "day" in values and "published" in values and values["published"] < values["day"]:
        message = f"“发布日期”{values['published'].isoformat()}早于“清理日期”{values['day'].isoformat()}"
        fields.diagnostics.append(Diagnostic(raw.path, lines["published"], message))
    if fields.diagnostics or slug is None:
        return None, fields.diagnostics
    cleanup = Cleanup(slug=slug, title=values["title"], day=values["day"], published=values["published"], groups=groups,
                      lines=tuple(lines.items()), **body_fields(raw))
    return cleanup, []
