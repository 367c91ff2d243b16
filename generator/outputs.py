"""What the site offers besides its content pages: search, feeds, open data and files for the host.

The pipeline calls `extra_pages` when it plans the pages, `data_files` before it
renders them and `text_files` after (each returns {output path: bytes}),
`template_helpers` for what the templates need to link to them, and
`finish_page` on each rendered page.
"""

from __future__ import annotations

from typing import Any, Callable

from .exports import DomainRows, export_files, export_title
from .feeds import feed_files, feed_url
from .hosting import NOT_FOUND_URL, host_files, not_found_from_anywhere, not_found_page
from .model import Catalog, Domain, SiteConfig
from .published import published_items
from .plan import Page
from .search import SEARCH_INDEX_URL, SEARCH_URL, search_files, search_page
from .urls import export_url


def extra_pages() -> list[Page]:
    return [search_page(), not_found_page()]


def finish_page(url: str, data: bytes, config: SiteConfig) -> bytes:
    """A rendered page as it is published."""
    return not_found_from_anywhere(url, data, config.site.base_url)


def data_files(catalog: Catalog, rows_of: Callable[[Domain], DomainRows] | None = None) -> dict[str, bytes]:
    """The open data, made before the pages (which show the files' sizes). `rows_of`: each
    domain's rows, when a cache has them."""
    return export_files(catalog, rows_of)


def text_files(catalog: Catalog, pages: list[Page]) -> dict[str, bytes]:
    """Search index, feeds and the host's files: made after the pages, from the text of their bodies."""
    items = published_items(catalog, pages)
    return {
        **search_files(catalog, items),
        **feed_files(catalog, items),
        **host_files(catalog, [page.url for page in pages], items, unlisted={SEARCH_URL, NOT_FOUND_URL}),
    }


def template_helpers() -> dict[str, Any]:
    return {
        "SEARCH_URL": SEARCH_URL,
        "SEARCH_INDEX_URL": SEARCH_INDEX_URL,
        "feed_url": feed_url,
        "export_url": export_url,
        "export_title": export_title,
    }
