"""建议提案办理: replies to deputies' suggestions (人大代表建议) and members' proposals (政协委员提案).

One Markdown file per reply (its front matter the facts, its body the reply's full text or a
summary), and per year an optional data file `<year>.yaml` stating the 办理总体情况 figures,
which are checked against the figures computed from the replies. The seed (三(三)) asks for the
replies "涉及公共利益、群众广泛关注的" and the 总体情况; a reply is published within 20 working
days of its reply date (the same rule as the catalog's 公开时限), else a warning and an inspection finding.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .diagnostics import WARNING, Diagnostic
from .model import Proposal, ProposalStatement, RawDocument, SourceSpan
from .schema import Choice, Date, Field, FieldError, Integer, Text, Texts, end_line, read_fields, scalar_text
from .standard import Option
from .validate import SLUG, TITLE, body_fields, read_slug
from .workdays import Workdays, add_workdays

PROPOSALS_TITLE = "建议提案办理"
SUGGESTION, PROPOSAL = "人大代表建议", "政协委员提案"
KIND_OPTIONS = (Option(SUGGESTION, ("代表建议", "人大建议", "建议")), Option(PROPOSAL, ("委员提案", "政协提案", "提案")))
# 办理结果 (the classes most districts' 办理办法 use), with the text each reply's page shows.
RESULT_CLASSES = {
    "A": ("解决或采纳", "所提问题已经解决或基本解决，或所提建议已被采纳"),
    "B": ("列入计划", "所提问题已列入工作计划，将逐步解决"),
    "C": ("说明参考", "因条件限制或其他原因暂时不能解决，已向代表委员说明情况，留作工作参考"),
}
RESULT_OPTIONS = tuple(Option(key, (f"{key}类", name, f"{key}类（{name}）", f"{key} {name}", f"{key}类 {name}"))
                       for key, (name, _) in RESULT_CLASSES.items())
FORM_OPTIONS = (Option("全文"), Option("摘要"))
PUBLICATION_WORKDAYS = 20  # a reply is published within 20 working days of its reply date

NUMERALS = "0-9零〇一二三四五六七八九十百"
NUMBER_PATTERN = re.compile(rf"^(?P<session>.*?(?P<term>[{NUMERALS}]+)届.*?(?P<meeting>[{NUMERALS}]+)次会议)\s*第?\s*(?P<number>[0-9]+)\s*号$")
NUMBER_FORM_PATTERN = rf"^.*[{NUMERALS}]+届.*[{NUMERALS}]+次会议\s*第?\s*[0-9]+\s*号$"  # the same, as the admin's form checks it
BODIES = {SUGGESTION: ("人大", "人民代表大会"), PROPOSAL: ("政协", "政治协商会议")}
# What a name is not: an ID number, a phone number, an address (checked in this order on the value without blanks).
ID_NUMBER = re.compile(r"[0-9]{17}[0-9X]|[0-9]{15}")
PHONE = re.compile(r"[0-9]{7,}")
ADDRESS = re.compile(r"(?:路|街|巷|弄|大道|小区|公寓|花园)[0-9]|[0-9]+(?:号|弄|栋|幢|单元|室|号楼|号院)|[省市区县].{0,12}?(?:路|街|巷|弄|大道|小区)")


def chinese_number(text: str) -> int:
    """十八 → 18, 二十一 → 21, 3 → 3: the numbers of 届 and 次会议."""
    if text.isdigit():
        return int(text)
    digits = {c: n for n, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
    total, current = 0, 0
    for char in text:
        if char in digits:
            current = digits[char]
        else:  # 十 or 百
            total += (current or 1) * (10 if char == "十" else 100)
            current = 0
    return total + current


class ProposalNumber(Text):
    """届次和编号, e.g. 区十八届人大三次会议第45号 → (its text, the session's text, 届, 次会议, 号)."""

    def convert(self, node, what: str) -> tuple[str, str, int, int, int]:
        text = unicodedata.normalize("NFKC", scalar_text(node, what))
        match = NUMBER_PATTERN.match(text)
        if match is None:
            raise FieldError(f"{what}应写成会议届次加编号，如“区十八届人大三次会议第45号”（…届…次会议第…号），实际为“{text}”")
        return (text, match["session"].strip(), chinese_number(match["term"]), chinese_number(match["meeting"]), int(match["number"]))


class PersonName(Text):
    """A deputy's or member's name, published with the reply: never their ID number, phone or address."""

    def convert(self, node, what: str) -> str:
        text = scalar_text(node, what)
        compact = re.sub(r"[\s\-－—–()（）+＋]", "", unicodedata.normalize("NFKC", text)).upper()
        looks_like = ("身份证号" if ID_NUMBER.search(compact) else "电话号码" if PHONE.search(compact)
                      else "地址" if ADDRESS.search(compact) else None)
        if looks_like:
            raise FieldError(f"{what}只写姓名，“{text}”像是{looks_like}；代表委员的{looks_like}是个人信息，不能公开。请只写姓名，如：张明")
        return text


PROPOSAL_FIELDS = (
    TITLE,
    Field("kind", "类别", Choice(KIND_OPTIONS)),
    Field("number", "届次和编号", ProposalNumber(), aliases=("建议编号", "提案编号", "编号")),
    Field("proposer", "领衔代表委员", PersonName(), aliases=("领衔代表", "领衔委员", "提案人", "代表", "委员")),
    Field("lead_handler", "主办单位", Text(), required=False),
    Field("co_handlers", "会办单位", Texts(), required=False, aliases=("协办单位",)),
    Field("result", "办理结果", Choice(RESULT_OPTIONS), aliases=("办理结果类别", "答复类别")),
    Field("replied", "答复日期", Date(), not_future=True),
    Field("published", "发布日期", Date(), not_future=True),
    Field("form", "公开形式", Choice(FORM_OPTIONS), required=False),
    Field("summary_reason", "摘要理由", Text(), required=False, aliases=("只公开摘要的理由",)),
    SLUG,
)

COUNT = Integer(0, 100000)
# The figures of a year an editor may state, each checked against the replies: (key, label).
STATED_FIGURES = (
    ("suggestions", f"{SUGGESTION}件数"),
    ("proposals", f"{PROPOSAL}件数"),
    ("total", "复文总件数"),
    *((f"class_{key.lower()}", f"{key}类件数") for key in RESULT_CLASSES),
    ("rate", "办复率"),
)
STATEMENT_FIELDS = (
    Field("year", "年度", Integer(2000, 2100), required=False),
    Field("text", "总体情况", Text(), required=False, aliases=("办理总体情况",)),
    Field("assigned", "交办件数", COUNT, required=False),
    *(Field(key, label, Text() if key == "rate" else COUNT, required=False) for key, label in STATED_FIGURES),
)


def late_reply(proposal: Proposal) -> tuple[Workdays, str] | None:
    """The deadline a reply published too late missed, and the message saying so (the build's warning and the inspection's finding)."""
    due = add_workdays(proposal.replied, PUBLICATION_WORKDAYS)
    if proposal.published <= due.day:
        return None
    message = (f"复文发布于 {proposal.published.isoformat()}，答复日期为 {proposal.replied.isoformat()}，"
               f"晚于答复后 {PUBLICATION_WORKDAYS} 个工作日（{due.day.isoformat()}）{due.note}；"
               f"复文应在答复后 {PUBLICATION_WORKDAYS} 个工作日内公开，请今后及时公开，并核对两个日期")
    return due, message


def read_proposal_file(raw: RawDocument, today: date) -> tuple[Proposal | ProposalStatement | None, list[Diagnostic]]:
    """A reply (Markdown), or a year's stated figures (`<year>.yaml`)."""
    if raw.path.endswith((".yaml", ".yml")):
        return read_statement(raw, today)
    return validate_proposal(raw, today)


def validate_proposal(raw: RawDocument, today: date) -> tuple[Proposal | None, list[Diagnostic]]:
    fields = read_fields(raw.meta, PROPOSAL_FIELDS, raw.path, "建议提案复文", end_line(raw.meta), today)
    slug = read_slug(raw, fields)
    values, lines = fields.values, fields.lines

    def problem(key: str, message: str) -> None:
        fields.diagnostics.append(Diagnostic(raw.path, lines.get(key, 1), message))

    if slug is not None and re.fullmatch(r"[0-9]{4}", slug):
        problem("slug", f"网址名“{slug}”留给 {slug} 年的办理总体情况页；请给文件改名，或写 slug: 另一个名字")
    if "kind" in values and "number" in values:
        other = PROPOSAL if values["kind"] == SUGGESTION else SUGGESTION
        session = values["number"][1]
        if any(word in session for word in BODIES[other]) and not any(word in session for word in BODIES[values["kind"]]):
            problem("number", f"“类别”是{values['kind']}，但“届次和编号”写的是{other[:2]}的会议（{session}）；请核对类别或编号")
    if "replied" in values and "published" in values and values["published"] < values["replied"]:
        problem("published", f"“发布日期”{values['published'].isoformat()}早于“答复日期”{values['replied'].isoformat()}")
    summary = values.get("form") == "摘要"
    if summary and "summary_reason" not in values:
        problem("form", "公开形式为“摘要”时须填写“摘要理由”：为什么只公开摘要（如：复文涉及个人隐私）")
    if "summary_reason" in values and not summary:
        problem("summary_reason", "填写了“摘要理由”，但没有写“公开形式: 摘要”；只公开摘要的请加一行 公开形式: 摘要，公开全文的请删去摘要理由")
    if not raw.body.strip():
        problem("", "复文没有正文；请在前置元数据的 --- 之后写复文全文（或摘要，并写明“公开形式: 摘要”和“摘要理由”）")
    if fields.diagnostics or slug is None:
        return None, fields.diagnostics
    number_text, session, term, meeting, number = values["number"]
    proposal = Proposal(
        slug=slug, kind=values["kind"], number_text=number_text, session=session, term=term, meeting=meeting, number=number,
        title=values["title"], proposer=values["proposer"], lead_handler=values.get("lead_handler", ""),
        co_handlers=values.get("co_handlers", ()), result=values["result"], replied=values["replied"],
        published=values["published"], summary_reason=values.get("summary_reason"), lines=tuple(lines.items()), **body_fields(raw),
    )
    late = late_reply(proposal)
    return proposal, [Diagnostic(raw.path, lines["published"], late[1], WARNING)] if late else []


def read_statement(raw: RawDocument, today: date) -> tuple[ProposalStatement | None, list[Diagnostic]]:
    fields = read_fields(raw.meta, STATEMENT_FIELDS, raw.path, "建议提案办理总体情况", 1, today)
    values, lines = fields.values, fields.lines
    if not re.fullmatch(r"[0-9]{4}", raw.stem):
        fields.diagnostics.append(Diagnostic(raw.path, 1, f"建议提案文件夹中的数据文件只用于某年的办理总体情况，文件名应为年度，如 2026.yaml，实际为“{raw.stem}”"))
    elif "year" in values and values["year"] != int(raw.stem):
        fields.diagnostics.append(Diagnostic(raw.path, lines["year"], f"“年度”{values['year']}与文件名“{raw.stem}”不一致；文件名应为年度，如 {values['year']}.yaml"))
    if "rate" in values and percent(values["rate"]) is None:
        fields.diagnostics.append(Diagnostic(raw.path, lines["rate"], f"“办复率”应写成百分数，如 100% 或 98.5%，实际为“{values['rate']}”"))
    if fields.diagnostics:
        return None, fields.diagnostics
    figures = tuple((key, str(values[key])) for key, _ in (("assigned", ""), *STATED_FIGURES) if key in values)
    return ProposalStatement(int(raw.stem), SourceSpan(raw.path, 1), figures, values.get("text", ""),
                             fields.text_lines.get("text", 1), tuple(lines.items())), []


def percent(text: str) -> Decimal | None:
    try:
        value = Decimal(unicodedata.normalize("NFKC", text).strip().removesuffix("%").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() and 0 <= value <= 100 else None


@dataclass(frozen=True)
class KindFigures:
    """One row of a year's table: a kind (or 合计) with its replies by class."""

    label: str
    count: int
    classes: tuple[int, ...]  # A, B, C


@dataclass(frozen=True)
class YearFigures:
    """A year's 办理总体情况 computed from its replies (by reply date), and the number assigned as stated."""

    year: int
    rows: tuple[KindFigures, ...]  # 人大代表建议, 政协委员提案, 合计
    assigned: int | None  # 交办件数, from the statement

    @property
    def total(self) -> KindFigures:
        return self.rows[-1]

    @property
    def rate(self) -> Decimal | None:
        """办复率: replies ÷ assigned, in per cent (None until the number assigned is stated)."""
        if not self.assigned:
            return None
        return Decimal(self.total.count * 100) / Decimal(self.assigned)

    @property
    def rate_text(self) -> str:
        return "" if self.rate is None else rate_text(self.rate, 1)

    def computed(self, key: str) -> int | Decimal | None:
        suggestions, proposals, total = self.rows
        counts = {"suggestions": suggestions.count, "proposals": proposals.count, "total": total.count}
        counts |= {f"class_{key.lower()}": total.classes[index] for index, key in enumerate(RESULT_CLASSES)}
        return self.rate if key == "rate" else counts[key]


def rate_text(rate: Decimal, places: int) -> str:
    rounded = rate.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{rounded.normalize():f}%" if rounded == rounded.to_integral() else f"{rounded:f}%"


def year_figures(proposals: tuple[Proposal, ...], year: int, statement: ProposalStatement | None) -> YearFigures:
    of_year = [p for p in proposals if p.replied.year == year]

    def row(label: str, replies: list[Proposal]) -> KindFigures:
        return KindFigures(label, len(replies), tuple(sum(p.result == key for p in replies) for key in RESULT_CLASSES))

    rows = (row(SUGGESTION, [p for p in of_year if p.kind == SUGGESTION]), row(PROPOSAL, [p for p in of_year if p.kind == PROPOSAL]),
            row("合计", of_year))
    assigned = dict(statement.figures).get("assigned") if statement else None
    return YearFigures(year, rows, int(assigned) if assigned is not None else None)


def statement_problems(statement: ProposalStatement, figures: YearFigures) -> list[Diagnostic]:
    """Every stated figure that is not what the year's replies add up to, at its line, with both numbers."""
    labels = dict(STATED_FIGURES)
    path, problems = statement.source.path, []
    if figures.assigned is not None and figures.assigned < figures.total.count:
        message = f"“交办件数”{figures.assigned} 少于 {statement.year} 年已公开的复文 {figures.total.count} 件；请核对交办件数和各复文的答复日期"
        problems.append(Diagnostic(path, statement.line_of("assigned"), message))
    for key, text in statement.figures:
        if key == "assigned":
            continue
        if key == "rate":
            if figures.rate is None:
                message = "填写了“办复率”，但没有填写“交办件数”，无法核对；请补上交办件数（办复率 = 复文总件数 ÷ 交办件数）"
                problems.append(Diagnostic(path, statement.line_of(key), message))
                continue
            value = percent(text)
            places = max(0, -value.as_tuple().exponent)
            computed = rate_text(figures.rate, places)
            if value.quantize(Decimal(1).scaleb(-places)) != figures.rate.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):
                message = (f"“办复率”写的是 {text}，按 {statement.year} 年的复文计算为 {computed}"
                           f"（{figures.total.count} ÷ {figures.assigned}）；请改正这个数，或核对复文和交办件数")
                problems.append(Diagnostic(path, statement.line_of(key), message))
        elif int(text) != figures.computed(key):
            message = (f"“{labels[key]}”写的是 {text}，按 {statement.year} 年的复文（按答复日期）计算为 {figures.computed(key)}；"
                       "请改正这个数，或补齐、核对复文")
            problems.append(Diagnostic(path, statement.line_of(key), message))
    return problems


def proposal_years(proposals: tuple[Proposal, ...], statements: tuple[ProposalStatement, ...]) -> list[int]:
    """The years with a 办理总体情况 page, newest first."""
    return sorted({p.replied.year for p in proposals} | {s.year for s in statements}, reverse=True)


def sessions(proposals: list[Proposal]) -> list[tuple[str, list[Proposal]]]:
    """Replies grouped by meeting (kind, 届, 次会议), in their order; each group titled with its first reply's session."""
    groups: dict[tuple, tuple[str, list[Proposal]]] = {}
    for proposal in sorted(proposals, key=lambda p: p.order):
        groups.setdefault((proposal.kind, proposal.term, proposal.meeting), (proposal.session, []))[1].append(proposal)
    return list(groups.values())
