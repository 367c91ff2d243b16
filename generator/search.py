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

import hashlib
import json
import operator
import re
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import chain
from typing import Iterable, Iterator

from .cache import Memo, digest
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
BLOCK_PAGES = 256  # pages of a run whose postings are cached as one (on average)
SHARD_BYTES = 16_000  # the shards' mean size the number of shards aims at (a power of two, so it rarely changes)
# What static/search.js splits a query at: no query word has them, so no gram with them is indexed.
SEPARATORS = re.compile(r"[\s,，、;；:：。!！?？\"“”'‘’()（）《》【】]+")
# A gram's flags in a page: in the title, in the catalog item names; the low bits count the text's (at most 5).
IN_TITLE, IN_KEYWORDS, MAX_COUNT = 16, 8, 5
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"  # base 32: the upper half marks "more digits follow"
# What folding changes, but for the separators (，；：！？（）and the ideographic space), which it
# changes into separators.
FOLDED = re.compile("[A-Z\uff02-\uff07\uff0a\uff0b\uff0d-\uff19\uff1c-\uff1e\uff20-\uff5e]+")
FOLD = {**{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}, **{code: code + 32 for code in range(0x41, 0x5B)},
        **{code: code - 0xFEE0 + 32 for code in range(0xFF21, 0xFF3B)}}
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
    """As static/search.js folds page and query, as far as grams can tell: full-width letters and digits as
    ASCII, ASCII in lower case."""
    return FOLDED.sub(lambda match: match[0].translate(FOLD), text)


def grams(text: str) -> Iterator[str]:
    """Every character and every pair of adjacent characters that a query word can contain."""
    return chain.from_iterable(chain(run, map(operator.add, run, run[1:])) for run in SEPARATORS.split(text))


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
FROM_ONE = ("", *SMALL)  # FROM_ONE[n] is SMALL[n - 1]


def encoded_ids(ids: list[int], values: Iterable[int] | None = None, previous: int = -1) -> str:
    """Ascending page numbers as gaps (the first from `previous`, less one), each times 32 plus its value if given."""
    gaps = map(operator.sub, ids, [previous + 1, *map((1).__add__, ids[:-1])])
    numbers = list(gaps if values is None else map(operator.add, map((32).__mul__, gaps), values))
    try:
        return "".join(map(SMALL.__getitem__, numbers))
    except IndexError:  # a gap of more than 1,024 pages
        return "".join(map(encoded_number, numbers))


@dataclass(frozen=True)
class BlockPostings:
    """The grams of a run of consecutive pages (numbered from 0 in the run) with the pages that have them:
    for each, its first page and value (page * 32 + value), the others encoded (gaps from the first) and
    its last page. Only the first of each run needs encoding again when the runs are joined."""

    grams: tuple[str, ...]
    firsts: array
    rests: tuple[str, ...]
    lasts: array


def block_postings(records: list[list[str]]) -> BlockPostings:
    """Each gram's value in a page (see IN_TITLE) is its count in the text (at most MAX_COUNT) with the flags
    of the title and the catalog item names. The text's grams are counted over the whole text with each run of
    separators made one space, and the grams with a space dropped once per run of pages: the same grams as
    `grams`, at a third less of the cost, which is most of a clean build's search index."""
    postings: defaultdict[str, list[int]] = defaultdict(list)  # each gram's pages, as number * 32 + value
    for number, record in enumerate(records):
        base = number * 32
        text = SEPARATORS.sub(" ", fold(record[5]))
        counts = Counter(text)
        counts.update(map(operator.add, text, text[1:]))
        for gram, count in counts.items():
            postings[gram].append(base + (count if count < MAX_COUNT else MAX_COUNT))
        for flag, field in ((IN_KEYWORDS, record[4]), (IN_TITLE, record[1])):
            for gram in set(grams(fold(field))):
                pages = postings[gram]
                if pages and pages[-1] >> 5 == number:
                    pages[-1] |= flag
                else:
                    pages.append(base + flag)
    for gram in [gram for gram in postings if " " in gram]:
        del postings[gram]
    rests = tuple(map(encoded_rest, postings.values()))
    return BlockPostings(tuple(postings), array("q", (pages[0] for pages in postings.values())), rests,
                         array("q", (pages[-1] >> 5 for pages in postings.values())))


def encoded_rest(pages: list[int]) -> str:
    """`pages` (number * 32 + value) but the first, as encoded_ids gives them (each gap from the page before,
    times 32, plus its value), computed on the joint numbers: the gap times 32 is the number less the page
    before's number with 31 set, less 1."""
    try:
        return "".join(map(FROM_ONE.__getitem__, map(operator.sub, pages[1:], map((31).__or__, pages))))
    except IndexError:  # a gap of more than 1,024 pages
        return encoded_ids(list(map((5).__rrshift__, pages[1:])), map((31).__and__, pages[1:]), pages[0] >> 5)


def blocks(records: list[list[str]]) -> Iterator[list[list[str]]]:
    """Runs of about BLOCK_PAGES pages, cut after pages picked by their address: a page added, removed or
    moved (a new date) changes only the runs it leaves and joins, so the others' postings come from the cache."""
    start = 0
    for position, record in enumerate(records):
        if int.from_bytes(hashlib.blake2b(record[0].encode(), digest_size=4).digest(), "big") % BLOCK_PAGES == 0:
            yield records[start:position + 1]
            start = position + 1
    if start < len(records):
        yield records[start:]


def joined_postings(records: list[list[str]], memo: Memo) -> dict[str, str]:
    """Each gram's pages in the whole index, encoded: the runs' postings (from `memo` when a run is unchanged)
    joined, each run's first page of a gram encoded again as the gap from the gram's last page before it."""
    pieces: defaultdict[str, list[str]] = defaultdict(list)
    last: dict[str, int] = {}
    offset = 0
    for block in blocks(records):
        key = digest("search postings", *(part for record in block for part in (record[1], record[4], record[5])))
        postings = memo.made(key, lambda: block_postings(block))
        for gram, first, rest, final in zip(postings.grams, postings.firsts, postings.rests, postings.lasts):
            gap = offset + (first >> 5) - last.get(gram, -1) - 1
            pieces[gram].append(encoded_number(gap * 32 + (first & 31)) + rest)
            last[gram] = offset + final
        offset += len(block)
    return {gram: "".join(parts) for gram, parts in pieces.items()}


def script(kind: str, name: str | int, data: object) -> bytes:
    return f"{LOAD_FUNCTION}({encoded(kind)},{encoded(name)},{encoded(data)});\n".encode("utf-8")


JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)  # one for every script: json.dumps makes one a call


def encoded(value: object) -> str:
    text = JSON.encode(value)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")  # JavaScript before ES2019


def shard_count(total: int) -> int:
    """A power of two near total / SHARD_BYTES: the same for every build until the index doubles or halves."""
    count = 1
    while count * SHARD_BYTES < total:
        count *= 2
    return count


def search_files(portal: Portal, items: list[PublishedItem], memo: Memo | None = None) -> Iterator[tuple[str, bytes]]:
    """The index's files (see the module's docstring), one at a time: the records' scripts, most of the index's
    bytes, need never be held all at once. Pages are numbered oldest first (within a day from the last URL), so
    that a new page is numbered last and the browser sorts results that score the same by number, highest
    first. `memo`: the postings of runs of pages that an earlier build made."""
    fields = CLUSTER_FIELDS if portal.config.is_cluster else FIELDS
    records = sorted(search_records(portal, items), key=lambda record: record[0], reverse=True)
    records.sort(key=lambda record: record[3])  # stable: within a day by URL, from the last
    config = portal.config
    filters: dict[str, list[int]] = {key: [] for key in chain((f"agency/{agency.slug}" for agency in config.all_agencies),
                                                               (f"domain/{domain.slug}" for domain in config.domains))} if config.is_cluster else {}
    for number, record in enumerate(records):
        yield f"search/doc/{number}.js", script("doc", number, record)
    if config.is_cluster:
        for number, record in enumerate(records):
            for key in {*(f"agency/{slug}" for slug in record[6].split()), *((f"domain/{record[7]}",) if record[7] else ())}:
                filters.setdefault(key, []).append(number)
    lists = joined_postings(records, memo or Memo())
    shards = shard_count(sum(len(gram.encode()) + len(text) + 6 for gram, text in lists.items()))
    grouped: list[dict[str, str]] = [{} for _ in range(shards)]
    for gram, text in lists.items():
        grouped[shard_of(gram, shards)][gram] = text
    del lists
    for number, group in enumerate(grouped):
        yield f"search/shard/{number}.js", script("shard", number, group)
    for key, numbers in sorted(filters.items()):
        yield f"search/{key}.js", script(key.split("/")[0], key.split("/")[1], encoded_ids(numbers))
    manifest = {"fields": list(fields), "docs": len(records), "shards": shards}
    yield SEARCH_INDEX_URL, f"window.{INDEX_VARIABLE} = {encoded(manifest)};\n".encode("utf-8")
