"""Annual reports: the 2021 standard form (国办公开办函〔2021〕30号) read from a YAML data
file, with every figure as the form prints it and every sum checked.

Editors copy the totals too, so that a typo anywhere shows up as a difference: each
wrong cell is reported at its own line, with the expected sum and the value given.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from yaml.nodes import Node, SequenceNode

from .body_checks import check_body
from .diagnostics import WARNING, Diagnostic
from .model import AnnualReport, RawDocument, ReportSection, SourceSpan
from .schema import Nested, Date, Field, FieldError, Integer, Text, describe, line_of, read_fields, scalar_text
from .standard import (
    APPLICANT_COLUMNS,
    APPLICATION_CARRIED_IN,
    APPLICATION_CARRIED_OUT,
    APPLICATION_RECEIVED,
    APPLICATION_RESULTS,
    APPLICATION_TOTAL,
    DECISION_ROWS,
    FEE_ROW,
    NORMATIVE_COLUMNS,
    NORMATIVE_ROWS,
    REPORT_SECTIONS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
)
from .validate import SLUG, TITLE, read_slug

Figure = tuple[int, int]  # (value, line)


class Count:
    def convert(self, node: Node, what: str) -> int:
        text = unicodedata.normalize("NFKC", scalar_text(node, what))
        if not text.isascii() or not text.isdigit() or len(text) > 9:
            raise FieldError(f"{what}应为非负整数，实际为“{text}”")
        return int(text)


class Amount:
    """万元, as printed: a non-negative number with at most four decimals."""

    def convert(self, node: Node, what: str) -> Decimal:
        text = unicodedata.normalize("NFKC", scalar_text(node, what))
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        plain = value is not None and "e" not in text.lower()
        if not plain or not value.is_finite() or value < 0 or value.as_tuple().exponent < -4 or len(text) > 15:
            raise FieldError(f"{what}应为非负数（单位：万元，最多四位小数），实际为“{text}”")
        return value


def section_field(key: str, heading: str, required: bool) -> Field:
    return Field(key, heading, Text(), required=required, aliases=(heading.split("、", 1)[1],))


REPORT_FIELDS = (
    TITLE,
    Field("year", "年度", Integer(2000, 2100)),
    Field("published", "发布日期", Date(), not_future=True),
    SLUG,
    Field("preface", "前言", Text(), required=False),
    *(section_field(key, heading, key in ("overview", "problems", "other")) for key, heading in REPORT_SECTIONS),
    Field("proactive", "主动公开", Nested(), aliases=("表一",)),
    Field("applications", "依申请公开", Nested(), aliases=("表二",)),
    Field("reviews", "复议诉讼", Nested(), aliases=("表三",)),
)
PROACTIVE_FIELDS = (
    *(Field(row, row, Nested()) for row in NORMATIVE_ROWS),
    *(Field(row, row, Count()) for row, _ in DECISION_ROWS),
    Field(FEE_ROW, FEE_ROW, Amount()),
)
APPLICATION_ROWS = (APPLICATION_RECEIVED, APPLICATION_CARRIED_IN, *APPLICATION_RESULTS, APPLICATION_TOTAL, APPLICATION_CARRIED_OUT)
APPLICATION_FIELDS = tuple(Field(row.key, row.key, Nested(), aliases=(row.label,)) for row in APPLICATION_ROWS)
REVIEW_FIELDS = tuple(Field(key, key, Nested(), aliases=(label,)) for key, label in REVIEW_GROUPS)


class ReportReader:
    """Reads one data file; collects every problem instead of stopping at the first."""

    def __init__(self, raw: RawDocument):
        self.raw = raw
        self.problems: list[Diagnostic] = []
        self.lines: dict[str, int] = {}

    def error(self, line: int, message: str) -> None:
        self.problems.append(Diagnostic(self.raw.path, line, message))

    def figures(self, node: Node, count: int, what: str) -> list[Figure] | None:
        """A row of the form: exactly `count` whole numbers in brackets."""
        if not isinstance(node, SequenceNode) or len(node.value) != count:
            found = f" {len(node.value)} 个数" if isinstance(node, SequenceNode) else describe(node)
            self.error(line_of(node), f"{what}应为方括号中的 {count} 个数，实际为{found}")
            return None
        values = []
        for item in node.value:
            try:
                values.append((Count().convert(item, what), line_of(item)))
            except FieldError as error:
                self.error(line_of(item), str(error))
        return values if len(values) == count else None

    def mapping(self, node: Node, fields: tuple[Field, ...], what: str, line: int):
        found = read_fields(node, fields, self.raw.path, what, line)
        self.problems.extend(found.diagnostics)
        self.lines.update(found.lines)
        return found

    def proactive(self, node: Node, line: int) -> tuple[tuple[tuple[int, ...], ...], tuple[int, ...], Decimal] | None:
        found = self.mapping(node, PROACTIVE_FIELDS, "表一（主动公开）", line)
        normative = []
        for row in NORMATIVE_ROWS:
            row_node = found.get(row)
            figures = self.figures(row_node, len(NORMATIVE_COLUMNS), f"表一“{row}”") if row_node is not None else None
            normative.append(tuple(value for value, _ in figures) if figures else None)
        if found.diagnostics or None in normative:
            return None
        decisions = tuple(found.values[row] for row, _ in DECISION_ROWS)
        return tuple(normative), decisions, found.values[FEE_ROW]

    def applications(self, node: Node, line: int) -> tuple[tuple[str, tuple[int, ...]], ...] | None:
        found = self.mapping(node, APPLICATION_FIELDS, "表二（依申请公开）", line)
        rows: dict[str, list[Figure]] = {}
        for row in APPLICATION_ROWS:
            row_node = found.get(row.key)
            if row_node is None:
                continue
            if not row.sub_rows:
                rows[row.key] = self.figures(row_node, len(APPLICANT_COLUMNS), f"表二“{row.key}”")
                continue
            group = self.mapping(row_node, tuple(Field(name, name, Nested()) for name in row.sub_rows), f"表二“{row.key}”", found.lines[row.key])
            for name in row.sub_rows:
                if group.get(name) is not None:
                    rows[f"{row.key}/{name}"] = self.figures(group.get(name), len(APPLICANT_COLUMNS), f"表二“{row.key}/{name}”")
        expected_keys = [key for row in APPLICATION_ROWS for key in ([f"{row.key}/{n}" for n in row.sub_rows] or [row.key])]
        if any(rows.get(key) is None for key in expected_keys):
            return None
        self.check_applications(rows)
        return tuple((key, tuple(value for value, _ in rows[key])) for key in expected_keys)

    def check_applications(self, rows: dict[str, list[Figure]]) -> None:
        for line, message in application_sum_problems(rows):
            self.error(line, message)

    def reviews(self, node: Node, line: int) -> tuple[tuple[int, ...], ...] | None:
        found = self.mapping(node, REVIEW_FIELDS, "表三（复议诉讼）", line)
        groups = []
        for key, label in REVIEW_GROUPS:
            figures = self.figures(found.get(key), len(REVIEW_COLUMNS), f"表三“{label}”") if found.get(key) is not None else None
            if figures:
                expected, (given, cell_line) = sum(value for value, _ in figures[:-1]), figures[-1]
                if expected != given:
                    self.error(cell_line, f"表三“{label}”的“总计”应为 {expected}（结果维持、结果纠正、其他结果、尚未审结之和），实际为 {given}")
            groups.append(tuple(value for value, _ in figures) if figures else None)
        return None if None in groups else tuple(groups)


def application_sum_problems(rows: dict[str, list[Figure]]) -> list[tuple[int, str]]:
    """Table 2's arithmetic: each row's 总计, the results' total, and what is carried to next year."""
    problems = []
    for key, figures in rows.items():
        expected, (given, line) = sum(value for value, _ in figures[:-1]), figures[-1]
        if expected != given:
            problems.append((line, f"表二“{key}”行的“总计”应为 {expected}（前六列之和），实际为 {given}"))
    results = [key for row in APPLICATION_RESULTS for key in ([f"{row.key}/{n}" for n in row.sub_rows] or [row.key])]
    for column, name in enumerate(APPLICANT_COLUMNS):
        expected = sum(rows[key][column][0] for key in results)
        given, line = rows[APPLICATION_TOTAL.key][column]
        if expected != given:
            problems.append((line, f"表二“{APPLICATION_TOTAL.label}”行“{name}”列应为 {expected}（（一）至（六）各行之和），实际为 {given}"))
        balance = rows[APPLICATION_RECEIVED.key][column][0] + rows[APPLICATION_CARRIED_IN.key][column][0] - given
        carried, line = rows[APPLICATION_CARRIED_OUT.key][column]
        if balance != carried:
            problems.append((line, f"表二“{APPLICATION_CARRIED_OUT.key}”行“{name}”列应为 {balance}"
                                   f"（本年新收 + 上年结转 − （七）总计），实际为 {carried}"))
    return problems


def read_report(raw: RawDocument, today: date) -> tuple[AnnualReport | None, list[Diagnostic]]:
    if not raw.path.endswith((".yaml", ".yml")):
        message = "年度报告应写成 YAML 数据文件（如 2026.yaml），按 2021 年标准格式填写各表数字；可运行 python build.py new-report 2026 生成"
        return None, [Diagnostic(raw.path, 1, message)]
    reader = ReportReader(raw)
    fields = read_fields(raw.meta, REPORT_FIELDS, raw.path, "年度报告", 1, today)
    slug = read_slug(raw, fields)
    reader.problems.extend(fields.diagnostics)
    values, lines = fields.values, fields.lines
    reader.lines.update(lines)  # the top-level keys' lines too (发布日期, for the inspection)
    proactive = reader.proactive(values["proactive"], lines["proactive"]) if "proactive" in values else None
    applications = reader.applications(values["applications"], lines["applications"]) if "applications" in values else None
    reviews = reader.reviews(values["reviews"], lines["reviews"]) if "reviews" in values else None
    if "year" in values and raw.stem.isdigit() and len(raw.stem) == 4 and int(raw.stem) != values["year"]:
        reader.error(lines["year"], f"“年度”{values['year']}与文件名“{raw.stem}”不一致；文件名应为年度，如 {values['year']}.yaml")
    if "year" in values and "published" in values and values["published"].year < values["year"]:
        reader.error(lines["published"], f"“发布日期”{values['published'].isoformat()}早于报告年度 {values['year']} 年")
    text_lines = fields.text_lines
    sections = tuple(ReportSection(heading, values.get(key, ""), text_lines.get(key, 1)) for key, heading in REPORT_SECTIONS)
    preface = ReportSection("", values["preface"], text_lines["preface"]) if "preface" in values else None
    if preface:
        reader.problems.extend(check_body(preface.text, raw.path, preface.line))
    for section in sections:
        reader.problems.extend(check_body(section.text, raw.path, section.line, enclosing_level=2))
    if any(p.is_error for p in reader.problems) or None in (slug, proactive, applications, reviews):
        return None, reader.problems
    normative, decisions, fees = proactive
    report = AnnualReport(
        slug=slug, title=values["title"], year=values["year"], published=values["published"], source=SourceSpan(raw.path, 1),
        preface=preface, sections=sections, normative=normative, decisions=decisions, fees=fees,
        applications=applications, reviews=reviews, lines=tuple(sorted(reader.lines.items())),
    )
    return report, reader.problems


def compare_with_previous(report: AnnualReport, previous: AnnualReport) -> list[Diagnostic]:
    """Figures that carry over from last year's report must agree with it (warnings: a
    report may correct last year's figures, but it should be a choice, not a typo)."""
    problems = []
    carried_in, carried_out = report.application_row(APPLICATION_CARRIED_IN.key), previous.application_row(APPLICATION_CARRIED_OUT.key)
    for name, now, before in zip(APPLICANT_COLUMNS, carried_in, carried_out):
        if now != before:
            message = f"表二“上年结转”行“{name}”列为 {now}，而 {previous.year} 年报告的“结转下年度”为 {before}"
            problems.append(Diagnostic(report.source.path, report.line_of(APPLICATION_CARRIED_IN.key), message, WARNING))
    for row, (made, abolished, in_force), (_, _, in_force_before) in zip(NORMATIVE_ROWS, report.normative, previous.normative):
        if in_force != in_force_before + made - abolished:
            message = (f"表一“{row}”的现行有效件数为 {in_force}，按 {previous.year} 年的 {in_force_before} 件"
                       f"加本年制发 {made}、减本年废止 {abolished} 应为 {in_force_before + made - abolished}")
            problems.append(Diagnostic(report.source.path, report.line_of(row), message, WARNING))
    return problems


@dataclass(frozen=True)
class ApplicationLine:
    """One printed row of table 2: its label as the form prints it, and its seven figures."""

    label: str
    values: tuple[int, ...]
    in_results: bool  # under 三、本年度办理结果
    first_result: bool = False


def application_lines(report: AnnualReport) -> list[ApplicationLine]:
    values = dict(report.applications)
    lines = [ApplicationLine(APPLICATION_RECEIVED.label, values[APPLICATION_RECEIVED.key], False),
             ApplicationLine(APPLICATION_CARRIED_IN.label, values[APPLICATION_CARRIED_IN.key], False)]
    for row in APPLICATION_RESULTS:
        if row.sub_rows:
            lines += [ApplicationLine(f"{row.label}：{number}. {name}", values[f"{row.key}/{name}"], True)
                      for number, name in enumerate(row.sub_rows, start=1)]
        else:
            lines.append(ApplicationLine(row.label, values[row.key], True))
    lines.append(ApplicationLine(APPLICATION_TOTAL.label, values[APPLICATION_TOTAL.key], True))
    lines[2] = replace(lines[2], first_result=True)
    lines.append(ApplicationLine(APPLICATION_CARRIED_OUT.label, values[APPLICATION_CARRIED_OUT.key], False))
    return lines


# The figures compared year over year on the list of reports.
MAIN_FIGURES = (
    ("行政规范性文件本年制发（件）", lambda r: r.normative[1][0]),
    ("行政许可处理决定（件）", lambda r: r.decisions[0]),
    ("行政处罚处理决定（件）", lambda r: r.decisions[1]),
    ("行政事业性收费（万元）", lambda r: r.fees),
    ("本年新收公开申请（件）", lambda r: r.application_row(APPLICATION_RECEIVED.key)[-1]),
    ("本年度办理结果总计（件）", lambda r: r.application_row(APPLICATION_TOTAL.key)[-1]),
    ("行政复议（件）", lambda r: r.reviews[0][-1]),
    ("行政诉讼（件）", lambda r: r.reviews[1][-1] + r.reviews[2][-1]),
)


@dataclass(frozen=True)
class FigureComparison:
    label: str
    values: tuple  # one per report compared, newest first
    change: str  # this year against the previous one, e.g. "+12" or "−3.5"; "" without a previous year


def signed(value) -> str:
    return "0" if value == 0 else (f"+{value}" if value > 0 else f"−{-value}")


def compare_figures(reports: tuple[AnnualReport, ...]) -> list[FigureComparison]:
    """Main figures of `reports` (newest first); the change is of the first against the second."""
    comparisons = []
    for label, figure in MAIN_FIGURES:
        values = tuple(figure(report) for report in reports)
        change = signed(values[0] - values[1]) if len(values) > 1 and reports[0].year - 1 == reports[1].year else ""
        comparisons.append(FigureComparison(label, values, change))
    return comparisons
