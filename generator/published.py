"""Every published item (entries, documents, annual reports, consultations, cleanups, gazette issues, the guide) as plain text.

Search and the Atom feeds show the same things (title, where it belongs, date,
text), so both read them from here instead of each walking the Catalog.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Callable, Iterator

from .decisions import DECISION_SECTION
from .markdown import Conversions, clean
from .model import Catalog, Entry, MajorDecision
from .plan import CLEANUPS_TITLE, CONSULTATIONS_TITLE, Page, page_bodies
from .proposals import PROPOSALS_TITLE
from .urls import url_of
from .standard import GAZETTE_TITLE, PART_TITLES


@dataclass(frozen=True)
class PublishedItem:
    url: str  # output URL, relative to the site root
    title: str
    section: str  # the domain or column part it belongs to, as readers see it
    domain: str | None  # the domain's slug, for catalog entries
    day: date  # 更新日期 or 发布日期
    author: str  # who publishes it: the entry's 公开主体, the issuer or the agency
    keywords: str  # catalog item names, document number: matched just below the title
    body: str  # what the page's bodies say, as plain text
    fields: str = ""  # an entry's catalog columns, as plain text, shown before the body
    agency: str = ""  # the slugs of the agencies that publish it, space-separated (a joint document's issuers, the lead's first)
    related_domain: str | None = None  # a document's or consultation's 领域, for the search's domain filter

    @property
    def text(self) -> str:
        """Everything the page says, as plain text (made when asked: for a large site, every item's
        text joined once more would double what the build holds)."""
        return f"{self.fields}\n{self.body}" if self.fields else self.body


def entry_fields(entry: Entry) -> str:
    """The catalog columns a reader may search for, as they read on the entry page."""
    return "\n".join((
        f"公开内容（要素）：{entry.content}",
        f"公开依据：{'；'.join(entry.basis)}",
        f"公开时限：{entry.time_limit}",
        f"公开主体：{entry.publisher}",
        f"公开渠道和载体：{entry.channels_text}",
        *(f"{column}：{value}" for column, value in entry.extras),
    ))


def decision_fields(decision: MajorDecision) -> str:
    """A major decision's columns of the catalog, as its page shows them."""
    return "\n".join((f"承办单位：{decision.undertaker}", f"决策依据：{'；'.join(decision.basis)}",
                      f"计划完成时间：{decision.planned.isoformat()}", f"是否听证：{decision.hearing}", f"状态：{decision.stage}"))


def page_text(page: Page, conversions: Conversions) -> str:
    """The text of the bodies a planned page shows (an annual report: its preface and sections)."""
    texts = (conversions[body.key].text for body in page_bodies(page))
    return "\n".join(text for text in texts if text)


def items_of_pages(pages: list[Page], conversions: Conversions) -> Callable[[Catalog], list[PublishedItem]]:
    """Each agency's published items (`published_items`), the pages looked up by URL once for all agencies."""
    at = {page.url: page for page in pages}
    return lambda catalog: published_items(catalog, at, conversions)


def published_items(catalog: Catalog, at: dict[str, Page], conversions: Conversions) -> list[PublishedItem]:
    """Newest first (then by URL, so the order never depends on the file system).

    The text comes from the conversions of the planned pages' bodies (`at`: the pages by their URLs),
    not from converting them again. What the items say follows from the catalog alone (a body's text
    is its key's; where its links lead is not part of the text), which is what lets a build keep them.
    """
    def body(item) -> str:  # only this agency's pages: a cluster's text is made once, not once per agency
        return page_text(at[url_of(item)], conversions)

    slug = catalog.config.agency.slug
    items = (replace(item, agency=slug) if slug and not item.agency else item for item in _items(catalog, body))
    return sorted(items, key=lambda item: (-item.day.toordinal(), item.url))


def _items(catalog: Catalog, body) -> Iterator[PublishedItem]:
    agency = catalog.config.agency.name
    for domain in catalog.domains:
        for entry in domain.entries:
            items = " ".join(filter(None, (entry.item_l1, entry.item_l2)))
            yield PublishedItem(url_of(entry), clean(entry.title), domain.spec.name, domain.spec.slug, entry.updated,
                                clean(entry.publisher), clean(items), body(entry), clean(entry_fields(entry)))
    column = catalog.column
    for document in column.rules + column.statutory:  # a joint document is every issuer's, the same item each time
        yield PublishedItem(url_of(document), clean(document.title), PART_TITLES[document.part], None, document.published,
                            clean(document.issuer or agency), clean(document.doc_no or ""), body(document),
                            agency=" ".join(document.issuers), related_domain=document.domain)
    for report in column.annual_reports:
        yield PublishedItem(url_of(report), clean(report.title), PART_TITLES["annual_reports"], None, report.published,
                            agency, "", body(report))
    for consultation in catalog.consultations:
        yield PublishedItem(url_of(consultation), clean(consultation.title), CONSULTATIONS_TITLE, None,
                            consultation.published, clean(consultation.drafter), consultation.status, body(consultation),
                            related_domain=consultation.domain)
    for proposal in catalog.proposals:
        yield PublishedItem(url_of(proposal), clean(proposal.title), PROPOSALS_TITLE, None, proposal.published,
                            clean(proposal.lead_handler or agency), clean(f"{proposal.kind} {proposal.number_text} {proposal.proposer}"),
                            body(proposal))
    for decision in catalog.decisions:
        yield PublishedItem(url_of(decision), clean(decision.title), DECISION_SECTION, None, decision.updated,
                            clean(decision.undertaker), f"{decision.year}年 {decision.stage}", body(decision),
                            clean(decision_fields(decision)))
    for cleanup in catalog.cleanups:
        yield PublishedItem(url_of(cleanup), clean(cleanup.title), CLEANUPS_TITLE, None, cleanup.published, agency, "", body(cleanup))
    for issue in catalog.gazette:  # its articles' titles are what readers search the archive for
        titles = " ".join(clean(article.title) for article in issue.articles)
        yield PublishedItem(url_of(issue), clean(f"{issue.name}{issue.label}"), GAZETTE_TITLE, None, issue.published, agency,
                            titles, body(issue))
    guide = column.guide
    yield PublishedItem(url_of(guide), clean(guide.title), PART_TITLES["guide"], None, guide.updated, agency, "", body(guide))
