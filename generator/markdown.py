"""A configured Python-Markdown converter for entry and document bodies."""

from __future__ import annotations

from typing import Callable

import markdown
from markdown.extensions.toc import TocExtension, slugify_unicode


def heading_id(value: str, separator: str) -> str:
    """Chinese headings keep their characters; the prefix keeps ids clear of the theme's own."""
    return "h-" + slugify_unicode(value, separator)


def markdown_converter() -> Callable[[str], str]:
    converter = markdown.Markdown(
        extensions=["tables", "sane_lists", "fenced_code", TocExtension(slugify=heading_id)],
        output_format="html",
    )

    def convert(text: str) -> str:
        converter.reset()
        return converter.convert(text)

    return convert
