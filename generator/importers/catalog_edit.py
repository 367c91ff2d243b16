"""`--update-catalog`: add to catalog.yaml what an imported table names and the file lacks, by
editing its text in place (inserting lines, or items into a `[…]` list), so that the editors'
comments and layout stay as they were. Each edit re-reads the text for the positions of the next."""

from __future__ import annotations

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..schema import normalize
from .entries import Additions
from .yaml_text import scalar

# Keys as catalog.yaml may write them; a key this module adds is written with the first (Chinese) name.
AGENCY, DOMAINS, SLUG = ("发布机构", "agency"), ("试点领域", "domains"), ("网址名", "slug")
DIRECTORY, LABELS, EXTRA_COLUMNS = ("标准目录", "directory"), ("表头选项", "labels"), ("自定义列", "extra_columns")
GROUP_KEYS = {"公开对象": ("公开对象", "audience"), "公开方式": ("公开方式", "mode"), "公开层级": ("公开层级", "level")}


def value_of(mapping: Node, names: tuple[str, ...]) -> tuple[ScalarNode, Node] | None:
    if not isinstance(mapping, MappingNode):
        return None
    wanted = {normalize(name) for name in names}
    return next(((k, v) for k, v in mapping.value if isinstance(k, ScalarNode) and normalize(k.value) in wanted), None)


def domain_node(text: str, slug: str) -> MappingNode:
    """The domain's mapping: under `agency:` in a one-agency site, at the top in a cluster."""
    top = yaml.compose(text, Loader=yaml.SafeLoader)
    agency = value_of(top, AGENCY)
    for item in value_of(agency[1] if agency else top, DOMAINS)[1].value:
        found = value_of(item, SLUG)
        if found and found[1].value == slug:
            return item
    raise LookupError(slug)


def end_of(node: Node) -> int:
    """Just after the node's last character (a block collection's end mark lies beyond its comments)."""
    if isinstance(node, ScalarNode) or node.flow_style or not node.value:
        return node.end_mark.index
    last = node.value[-1]
    return end_of(last[1] if isinstance(node, MappingNode) else last)


def insert_lines_after(text: str, node: Node, lines: list[str]) -> str:
    newline = text.find("\n", end_of(node))
    at = len(text) if newline < 0 else newline + 1
    head = text[:at] if text[:at].endswith("\n") or not text[:at] else text[:at] + "\n"
    return head + "".join(line + "\n" for line in lines) + text[at:]


def key_indent(mapping: MappingNode) -> str:
    return " " * mapping.value[0][0].start_mark.column


def item_indent(text: str, item: Node) -> str:
    """The indentation of a block sequence's `-`."""
    line_start = text.rfind("\n", 0, item.start_mark.index) + 1
    prefix = text[line_start:item.start_mark.index].rstrip()
    return " " * (len(prefix) - 1)


def flow_list(items: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(scalar(item, flow=True) for item in items) + "]"


def append_items(text: str, sequence: SequenceNode, items: list[str]) -> str:
    """`items` (YAML already) at the end of a `[…]` or a block list."""
    if sequence.flow_style:
        close = sequence.end_mark.index - 1
        glue = ", " if sequence.value else ""
        return text[:close] + glue + ", ".join(items) + text[close:]
    indent = item_indent(text, sequence.value[0])
    return insert_lines_after(text, sequence, [f"{indent}- {item}" for item in items])


def add_directory_item(text: str, slug: str, l1: str, l2s: tuple[str, ...]) -> str:
    directory = value_of(domain_node(text, slug), DIRECTORY)[1]
    for item in directory.value:
        key = item if isinstance(item, ScalarNode) else item.value[0][0]
        if normalize(key.value) != normalize(l1):
            continue
        if isinstance(item, ScalarNode):  # - 部门文件  →  - 部门文件: [新的二级事项]
            start, end = item.start_mark.index, item.end_mark.index
            return text[:start] + text[start:end] + ": " + flow_list(l2s) + text[end:]
        return append_items(text, item.value[0][1], [scalar(l2, flow=True) for l2 in l2s])
    entry = scalar(l1, flow=directory.flow_style) + (": " + flow_list(l2s) if l2s else "")
    return append_items(text, directory, ["{" + entry + "}" if directory.flow_style and l2s else entry])


def set_list(text: str, mapping: MappingNode, names: tuple[str, ...], items: tuple[str, ...]) -> str:
    """`name: [items]`: the existing value replaced, or a new line at the end of `mapping`."""
    found = value_of(mapping, names)
    if found is None:
        return insert_lines_after(text, mapping, [f"{key_indent(mapping)}{names[0]}: {flow_list(items)}"])
    value = found[1]
    return text[:value.start_mark.index] + flow_list(items) + text[end_of(value):]


def set_labels(text: str, slug: str, group: str, labels: tuple[str, ...]) -> str:
    """The domain's `表头选项` for one group (the groups it does not name keep the agency's labels)."""
    domain = domain_node(text, slug)
    found = value_of(domain, LABELS)
    if found is None:
        indent = key_indent(domain)
        return insert_lines_after(text, domain, [f"{indent}{LABELS[0]}:", f"{indent}  {group}: {flow_list(labels)}"])
    return set_list(text, found[1], GROUP_KEYS[group], labels)


def update_catalog(text: str, slug: str, additions: Additions, current_extras: tuple[str, ...]) -> str:
    """catalog.yaml's text with the additions made to the domain `slug`; `current_extras` are the
    domain's extra columns now (its own, or the agency's), which a list of its own replaces."""
    for l1, l2s in additions.items:
        text = add_directory_item(text, slug, l1, l2s)
    for group, labels in additions.labels:
        text = set_labels(text, slug, group, labels)
    if additions.extra_columns:
        text = set_list(text, domain_node(text, slug), EXTRA_COLUMNS, (*current_extras, *additions.extra_columns))
    return text
