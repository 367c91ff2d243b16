"""A configured Python-Markdown converter for entry and document bodies."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Callable

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension, slugify_unicode
from markdown.treeprocessors import Treeprocessor

# Screen readers announce this name for each wide table's scroll box.
TABLE_REGION_LABEL = "表格{number}（可左右滚动）"


def heading_id(value: str, separator: str) -> str:
    """Chinese headings keep their characters; the prefix keeps ids clear of the theme's own."""
    return "h-" + slugify_unicode(value, separator)


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


class ScrollableTablesExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(ScrollableTables(md), "scrollable_tables", 5)


def markdown_converter() -> Callable[[str], str]:
    converter = markdown.Markdown(
        extensions=["tables", "sane_lists", "fenced_code", TocExtension(slugify=heading_id), ScrollableTablesExtension()],
        output_format="html",
    )

    def convert(text: str) -> str:
        converter.reset()
        return converter.convert(text)

    return convert
