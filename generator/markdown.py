"""Bodies: Markdown → safe HTML, with every relative link checked and pointed at its output file.

Raw HTML in a body is allowed but passed through an allow-list sanitiser (nh3):
no script, no event handlers, no `javascript:` URLs, no inline style. Links to
other content files (`../rules/tiaoli.md`) and attachments (`form.pdf`) are
checked and rewritten to the output's relative URLs, so they work on every host.
"""

from __future__ import annotations

import html as html_module
import posixpath
import re
import signal
import threading
import xml.etree.ElementTree as etree
from re import _constants as sre, _parser as sre_parse  # the standard library's own parser of patterns
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable, Iterator, Mapping, NamedTuple
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.toc import remove_fnrefs, render_inner_html, slugify_unicode, strip_tags, unique
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor, UnescapeTreeprocessor
from markdown.util import STX, AtomicString

from .body_checks import TOO_DEEP, too_costly, too_deep
from .cache import digest
from .diagnostics import Diagnostic

# Screen readers announce this name for each wide table's scroll box.
TABLE_REGION_LABEL = "表格{number}（可左右滚动）"
HEADING_ID_PREFIX = "h-"
HEADING_TAGS = {f"h{level}" for level in range(1, 7)}
# CPU seconds one body may take to convert. body_checks.too_costly refuses the known slow constructs before
# conversion; this bounds whatever else is slow in Python (a huge body full of markup, deeply nested lists),
# so the build and the preview are never stalled by one file.
MAX_CONVERSION_SECONDS = 4.0

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote",
    "pre", "code", "em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup", "small", "mark", "abbr",
    "a", "img", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
    "div", "span", "figure", "figcaption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "col": {"span"},
    "colgroup": {"span"},
    "abbr": {"title"},
    "code": {"class"},
    "div": {"class", "role", "tabindex", "aria-label"},
    **{f"h{level}": {"id"} for level in range(1, 7)},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
EXTENSIONS = ("tables", "sane_lists", "fenced_code")  # Python-Markdown's, besides ours (BodyExtension)


def heading_id(value: str, separator: str) -> str:
    """Chinese headings keep their characters; the prefix keeps ids clear of the theme's own."""
    return HEADING_ID_PREFIX + slugify_unicode(value, separator)


class ScrollableTables(Treeprocessor):
    """Wrap each table in a labelled, keyboard-reachable scroll box, so a wide table
    scrolls on its own on a narrow screen instead of making the page scroll sideways."""

    def run(self, root: etree.Element) -> None:
        number = 0
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag != "table":
                    continue
                number += 1
                label = TABLE_REGION_LABEL.format(number=number)
                box = etree.Element("div", {"class": "table-scroll", "role": "region", "tabindex": "0", "aria-label": label})
                box.tail, child.tail = child.tail, None
                parent.remove(child)
                box.append(child)
                parent.insert(index, box)


class HeadingIds(Treeprocessor):
    """Heading ids exactly as the toc extension gives them (its `unique`, our `heading_id`), without the
    table of contents it also builds and serialises for every body: a tenth of the conversion time."""

    def run(self, root: etree.Element) -> None:
        used = {element.attrib["id"] for element in root.iter() if "id" in element.attrib}
        counters: dict[str, int] = {}
        for element in root.iter():
            if isinstance(element.tag, str) and element.tag in HEADING_TAGS and "id" not in element.attrib:
                name = strip_tags(render_inner_html(remove_fnrefs(element), self.md))
                element.attrib["id"] = unique(heading_id(html_module.unescape(name), "-"), used, counters)


class Unbounded(Exception):
    """A pattern's match may begin with too many characters to list (any, a class such as \\s, any case)."""


REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)


def first_characters(pattern: re.Pattern) -> frozenset[str] | None:
    """The characters a match of `pattern` can begin with, read from its parsed form; None when they are not a
    short list (the match may be empty, begin with any character or a class such as \\s, or ignore case)."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        characters, empty = sequence_starts(sre_parse.parse(pattern.pattern, pattern.flags))
    except Unbounded:
        return None
    return None if empty else frozenset(characters)


def sequence_starts(items: Iterable) -> tuple[set[str], bool]:
    """What a sequence of parsed items can begin with, and whether it can match the empty string."""
    found: set[str] = set()
    for operation, value in items:
        characters, empty = item_starts(operation, value)
        found |= characters
        if not empty:
            return found, False
    return found, True


def item_starts(operation: object, value: object) -> tuple[set[str], bool]:
    if operation is sre.LITERAL:
        return {chr(value)}, False
    if operation is sre.IN:
        characters = set()
        for kind, member in value:
            if kind is sre.LITERAL:
                characters.add(chr(member))
            elif kind is sre.RANGE and member[1] - member[0] < 256:
                characters.update(map(chr, range(member[0], member[1] + 1)))
            else:  # NEGATE, CATEGORY, a wide range
                raise Unbounded
        return characters, False
    if operation is sre.BRANCH:
        branches = [sequence_starts(branch) for branch in value[1]]
        return set().union(*(characters for characters, _ in branches)), any(empty for _, empty in branches)
    if operation is sre.SUBPATTERN:
        if value[1] & re.IGNORECASE:
            raise Unbounded
        return sequence_starts(value[3])
    if operation is sre.ATOMIC_GROUP:
        return sequence_starts(value)
    if operation in REPEATS:
        characters, empty = sequence_starts(value[2])
        return characters, empty or value[0] == 0
    if operation in ZERO_WIDTH:
        return set(), True
    raise Unbounded  # ANY, NOT_LITERAL, a back-reference…


def markup_characters(md: markdown.Markdown) -> re.Pattern | None:
    """Matches the characters some inline pattern of `md` can begin with (and the start of Python-Markdown's
    placeholders): a text without any of them is one its inline processing leaves as it is. None when a
    pattern's characters cannot be listed."""
    found = {STX}
    for pattern in md.inlinePatterns:
        characters = first_characters(pattern.getCompiledRegExp()) if isinstance(pattern, InlineProcessor) else None
        if characters is None:
            return None
        found |= characters
    return re.compile("[" + "".join(map(re.escape, sorted(found))) + "]")


class PlainTexts(Treeprocessor):
    """Mark each text that no inline pattern can match as an AtomicString (Python-Markdown's way of saying
    "no inline processing"), before the inline processor runs: it would try each of its 14 patterns on each
    text, half the conversion time of Chinese prose, which rarely has a markup character. The characters are
    derived from the enabled patterns themselves, so the HTML is the same as without this step."""

    @cached_property
    def markup(self) -> re.Pattern | None:
        return markup_characters(self.md)  # when first needed: every extension has registered its patterns

    def run(self, root: etree.Element) -> None:
        markup = self.markup
        if markup is None:
            return
        for element in root.iter():
            if element.text and not markup.search(element.text):
                element.text = AtomicString(element.text)
            if element.tail and not markup.search(element.tail):
                element.tail = AtomicString(element.tail)


class Unescape(UnescapeTreeprocessor):
    """Python-Markdown's last tree step, which puts back the characters that escapes kept out of the inline
    patterns' way (each as STX, its number, ETX): its regular expression is tried only on texts with an STX."""

    def unescape(self, text: str) -> str:
        return super().unescape(text) if STX in text else text


class BodyExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(PlainTexts(md), "plain_texts", 25)  # before "inline" (20)
        md.treeprocessors.register(Unescape(md), "unescape", 0)  # in place of Python-Markdown's own
        md.treeprocessors.register(HeadingIds(md), "heading_ids", 5)
        md.treeprocessors.register(ScrollableTables(md), "scrollable_tables", 5)


class ConversionTooSlow(BaseException):
    """A body took longer than MAX_CONVERSION_SECONDS to convert. Not an Exception, so that no library's
    `except Exception` can swallow it."""


@contextmanager
def cpu_time_limit(seconds: float) -> Iterator[None]:
    """Raise ConversionTooSlow after `seconds` of this process's CPU time (CPU, not wall-clock time, so a
    busy machine refuses no more than an idle one). A signal reaches only a process's main thread, where
    builds and workers run; elsewhere nothing is limited but the markup per paragraph."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def stop(signal_number: int, frame: object) -> None:
        raise ConversionTooSlow

    previous = signal.signal(signal.SIGPROF, stop)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


@dataclass
class BodyContext:
    """The page being rendered, for the link filter."""

    path: str  # the source file, relative to the site root (content/…)
    url: str  # the page's output URL
    body: str
    body_line: int
    problems: list[Diagnostic] = field(default_factory=list)
    links: dict[str, str | None] = field(default_factory=dict)  # content path → output URL (None: missing)
    found: dict[str, int] = field(default_factory=dict)  # where each reported text was last found in the body
    counted: tuple[int, int] = (0, 0)  # an offset in the body and the number of line breaks before it

    def report(self, needle: str, message: str) -> None:
        """At the line of `needle`: links are met in the order they are written, so each occurrence is
        looked for after the previous one. The same message on the same line is given once."""
        start = self.body.find(needle, self.found.get(needle, -1) + 1)
        if start < 0:
            start = max(self.body.find(needle), 0)
        self.found[needle] = start
        offset, breaks = self.counted if start >= self.counted[0] else (0, 0)
        self.counted = (start, breaks + self.body.count("\n", offset, start))
        problem = Diagnostic(self.path, self.body_line + self.counted[1], message)
        if problem not in self.problems:
            self.problems.append(problem)


class BodyRenderer:
    """One configured Markdown converter and sanitiser, reused for every body of a build.

    `targets` maps each content path (relative to content/: `rules/tiaoli.md`,
    `social-assistance/form.pdf`, `rules` for a folder) to its output URL.
    """

    def __init__(self, targets: dict[str, str]):
        self.links = LinkFilter(targets)
        self.converter = markdown.Markdown(extensions=[*EXTENSIONS, BodyExtension()], output_format="html")
        self.cleaner = nh3.Cleaner(
            tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
            link_rel=None, attribute_filter=self.links.filter_attribute,
        )
        self.context: BodyContext | None = None

    def render(self, body: str, path: str, body_line: int, url: str) -> tuple[str, list[Diagnostic]]:
        self.context = self.links.context = context = BodyContext(path, url, body, body_line)
        context.problems += too_costly(body, path, body_line)
        if context.problems:
            return "", context.problems
        try:
            self.converter.reset()
            with cpu_time_limit(MAX_CONVERSION_SECONDS):
                converted = self.converter.convert(body)
            if too_deep(converted) is not None:  # deep lists or quotes written in Markdown: the same limit
                context.problems.append(Diagnostic(path, body_line, TOO_DEEP))
                return "", context.problems
            html = self.cleaner.clean(converted)
        except RecursionError:
            context.report("", "正文的列表或引用嵌套过深，无法转换")
            return "", context.problems
        except ConversionTooSlow:
            message = (f"正文转换用时超过 {MAX_CONVERSION_SECONDS:g} 秒，已停止：内容过长、标记符号过多或列表嵌套过深；"
                       "请把它分成几个文件，或把大段数据另存为附件并在正文中链接")
            context.problems.append(Diagnostic(path, body_line, message))
            return "", context.problems
        return html, context.problems


class LinkFilter:
    """What the sanitiser asks about each attribute of a body's HTML (links resolved to the pages they lead to).

    Apart from BodyRenderer, which holds the sanitiser: the sanitiser is a native object the collector
    cannot see into, so a filter that held the renderer would make a cycle that is never freed, and every
    renderer (with `targets`, an entry for every content file) would stay in memory to the end of the process.
    """

    def __init__(self, targets: dict[str, str]):
        self.targets = targets
        self.context: BodyContext | None = None  # the body being converted

    def filter_attribute(self, tag: str, attribute: str, value: str) -> str | None:
        if attribute == "id":
            return value if value.startswith(HEADING_ID_PREFIX) else None
        if attribute not in ("href", "src"):
            return value
        return self.resolve_link(tag, value)

    def resolve_link(self, tag: str, value: str) -> str | None:
        context = self.context
        parts = urlsplit(value)
        if parts.scheme or value.startswith("//"):
            if tag == "img" and (parts.scheme in ("http", "https") or value.startswith("//")):
                context.report(value, f"不能引用站外图片“{value}”：网站须能离线、在内网访问；请把图片放进内容文件夹")
                return None
            return value
        if not parts.path:
            return value  # "#anchor" on the same page
        if value.startswith("/"):
            context.report(value, f"链接“{value}”以“/”开头，网站放在子路径下时会失效；请写相对于本文件的路径")
            return value
        source_folder = posixpath.dirname(context.path.removeprefix("content/"))
        target = posixpath.normpath(posixpath.join(source_folder, unquote(parts.path)))
        context.links[target] = self.targets.get(target)
        if target not in self.targets:
            context.report(value, f"链接的文件不存在：“{value}”（应为 content/{target}）")
            return value
        relative = posixpath.relpath(self.targets[target], posixpath.dirname(context.url) or ".")
        return relative + (f"#{parts.fragment}" if parts.fragment else "")


@dataclass(frozen=True)
class Body:
    """A Markdown body as a page shows it. Planned as a value and converted only where needed: what a
    conversion gives is a BodyRecord (kept by the body's key: in the cache, and in the build's
    `Conversions`) and the HTML, which stays in the process that renders the page."""

    source: str
    path: str  # the source file, relative to the site root
    line: int  # the body's first line in that file
    url: str  # the page it is shown on: links are made relative to it

    @cached_property
    def key(self) -> str:
        """Names the conversion in the cache; valid while the pages it links to stay where they were."""
        return digest(self.source, self.path, str(self.line), self.url)


class BodyRecord(NamedTuple):
    """What a build keeps of a converted body (in the cache, and from a worker): all but its HTML."""

    key: str
    text: str  # plain text, for search and feeds
    problems: tuple[Diagnostic, ...]
    links: tuple[tuple[str, str | None], ...]  # the content paths it links to, and where each was published


Conversions = Mapping[str, BodyRecord]  # the bodies converted so far, by Body.key


def convert_bodies(bodies: Iterable[Body], targets: dict[str, str]) -> Iterator[tuple[BodyRecord, str]]:
    """Each body's record and HTML (in a worker process for a large site)."""
    renderer = BodyRenderer(targets)
    for body in bodies:
        html, problems = renderer.render(body.source, body.path, body.line, body.url)
        links = renderer.context.links if renderer.context else {}
        yield BodyRecord(body.key, plain_text(html), tuple(problems), tuple(sorted(links.items()))), html


# Tags after which the text of a body continues on a new line (so words of two cells never run together).
BLOCK_TAGS = {"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "caption",
              "blockquote", "pre", "div", "figcaption", "table"}
# Characters XML 1.0 and JSON consumers choke on; never meaningful in a government text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Tags, with attribute values that may themselves contain ">", and comments.
TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")
COMMENT = re.compile(r"<!--.*?-->", re.S)


def plain_text(fragment: str) -> str:
    """The readable text of a (sanitised) HTML fragment: one line per block, spaces collapsed.

    A regular expression rather than html.parser: it runs over every body of the site,
    and the fragments are the sanitiser's well-formed output.
    """

    def tag(match: re.Match) -> str:
        closing, name = match.group(1), match.group(2).lower()
        return "\n" if (closing and name in BLOCK_TAGS) or (not closing and name in ("br", "hr")) else ""

    text = html_module.unescape(TAG.sub(tag, COMMENT.sub("", fragment)))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return clean("\n".join(line for line in lines if line))


def clean(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)
