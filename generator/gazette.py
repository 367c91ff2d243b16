"""政府公报: an agency's gazette, one Markdown file per issue (content/<agency>/gazette/).

The work plan (五(四)) asks for the gazette since its first issue in the archive ("创刊以来刊登内容全部入库").
An issue names its year and number, its date, the PDF of the printed edition (beside it) and its table
of contents, each line either a document of the site named by 索引号 (linked, never copied) or a text of
its own. Across an agency's issues: a number used twice in a year is an error (two issues would claim one
citation and one address); a gap in a year's numbering is a warning (an issue not yet entered into the
archive, which should not stop the others from being published).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Iterable

from .body_checks import check_body
from .diagnostics import WARNING, Diagnostic
from .model import Catalog, Document, GazetteArticle, GazetteIssue, RawDocument, SourceSpan
from .schema import Date, Field, Integer, IndexNumber, Records, Text, end_line, read_fields, read_records

ARTICLE_FIELDS = (
    Field("index_no", "索引号", IndexNumber(), required=False),
    Field("title", "标题", Text(), required=False),
    Field("page", "页码", Integer(1, 9999), required=False),
    Field("body", "正文", Text(), required=False),
)
GAZETTE_FIELDS = (
    Field("name", "公报名称", Text(), required=False),
    Field("issue_year", "年份", Integer(1949, 2100), aliases=("年度",)),
    Field("issue_number", "期号", Integer(1, 999), aliases=("期",)),
    Field("total", "总期号", Integer(1, 99999), required=False, aliases=("总第几期",)),
    Field("published", "出版日期", Date(), not_future=True, aliases=("发布日期",)),
    Field("pdf", "PDF", Text(), aliases=("印刷版",)),
    Field("articles", "目录", Records(ARTICLE_FIELDS, "目录"), aliases=("篇目",)),
)


def validate_gazette_issue(raw: RawDocument, agency_name: str, today: date) -> tuple[GazetteIssue | None, list[Diagnostic]]:
    """One issue on its own: its fields, and each line of its contents."""
    if raw.path.endswith((".yaml", ".yml")):
        return None, [Diagnostic(raw.path, 1, "政府公报的每一期是一个 Markdown（.md）文件；YAML 数据文件只用于年度报告")]
    fields = read_fields(raw.meta, GAZETTE_FIELDS, raw.path, "政府公报", end_line(raw.meta), today)
    values, lines = fields.values, fields.lines
    if "pdf" in values and not values["pdf"].lower().endswith(".pdf"):
        fields.diagnostics.append(Diagnostic(raw.path, lines["pdf"], f"“PDF”应为印刷版的 PDF 文件名（如 2026-03.pdf），实际为“{values['pdf']}”"))
    articles: list[GazetteArticle] = []
    text_problems: list[Diagnostic] = []  # the articles' texts, checked as bodies are: reported with the issue, not instead of it
    kind = Records(ARTICLE_FIELDS, "目录")
    for node, item in zip(values.get("articles", ()), read_records(values.get("articles", ()), kind, raw.path, today)):
        fields.diagnostics.extend(item.diagnostics)
        line = node.start_mark.line + 1
        found = item.values
        if item.diagnostics:
            continue
        if "index_no" in found and ("title" in found or "body" in found):
            message = "目录中的一篇文章要么写“索引号”（本站已发布的文件，自动链接），要么写“标题”（和“正文”或“页码”），不能都写"
            fields.diagnostics.append(Diagnostic(raw.path, line, message))
        elif "index_no" not in found and "title" not in found:
            fields.diagnostics.append(Diagnostic(raw.path, line, "目录中的每篇文章须写“索引号”（本站已发布的文件）或“标题”"))
        elif "title" in found and "body" not in found and "page" not in found:
            message = f"文章“{found['title']}”只有标题：请写“页码”（在印刷版 PDF 中的起始页），或写出“正文”"
            fields.diagnostics.append(Diagnostic(raw.path, line, message))
        else:
            articles.append(GazetteArticle(found.get("title", ""), line, found.get("index_no"), found.get("page"), found.get("body"),
                                           item.text_lines.get("body", line)))
            if "body" in found:  # shown under the article's title, a heading of level 2 (gazette_issue.html)
                text_problems += check_body(found["body"], raw.path, articles[-1].body_line, enclosing_level=2)
    if fields.diagnostics:
        return None, fields.diagnostics
    name = values.get("name", f"{agency_name}公报")
    issue = GazetteIssue(name, values["issue_year"], values["issue_number"], values["published"], values["pdf"], tuple(articles),
                         raw.body, raw.body_line, SourceSpan(raw.path, 1), values.get("total"), tuple(lines.items()))
    return issue, text_problems


def assemble_gazette(issues: list[GazetteIssue], by_index: dict[str, Document], assets: frozenset[str],
                     unchecked_codes: frozenset[str], diagnostics: list[Diagnostic], all_read: bool = True) -> tuple[GazetteIssue, ...]:
    """The agency's issues, newest first, with every linked article's title taken from its document;
    duplicate and missing numbers, missing PDFs and 索引号 that name no document reported. `all_read`:
    every issue file was valid (else a broken one would show as a gap, which it is not: it is fixed first)."""
    by_number: dict[tuple[int, int], GazetteIssue] = {}
    totals: dict[int, GazetteIssue] = {}
    resolved = []
    for issue in sorted(issues, key=lambda i: (i.year, i.number, i.source.path)):
        path = issue.source.path
        first = by_number.setdefault((issue.year, issue.number), issue)
        if first is not issue:
            message = f"{issue.year}年第{issue.number}期与 {first.source.path} 重复；同一年的期号不能重复，请改正“期号”"
            diagnostics.append(Diagnostic(path, issue.line_of("issue_number"), message))
        if issue.total is not None and totals.setdefault(issue.total, issue) is not issue:
            message = f"总第{issue.total}期与 {totals[issue.total].source.path} 重复；请改正“总期号”"
            diagnostics.append(Diagnostic(path, issue.line_of("total"), message))
        folder = path.removeprefix("content/").rpartition("/")[0]
        if f"{folder}/{issue.pdf}" not in assets:
            message = f"公报印刷版 PDF 不存在：“{issue.pdf}”（应为 content/{folder}/{issue.pdf}）"
            diagnostics.append(Diagnostic(path, issue.line_of("pdf"), message))
        articles = []
        for article in issue.articles:
            if article.index_no is None:
                articles.append(article)
                continue
            document = by_index.get(article.index_no)
            if document is not None:
                articles.append(replace(article, title=document.title, document=document))
            elif article.index_no.partition("/")[0] not in unchecked_codes:
                message = f"目录中的索引号“{article.index_no}”不是本站任何文件的索引号；请核对，或改写“标题”和“页码”"
                diagnostics.append(Diagnostic(path, article.line, message))
        resolved.append(replace(issue, articles=tuple(articles)))
    if all_read:
        diagnostics.extend(numbering_gaps(list(by_number.values())))
    return tuple(sorted(resolved, key=lambda i: (-i.year, -i.number, i.source.path)))


def numbering_gaps(issues: list[GazetteIssue]) -> list[Diagnostic]:
    """Within a year the issues are numbered 1, 2, 3 …: each missing number is reported at the issue after it."""
    problems = []
    years: dict[int, list[GazetteIssue]] = {}
    for issue in issues:
        years.setdefault(issue.year, []).append(issue)
    for year, found in sorted(years.items()):
        expected = 1
        for issue in sorted(found, key=lambda i: i.number):
            if issue.number > expected:
                missing = f"第{expected}期" if issue.number == expected + 1 else f"第{expected}至{issue.number - 1}期"
                message = (f"{year}年的公报缺{missing}（本期为第{issue.number}期）；请补录缺少的各期，"
                           "或核对“期号”（创刊以来的各期都应入库）")
                problems.append(Diagnostic(issue.source.path, issue.line_of("issue_number"), message, WARNING))
            expected = issue.number + 1
    return problems


def published_in(catalogs: Iterable[Catalog]) -> dict[str, tuple[GazetteIssue, ...]]:
    """索引号 → the issues that printed the document, oldest first: what a document's page says (刊登于…)."""
    found: dict[str, list[GazetteIssue]] = {}
    for catalog in catalogs:
        for issue in catalog.gazette:
            for article in issue.articles:
                if article.index_no and issue not in found.setdefault(article.index_no, []):
                    found[article.index_no].append(issue)
    return {index_no: tuple(sorted(issues, key=lambda i: (i.year, i.number, i.agency))) for index_no, issues in found.items()}


def issue_years(issues: tuple[GazetteIssue, ...]) -> list[tuple[int, list[GazetteIssue]]]:
    """The years of the archive, newest first, each with its issues in number order (newest last, as printed)."""
    years: dict[int, list[GazetteIssue]] = {}
    for issue in issues:
        years.setdefault(issue.year, []).append(issue)
    return [(year, sorted(found, key=lambda i: i.number)) for year, found in sorted(years.items(), reverse=True)]
