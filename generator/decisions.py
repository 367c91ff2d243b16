"""The 重大行政决策事项目录: what each decision names, checked across agencies, and its chain.

A decision declares its links once (the consultation on its draft, the document that adopted it,
its evaluation report); the interpretations are found through the document (Document.interprets),
and the consultation's and the documents' pages find their decision here, so nothing is written twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from .diagnostics import Diagnostic
from .model import Catalog, Consultation, Document, MajorDecision, SiteConfig
from .standard import CLUSTER_FOLDERS, DECIDED_STAGES, DECISION_STAGES
from .urls import url_of

DECISIONS_TITLE = "重大行政决策事项目录"
DECISION_SECTION = "重大行政决策"  # its kind, as search and the feeds show it
DECISION_STAGE_NAMES = tuple(option.name for option in DECISION_STAGES)


def decision_key(decision: MajorDecision) -> tuple[str, str]:
    return (decision.agency, decision.slug)


def consultation_ref(decision: MajorDecision) -> tuple[str, str] | None:
    """(agency slug, consultation slug) that 征求意见 names: `slug` is the decision's own agency's."""
    if decision.consultation is None:
        return None
    agency, _, slug = decision.consultation.rpartition("/")
    return (agency or decision.agency, slug)


@dataclass(frozen=True)
class DecisionLinks:
    """Every decision's targets, resolved, and for each target the decision it belongs to."""

    consultations: dict[tuple[str, str], Consultation]  # by decision_key
    documents: dict[tuple[str, str], Document]
    interpretations: dict[tuple[str, str], tuple[Document, ...]]
    evaluations: dict[tuple[str, str], Document]
    of_consultation: dict[tuple[str, str], MajorDecision]  # by (agency, consultation slug)
    of_document: dict[str, MajorDecision]  # by 索引号: its document, the document's interpretations, its evaluation

    def decision_of(self, item: Any) -> MajorDecision | None:
        if isinstance(item, Consultation):
            return self.of_consultation.get((item.agency, item.slug))
        return self.of_document.get(item.index_no) if isinstance(item, Document) and item.index_no else None


def decision_links(catalogs: Iterable[Catalog]) -> DecisionLinks:
    catalogs = tuple(catalogs)
    consultations = {(c.agency, c.slug): c for catalog in catalogs for c in catalog.consultations}
    documents = {d.index_no: d for catalog in catalogs for d in catalog.column.statutory if d.index_no}
    interpretations: dict[str, list[Document]] = {}
    for document in documents.values():
        if document.interprets:
            interpretations.setdefault(document.interprets, []).append(document)
    links = DecisionLinks({}, {}, {}, {}, {}, {})
    for catalog in catalogs:
        for decision in catalog.decisions:
            key = decision_key(decision)
            consultation = consultations.get(consultation_ref(decision))
            if consultation is not None:
                links.consultations[key] = consultation
                links.of_consultation.setdefault((consultation.agency, consultation.slug), decision)
            if decision.document in documents:
                links.documents[key] = documents[decision.document]
                found = tuple(sorted(interpretations.get(decision.document, ()), key=lambda d: (d.published, d.slug)))
                links.interpretations[key] = found
                for document in (links.documents[key], *found):
                    links.of_document.setdefault(document.index_no, decision)
            if decision.evaluation in documents:
                links.evaluations[key] = documents[decision.evaluation]
                links.of_document.setdefault(decision.evaluation, decision)
    return links


FIELD_LABELS = {"consultation": "征求意见", "document": "决策文件", "evaluation": "评估报告"}


def decision_problems(config: SiteConfig, catalogs: tuple[Catalog, ...], read: frozenset[str]) -> list[Diagnostic]:
    """What each decision names must exist, belong to it alone, and agree with its stage; `read`: the slugs
    of the agencies read (`check --agency` reads one: what the others hold cannot be looked up)."""
    diagnostics: list[Diagnostic] = []
    codes = {agency.code: agency.slug for agency in config.all_agencies if agency.code}
    slugs = {agency.slug for agency in config.all_agencies}
    consultations = {(c.agency, c.slug): c for catalog in catalogs for c in catalog.consultations}
    documents = {d.index_no: d for catalog in catalogs for d in catalog.column.statutory if d.index_no}
    claimed: dict[tuple[str, str], tuple[MajorDecision, str]] = {}

    def problem(decision: MajorDecision, key: str, message: str) -> None:
        diagnostics.append(Diagnostic(decision.source.path, decision.line_of(key), message))

    def claim(decision: MajorDecision, key: str, target: tuple[str, str], written: str) -> None:
        first, first_key = claimed.setdefault(target, (decision, key))
        if first is not decision:
            problem(decision, key, f"{FIELD_LABELS[key]}“{written}”已是重大行政决策“{first.title}”（{first.source.path}）的"
                                   f"{FIELD_LABELS[first_key]}；一个征求意见或文件只能属于一项决策，请核对")

    for catalog in catalogs:
        for decision in catalog.decisions:
            ref = consultation_ref(decision)
            consultation = consultations.get(ref) if ref else None
            if ref and ref[0] not in slugs:
                problem(decision, "consultation", f"征求意见“{decision.consultation}”中的“{ref[0]}”不是本站单位的网址名；"
                                                  "本单位的征求意见只写网址名，其他单位的写成“单位网址名/征求意见网址名”")
            elif ref and consultation is None and ref[0] in read:
                problem(decision, "consultation", f"征求意见“{decision.consultation}”不存在：content/{ref[0]}/"
                                                  f"{CLUSTER_FOLDERS['consultations']}/ 中没有网址名为“{ref[1]}”的征求意见")
            elif consultation is not None:
                claim(decision, "consultation", ("consultation", f"{ref[0]}/{ref[1]}"), decision.consultation)
            for key in ("document", "evaluation"):
                index_no = getattr(decision, key)
                if index_no is None:
                    continue
                document = documents.get(index_no)
                if document is None and codes.get(index_no.partition("/")[0]) in read:
                    problem(decision, key, f"{FIELD_LABELS[key]}“{index_no}”不是本站法定主动公开内容中任何文件的索引号；请核对索引号")
                elif document is None and index_no.partition("/")[0] not in codes:
                    problem(decision, key, f"{FIELD_LABELS[key]}“{index_no}”的机构代码不是本站任何单位的；请核对索引号")
                elif document is not None and key == "document" and document.interprets:
                    problem(decision, key, f"决策文件“{index_no}”是一篇政策解读；请填写决策形成的文件的索引号"
                                           "（它的解读会自动列在决策的进展中）")
                elif document is not None:
                    claim(decision, key, ("document", index_no), index_no)
            if decision.stage in DECIDED_STAGES and not decision.no_consultation_reason:
                if ref is None:
                    problem(decision, "stage", f"状态为“{decision.stage}”，但没有已结束的征求意见；请在“征求意见”中填写该决策草案的"
                                               "征求意见网址名，依法不公开征求意见的，请填写“未征求意见理由”")
                elif consultation is not None and consultation.status != "已结束":
                    problem(decision, "stage", f"状态为“{decision.stage}”，但征求意见“{decision.consultation}”{consultation.status}"
                                               f"（截止 {consultation.closes.isoformat()}）；征求意见结束后才能作出决策，请核对状态")
    return diagnostics


def decision_order(decision: MajorDecision) -> tuple:
    return (-decision.year, decision.planned, decision.title, decision.slug)


def decision_years(decisions: Iterable[MajorDecision]) -> list[int]:
    return sorted({decision.year for decision in decisions}, reverse=True)


@dataclass(frozen=True)
class ChainStep:
    """One step of a decision's progress: 决策草案 → 征求意见 → 作出决策 → 政策解读 → 执行评估."""

    name: str
    reached: bool
    text: str  # what happened, or why the step is not reached
    day: date | None = None
    until: date | None = None  # the end of a period (征求意见)
    links: tuple[tuple[str, str, str], ...] = ()  # (title, url, the short name a catalog's table shows)


def decision_chain(decision: MajorDecision, links: DecisionLinks) -> tuple[ChainStep, ...]:
    key = decision_key(decision)
    consultation = links.consultations.get(key)
    document = links.documents.get(key)
    evaluation = links.evaluations.get(key)
    interpretations = links.interpretations.get(key, ())
    stage = DECISION_STAGE_NAMES.index(decision.stage)
    steps = []
    if decision.no_consultation_reason:
        steps += [ChainStep("决策草案", stage >= 2, f"未公开征求意见：{decision.no_consultation_reason}"),
                  ChainStep("征求意见", stage >= 2, "未公开征求意见")]
    elif consultation is not None:
        page = url_of(consultation)
        steps.append(ChainStep("决策草案", True, "公布决策草案及其说明", consultation.published, links=((consultation.title, page, "征求意见公告"),)))
        adoption = ((("意见采纳情况", f"{page}#adoption", "意见采纳情况"),) if consultation.status == "已结束" and consultation.adoption else ())
        steps.append(ChainStep("征求意见", consultation.status != "未开始", f"公开征求意见（{consultation.status}）",
                               consultation.opens, consultation.closes, adoption))
    else:
        steps += [ChainStep("决策草案", False, "决策草案尚未公布"), ChainStep("征求意见", False, "尚未公开征求意见")]
    if document is not None:
        steps.append(ChainStep("作出决策", True, "决策文件公开", document.written or document.published,
                               links=((document.title, url_of(document), "决策文件"),)))
    else:
        steps.append(ChainStep("作出决策", stage >= 2, "已作出决策，决策文件尚未公开" if stage >= 2 else "尚未作出决策"))
    if interpretations:
        steps.append(ChainStep("政策解读", True, "发布政策解读", interpretations[0].published,
                               links=tuple((d.title, url_of(d), f"解读{n}" if len(interpretations) > 1 else "解读")
                                          for n, d in enumerate(interpretations, start=1))))
    else:
        steps.append(ChainStep("政策解读", False, "暂无政策解读"))
    if evaluation is not None:
        steps.append(ChainStep("执行评估", True, "公开执行效果评估报告", evaluation.published,
                               links=((evaluation.title, url_of(evaluation), "评估报告"),)))
    else:
        steps.append(ChainStep("执行评估", stage >= 3, "正在开展执行效果评估" if stage >= 3 else "尚未开展执行效果评估"))
    return tuple(steps)


EXPORT_COLUMNS = ("年度", "序号", "事项名称", "决策机关", "承办单位", "决策依据", "计划完成时间", "是否听证", "状态",
                  "征求意见", "决策文件索引号", "评估报告索引号", "更新日期", "网址")
EXPORT_WIDTHS = {"年度": 6, "序号": 6, "事项名称": 32, "决策机关": 20, "承办单位": 20, "决策依据": 40, "计划完成时间": 12,
                 "征求意见": 32, "决策文件索引号": 26, "评估报告索引号": 26, "更新日期": 12, "网址": 40}


def decision_records(decisions: Iterable[MajorDecision], agency_names: dict[str, str], links: DecisionLinks,
                     base_url: str) -> list[dict[str, Any]]:
    """The catalog's rows as open data, numbered within each agency's year as on its page."""
    records = []
    numbers: dict[tuple[str, int], int] = {}
    for decision in decisions:
        number = numbers[(decision.agency, decision.year)] = numbers.get((decision.agency, decision.year), 0) + 1
        consultation = links.consultations.get(decision_key(decision))
        records.append({
            "年度": decision.year, "序号": number, "事项名称": decision.title, "决策机关": agency_names[decision.agency],
            "承办单位": decision.undertaker, "决策依据": list(decision.basis), "计划完成时间": decision.planned,
            "是否听证": decision.hearing, "状态": decision.stage,
            "征求意见": consultation.title if consultation else decision.no_consultation_reason and "未公开征求意见",
            "决策文件索引号": decision.document, "评估报告索引号": decision.evaluation, "更新日期": decision.updated,
            "网址": base_url + url_of(decision),
        })
    return records
