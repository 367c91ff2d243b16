"""The admin's form configuration (Decap CMS `config.yml`), generated from the validator's own
field tables and catalog.yaml, never written by hand, so the forms cannot drift from what
`check` accepts.

Each schema field becomes one form field named with its Chinese label (what editors write in
front matter), its kind choosing the widget: options become selects, dates and 索引号 get the
schema's own patterns, required flags are the schema's. What a form cannot express (rules across
fields or files, sums of the annual report) is left to `check`; the README's guide says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .catalog import checked_agencies
from .annual_report import APPLICATION_ROWS, PROACTIVE_FIELDS, REPORT_FIELDS, REVIEW_FIELDS, Amount, Count
from .model import Agency, DomainSpec, SiteConfig
from .schema import (
    INDEX_NUMBER_PATTERN, ISO_DATE_PATTERN, SLUG_PATTERN, Choice, Choices, Date, Field, IndexNumber, IndexNumbers, Integer, MarkChoices,
    Nested, OpenList, Slug, Text, Texts, normalize,
)
from .standard import (
    APPLICANT_COLUMNS, ARTICLE_20_CATEGORIES, CHANNEL_OPTIONS, COLUMN_PARTS, NORMATIVE_COLUMNS, REVIEW_COLUMNS, UNSTATED,
    chinese_ordinal,
)
from .proposals import NUMBER_FORM_PATTERN, PROPOSAL_FIELDS, STATEMENT_FIELDS, ProposalNumber
from .validate import CLEANUP_FIELDS, CONSULTATION_FIELDS, DECISION_FIELDS, DOCUMENT_FIELDS, GUIDE_FIELDS, STATUTORY_FIELDS, entry_fields
from .gazette import GAZETTE_FIELDS
from .interpretations import IMAGE_EXTENSIONS, VIDEO_EXTENSIONS
from .schema import Records

BODY = {"name": "body", "label": "正文", "widget": "markdown", "required": False, "modes": ["raw"],
        "hint": "Markdown 格式；小标题从 ## 开始"}
# Not a field of the file: what is uploaded here is saved beside the file and linked at the end of the body
# (admin.js, before saving), as editors link attachments by hand.
ATTACHMENTS = {"name": "上传附件", "label": "上传附件", "widget": "list", "required": False,
               "field": {"name": "附件", "label": "附件", "widget": "file"},
               "hint": "PDF、表格等；保存在本文件所在的文件夹，保存时在正文末尾加上链接（之后可在正文中移动或改写链接文字）"}
# The admin's own select of the directory's 事项 (admin_files/admin.js): 一级事项 from `options`; 二级事项 from the
# `options_by_parent` of the 一级事项 chosen in the field named by `parent` (Decap has no dependent selects).
DIRECTORY_WIDGET = "directory-item"
# The admin's own formats (admin_files/formats.js): an edit rewrites the changed fields only.
FRONT_MATTER_FORMAT, YAML_FORMAT = "gk-frontmatter", "gk-yaml"
# A new file's name (its URL unless 网址名 is filled): the moment it was created, always a valid URL name.
NEW_FILE_NAME = "{{year}}{{month}}{{day}}-{{hour}}{{minute}}{{second}}"
WIDE_TEXT_KEYS = {"content", "preface", "overview", "proactive_text", "applications_text", "reviews_text", "problems", "other",
                  "how_to_comment", "adoption", "shortened_reason", "text",
                  "no_consultation_reason"}
# What a field means, where its kind does not say it (the kind's own help is added to it).
HELP = {
    "title": "照原文填写；目录条目不填时，以二级事项（没有时以一级事项）为标题",
    "seq": "本机关目录表中的序号，照抄即可",
    "item_l1": "从本领域标准目录中选择",
    "item_l2": "先选一级事项，这里只列出它的二级事项；它有二级事项的必须选择一项",
    "content": "目录表“公开内容（要素）”一栏的原文",
    "basis": "每条法规、文件一项，照目录表原文，如《中华人民共和国政府信息公开条例》",
    "time_limit": "如：信息形成或者变更之日起20个工作日内",
    "publisher": "负责公开的机关全称",
    "updated": "本条目内容最后一次核对或修改的日期",
    "issuer": "照文件原文",
    "doc_no": "如 青政发〔2024〕5号",
    "abolished": "有效性为“废止”时必须填写",
    "category": "《条例》第二十条第几项；政策解读可不选，改填“解读对象”",
    "domain": "文件属于哪个试点领域（可不选）",
    "entry": "“领域网址名/条目网址名”，如 social-assistance/dibao-shenpi",
    "undertaker": "负责起草决策草案、组织公众参与和论证的单位",
    "planned": "计划作出决策的日期；过期仍未决策的，check 会提示",
    "stage": "已决策、执行评估须有已结束的征求意见，或填写“未征求意见理由”",
    "consultation": "决策草案的征求意见网址名（征求意见文件名，不含 .md）；其他单位的写成“单位网址名/征求意见网址名”",
    "no_consultation_reason": "依法不公开征求意见的理由；已征求意见的不填",
    "document": "决策形成的文件（法定主动公开内容）的索引号；它的解读自动列入决策进展",
    "evaluation": "执行效果评估报告（法定主动公开内容）的索引号",
    "interprets": "政策解读：被解读文件的索引号",
    "opens": "不能晚于“征求意见截止”",
    "closes": "征求意见一般不少于30天；少于30天须填写“缩短理由”",
    "year": "报告年度；文件名即年度，如 2026.yaml",
    "kind": "人大代表建议或政协委员提案",
    "number": "会议届次加编号，如 区十八届人大三次会议第45号",
    "proposer": "只写姓名；不写电话、地址、身份证号",
    "lead_handler": "不填即本单位",
    "co_handlers": "本站的单位写全称（页面上会链接到该单位）",
    "result": "A 解决或采纳；B 列入计划；C 说明参考",
    "replied": "向代表委员答复的日期；复文应在答复后20个工作日内公开",
    "form": "不填即公开全文；只公开摘要的须填写摘要理由",
    "summary_reason": "为什么只公开摘要，如：复文涉及个人隐私",
    "assigned": "本年度交办本单位的建议提案件数；填写后计算办复率",
    "rate": "如 100%；须与复文总件数 ÷ 交办件数一致",
    "doc_type": "政策文件库的文种：规章、行政规范性文件，或本机关的写法（如 实施方案）；不填时类别 1 的文件即行政规范性文件",
    "amended_by": "修改本文件的后来文件的索引号",
    "repealed_by": "废止本文件的后来文件的索引号（有效性须为废止）",
    "day": "清理决定的日期：列入的文件自此日起按清理结果标注有效性",
    "interpretation_form": "政策解读的形式；不选即文字解读。简明问答填“问答”，图解填“图解图片”，新闻发布会、吹风会填日期、发布人和文字实录",
    "questions": "简明问答：每项一个问题和它的回答（也可不填，在正文中每个问题写成一个 ## 小标题）",
    "graphics": "图解：每张图片上传到本文件夹，写明替代文字（简短说明）和文字版（图片内容的完整文字，必填）",
    "transcript": "新闻发布会、吹风会的文字实录；有视频时必须填写",
    "video": "视频文件名（.mp4 或 .webm，放在本文件夹）；有视频必须有文字实录",
    "issue_year": "本期公报的年份",
    "issue_number": "本年的第几期；同一年的期号从 1 起连续编号，不能重复",
    "total": "创刊以来的总期号（印刷版印有时填写）",
    "pdf": "印刷版 PDF 的文件名，上传到本文件夹，如 2026-03.pdf",
    "articles": "本期目录：已在本站发布的文件只填索引号（自动链接，不要重复录入）；其他文章填标题，再填正文或页码",
    "name": "印刷版封面上的名称；不填即单位全称加“公报”，如 青禾区人民政府公报",
    "body": "本站没有发布的文章的全文；有页码而只看印刷版的可不填",
    "hearing": "决策草案是否举行听证会",
    "question": "读者会问的一个问题，如：哪些人可以申请？",
    "answer": "照政策原文回答，不超出文件的规定",
    "image": "图片的文件名，图片上传到本文件夹",
    "alt": "一句话说明图片是什么，如：申请流程图",
    "speakers": "每位发布人一项，写职务和姓名",
}
# Files a field names, by the extensions the validator accepts (in any case): the form checks the name's ending.
FILE_EXTENSIONS = {"image": IMAGE_EXTENSIONS, "video": VIDEO_EXTENSIONS, "pdf": (".pdf",)}


@dataclass(frozen=True)
class ContentFolder:
    """One folder of content/ that editors write into, and what kind of file it holds."""

    name: str  # the collection's name in the admin
    label: str
    folder: str  # relative to the site root, with `/`
    kind: str  # "entry", "guide", "rules", "statutory", "annual_reports", "consultations", "proposals", "proposal_years", "decisions" or "gazette"
    agency: Agency
    domain: DomainSpec | None = None
    cluster: bool = False  # one of several agencies (catalog.yaml `agencies:`)


def content_folders(config: SiteConfig) -> tuple[ContentFolder, ...]:
    """Every content folder with its kind, agency by agency: the one place that knows the site's layout.
    In a cluster each agency's collections are named and labelled with its slug and name; `admin --agency`
    (SiteConfig.only) gives one office only its own."""
    folders = []
    for agency in checked_agencies(config):
        name, label = (f"{agency.slug}-", f"{agency.name} · ") if config.is_cluster else ("", "")

        def folder(key: str, title: str, path: str, kind: str, domain: DomainSpec | None = None) -> ContentFolder:
            return ContentFolder(name + key, label + title, f"content/{path}", kind, agency, domain, config.is_cluster)

        folders += [folder(part.key, part.title, agency.column.folder_of(part.key), part.key) for part in COLUMN_PARTS]
        if agency.consultations:
            folders.append(folder("consultations", "征求意见", agency.consultations, "consultations"))
        if agency.proposals:
            folders.append(folder("proposals", "建议提案复文", agency.proposals, "proposals"))
            folders.append(folder("proposal-years", "建议提案办理总体情况", agency.proposals, "proposal_years"))
        if agency.decisions:
            folders.append(folder("decisions", "重大行政决策事项目录", agency.decisions, "decisions"))
        if agency.cleanups:
            folders.append(folder("cleanups", "规范性文件清理结果", agency.cleanups, "cleanups"))
        if agency.gazette:
            folders.append(folder("gazette", "政府公报", agency.gazette, "gazette"))
        folders += [folder(f"domain-{domain.slug}", f"目录：{domain.name}", domain.folder, "entry", domain) for domain in agency.domains]
    return tuple(folders)



def option_values(options) -> list[str]:
    return [option.name for option in options]


def kind_widget(field: Field, config: SiteConfig, folder: ContentFolder) -> dict[str, Any]:
    """The widget of one schema field of the files of `folder`, with the help its kind gives."""
    kind = field.kind
    if field.key == "category":  # 《条例》第二十条: the number stored, the category shown
        options = [{"label": f"（{chinese_ordinal(n)}）{name}", "value": n} for n, name in enumerate(ARTICLE_20_CATEGORIES, 1)]
        return {"widget": "select", "options": options}
    if field.key == "domain":
        domains = {f.domain.slug: f.domain.name for f in content_folders(config) if f.domain is not None}
        return {"widget": "select", "options": [{"label": name, "value": slug} for slug, name in domains.items()]}
    if field.key == "co_issuers":  # the other agencies of the cluster, by the names they are declared with
        others = [agency.name for agency in config.all_agencies if agency.slug != folder.agency.slug]
        return {"widget": "select", "multiple": True, "options": others, "help": "与本单位联合发文的其他单位"}
    if field.key == "index_no" and folder.agency.code:  # numbered under the agency's own code
        pattern = f"^{re.escape(folder.agency.code)}/[0-9]{{4}}-[0-9]{{5}}$"
        return {"widget": "string", "pattern": [pattern, f"应为“{folder.agency.code}/年份-五位序号”，如 {folder.agency.code}/2026-00001"],
                "help": f"本单位的索引号：{folder.agency.code}/年份-五位序号"}
    if field.key in FILE_EXTENSIONS:
        extensions = FILE_EXTENSIONS[field.key]
        return {"widget": "string", "pattern": [extension_pattern(extensions), f"应为 {'、'.join(extensions)} 文件的文件名"]}
    if isinstance(kind, ProposalNumber):
        return {"widget": "string", "pattern": [NUMBER_FORM_PATTERN, "应为会议届次加编号，如 区十八届人大三次会议第45号"]}
    if isinstance(kind, Date):
        later = "；不能晚于今天" if field.not_future else ""
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False,
                "pattern": [ISO_DATE_PATTERN.pattern, "应为 YYYY-MM-DD 格式的日期"], "help": f"格式 YYYY-MM-DD，如 2026-03-15{later}"}
    if isinstance(kind, IndexNumber):
        return {"widget": "string", "pattern": [INDEX_NUMBER_PATTERN.pattern, "应为“机构代码/年份-五位序号”，如 000014349/2017-00110（字母大写）"],
                "help": "“机构代码/年份-五位序号”，如 000014349/2017-00110"}
    if isinstance(kind, IndexNumbers):  # a cleanup's groups: one 索引号 an item
        item = {"name": "索引号", "label": "索引号", "widget": "string",
                "pattern": [INDEX_NUMBER_PATTERN.pattern, "应为“机构代码/年份-五位序号”，如 000014349/2017-00110（字母大写）"]}
        return {"widget": "list", "field": item, "help": "每个文件一项，填写它的索引号；同一文件只能列入一组"}
    if isinstance(kind, Slug):
        return {"widget": "string", "pattern": [SLUG_PATTERN.pattern, "只能由小写英文字母、数字和连字符组成，如 dibao-shenpi"],
                "help": "网址中的名字，小写英文字母、数字和连字符；不填则用文件名"}
    if isinstance(kind, Integer):
        return {"widget": "number", "value_type": "int", "min": kind.low, "max": kind.high, "help": f"{kind.low} 到 {kind.high} 之间的整数"}
    if isinstance(kind, MarkChoices):
        options = [*option_values(kind.group.options), *UNSTATED]
        return {"widget": "select", "multiple": True, "options": options,
                "help": f"本机关目录表中打“√”的项；表中没有标注的只选“{UNSTATED[0]}”或“{UNSTATED[1]}”"}
    if isinstance(kind, (Choice, Choices)):
        return {"widget": "select", "multiple": isinstance(kind, Choices), "options": option_values(kind.options)}
    if isinstance(kind, OpenList):
        item = {"name": "渠道", "label": "渠道", "widget": "open-choice", "options": option_values(CHANNEL_OPTIONS)}
        return {"widget": "list", "field": item, "help": "每个渠道一项，照本机关目录原文填写；可从常用渠道中选，也可自己填写"}
    if isinstance(kind, Texts):
        return {"widget": "list", "field": {"name": "项", "label": field.label, "widget": "string"}}
    if isinstance(kind, Text):
        return {"widget": "text" if field.key in WIDE_TEXT_KEYS else "string"}
    if isinstance(kind, Records):  # a list of small forms (问答, 图解图片, a gazette's 目录)
        return {"widget": "list", "fields": [form_field(item, config, folder) for item in kind.fields]}
    if isinstance(kind, Nested):
        return {"widget": "object", "fields": report_table(field.key)}
    raise TypeError(f"no widget for the kind of field {field.key}: {type(kind).__name__}")  # a new kind needs one here


def extension_pattern(extensions: tuple[str, ...]) -> str:
    """A pattern for a file name ending in one of `extensions`, in any case (Decap's patterns take no flags)."""
    cased = ("".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in ext) for ext in extensions)
    return f"^.+({'|'.join(cased)})$"


def form_field(field: Field, config: SiteConfig, folder: ContentFolder) -> dict[str, Any]:
    widget = kind_widget(field, config, folder)
    hints = [text for text in (HELP.get(field.key), widget.pop("help", None)) if text]
    return {"name": field.label, "label": field.label, **widget, "required": field.required,
            **({"hint": "；".join(hints)} if hints else {})}


def figures(name: str, columns: tuple[str, ...], hint: str | None = None) -> dict[str, Any]:
    """A row of the annual report's form: exactly len(columns) whole numbers, in the form's order."""
    return {"name": name, "label": name, "widget": "list", "min": len(columns), "max": len(columns), "default": [0] * len(columns),
            "field": {"name": "数", "label": "数", "widget": "number", "value_type": "int", "min": 0},
            "hint": hint or f"依次为：{'、'.join(columns)}", "required": True}


def report_table(key: str) -> list[dict[str, Any]]:
    """The rows of the annual report's three tables (the shapes annual_report.py reads)."""
    if key == "proactive":
        rows = []
        for field in PROACTIVE_FIELDS:
            if isinstance(field.kind, Nested):
                rows.append(figures(field.label, NORMATIVE_COLUMNS))
            else:
                value_type = "int" if isinstance(field.kind, Count) else "float"
                unit = "万元，最多四位小数" if isinstance(field.kind, Amount) else "件"
                rows.append({"name": field.label, "label": field.label, "widget": "number", "value_type": value_type,
                             "min": 0, "default": 0, "required": True, "hint": unit})
        return rows
    if key == "applications":
        return [{"name": row.key, "label": row.key, "widget": "object", "required": True,
                 "fields": [figures(name, APPLICANT_COLUMNS) for name in row.sub_rows]} if row.sub_rows
                else figures(row.key, APPLICANT_COLUMNS, f"{row.label}；依次为：{'、'.join(APPLICANT_COLUMNS)}")
                for row in APPLICATION_ROWS]
    if key == "reviews":
        return [figures(field.label, REVIEW_COLUMNS, f"{field.aliases[0]}；依次为：{'、'.join(REVIEW_COLUMNS)}") for field in REVIEW_FIELDS]
    raise KeyError(key)


def asked(field: Field, folder: ContentFolder) -> bool:
    """Whether the form asks for `field`: not a mark group the agency's table does not print, nor
    联合发文单位 outside a cluster (the validator refuses both), nor 二级事项 in a domain whose directory has none."""
    if isinstance(field.kind, MarkChoices):
        return bool(field.kind.group.options)
    if field.key == "item_l2":
        return folder.domain is not None and any(item.sub_items for item in folder.domain.directory)
    return field.key != "co_issuers" or folder.cluster


def form_fields(folder: ContentFolder, config: SiteConfig) -> list[dict[str, Any]]:
    """The schema's fields for the files of `folder` as form fields; for a catalog entry its directory
    gives the 事项 choices."""
    domain = folder.domain
    result = []
    for field in schema_fields(folder):
        if not asked(field, folder):
            continue
        result.append(form_field(field, config, folder))
        if domain is not None and field.key == "item_l1":
            result[-1].update(widget=DIRECTORY_WIDGET, options=[item.name for item in domain.directory])
        if domain is not None and field.key == "item_l2":
            result[-1].update(widget=DIRECTORY_WIDGET, parent=next(f.label for f in schema_fields(folder) if f.key == "item_l1"),
                              options_by_parent=[{"parent": item.name, "options": list(item.sub_items)} for item in domain.directory])
    return result


FIELDS_OF_KIND = {
    "guide": GUIDE_FIELDS, "rules": DOCUMENT_FIELDS, "statutory": STATUTORY_FIELDS, "consultations": CONSULTATION_FIELDS,
    "annual_reports": REPORT_FIELDS, "proposals": PROPOSAL_FIELDS, "proposal_years": STATEMENT_FIELDS, "decisions": DECISION_FIELDS,
    "cleanups": CLEANUP_FIELDS, "gazette": GAZETTE_FIELDS,
}


def schema_fields(folder: ContentFolder) -> tuple[Field, ...]:
    """The validator's fields for the files of `folder`."""
    return entry_fields(folder.domain) if folder.kind == "entry" else FIELDS_OF_KIND[folder.kind]


def collection(folder: ContentFolder, config: SiteConfig) -> dict[str, Any]:
    fields = form_fields(folder, config)
    common = {"name": folder.name, "label": folder.label}
    if folder.kind == "guide":
        files = [{"name": "guide", "label": folder.label, "file": f"{folder.folder}/index.md", "fields": [*fields, BODY, ATTACHMENTS]}]
        return {**common, "files": files, "format": FRONT_MATTER_FORMAT, "media_folder": "", "public_folder": ""}
    summary = "{{" + fields[0]["name"] + "}}"
    if folder.kind == "entry":
        summary = "{{一级事项}} · {{二级事项}} · {{标题}}"
        identifier = "一级事项"  # required, unlike 标题 (which defaults to the 事项)
    else:
        identifier = "标题"
    if folder.kind == "proposal_years":
        return {**common, "folder": folder.folder, "extension": "yaml", "format": YAML_FORMAT, "create": True, "identifier_field": "年度",
                "slug": "{{fields.年度}}", "summary": "{{年度}}年", "fields": fields}
    if folder.kind == "gazette":  # no title: an issue is named by its year and number
        return {**common, "folder": folder.folder, "extension": "md", "format": FRONT_MATTER_FORMAT, "create": True,
                "identifier_field": "期号", "slug": "{{fields.年份}}-{{fields.期号}}", "summary": "{{年份}}年第{{期号}}期",
                "media_folder": "", "public_folder": "", "fields": [*fields, BODY, ATTACHMENTS]}
    if folder.kind == "annual_reports":
        return {**common, "folder": folder.folder, "extension": "yaml", "format": YAML_FORMAT, "create": True, "identifier_field": identifier,
                "slug": "{{fields.年度}}", "summary": summary, "fields": fields}
    return {**common, "folder": folder.folder, "extension": "md", "format": FRONT_MATTER_FORMAT, "create": True, "identifier_field": identifier,
            "slug": NEW_FILE_NAME, "summary": summary, "media_folder": "", "public_folder": "", "fields": [*fields, BODY, ATTACHMENTS]}


def collections(config: SiteConfig) -> list[dict[str, Any]]:
    return [collection(folder, config) for folder in content_folders(config)]


def list_shape(kind: Any) -> dict[str, Any]:
    """How a text written for a list field becomes the form's list (see field_spellings)."""
    if isinstance(kind, MarkChoices):
        options = kind.group.options
        return {"list": "split", "known": sorted({*(n for o in options for n in (o.name, *o.variants)), *UNSTATED})}
    if isinstance(kind, OpenList):
        return {"list": "split", "known": []}
    return {"list": "whole"} if isinstance(kind, (Texts, IndexNumbers)) else {}


def field_spellings(config: SiteConfig) -> dict[str, dict[str, Any]]:
    """Every name a file may give a field (its key, label and aliases, folded as schema.normalize folds them)
    → the form's name for it and how a text written for a list field becomes the form's list: the whole text
    as one item (公开依据), or split as the validator splits it (channels; marks, keeping a known label whole).
    admin_files/formats.js reads files with it, so a file written by hand opens in the form as `check` reads it."""
    spellings: dict[str, dict[str, Any]] = {}
    for folder in content_folders(config):
        for field in schema_fields(folder):
            shape = list_shape(field.kind)
            for name in field.names:
                seen = spellings.setdefault(normalize(name), {"name": field.label, **shape})
                if "known" in shape:
                    seen["known"] = sorted(set(seen["known"]) | set(shape["known"]))
    return spellings


def nested_order(config: SiteConfig) -> dict[str, list[str]]:
    """The form's order of the fields inside each object field (the annual report's tables and groups of
    rows), by the object's name: Decap gives a format the order of the top-level fields only."""
    order: dict[str, list[str]] = {}

    def walk(fields: list[dict[str, Any]]) -> None:
        for field in fields:
            if field["widget"] == "object":
                order[field["name"]] = [child["name"] for child in field["fields"]]
                walk(field["fields"])

    for collection in collections(config):
        walk(collection.get("fields", []))
    return order


def media_folder(config: SiteConfig) -> str:
    """Where the media library's own upload button saves (Decap requires one): the statutory documents'
    folder. Files uploaded in a form's 上传附件 go beside their file instead (media_folder "")."""
    return next(folder.folder for folder in content_folders(config) if folder.kind == "statutory")


@dataclass(frozen=True)
class Backend:
    """Where the admin reads and saves: the local proxy, or the office's Git service."""

    name: str  # "local", "gitea", "forgejo" or "gitlab"
    repo: str = ""  # owner/name on the Git service
    url: str = ""  # the Git service's address, e.g. https://git.qinghe.example
    app_id: str = ""  # the OAuth application's client ID
    branch: str = "main"
    proxy_port: int = 8081


# The backends whose Decap implementation has the review step (draft → ready → published).
REVIEWED = {"gitlab", "forgejo"}


def backend_config(backend: Backend) -> dict[str, Any]:
    if backend.name == "local":
        return {"backend": {"name": "proxy", "proxy_url": f"http://127.0.0.1:{backend.proxy_port}/api/v1", "branch": backend.branch}}
    url = backend.url.rstrip("/")
    common = {"repo": backend.repo, "branch": backend.branch, "app_id": backend.app_id, "base_url": url}
    if backend.name == "gitlab":
        settings = {"name": "gitlab", **common, "api_root": f"{url}/api/v4", "auth_type": "pkce", "auth_endpoint": "oauth/authorize"}
    else:
        settings = {"name": backend.name, **common, "api_root": f"{url}/api/v1", "auth_endpoint": "login/oauth/authorize"}
    review = {"publish_mode": "editorial_workflow"} if backend.name in REVIEWED else {}
    return {"backend": settings, **review}


def cms_config(config: SiteConfig, backend: Backend) -> dict[str, Any]:
    """The whole of config.yml."""
    return {
        **backend_config(backend),
        "locale": "zh_Hans",
        "media_folder": media_folder(config),
        "public_folder": "",
        "collections": collections(config),
    }
