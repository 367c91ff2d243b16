"""Typed fields read from YAML nodes, so every value keeps its line number.

Both catalog.yaml and the front matter of content files are read through
`read_fields`: each field has an English key, a Chinese label that editors may
write instead, and a kind that turns the YAML node into a Python value or says,
in Chinese, what is wrong with it. Values are taken from the node's source text,
not from PyYAML's type guessing, so `文号: 2020` stays the text "2020".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field as dataclass_field
from datetime import date
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic
from .model import Marks
from .standard import UNSTATED, MarkGroup, Option
# normalize: full-width/half-width and case folded, so `公开内容(要素)` matches `公开内容（要素）`.
from .suggest import closest, did_you_mean, fold as normalize

NULL_TAG = "tag:yaml.org,2002:null"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}


def slug_problem(slug: str, what: str) -> str | None:
    """Why `slug` cannot name a file on every system the site may be built or served on."""
    if not SLUG_PATTERN.match(slug):
        return f"{what}“{slug}”只能由小写英文字母、数字和连字符组成，例如 dibao-shenpi"
    if slug in WINDOWS_RESERVED:
        return f"{what}“{slug}”是 Windows 的保留名称，在 Windows 上无法保存；请改名"
    return None
ISO_DATE_PATTERN = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# Editors list choices the way Chinese text does: 县级、乡级 or 县级，乡级 (or one per line, as table cells do).
CHOICE_SEPARATORS = re.compile(r"[、，,；;\n]")


class FieldError(Exception):
    """A value that cannot be used; the message is shown to editors."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line  # where inside the value, when not at its start


def line_of(node: Node) -> int:
    return node.start_mark.line + 1


def end_line(node: Node) -> int:
    """The line that closes a mapping: for a front matter, its closing `---`. Missing fields are
    reported there, where they are to be added."""
    return max(line_of(node), node.end_mark.line + 1)


def describe(node: Node) -> str:
    if isinstance(node, SequenceNode):
        return "列表" if node.value else "空列表"
    if isinstance(node, MappingNode):
        return "键值映射"
    return f"“{node.value}”"


def scalar_text(node: Node, what: str) -> str:
    if not isinstance(node, ScalarNode):
        raise FieldError(f"{what}应为一段文本，实际为{describe(node)}")
    text = node.value.strip()
    if not text:
        raise FieldError(f"{what}不能为空")
    return text


def scalar_items(node: Node, what: str) -> list[ScalarNode]:
    """A single value or a list of values, as editors write either."""
    if isinstance(node, ScalarNode):
        return [node]
    if isinstance(node, SequenceNode):
        if not node.value:
            raise FieldError(f"{what}至少要有一项")
        for item in node.value:
            if not isinstance(item, ScalarNode):
                raise FieldError(f"{what}的每一项应为文本，实际有一项为{describe(item)}")
        return node.value
    raise FieldError(f"{what}应为文本或文本列表，实际为{describe(node)}")


class Nested:
    """A sub-mapping or list read by its own field table; kept as a node here."""

    def convert(self, node: Node, what: str) -> Node:
        return node


@dataclass(frozen=True)
class Records:
    """A list of mappings, each read by its own field table (`read_records`); kept as nodes here."""

    fields: tuple  # tuple[Field, ...]
    item: str  # what one item is called in messages, e.g. 问答

    def convert(self, node: Node, what: str) -> tuple[MappingNode, ...]:
        if not isinstance(node, SequenceNode) or not node.value:
            raise FieldError(f"{what}应为列表（每项以“- ”开头），至少一项，实际为{describe(node)}")
        return tuple(node.value)


class Text:
    def convert(self, node: Node, what: str) -> str:
        return scalar_text(node, what)


class Texts:
    """One text or a list of texts, kept as a tuple."""

    def convert(self, node: Node, what: str) -> tuple[str, ...]:
        return tuple(scalar_text(item, what) for item in scalar_items(node, what))


class Slug:
    def convert(self, node: Node, what: str) -> str:
        text = scalar_text(node, what)
        problem = slug_problem(text, what)
        if problem:
            raise FieldError(problem)
        return text


class Date:
    """Only YYYY-MM-DD: one documented format, so dates sort and compare reliably."""

    def convert(self, node: Node, what: str) -> date:
        text = unicodedata.normalize("NFKC", scalar_text(node, what))
        if not ISO_DATE_PATTERN.match(text):
            raise FieldError(f"{what}应为 YYYY-MM-DD 格式的日期（例如 2026-03-15），实际为“{text}”")
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise FieldError(f"{what}“{text}”不是实际存在的日期") from None


INDEX_NUMBER_PATTERN = re.compile(r"^[0-9A-Z]{9,18}/[0-9]{4}-[0-9]{5}$")


class IndexNumber:
    """索引号: `<organization code>/<year>-<serial>`, e.g. 000014349/2017-00110."""

    def convert(self, node: Node, what: str) -> str:
        text = unicodedata.normalize("NFKC", scalar_text(node, what)).upper()
        if not INDEX_NUMBER_PATTERN.match(text):
            raise FieldError(f"{what}应为“机构代码/年份-五位序号”，如 000014349/2017-00110，实际为“{text}”")
        return text


class IndexNumbers:
    """A list of 索引号, each kept with its line (a cleanup names its documents so, one a line)."""

    def convert(self, node: Node, what: str) -> tuple[tuple[str, int], ...]:
        one = IndexNumber()
        numbers = []
        for item in scalar_items(node, what):
            try:
                numbers.append((one.convert(item, what), line_of(item)))
            except FieldError as error:
                raise FieldError(str(error), line_of(item)) from None
        return tuple(numbers)


@dataclass(frozen=True)
class Integer:
    low: int
    high: int

    def convert(self, node: Node, what: str) -> int:
        text = scalar_text(node, what)
        digits = unicodedata.normalize("NFKC", text)
        if not digits.isascii() or not digits.isdigit() or len(digits) > 9 or not self.low <= int(digits) <= self.high:
            raise FieldError(f"{what}应为 {self.low} 到 {self.high} 之间的整数，实际为“{text}”")
        return int(digits)


@dataclass(frozen=True)
class Integers:
    low: int
    high: int

    def convert(self, node: Node, what: str) -> tuple[int, ...]:
        one = Integer(self.low, self.high)
        return tuple(sorted({one.convert(item, what) for item in scalar_items(node, what)}))


BRACKETS = {"（": "）", "(": ")", "【": "】", "[": "]", "《": "》", "〔": "〕", "“": "”", "‘": "’"}


def split_list(text: str, known: frozenset[str] = frozenset()) -> list[str]:
    """`县级、乡、村级` → 县级, 乡、村级 when 乡、村级 is `known` (normalized names).

    Splits at the separators Chinese lists use, but never inside brackets (其他（网站、公示栏）
    stays one item), and joins neighbouring pieces back wherever their joined text is a known
    name, taking the longest; so a declared label may itself contain a separator."""
    pieces: list[tuple[str, str]] = []  # (text, the separator after it)
    closing: list[str] = []
    current = ""
    for char in text:
        if closing and char == closing[-1]:
            closing.pop()
        elif char in BRACKETS:
            closing.append(BRACKETS[char])
        elif not closing and CHOICE_SEPARATORS.fullmatch(char):
            pieces.append((current, char))
            current = ""
            continue
        current += char
    pieces.append((current, ""))
    items, start = [], 0
    while start < len(pieces):
        end, joined, longest = start, pieces[start][0], start
        while end + 1 < len(pieces):
            joined += pieces[end][1] + pieces[end + 1][0]
            end += 1
            if normalize(joined) in known:
                longest = end
        items.append("".join(text + separator for text, separator in pieces[start:longest]) + pieces[longest][0])
        start = longest + 1
    return [item.strip() for item in items if item.strip()]


def list_texts(node: Node, what: str, known: frozenset[str] = frozenset()) -> list[str]:
    """The items of a list field, written as a YAML list or as one text separated by 、，;."""
    return [part for item in scalar_items(node, what) for part in split_list(scalar_text(item, what), known)]


@dataclass(frozen=True)
class Choices:
    """One or more of a fixed list of options; printed variants map to the option's name.
    Every value that is not an option is reported, in one message."""

    options: tuple[Option, ...]

    def convert(self, node: Node, what: str) -> tuple[str, ...]:
        by_name = {}
        for option in self.options:
            for name in (option.name, *option.variants):
                by_name.setdefault(normalize(name), option.name)
        texts = list_texts(node, what, frozenset(by_name))
        unknown = [text for text in texts if normalize(text) not in by_name]
        if unknown:
            values = "、".join(f"“{text}”" for text in unknown)
            names = [option.name for option in self.options]
            # A label that itself holds a 、 (乡、村级) would read as two options in a 、-joined list.
            allowed = "／".join(names) if any(CHOICE_SEPARATORS.search(name) for name in names) else "、".join(names)
            spellings = {name: option.name for option in self.options for name in (option.name, *option.variants)}
            hints = [hint if len(unknown) == 1 else f"“{text}”{hint}" for text in unknown if (hint := did_you_mean(text, spellings))]
            raise FieldError(f"{what}的值{values}不是可选项；{''.join(hints)}可选：{allowed}")
        chosen = {by_name[normalize(text)] for text in texts}
        return tuple(option.name for option in self.options if option.name in chosen)


@dataclass(frozen=True)
class MarkChoices:
    """The marked options of a mark group, or 未注明 / 不适用 where the agency's table marks none."""

    group: MarkGroup

    def convert(self, node: Node, what: str) -> Marks:
        if not self.group.options:
            raise FieldError(f"本领域的目录没有“{self.group.title}”一栏（catalog.yaml 的表头选项中{self.group.title}为空）；请删除这一行")
        texts = list_texts(node, what)
        if len(texts) == 1 and normalize(texts[0]) in {normalize(word) for word in UNSTATED}:
            return Marks(unstated=next(word for word in UNSTATED if normalize(word) == normalize(texts[0])))
        try:
            return Marks(chosen=Choices(self.group.options).convert(node, what))
        except FieldError as error:
            raise FieldError(f"{error}；没有标注的写“未注明”或“不适用”") from None


class OpenList:
    """A list whose items are free text (公开渠道和载体): the text as written, and its items."""

    def convert(self, node: Node, what: str) -> tuple[str, tuple[str, ...]]:
        if isinstance(node, ScalarNode):
            text = scalar_text(node, what)
            return text, tuple(split_list(text))
        items = tuple(scalar_text(item, what) for item in scalar_items(node, what))
        return "、".join(items), items


@dataclass(frozen=True)
class Choice:
    """Exactly one of a fixed list of options."""

    options: tuple[Option, ...]

    def convert(self, node: Node, what: str) -> str:
        chosen = Choices(self.options).convert(node, what)
        if len(chosen) != 1:
            raise FieldError(f"{what}只能选一项，实际为“{'、'.join(chosen)}”")
        return chosen[0]


@dataclass(frozen=True)
class Field:
    key: str  # canonical English key
    label: str  # the Chinese name editors see and may write
    kind: Any  # an object with convert(node, what)
    required: bool = True
    aliases: tuple[str, ...] = ()  # more accepted names
    not_future: bool = False  # a date that cannot lie after the day of the build

    @property
    def names(self) -> tuple[str, ...]:
        return (self.key, self.label, *self.aliases)


@dataclass
class FieldValues:
    """What `read_fields` found: converted values and the line of every key."""

    values: dict[str, Any]
    lines: dict[str, int]
    diagnostics: list[Diagnostic]
    text_lines: dict[str, int] = dataclass_field(default_factory=dict)  # where each scalar value's text begins

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def allowed_names(fields: tuple[Field, ...]) -> str:
    return "、".join(field.label if field.label == field.key else f"{field.label}（{field.key}）" for field in fields)


def read_fields(
    node: Node, fields: tuple[Field, ...], path: str, what: str, missing_line: int | None = None, today: date | None = None
) -> FieldValues:
    """Check a YAML mapping against `fields`: unknown, repeated, missing and bad values.

    A missing field is reported at `missing_line` (the closing `---` of a front matter, see
    `end_line`, or the parent key), not at whichever key happens to come first. An unknown key
    close to a field's name is reported once, with that name, not also as that field missing.
    `today` is the build's date, for fields that cannot be in the future.
    """
    found = FieldValues({}, {}, [])

    def report(line: int, message: str) -> None:
        found.diagnostics.append(Diagnostic(path, line, message))

    if not isinstance(node, MappingNode):
        report(line_of(node), f"{what}应为“名称: 值”形式的键值映射，实际为{describe(node)}")
        return found
    by_name = {normalize(name): field for field in fields for name in field.names}
    failed: set[str] = set()
    for key_node, value_node in node.value:
        key_text = key_node.value if isinstance(key_node, ScalarNode) else describe(key_node)
        field = by_name.get(normalize(str(key_text)))
        line = line_of(key_node)
        if field is None:
            meant = closest(str(key_text), {name: field.key for field in fields for name in field.names})
            if meant is not None:
                failed.add(meant)  # not reported again as missing
                report(line, f"未知字段“{key_text}”，是否应为“{next(f.label for f in fields if f.key == meant)}”？请改正字段名")
            else:
                report(line, f"未知字段“{key_text}”；{what}可用的字段有：{allowed_names(fields)}")
            continue
        if field.key in found.lines:
            report(line, f"字段“{field.label}”重复出现（第 {found.lines[field.key]} 行已写过）")
            continue
        found.lines[field.key] = line
        if isinstance(value_node, ScalarNode):
            # A block scalar (`|` or `>`) starts on the line after its indicator.
            found.text_lines[field.key] = line_of(value_node) + (1 if value_node.style in ("|", ">") else 0)
        if isinstance(value_node, ScalarNode) and value_node.tag == NULL_TAG:
            continue  # an empty value counts as missing
        try:
            value = field.kind.convert(value_node, f"“{field.label}”")
            if field.not_future and today is not None and value > today:
                raise FieldError(f"“{field.label}”{value.isoformat()}晚于今天（{today.isoformat()}），不能是将来的日期")
            found.values[field.key] = value
        except FieldError as error:
            failed.add(field.key)
            report(error.line or line_of(value_node), str(error))
    for field in fields:
        if not field.required or field.key in found.values or field.key in failed:
            continue
        options = f"；可选：{'、'.join(option.name for option in field.kind.options)}" if isinstance(field.kind, Choice) else ""
        if field.key in found.lines:
            report(found.lines[field.key], f"必填字段“{field.label}”（{field.key}）没有填写内容{options}")
        else:
            report(missing_line or line_of(node), f"缺少必填字段“{field.label}”（{field.key}）{options}")
    return found


def read_records(nodes: tuple[Node, ...], kind: Records, path: str, today: date | None = None) -> list[FieldValues]:
    """Each item of a `Records` field read by the kind's field table; every problem at its item's line."""
    return [read_fields(node, kind.fields, path, f"每一项{kind.item}", line_of(node), today) for node in nodes]
