"""Site search on a static host: an index of every page's text, searched in the reader's browser.

Chinese has no spaces between words, and a word segmenter keeps 社会救助 whole, so a
search for 救助 would miss it. Instead, static/search.js looks for each query word
as a substring of titles and texts (see the README for the comparison with
Pagefind). So that a query downloads only what it needs, the index is split:

- search/shard/<n>.js: for every character and pair of characters (a "gram") the
  pages that have it, with where (title, catalog item names) and how often (text);
  a gram's shard is its hash modulo the number of shards, so a query loads one
  shard per gram it has, whatever the site's size;
- search/doc/<n>.js: one page's record (title, text…), loaded for the results shown;
- search/agency/<slug>.js, search/domain/<slug>.js: the pages of one agency or one
  domain, loaded when the search is filtered by them;
- search/index.js: how many pages and shards there are.

Each file is a script that hands its data to `window.GK_SEARCH_LOAD`, not JSON fetched
over HTTP, so that search also works from file:// and on any intranet host.
"""

from __future__ import annotations

import json
import operator
import re
from collections import Counter, defaultdict
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
LOAD_FUNCTION = "GK_SEARCH_LOAD"  # what every shard, record and filter script calls with its data
SHARD_BYTES = 16_000  # the shards' mean size the number of shards aims at (a power of two, so it rarely changes)
# What static/search.js splits a query at: no query word has them, so no gram with them is indexed.
SEPARATORS = re.compile(r"[\s,，、;；:：。!！?？\"“”'‘’()（）《》【】]+")
# A gram's flags in a page: in the title, in the catalog item names; the low bits count the text's (at most 5).
IN_TITLE, IN_KEYWORDS, MAX_COUNT = 16, 8, 5
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"  # base 32: the upper half marks "more digits follow"
FOLDED = re.compile("[\uff01-\uff5e\u3000A-Z]")
FOLD = {**{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}, 0x3000: " ", **{code: code + 32 for code in range(65, 91)}}
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




def fold(text: str) -> str:
    """As static/search.js folds page and query: full-width letters and digits as ASCII, the
    ideographic space as a space, ASCII in lower case."""
    return text.translate(FOLD) if FOLDED.search(text) else text


def grams(text: str) -> Iterator[str]:
    """Every character and every pair of adjacent characters that a query word can contain."""
    return chain.from_iterable(chain(run, map(operator.add, run, run[1:])) for run in SEPARATORS.split(text))


def gram_values(title: str, keywords: str, text: str) -> dict[str, int]:
    """Each gram of a page with its flags and count (see IN_TITLE): what static/search.js scores by."""
    values = Counter(grams(fold(text)))
    for gram, count in values.items():
        if count > MAX_COUNT:
            values[gram] = MAX_COUNT
    for flag, field in ((IN_KEYWORDS, keywords), (IN_TITLE, title)):
        for gram in set(grams(fold(field))):
            values[gram] |= flag
    return values


def shard_of(gram: str, shards: int) -> int:
    """FNV-1a of the code points; static/search.js computes the same."""
    value = 2166136261
    for character in gram:
        value = ((value ^ ord(character)) * 16777619) & 0xFFFFFFFF
    return value % shards


def encoded_number(number: int) -> str:
    """Base-32 digits, most significant first, all but the last from the upper half of DIGITS."""
    digits = DIGITS[number & 31]
    number >>= 5
    while number:
        digits = DIGITS[32 + (number & 31)] + digits
        number >>= 5
    return digits


SMALL = tuple(map(encoded_number, range(1 << 15)))  # the numbers of up to three digits, made once


def encoded_ids(ids: list[int], values: Iterable[int] | None = None) -> str:
    """Ascending page numbers as gaps (the first from -1, less one), each times 32 plus its value if given."""
    gaps = map(operator.sub, ids, [0, *map((1).__add__, ids[:-1])])
    numbers = gaps if values is None else map(operator.add, map((32).__mul__, gaps), values)
    return "".join([SMALL[number] if number < 32768 else encoded_number(number) for number in numbers])


def script(kind: str, name: str | int, data: object) -> bytes:
    return f"{LOAD_FUNCTION}({encoded(kind)},{encoded(name)},{encoded(data)});\n".encode("utf-8")


def encoded(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")  # JavaScript before ES2019


def shard_count(total: int) -> int:
    """A power of two near total / SHARD_BYTES: the same for every build until the index doubles or halves."""
    count = 1
    while count * SHARD_BYTES < total:
        count *= 2
    return count


def search_files(portal: Portal, items: list[PublishedItem]) -> dict[str, bytes]:
    """The index's files (see the module's docstring). Pages are numbered newest first (then by URL),
    the order of results that score the same, so the browser sorts ties by number."""
    fields = CLUSTER_FIELDS if portal.config.is_cluster else FIELDS
    records = sorted(search_records(portal, items), key=lambda record: record[0])
    records.sort(key=lambda record: record[3], reverse=True)  # stable: by URL within a day
    files: dict[str, bytes] = {}
    postings: defaultdict[str, list[int]] = defaultdict(list)  # each gram's pages, as number * 32 + value
    config = portal.config
    filters: dict[str, list[int]] = {key: [] for key in chain((f"agency/{agency.slug}" for agency in config.all_agencies),
                                                               (f"domain/{domain.slug}" for domain in config.domains))} if config.is_cluster else {}
    for number, record in enumerate(records):
        files[f"search/doc/{number}.js"] = script("doc", number, record)
        base = number * 32
        for gram, value in gram_values(record[1], record[4], record[5]).items():
            postings[gram].append(base + value)
        if config.is_cluster:
            for key in {*(f"agency/{slug}" for slug in record[6].split()), *((f"domain/{record[7]}",) if record[7] else ())}:
                filters.setdefault(key, []).append(number)
    lists = {gram: encoded_ids(list(map((5).__rrshift__, posting)), map((31).__and__, posting)) for gram, posting in postings.items()}
    shards = shard_count(sum(len(gram.encode()) + len(text) + 6 for gram, text in lists.items()))
    grouped: list[dict[str, str]] = [{} for _ in range(shards)]
    for gram, text in lists.items():
        grouped[shard_of(gram, shards)][gram] = text
    files.update((f"search/shard/{number}.js", script("shard", number, group)) for number, group in enumerate(grouped))
    files.update((f"search/{key}.js", script(key.split("/")[0], key.split("/")[1], encoded_ids(numbers)))
                 for key, numbers in sorted(filters.items()))
    manifest = {"fields": list(fields), "docs": len(records), "shards": shards}
    files[SEARCH_INDEX_URL] = f"window.{INDEX_VARIABLE} = {encoded(manifest)};\n".encode("utf-8")
    return files
