"""Stage 2: each RawDocument → a typed Entry, Guide, Document or AnnualReport.

Per-file checks only (what a file says about itself and about catalog.yaml);
checks across files live in catalog.py. Content problems never raise: they
come back as diagnostics, and the object is None.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from .diagnostics import Diagnostic
from .model import Document, DomainSpec, Entry, Guide, RawDocument, SourceSpan
from .schema import (
    SLUG_PATTERN,
    slug_problem,
    Choices,
    Date,
    Field,
    FieldValues,
    Integer,
    Slug,
    Text,
    Texts,
    normalize,
    read_fields,
)
from .standard import AUDIENCE_OPTIONS, CHANNEL_OPTIONS, LEVEL_OPTIONS, MODE_OPTIONS

TITLE = Field("title", "标题", Text(), aliases=("名称",))
SLUG = Field("slug", "网址名", Slug(), required=False)

ENTRY_FIELDS = (
    replace(TITLE, required=False),
    Field("item_l1", "一级事项", Text()),
    Field("item_l2", "二级事项", Text(), required=False),
    Field("content", "公开内容（要素）", Text(), aliases=("公开内容",)),
    Field("basis", "公开依据", Texts()),
    Field("time_limit", "公开时限", Text()),
    Field("publisher", "公开主体", Text()),
    Field("channels", "公开渠道和载体", Choices(CHANNEL_OPTIONS), aliases=("公开渠道",)),
    Field("audience", "公开对象", Choices(AUDIENCE_OPTIONS)),
    Field("mode", "公开方式", Choices(MODE_OPTIONS)),
    Field("level", "公开层级", Choices(LEVEL_OPTIONS)),
    Field("updated", "更新日期", Date(), not_future=True),
    SLUG,
)
GUIDE_FIELDS = (TITLE, Field("updated", "更新日期", Date(), not_future=True))
DOCUMENT_FIELDS = (
    TITLE,
    Field("published", "发布日期", Date(), not_future=True),
    Field("doc_no", "文号", Text(), required=False, aliases=("发文字号",)),
    Field("issuer", "发布机构", Text(), required=False, aliases=("发文机关",)),
    SLUG,
)
STATUTORY_FIELDS = DOCUMENT_FIELDS + (
    Field("category", "类别", Integer(1, 15), aliases=("主动公开类别",)),
    Field("domain", "领域", Slug(), required=False),
)


def read_slug(raw: RawDocument, fields: FieldValues, index_reserved: bool = True) -> str | None:
    """The explicit `slug:`, else the file name, which then must be usable in a URL.

    `index` is kept for the list page of the folder.
    """
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
    if problem is None and index_reserved and slug == "index":
        problem = "网址名“index”留给栏目的列表页；请给文件改名，或写 slug: 另一个名字"
    if problem:
        fields.diagnostics.append(Diagnostic(raw.path, line, problem))
        return None
    return slug


def markdown_only(raw: RawDocument) -> list[Diagnostic]:
    """YAML data files belong to the annual reports only."""
    if raw.path.endswith((".yaml", ".yml")):
        return [Diagnostic(raw.path, 1, "这个文件夹只接受 Markdown（.md）文件；YAML 数据文件只用于年度报告")]
    return []


def body_fields(raw: RawDocument) -> dict:
    return {"body": raw.body, "body_line": raw.body_line, "source": SourceSpan(raw.path, 1)}


def validate_entry(raw: RawDocument, domain: DomainSpec, today: date) -> tuple[Entry | None, list[Diagnostic]]:
    if markdown_only(raw):
        return None, markdown_only(raw)
    fields = read_fields(raw.meta, ENTRY_FIELDS, raw.path, "目录条目", 1, today)
    slug = read_slug(raw, fields)
    values = fields.values
    item = None
    if "item_l1" in values:
        item = next((i for i in domain.directory if normalize(i.name) == normalize(values["item_l1"])), None)
        if item is None:
            allowed = "、".join(i.name for i in domain.directory)
            message = f"一级事项“{values['item_l1']}”不在领域“{domain.name}”的标准目录中；可选：{allowed}"
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
                message = f"二级事项“{values['item_l2']}”不在一级事项“{item.name}”之下；可选：{allowed}"
                fields.diagnostics.append(Diagnostic(raw.path, fields.lines["item_l2"], message))
    if fields.diagnostics:
        return None, fields.diagnostics
    entry = Entry(
        domain=domain.slug,
        slug=slug,
        title=values.get("title") or item_l2 or item.name,
        item_l1=item.name,
        item_l2=item_l2,
        content=values["content"],
        basis=values["basis"],
        time_limit=values["time_limit"],
        publisher=values["publisher"],
        channels=values["channels"],
        audience=values["audience"],
        mode=values["mode"],
        level=values["level"],
        updated=values["updated"],
        **body_fields(raw),
    )
    return entry, []


def validate_guide(raw: RawDocument, today: date) -> tuple[Guide | None, list[Diagnostic]]:
    if markdown_only(raw):
        return None, markdown_only(raw)
    fields = read_fields(raw.meta, GUIDE_FIELDS, raw.path, "政府信息公开指南", 1, today)
    if fields.diagnostics:
        return None, fields.diagnostics
    return Guide(**fields.values, **body_fields(raw)), []


def validate_document(raw: RawDocument, part: str, domain_slugs: frozenset[str], today: date) -> tuple[Document | None, list[Diagnostic]]:
    if markdown_only(raw):
        return None, markdown_only(raw)
    is_statutory = part == "statutory"
    fields = read_fields(raw.meta, STATUTORY_FIELDS if is_statutory else DOCUMENT_FIELDS, raw.path, "文件", 1, today)
    slug = read_slug(raw, fields)
    domain = fields.get("domain")
    if domain is not None and domain not in domain_slugs:
        message = f"领域“{domain}”不是 catalog.yaml 中的领域网址名"
        fields.diagnostics.append(Diagnostic(raw.path, fields.lines["domain"], message))
    if fields.diagnostics:
        return None, fields.diagnostics
    values = {**fields.values, "slug": slug}
    return Document(part=part, **values, **body_fields(raw)), []
