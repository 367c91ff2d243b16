"""What the site offers besides its content pages: search, feeds, open data and files for the host.

The pipeline calls `extra_pages` when it plans the pages, `data_sets` before it
renders them (each set's files made when asked) and `text_files` when every body is converted (each returns {output path: bytes}),
`template_helpers` for what the templates need to link to them, and
`finish_page` on each rendered page.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

from .cache import Memo
from .exports import PROPOSALS_EXPORT_TITLE, DomainRows, ExportSet, cleanup_files, decision_exports, export_sets, export_title, gazette_files, proposal_files
from .feeds import feed_files, portal_feed
from .library import library_files, library_pages
from .hosting import NOT_FOUND_URL, host_files, not_found_from_anywhere, not_found_page
from .model import Catalog, Domain, Portal, SiteConfig
from .published import PublishedItem
from .plan import Page
from .search import SEARCH_INDEX_URL, SEARCH_URL, search_files, search_page
from .standard import CLEANUP_GROUPS
from .urls import (
    AgencyUrls, AGENCY_COVERAGE_URL, DEPARTMENTS_URL, LIBRARY_URL, PORTAL_PROPOSALS_BY_AGENCY_URL, PORTAL_PROPOSALS_URL, TOWNS_URL,
    library_list_url, rollup_url,
)


def extra_pages(portal: Portal) -> list[Page]:
    return [search_page(portal), not_found_page(), *library_pages(portal)]


def finish_page(url: str, data: bytes, config: SiteConfig) -> bytes:
    """A rendered page as it is published."""
    return not_found_from_anywhere(url, data, config.site.base_url)


def data_sets(portal: Portal, rows_of: Callable[[Catalog, Domain], DomainRows] | None = None) -> list[ExportSet]:
    """Each agency's open data, before the pages (which show the files' sizes). `rows_of`: each
    domain's rows, when a cache has them."""
    sets = [export for catalog in portal.catalogs
            for export in export_sets(catalog, (lambda domain, _catalog=catalog: rows_of(_catalog, domain)) if rows_of else None)]
    files: dict[str, bytes] = {}  # the other tables, few rows each: made every time, as one set of the portal's
    by_index = {document.index_no: document for catalog in portal.catalogs for document in catalog.column.statutory if document.index_no}
    for catalog in portal.catalogs:
        files.update(gazette_files(catalog))
        files.update(cleanup_files(catalog, by_index))
        if catalog.config.agency.proposals:
            files.update(proposal_files((catalog,), AgencyUrls(catalog.config.agency.slug), PROPOSALS_EXPORT_TITLE, catalog.config.agency.name))
    if portal.config.is_cluster and any(catalog.proposals for catalog in portal.catalogs):
        files.update(proposal_files(portal.catalogs, AgencyUrls(""), f"全区{PROPOSALS_EXPORT_TITLE}", portal.config.site.sponsor))
    files.update(decision_exports(portal))
    files.update(library_files(portal))
    return sets + ([ExportSet(tuple(files), portal, lambda: files)] if files else [])


def text_files(portal: Portal, pages: list[Page], items_of: Callable[[Catalog], list[PublishedItem]],
               feeds_of: Callable[[Catalog, list[PublishedItem]], dict[str, bytes]] = feed_files,
               memo: Memo | None = None) -> Iterator[tuple[str, bytes]]:
    """Search index, feeds and the host's files, one at a time (so that they can be written as they are
    made): from each agency's published items (`items_of`: made from the text of the pages' bodies,
    `published.items_of_pages`, or taken from a cache). Each agency has its feeds (`feeds_of`: made, or
    taken from a cache); the search and (in a cluster) a feed of everything are the portal's (`memo`:
    what earlier builds made of the search index)."""
    files: dict[str, bytes] = {}
    everything: dict[str, PublishedItem] = {}
    for catalog in portal.catalogs:
        items = items_of(catalog)
        files.update(feeds_of(catalog, items))
        everything.update((item.url, item) for item in items)  # a joint document once, its lead's
    items = sorted(everything.values(), key=lambda item: (-item.day.toordinal(), item.url))
    if portal.config.is_cluster:
        files.update(portal_feed(portal, items))
    yield from search_files(portal, items, memo)
    yield from files.items()
    yield from host_files(portal, [page.url for page in pages], items, unlisted={SEARCH_URL, NOT_FOUND_URL}).items()


def template_helpers() -> dict[str, Any]:
    return {
        "SEARCH_URL": SEARCH_URL,
        "SEARCH_INDEX_URL": SEARCH_INDEX_URL,
        "export_title": export_title,
        "DEPARTMENTS_URL": DEPARTMENTS_URL,
        "TOWNS_URL": TOWNS_URL,
        "AGENCY_COVERAGE_URL": AGENCY_COVERAGE_URL,
        "rollup_url": rollup_url,
        "PORTAL_PROPOSALS_URL": PORTAL_PROPOSALS_URL,
        "PORTAL_PROPOSALS_BY_AGENCY_URL": PORTAL_PROPOSALS_BY_AGENCY_URL,
        "LIBRARY_URL": LIBRARY_URL,
        "CLEANUP_GROUP_TITLES": {key: title for key, title, _ in CLEANUP_GROUPS},
        "library_list_url": library_list_url,
    }
