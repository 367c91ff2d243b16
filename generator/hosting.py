"""Files for the web host: sitemap.xml and robots.txt (only with a base URL), and the 404 page.

A sitemap must list absolute URLs, so without a base URL there is none (and no
robots.txt, whose only job here is to point at it). The 404 page is served at
whatever address was not found, where relative links cannot work: with a base URL
its links start from the site's path on the host (`/gk/static/style.css`), so they
work from any depth; without one, they work when the host serves it from the root.
(A `<base href>` would do the same, but would send the skip link's `#main` to the home page.)
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from datetime import date
from urllib.parse import urlsplit

from .feeds import xml_document
from .model import Portal
from .published import PublishedItem
from .plan import Link, Page, last_updated
from .urls import HOME_URL, url_of

NOT_FOUND_URL = "404.html"
SITEMAP_URL = "sitemap.xml"
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_LIMIT = 50_000  # URLs per sitemap file (sitemaps.org); more are split under a sitemap index
# A relative URL in one of our templates' attributes: not `#…`, not `/…`, no scheme.
RELATIVE_ATTRIBUTE = re.compile(r'\b(href|src|action)="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"]*)"')


def not_found_page() -> Page:
    return Page(NOT_FOUND_URL, "404.html", "页面不存在", (Link("首页", HOME_URL),), canonical=False)


def not_found_from_anywhere(url: str, data: bytes, base_url: str | None) -> bytes:
    """A rendered page; the 404 page with its links made to start from the base URL's path."""
    root = html.escape(urlsplit(base_url).path) if base_url else None
    if url == NOT_FOUND_URL and root:
        data = RELATIVE_ATTRIBUTE.sub(lambda match: f'{match[1]}="{root}{match[2]}"', data.decode("utf-8")).encode("utf-8")
    return data


def url_set(base_url: str, urls: list[str], modified: dict[str, date]) -> bytes:
    root = ET.Element("urlset", {"xmlns": SITEMAP_NAMESPACE})
    for url in urls:
        element = ET.SubElement(root, "url")
        ET.SubElement(element, "loc").text = base_url + url
        if url in modified:
            ET.SubElement(element, "lastmod").text = modified[url].isoformat()
    return xml_document(root)


def host_files(portal: Portal, page_urls: list[str], items: list[PublishedItem], unlisted: set[str]) -> dict[str, bytes]:
    """sitemap.xml (every page but `unlisted`, with the content's dates) and robots.txt, when a base URL is set."""
    base_url = portal.config.site.base_url
    if not base_url:
        return {}
    modified = {item.url: item.day for item in items}
    modified.update({url_of(domain): day for catalog in portal.catalogs for domain in catalog.domains if (day := last_updated(domain))})
    urls = sorted(url for url in page_urls if url not in unlisted)
    chunks = [urls[start:start + SITEMAP_LIMIT] for start in range(0, len(urls), SITEMAP_LIMIT)]
    if len(chunks) == 1:
        files = {SITEMAP_URL: url_set(base_url, urls, modified)}
    else:
        files = {f"sitemaps/{number}.xml": url_set(base_url, chunk, modified) for number, chunk in enumerate(chunks, start=1)}
        index = ET.Element("sitemapindex", {"xmlns": SITEMAP_NAMESPACE})
        for path in files:
            ET.SubElement(ET.SubElement(index, "sitemap"), "loc").text = base_url + path
        files[SITEMAP_URL] = xml_document(index)
    files["robots.txt"] = f"User-agent: *\nAllow: /\n\nSitemap: {base_url}{SITEMAP_URL}\n".encode("utf-8")
    return files
