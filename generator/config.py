"""catalog.yaml → SiteConfig, with every problem in the file reported at once."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic
from .load import compose_yaml, empty_mapping, read_text, scalar_problems
from .model import Agency, ColumnFolders, DirectoryItem, DomainSpec, InspectionSettings, Office, Period, SiteConfig, SiteIdentity, SourceSpan
from .options import CONFIG_FILE
from .schema import Choice, Nested, Field, FieldError, Integer, Integers, Slug, Text, Texts, describe, line_of, normalize, read_fields, scalar_text
from .standard import AGENCY_KINDS, CLUSTER_FOLDERS, COLUMN_PARTS, PORTAL_KIND, PORTAL_PATHS, STANDARD_MARK_GROUPS, MarkGroup, Option
from .suggest import did_you_mean
from .validate import ENTRY_FIELD_NAMES


class BaseUrl:
    def convert(self, node: Node, what: str) -> str | None:
        if isinstance(node, ScalarNode) and not node.value.strip():
            return None
        return normalize_base_url(scalar_text(node, what), what)


# Characters that have no place in a site's address and would break out of an attribute, a line or a URL.
NOT_IN_URL = re.compile(r"[\s\"'<>`\\{}|^\x00-\x1f\x7f?#]")


def normalize_base_url(url: str, what: str = "网站地址") -> str:
    """An absolute http(s) URL with a host, ending in `/` so page paths can be appended; nothing in it that
    could end an HTML attribute or a line of robots.txt (it is escaped where it is written all the same)."""
    try:
        parts = urlsplit(url)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and url.startswith(("http://", "https://"))
    except ValueError:  # e.g. an unclosed [ of an IPv6 address
        valid = False
    if not valid or NOT_IN_URL.search(url) or not url.isprintable():
        shown = url.encode("unicode_escape").decode("ascii") if not url.isprintable() else url
        raise FieldError(f"{what}应为以 http:// 或 https:// 开头的网址，例如 https://www.example.gov.cn/gk/，"
                         f"不能含有空格、引号、尖括号、换行或 ? #，实际为“{shown}”")
    return url if url.endswith("/") else url + "/"


class Directory:
    """A domain's standard directory: `- 一级事项` or `- 一级事项: [二级事项, …]`."""

    def convert(self, node: Node, what: str) -> tuple[DirectoryItem, ...]:
        if not isinstance(node, SequenceNode) or not node.value:
            raise FieldError(f"{what}应为一级事项的列表（至少一项），实际为{describe(node)}")
        items: list[DirectoryItem] = []
        for item in node.value:
            if isinstance(item, MappingNode) and len(item.value) == 1:
                key, value = item.value[0]
                name = item_name(key)
                children = Texts().convert(value, f"一级事项“{name}”的二级事项")
                if len({normalize(c) for c in children}) != len(children):
                    raise FieldError(f"一级事项“{name}”的二级事项有重复", line_of(value))
                items.append(DirectoryItem(name, children))
            elif isinstance(item, ScalarNode):
                items.append(DirectoryItem(item_name(item)))
            else:
                raise FieldError(f"{what}的每一项应为“一级事项”或“一级事项: [二级事项, …]”", line_of(item))
            if any(normalize(i.name) == normalize(items[-1].name) for i in items[:-1]):
                raise FieldError(f"一级事项“{items[-1].name}”在标准目录中重复出现", line_of(item))
        return tuple(items)


def item_name(node: Node) -> str:
    """A 一级事项 name, with errors at its own line rather than the directory's."""
    try:
        return scalar_text(node, "一级事项名称")
    except FieldError as error:
        raise FieldError(str(error), line_of(node)) from None


@dataclass(frozen=True)
class Labels:
    """A mark group's option labels as the agency's table prints them (`[]`: no such group).

    Each label stands for a standard option when it is its name or a printed variant (then the
    option's other names are accepted in entries too); a level may also be a label of its own
    (州级, 市级 …), since the levels are the agency's."""

    group: MarkGroup

    def convert(self, node: Node, what: str) -> tuple[Option, ...]:
        if not isinstance(node, SequenceNode):
            raise FieldError(f"{what}应为列表，例如 [{'、'.join(o.name for o in self.group.options)}]，实际为{describe(node)}")
        labels = [scalar_text(item, what) for item in node.value]
        options: list[Option] = []
        for label, item in zip(labels, node.value):
            standard = next((o for o in self.group.options if normalize(label) in {normalize(n) for n in (o.name, *o.variants)}), None)
            if standard is None and self.group.key != "level":
                known = "、".join(n for o in self.group.options for n in (o.name, *o.variants))
                raise FieldError(f"{what}中的“{label}”不是{self.group.title}的选项或其常见写法；可写：{known}", line_of(item))
            names = (standard.name, *standard.variants) if standard else ()
            same = next((o for o in options if normalize(label) == normalize(o.name) or normalize(o.name) in map(normalize, names)), None)
            if same is not None:
                twice = "重复" if normalize(same.name) == normalize(label) else f"与“{same.name}”是同一个选项的不同写法，只能写一个"
                raise FieldError(f"{what}中的“{label}”{twice}", line_of(item))
            options.append(Option(label, tuple(n for n in names if normalize(n) != normalize(label))))
        return tuple(options)


def label_fields() -> tuple[Field, ...]:
    return tuple(Field(group.key, group.title, Labels(group), required=False) for group in STANDARD_MARK_GROUPS)


class ExtraColumns:
    """The agency's own columns (过程, 责任科室 …): names that are not a standard column's."""

    def convert(self, node: Node, what: str) -> tuple[str, ...]:
        names = Texts().convert(node, what)
        for name in names:
            if normalize(name) in ENTRY_FIELD_NAMES:
                raise FieldError(f"{what}中的“{name}”是目录的标准栏目，不能再作为自定义列")
        if len({normalize(name) for name in names}) != len(names):
            raise FieldError(f"{what}中有重复的列名")
        return names


TOP_FIELDS = (
    Field("site", "网站信息", Nested()),
    Field("agency", "发布机构", Nested(), required=False),  # a site of one agency
    Field("agencies", "各单位", Nested(), required=False),  # a cluster: every agency publishing through the portal
    Field("domains", "试点领域", Nested(), required=False),  # a cluster's pilot domains, shared by its agencies
    Field("inspection", "网站检查", Nested(), required=False),
)
SITE_FIELDS = (
    Field("name", "网站名称", Text()),
    Field("sponsor", "主办单位", Text()),
    Field("operator", "承办单位", Text(), required=False),
    Field("contact", "联系方式", Text()),
    Field("address", "地址", Text(), required=False),
    Field("site_id_code", "网站标识码", Text()),
    Field("icp_no", "ICP备案号", Text()),
    Field("psb_no", "公安机关备案号", Text()),
    Field("base_url", "网站地址", BaseUrl(), required=False),
    Field("theme", "主题", Slug(), required=False),
)
AGENCY_FIELDS = (
    Field("name", "机构名称", Text()),
    Field("column", "栏目文件夹", Nested()),
    Field("domains", "试点领域", Nested()),
    Field("stale_after_days", "更新期限天数", Integer(1, 3650), required=False),
    Field("consultations", "征求意见文件夹", Slug(), required=False),
    Field("proposals", "建议提案文件夹", Slug(), required=False),
    Field("cleanups", "清理结果文件夹", Slug(), required=False),
    Field("gazette", "政府公报文件夹", Slug(), required=False),
    Field("labels", "表头选项", Nested(), required=False),
    Field("extra_columns", "自定义列", ExtraColumns(), required=False),
)
COLUMN_FIELDS = tuple(Field(part.key, part.title, Slug()) for part in COLUMN_PARTS)
class OrganizationCode:
    """组织机构代码 (9 characters, e.g. 000014349) or 统一社会信用代码 (18 characters)."""

    def convert(self, node: Node, what: str) -> str:
        text = normalize(scalar_text(node, what)).upper().replace("-", "")
        if not re.fullmatch(r"[0-9A-Z]{9}|[0-9A-Z]{18}", text):
            raise FieldError(f"{what}应为9位组织机构代码（如 000014349）或18位统一社会信用代码，实际为“{scalar_text(node, what)}”")
        return text


CLUSTER_AGENCY_FIELDS = (
    Field("slug", "网址名", Slug()),
    Field("name", "名称", Text()),
    Field("kind", "类型", Choice(tuple(Option(kind) for kind in AGENCY_KINDS))),
    Field("code", "机构代码", OrganizationCode()),
    Field("domains", "试点领域", Texts(), required=False),
    Field("office", "信息公开工作机构", Nested(), required=False),
    Field("stale_after_days", "更新期限天数", Integer(1, 3650), required=False),
)
OFFICE_FIELDS = (
    Field("name", "名称", Text()),
    Field("address", "办公地址", Text(), required=False),
    Field("postcode", "邮政编码", Text(), required=False),
    Field("phone", "联系电话", Text(), required=False),
    Field("hours", "办公时间", Text(), required=False),
    Field("email", "电子邮箱", Text(), required=False),
)
DOMAIN_FIELDS = (
    Field("slug", "网址名", Slug()),
    Field("name", "名称", Text()),
    Field("article20", "条例第二十条类别", Integers(1, 15), required=False),
    Field("directory", "标准目录", Directory()),
    Field("labels", "表头选项", Nested(), required=False),
    Field("extra_columns", "自定义列", ExtraColumns(), required=False),
)


def load_config(root: Path, theme_dirs: tuple[Path, ...]) -> tuple[SiteConfig | None, list[Diagnostic]]:
    """Read and check catalog.yaml; `theme_dirs` are where themes may live."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return None, [Diagnostic(CONFIG_FILE, 1, f"找不到配置文件 {CONFIG_FILE}")]
    text, diagnostics = read_text(path, CONFIG_FILE)
    if text is None:
        return None, diagnostics
    node, diagnostics = compose_yaml(text, CONFIG_FILE)
    diagnostics = diagnostics or scalar_problems(node, CONFIG_FILE)
    if diagnostics:
        return None, diagnostics
    node = node if node is not None else empty_mapping(1)
    top = read_fields(node, TOP_FIELDS, CONFIG_FILE, "catalog.yaml ")
    diagnostics = list(top.diagnostics)
    site = read_site(top.get("site"), top.lines.get("site"), diagnostics, theme_dirs)
    if top.get("agency") is not None and "agencies" in top.lines:
        message = "catalog.yaml 只能写 agency（一个单位的网站）或 agencies（区内各单位共用的门户）之一；请删去其中一个"
        diagnostics.append(Diagnostic(CONFIG_FILE, top.lines["agency"], message))
        return None, diagnostics
    if "agencies" in top.lines:  # a portal (even one whose `agencies:` is still empty)
        domains = read_domains(top.get("domains"), STANDARD_MARK_GROUPS, (), diagnostics)
        if top.get("domains") is None:
            message = "各单位共用的门户需要 domains（试点领域及其标准目录）；请把领域列表写在 catalog.yaml 顶层的 domains: 下"
            diagnostics.append(Diagnostic(CONFIG_FILE, top.lines["agencies"], message))
        agencies = read_agencies(top.get("agencies"), top.lines["agencies"], domains, diagnostics)
        inspection = read_inspection(top.get("inspection"), top.lines.get("inspection"), domains or (), diagnostics)
        if diagnostics or site is None or not agencies or domains is None:
            return None, diagnostics
        return SiteConfig(site, agencies[0], inspection, agencies, domains), []
    if top.get("agency") is None and top.get("domains") is not None:
        message = "写了 domains（试点领域）却没有 agencies（各单位）；请在 agencies: 下写明各单位及其公开的领域"
        diagnostics.append(Diagnostic(CONFIG_FILE, top.lines["domains"], message))
    elif top.get("agency") is None:
        message = "catalog.yaml 缺少 agency（一个单位的网站）或 agencies（区内各单位共用的门户）；请按 README 的示例补上"
        diagnostics.append(Diagnostic(CONFIG_FILE, 1, message))
    elif top.get("domains") is not None:
        message = "一个单位的网站，试点领域写在 agency: 的 domains: 下；顶层的 domains: 只用于 agencies（各单位共用的门户）"
        diagnostics.append(Diagnostic(CONFIG_FILE, top.lines["domains"], message))
    agency = read_agency(top.get("agency"), top.lines.get("agency"), diagnostics)
    inspection = read_inspection(top.get("inspection"), top.lines.get("inspection"), agency.domains if agency else (), diagnostics)
    if diagnostics or site is None or agency is None:
        return None, diagnostics
    return SiteConfig(site, agency, inspection), []


def read_agencies(node: Node | None, key_line: int, domains: tuple[DomainSpec, ...] | None,
                  diagnostics: list[Diagnostic]) -> tuple[Agency, ...]:
    """`agencies:`, each with its folders under content/<slug>/; the people's government of the
    district (the portal's own) first, then the others in catalog.yaml order. `domains` None: the site's
    domains have errors (reported), so the agencies' domains are not checked against them."""
    if not isinstance(node, SequenceNode) or not node.value:
        found = describe(node) if node is not None else "空"
        message = (f"“各单位”应为单位的列表（至少一个），实际为{found}；每个单位以“- slug:”开头，写明 slug（网址名）、name（全称）、"
                   "kind（类型）、code（机构代码）和 domains（公开的试点领域），见 README“如何新增一个部门或镇街”")
        diagnostics.append(Diagnostic(CONFIG_FILE, line_of(node) if node is not None else key_line, message))
        return ()
    by_slug = {domain.slug: domain for domain in domains or ()}
    spellings = {domain.slug: domain.slug for domain in domains or ()} | {domain.name: domain.slug for domain in domains or ()}
    agencies: list[Agency] = []
    for item in node.value:
        fields = read_fields(item, CLUSTER_AGENCY_FIELDS, CONFIG_FILE, "单位")
        diagnostics.extend(fields.diagnostics)
        office = read_office(fields.get("office"), fields.lines.get("office"), diagnostics)
        if fields.diagnostics:
            continue
        slug, name = fields.values["slug"], fields.values["name"]
        line = fields.lines["slug"]
        if slug in PORTAL_PATHS or slug in by_slug:
            message = f"单位网址名“{slug}”与门户自身的网址或领域网址名重复（{'、'.join(PORTAL_PATHS)} 及各领域网址名不能用）；请换一个"
            diagnostics.append(Diagnostic(CONFIG_FILE, line, message))
        own: list[DomainSpec] = []
        for text in fields.get("domains", ()):
            slug_of = by_slug.get(text) or by_slug.get(spellings.get(text, ""))
            if slug_of is None and domains is None:
                continue
            if slug_of is None:
                message = (f"{name}的试点领域“{text}”不在 catalog.yaml 的 domains 中；"
                           f"{did_you_mean(text, spellings) or '请写 domains 中某个领域的网址名或名称'}")
                diagnostics.append(Diagnostic(CONFIG_FILE, fields.lines["domains"], message))
            elif any(spec.slug == slug_of.slug for spec in own):
                diagnostics.append(Diagnostic(CONFIG_FILE, fields.lines["domains"], f"{name}的试点领域“{text}”重复"))
            else:
                own.append(replace(slug_of, agency=slug))
        order = {domain.slug: index for index, domain in enumerate(domains or ())}
        column = ColumnFolders(**{part.key: f"{slug}/{CLUSTER_FOLDERS[part.key]}" for part in COLUMN_PARTS},
                               lines=tuple((part.key, line) for part in COLUMN_PARTS))
        agency = Agency(name, column, tuple(sorted(own, key=lambda d: order[d.slug])), fields.get("stale_after_days", 365),
                        f"{slug}/{CLUSTER_FOLDERS['consultations']}", slug, fields.values["kind"], fields.values["code"], office,
                        SourceSpan(CONFIG_FILE, line_of(item)), tuple(fields.lines.items()),
                        proposals=f"{slug}/{CLUSTER_FOLDERS['proposals']}",
                        decisions=f"{slug}/{CLUSTER_FOLDERS['decisions']}", cleanups=f"{slug}/{CLUSTER_FOLDERS['cleanups']}")
        agency = replace(agency, gazette=f"{slug}/{CLUSTER_FOLDERS['gazette']}")
        for other in agencies:
            for attribute, label in (("slug", "网址名"), ("name", "名称"), ("code", "机构代码")):
                if normalize(getattr(other, attribute)) == normalize(getattr(agency, attribute)):
                    message = f"单位{label}“{getattr(agency, attribute)}”与第 {other.source.line} 行的{other.name}重复；每个单位的{label}应各不相同"
                    diagnostics.append(Diagnostic(CONFIG_FILE, fields.lines[attribute], message))
        agencies.append(agency)
    governments = [agency for agency in agencies if agency.kind == PORTAL_KIND]
    for extra in governments[1:]:
        message = f"只能有一个“{PORTAL_KIND}”（门户自身的单位），已有{governments[0].name}；请改正{extra.name}的类型"
        diagnostics.append(Diagnostic(CONFIG_FILE, extra.line_of("kind"), message))
    if agencies and not governments:
        message = (f"各单位共用的门户需要一个 kind: {PORTAL_KIND} 的单位（门户自身的单位，其栏目和目录由区政府办公室维护）；"
                   "请在 agencies: 中写明")
        diagnostics.append(Diagnostic(CONFIG_FILE, line_of(node), message))
    return tuple(governments[:1] + [agency for agency in agencies if agency not in governments[:1]])


def read_office(node: Node | None, key_line: int | None, diagnostics: list[Diagnostic]) -> Office | None:
    if node is None:
        return None
    fields = read_fields(node, OFFICE_FIELDS, CONFIG_FILE, "信息公开工作机构 ", key_line)
    diagnostics.extend(fields.diagnostics)
    return None if fields.diagnostics else Office(**fields.values, lines=tuple(fields.lines.items()))


def read_site(node: Node | None, key_line: int | None, diagnostics: list[Diagnostic], theme_dirs: tuple[Path, ...]) -> SiteIdentity | None:
    if node is None:
        return None
    fields = read_fields(node, SITE_FIELDS, CONFIG_FILE, "site ", key_line)
    diagnostics.extend(fields.diagnostics)
    theme = fields.get("theme", "default")
    if not any((folder / theme / "templates").is_dir() for folder in theme_dirs):
        line = fields.lines.get("theme", line_of(node))
        diagnostics.append(Diagnostic(CONFIG_FILE, line, f"找不到主题“{theme}”（应有文件夹 themes/{theme}/templates/）"))
    if fields.diagnostics:
        return None
    return SiteIdentity(**{**fields.values, "theme": theme}, lines=tuple(fields.lines.items()))


def read_agency(node: Node | None, key_line: int | None, diagnostics: list[Diagnostic]) -> Agency | None:
    if node is None:
        return None
    fields = read_fields(node, AGENCY_FIELDS, CONFIG_FILE, "agency ", key_line)
    diagnostics.extend(fields.diagnostics)
    column = read_column(fields.get("column"), fields.lines.get("column"), diagnostics)
    groups = read_labels(fields.get("labels"), fields.lines.get("labels"), STANDARD_MARK_GROUPS, diagnostics)
    domains = read_domains(fields.get("domains"), groups, fields.get("extra_columns", ()), diagnostics)
    if fields.diagnostics or column is None or domains is None:
        return None
    taken = {domain.slug: domain for domain in domains}
    for part in COLUMN_PARTS:
        folder = column.folder_of(part.key)
        if folder in taken:
            message = f"栏目“{part.title}”的文件夹“{folder}”与领域“{taken[folder].name}”的网址名相同；请换一个名字"
            diagnostics.append(Diagnostic(CONFIG_FILE, column.line_of(part.key), message))
    consultations = fields.get("consultations")
    if consultations in {domain.slug for domain in domains} | {column.folder_of(part.key) for part in COLUMN_PARTS}:
        message = f"征求意见文件夹“{consultations}”与领域或栏目的文件夹重名；请换一个名字"
        diagnostics.append(Diagnostic(CONFIG_FILE, fields.lines["consultations"], message))
    proposals = fields.get("proposals")
    if proposals is not None and proposals in {domain.slug for domain in domains} | {column.folder_of(part.key) for part in COLUMN_PARTS} | {consultations}:
        message = f"建议提案文件夹“{proposals}”与领域、栏目或征求意见的文件夹重名；请换一个名字"
        diagnostics.append(Diagnostic(CONFIG_FILE, fields.lines["proposals"], message))
    gazette = fields.get("gazette")
    if gazette is not None and gazette in ({domain.slug for domain in domains} | {column.folder_of(part.key) for part in COLUMN_PARTS}
                                           | {consultations, proposals, fields.get("cleanups")}):
        message = f"政府公报文件夹“{gazette}”与领域、栏目、征求意见、建议提案或清理结果的文件夹重名；请换一个名字"
        diagnostics.append(Diagnostic(CONFIG_FILE, fields.lines["gazette"], message))
    return Agency(fields.values["name"], column, domains, fields.get("stale_after_days", 365), consultations, proposals=proposals,
                  cleanups=fields.get("cleanups"), gazette=gazette)


def read_column(node: Node | None, key_line: int | None, diagnostics: list[Diagnostic]) -> ColumnFolders | None:
    if node is None:
        return None
    fields = read_fields(node, COLUMN_FIELDS, CONFIG_FILE, "column ", key_line)
    diagnostics.extend(fields.diagnostics)
    if fields.diagnostics:
        return None
    folders = [fields.values[part.key] for part in COLUMN_PARTS]
    if len(set(folders)) != len(folders):
        diagnostics.append(Diagnostic(CONFIG_FILE, line_of(node), "四个栏目的文件夹必须各不相同"))
        return None
    lines = tuple((part.key, fields.lines[part.key]) for part in COLUMN_PARTS)
    return ColumnFolders(**fields.values, lines=lines)


def read_labels(node: Node | None, key_line: int | None, groups: tuple[MarkGroup, ...],
                diagnostics: list[Diagnostic]) -> tuple[MarkGroup, ...]:
    """`表头选项:` over `groups`: each group it names gets the labels given, the others stay."""
    if node is None:
        return groups
    fields = read_fields(node, label_fields(), CONFIG_FILE, "表头选项 ", key_line)
    diagnostics.extend(fields.diagnostics)
    return tuple(replace(group, options=fields.values.get(group.key, group.options)) for group in groups)


def read_domains(node: Node | None, groups: tuple[MarkGroup, ...], extra_columns: tuple[str, ...],
                 diagnostics: list[Diagnostic]) -> tuple[DomainSpec, ...] | None:
    if node is None:
        return None
    if not isinstance(node, SequenceNode) or not node.value:
        diagnostics.append(Diagnostic(CONFIG_FILE, line_of(node), f"“试点领域”应为领域的列表（至少一项），实际为{describe(node)}"))
        return None
    domains: list[DomainSpec] = []
    before = len(diagnostics)
    for item in node.value:
        fields = read_fields(item, DOMAIN_FIELDS, CONFIG_FILE, "领域")
        diagnostics.extend(fields.diagnostics)
        if fields.diagnostics:
            continue
        values = dict(fields.values)
        values["mark_groups"] = read_labels(values.pop("labels", None), fields.lines.get("labels"), groups, diagnostics)
        values.setdefault("extra_columns", extra_columns)
        domain = DomainSpec(source=SourceSpan(CONFIG_FILE, line_of(item)), **values)
        for other in domains:
            for attribute, label in (("slug", "网址名"), ("name", "名称")):
                if getattr(other, attribute) == getattr(domain, attribute):
                    message = f"领域{label}“{getattr(domain, attribute)}”重复（第 {other.source.line} 行已有）"
                    diagnostics.append(Diagnostic(CONFIG_FILE, fields.lines[attribute], message))
        domains.append(domain)
    return tuple(domains) if len(diagnostics) == before else None


class PeriodText:
    """An update period: 2周, 14天, 6个月, 1年, or 不定期 (a column with no fixed period)."""

    def convert(self, node: Node, what: str) -> Period:
        text = scalar_text(node, what)
        if normalize(text) == "不定期":
            return Period(0, "", "不定期")
        match = re.fullmatch(r"([0-9]+)\s*(天|日|周|个月|月|年)", normalize(text))
        if match is None or int(match[1]) == 0:
            raise FieldError(f"{what}应写成“2周”“6个月”“1年”这样的期限，或“不定期”，实际为“{text}”")
        unit = {"日": "天", "月": "个月"}.get(match[2], match[2])
        return Period(int(match[1]), unit, f"{match[1]}{unit}")


class MonthDay:
    """A day of the year as MM-DD, e.g. 03-31."""

    def convert(self, node: Node, what: str) -> tuple[int, int]:
        text = scalar_text(node, what)
        try:
            day = date.fromisoformat(f"2000-{text}")  # a leap year, so that 02-29 is accepted
        except ValueError:
            raise FieldError(f"{what}应写成“月-日”，如 03-31，实际为“{text}”") from None
        return day.month, day.day


INSPECTION_FIELDS = (
    Field("periods", "更新周期", Nested(), required=False),
    Field("annual_report_due", "年度报告截止日期", MonthDay(), required=False),
    Field("forbidden_terms", "禁用词", Nested(), required=False),
)
PERIOD_KEYS = {part.key: part.title for part in COLUMN_PARTS} | {"consultations": "征求意见", "proposals": "建议提案办理", "domains": "各领域目录",
                                                             "decisions": "重大行政决策事项目录", "gazette": "政府公报"}


def read_inspection(node: Node | None, key_line: int | None, domains: tuple[DomainSpec, ...],
                    diagnostics: list[Diagnostic]) -> InspectionSettings:
    """`inspection:`: update periods by column (a domain's slug for one domain), the annual report's
    deadline, and forbidden terms with their replacements."""
    if node is None:
        return InspectionSettings()
    fields = read_fields(node, INSPECTION_FIELDS, CONFIG_FILE, "inspection ", key_line)
    diagnostics.extend(fields.diagnostics)
    periods = []
    known = PERIOD_KEYS | {domain.slug: domain.name for domain in domains}
    for key_node, value in mapping_items(fields.get("periods"), "“更新周期”", diagnostics):
        key = key_node.value
        if key not in known:
            message = f"“更新周期”中的“{key}”不是栏目或领域网址名；可写：{'、'.join(known)}"
            diagnostics.append(Diagnostic(CONFIG_FILE, line_of(key_node), message))
            continue
        try:
            periods.append((key, PeriodText().convert(value, f"“{known[key]}”的更新周期")))
        except FieldError as error:
            diagnostics.append(Diagnostic(CONFIG_FILE, error.line or line_of(value), str(error)))
    terms = []
    for key_node, value in mapping_items(fields.get("forbidden_terms"), "“禁用词”", diagnostics):
        try:
            terms.append((key_node.value, scalar_text(value, f"禁用词“{key_node.value}”的替换词")))
        except FieldError as error:
            diagnostics.append(Diagnostic(CONFIG_FILE, error.line or line_of(value), str(error)))
    return InspectionSettings(tuple(periods), fields.get("annual_report_due", (3, 31)), tuple(terms))


def mapping_items(node: Node | None, what: str, diagnostics: list[Diagnostic]) -> list[tuple[ScalarNode, Node]]:
    """The `key: value` pairs of a mapping whose keys are free text (column names, terms)."""
    if node is None:
        return []
    if not isinstance(node, MappingNode):
        diagnostics.append(Diagnostic(CONFIG_FILE, line_of(node), f"{what}应为“名称: 值”形式的键值映射，实际为{describe(node)}"))
        return []
    items = []
    for key_node, value in node.value:
        if not isinstance(key_node, ScalarNode) or not key_node.value.strip():
            diagnostics.append(Diagnostic(CONFIG_FILE, line_of(key_node), f"{what}的名称应为文字"))
        elif any(normalize(key_node.value) == normalize(seen.value) for seen, _ in items):
            diagnostics.append(Diagnostic(CONFIG_FILE, line_of(key_node), f"{what}中的“{key_node.value}”重复"))
        else:
            items.append((key_node, value))
    return items
