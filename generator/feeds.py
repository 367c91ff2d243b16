"""Atom feeds (RFC 4287) of the newest entries and documents: one for the site, one per domain.

Feeds are written with or without a base URL. Atom ids must be absolute and must
never change, so they are `urn:uuid:` names derived from the site's 网站标识码 and the
item's path: moving the site to another host or sub-path does not make readers
see every item again. Links are absolute when a base URL is set; otherwise they
are relative to the feed, which RFC 4287 allows and readers resolve against the
address they fetched the feed from. `updated` is the content's own date, never
the build's time.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from datetime import date

from .model import Catalog, Portal, SiteIdentity
from .markdown import clean
from .published import PublishedItem
from .urls import HOME_URL, SITE_FEED_URL, AgencyUrls, relative_url, url_of
from .standard import CATALOG_TITLE

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
FEED_SIZE = 20  # newest items per feed
SUMMARY_LENGTH = 200  # characters of text in each entry's summary


def atom_id(site: SiteIdentity, path: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"gk:{site.site_id_code}:{path}").urn


def timestamp(day: date) -> str:
    """Content dates are days in China Standard Time; Atom wants a date-time."""
    return f"{day.isoformat()}T00:00:00+08:00"


def summary(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SUMMARY_LENGTH else flat[:SUMMARY_LENGTH] + "…"


def atom_feed(catalog: Catalog, path: str, title: str, page_url: str, items: list[PublishedItem], fallback_day: date,
              author: str | None = None) -> bytes:
    """One feed at `path`, for the page at `page_url`, with the newest of `items` (already newest first)."""
    site = catalog.config.site

    def address(url: str) -> str:
        return site.base_url + url if site.base_url else relative_url(path, url)

    def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, tag, {name: clean(value) for name, value in attributes.items()})
        element.text = clean(text) if text else None
        return element

    shown = items[:FEED_SIZE]
    feed = ET.Element("feed", {"xmlns": ATOM_NAMESPACE, "xml:lang": "zh-CN"})
    add(feed, "id", atom_id(site, path))
    add(feed, "title", title)
    add(feed, "subtitle", f"{site.name}：最新公开信息")
    add(feed, "updated", timestamp(max((item.day for item in shown), default=fallback_day)))
    add(feed, "link", rel="alternate", type="text/html", href=address(page_url))
    if site.base_url:
        add(feed, "link", rel="self", type="application/atom+xml", href=site.base_url + path)
    add(add(feed, "author"), "name", author or catalog.config.agency.name)
    for item in shown:
        entry = add(feed, "entry")
        add(entry, "id", atom_id(site, item.url))
        add(entry, "title", item.title)
        add(entry, "updated", timestamp(item.day))
        add(entry, "link", rel="alternate", type="text/html", href=address(item.url))
        add(add(entry, "author"), "name", item.author)
        add(entry, "category", term=item.section)
        add(entry, "summary", summary(item.text), type="text")
    return xml_document(feed)


def xml_document(root: ET.Element) -> bytes:
    """UTF-8 XML with its declaration, indented: the feeds and the sitemap."""
    ET.indent(root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"


def portal_feed(portal: Portal, items: list[PublishedItem]) -> dict[str, bytes]:
    """A cluster's feed of what every agency publishes, at the site's root."""
    newest = max(item.day for item in items)
    return {SITE_FEED_URL: atom_feed(portal.own, SITE_FEED_URL, portal.config.site.name, HOME_URL, items, newest, portal.config.site.sponsor)}


def feed_files(catalog: Catalog, items: list[PublishedItem]) -> dict[str, bytes]:
    """An agency's feed (every kind of item it publishes) and one feed per domain (its catalog entries)."""
    agency = catalog.config.agency
    urls = AgencyUrls(agency.slug)
    site_name = f"{agency.name} - {catalog.config.site.name}" if agency.slug else catalog.config.site.name
    newest = max(item.day for item in items)
    files = {urls.feed(): atom_feed(catalog, urls.feed(), site_name, urls.home, items, newest)}
    by_domain: dict[str | None, list[PublishedItem]] = {}
    for item in items:
        by_domain.setdefault(item.domain, []).append(item)
    for domain in catalog.domains:
        path = urls.feed(domain.spec.slug)
        title = f"{domain.spec.name}领域{CATALOG_TITLE} - {site_name}"
        files[path] = atom_feed(catalog, path, title, url_of(domain), by_domain.get(domain.spec.slug, []), newest)
    return files
