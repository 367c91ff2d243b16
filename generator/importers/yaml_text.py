"""YAML scalars that read back as exactly the text given, whatever it contains (【】、：, #, quotes,
a leading symbol, line breaks): the plainest form that round-trips, else a double-quoted one."""

from __future__ import annotations

import json
import re

import yaml

# Characters YAML does not allow as they are, or reads as line breaks, inside a quoted scalar (JSON escapes the rest).
YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def reads_back(rendered: str, text: str, flow: bool) -> bool:
    document = f"k: [{rendered}]" if flow else f"k: {rendered}"
    try:
        value = yaml.safe_load(document)["k"]
    except yaml.YAMLError:
        return False
    return value == ([text] if flow else text)


def quoted(text: str) -> str:
    """A JSON string is a YAML double-quoted scalar."""
    return YAML_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", json.dumps(text, ensure_ascii=False))


def scalar(text: str, flow: bool = False) -> str:
    """One line of text as a plain scalar when that reads back the same, else quoted; `flow` for an item of `[…]`."""
    if "\n" not in text and not YAML_UNSAFE.search(text) and reads_back(text, text, flow):
        return text
    return quoted(text)


def value(text: str, indent: str = "  ") -> str:
    """A mapping value: text with line breaks as a literal block (`|-`), the line breaks kept as typed."""
    if "\n" not in text or YAML_UNSAFE.search(text):
        return scalar(text)
    indicator = "|2-" if text.startswith(" ") else "|-"
    block = indicator + "".join("\n" + (indent + line if line else "") for line in text.split("\n"))
    return block if reads_back(block, text, False) else quoted(text)
