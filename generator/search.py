"""Site search on a static host: an index of every page's text, searched in the reader's browser.

Chinese has no spaces between words, and a word segmenter keeps 社会救助 whole, so a
search for 救助 would miss it. Instead, static/search.js looks for each query word
as a substring of titles and texts (see the README for the comparison with
Pagefind). The index is a script, not JSON fetched over HTTP, so that search also
works from file:// and on any intranet host.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import chain
from typing import Iterable, Iterator

from .model import Agency, DomainSpec, Portal
from .published import PublishedItem
from .plan import Link, Page, last_updated
from .urls import HOME_URL, relative_url, url_of
from .standard import CATALOG_TITLE

SEARCH_URL = "search/index.html"
SEARCH_INDEX_URL = "search/index.js"
SEARCH_TITLE = "站内搜索"
INDEX_VARIABLE = "GK_SEARCH_INDEX"  # the global the index script sets; static/search.js reads it
FIELDS = ("url", "title", "section", "date", "keywords", "text")
CLUSTER_FIELDS = FIELDS + ("agency", "domain")  # what the search page of a cluster filters by


@dataclass(frozen=True)
class SearchView:
    """A cluster's search page offers its agencies and domains as filters."""

    agencies: tuple[Agency, ...]
    domains: tuple[DomainSpec, ...]


def search_page(portal: Portal) -> Page:
    config = portal.config
    view = SearchView(config.all_agencies, config.domains) if config.is_cluster else SearchView((), ())
    return Page(SEARCH_URL, "search.html", SEARCH_TITLE, (Link("首页", HOME_URL),), view)


def search_records(portal: Portal, items: list[PublishedItem]) -> Iterator[list[str]]:
    """One record per published item (entries, documents, reports, consultations, the guide) and per
    domain catalog page; URLs relative to the search page. In a cluster each also says whose it is."""
    cluster = portal.config.is_cluster
    records: Iterable[list[str]] = ([relative_url(SEARCH_URL, item.url), item.title, item.section, item.day.isoformat(),
                                     item.keywords, item.text, *((item.agency, item.domain or item.related_domain or "") if cluster else ())] for item in items)
    domain_records = []
    for catalog in portal.catalogs:
        for domain in catalog.domains:
            updated = last_updated(domain)
            directory = "\n".join("、".join((item.name, *item.sub_items)) for item in domain.spec.directory)
            title = f"{catalog.config.agency.name}{domain.spec.name}领域{CATALOG_TITLE}" if cluster else f"{domain.spec.name}领域{CATALOG_TITLE}"
            domain_records.append([relative_url(SEARCH_URL, url_of(domain)), title, CATALOG_TITLE,
                                   updated.isoformat() if updated else "", domain.spec.name, directory,
                                   *((domain.spec.agency, domain.spec.slug) if cluster else ())])
    return chain(records, domain_records)


def search_files(portal: Portal, items: list[PublishedItem]) -> dict[str, bytes]:
    """The index as a script. Encoded record by record: for a large site the index is tens of
    megabytes, and one string of it (then its copies) would double the build's memory."""

    def encoded(value: object) -> bytes:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode("utf-8")  # JavaScript before ES2019

    records = b",".join(encoded(record) for record in search_records(portal, items))
    fields = CLUSTER_FIELDS if portal.config.is_cluster else FIELDS
    script = b"".join((f'window.{INDEX_VARIABLE} = {{"fields":'.encode(), encoded(fields), b',"docs":[', records, b"]};\n"))
    return {SEARCH_INDEX_URL: script}
