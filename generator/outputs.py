"""What the site offers besides its content pages: search, feeds, open data and files for the host.

The pipeline calls four functions: `extra_pages` when it plans the pages,
`extra_files` for the generated files ({output path: bytes}), `template_helpers`
for what the templates need to link to them, and `finish_pages` on the rendered pages.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator

from .exports import DomainRows, export_files, export_title
from .render import export_url
from .feeds import feed_files, feed_url
from .hosting import NOT_FOUND_URL, host_files, not_found_from_anywhere, not_found_page
from .model import Catalog, Domain
from .published import published_items
from .render import Page
from .search import SEARCH_INDEX_URL, SEARCH_URL, search_files, search_page


def extra_pages() -> list[Page]:
    return [search_page(), not_found_page()]


def finish_pages(pages: Iterable[tuple[str, bytes]], catalog: Catalog) -> Iterator[tuple[str, bytes]]:
    return not_found_from_anywhere(pages, catalog.config.site.base_url)


def extra_files(catalog: Catalog, pages: list[Page], rows_of: Callable[[Domain], DomainRows] | None = None) -> dict[str, bytes]:
    """`rows_of`: each domain's rows of the open data, when a cache has them."""
    items = published_items(catalog, pages)
    return {
        **search_files(catalog, items),
        **feed_files(catalog, items),
        **export_files(catalog, rows_of),
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
