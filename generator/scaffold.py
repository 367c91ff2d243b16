"""`new` and `new-report`: start a catalog entry or an annual report with every column or
row of the standard present, so editors need not remember them."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from pypinyin import lazy_pinyin

from .model import AnnualReport, DomainSpec, SiteConfig
from .schema import normalize, slug_problem
from .suggest import did_you_mean
from .validate import RESERVED_SLUGS
from .standard import (
    APPLICANT_COLUMNS,
    APPLICATION_CARRIED_IN,
    APPLICATION_CARRIED_OUT,
    APPLICATION_RECEIVED,
    APPLICATION_RESULTS,
    APPLICATION_TOTAL,
    CHANNEL_OPTIONS,
    DECISION_ROWS,
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
    slug = slug or slug_from_title(title)
    problem = slug_problem(slug, "网址名") if slug else "无法从标题生成网址名，请用 --slug 指定，例如 --slug dibao-shenpi"
    if problem is None and slug in RESERVED_SLUGS:
        problem = f"网址名“{slug}”留给{RESERVED_SLUGS[slug]}"
    if problem:
        raise ScaffoldError(problem)
    path = root / "content" / domain.folder / f"{slug}.md"
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root).as_posix()} 已存在，不会覆盖；请换一个标题或用 --slug 指定网址名")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as file:
        file.write(entry_text(config, domain, title.strip(), today))
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
