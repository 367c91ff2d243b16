"""Checks on Markdown bodies that keep every page accessible, so editors cannot
break it by accident: images need a text alternative, tables a header row,
headings must not skip a level (the page title is the only h1), and link texts
must make sense out of context.

The checks read the Markdown source line by line (outside fenced code) so that
each problem is reported at its own line in the file.
"""

from __future__ import annotations

import re

from .diagnostics import ERROR, WARNING, Diagnostic

FENCE = re.compile(r"^\s{0,3}(```|~~~)")
INLINE_CODE = re.compile(r"`+[^`]*`+")
ATX_HEADING = re.compile(r"^\s{0,3}(#{1,6})(?:\s|$)")
SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
# Every pattern stops at the next bracket or tag (or after a bounded stretch), so none of them is
# quadratic in a line full of unmatched "[" or "<a".
MARKDOWN_IMAGE = re.compile(r"!\[([^\[\]]*)\]\(")
HTML_IMAGE = re.compile(r"<img\b[^<>]*>", re.IGNORECASE)
HTML_ALT = re.compile(r"\balt\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE)
TABLE_DELIMITER = re.compile(r"^\s*(?:\|\s*)?:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")  # no two \s* side by side: linear
HTML_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
HTML_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
HTML_HEADER_CELL = re.compile(r"<th\b", re.IGNORECASE)
MARKDOWN_LINK_TEXT = re.compile(r"(?<!!)\[([^\[\]]*)\]\(")
HTML_LINK_TEXT = re.compile(r"<a\b[^<>]*>([^<]{0,300}?)</a\s*>", re.IGNORECASE)
VAGUE_LINK_TEXTS = {"点击这里", "点击此处", "点这里", "点此", "这里", "此处", "详情", "更多", "链接", "click here", "here", "more"}


def source_lines(body: str, first_line: int):
    """(file line, text) of every line outside fenced code blocks."""
    fenced = False
    for offset, text in enumerate(body.split("\n")):
        if FENCE.match(text):
            fenced = not fenced
            continue
        if not fenced:
            yield first_line + offset, INLINE_CODE.sub("", text)


# Python-Markdown scans a paragraph's text again after every inline match, so a paragraph costs the square
# of its markup characters (200,000 "*_" take minutes, 5,000 "[" several seconds). Above this many in one
# paragraph, list item, table row or HTML line, the body is refused before it is converted.
MAX_MARKUP = 2000
MARKUP_CHARACTERS = "*_[`\\<"
BLOCK_START = re.compile(r"^\s*(?:[|#><]|[-+*]\s|\d+[.)]\s)")


def dense_markup(body: str, path: str, first_line: int) -> list[Diagnostic]:
    """The paragraphs (or list items, table rows, HTML lines) with more than MAX_MARKUP markup characters."""
    problems: list[Diagnostic] = []
    count, start, fenced = 0, 0, False
    for offset, text in enumerate([*body.split("\n"), ""]):
        if FENCE.match(text):
            fenced = not fenced
        if fenced or FENCE.match(text) or not text.strip() or BLOCK_START.match(text):
            if count > MAX_MARKUP:
                message = (f"这一段有 {count} 个标记符号（* _ [ ` \\ <），超过上限 {MAX_MARKUP} 个，转换会极慢；"
                           "请用空行把它分成几段，或检查是否误粘贴了大量符号")
                problems.append(Diagnostic(path, first_line + start, message))
            count, start = 0, offset + (not text.strip())
        if not fenced:
            count += sum(text.count(character) for character in MARKUP_CHARACTERS)
    return problems


# The sanitiser (html5ever, in native code that no time limit can stop) takes the square of the nesting depth of
# block containers: 40,000 nested <div> take seconds, 50,000 minutes. Real documents nest a few levels.
MAX_HTML_DEPTH = 100
NESTING_TAG = re.compile(r"<(/?)(div|blockquote|section|article|aside|nav|header|footer|main|figure|ul|ol|dl|details|"
                         r"fieldset|form|center)\b[^<>]*>", re.IGNORECASE)


TOO_DEEP = f"HTML 标签嵌套超过 {MAX_HTML_DEPTH} 层，无法安全转换；请检查是否缺少结束标签（如 </div>），或列表、引用是否嵌套过深"


def too_deep(html: str) -> int | None:
    """Where in `html` (a body, or the HTML made from it) the nesting first goes past MAX_HTML_DEPTH."""
    depth = 0
    for match in NESTING_TAG.finditer(html):
        depth = max(depth - 1, 0) if match[1] else depth + 1
        if depth > MAX_HTML_DEPTH:
            return match.start()
    return None


def deep_html(body: str, path: str, first_line: int) -> list[Diagnostic]:
    offset = too_deep(body)
    return [] if offset is None else [Diagnostic(path, first_line + body.count("\n", 0, offset), TOO_DEEP)]


def too_costly(body: str, path: str, first_line: int) -> list[Diagnostic]:
    """What would make converting or sanitising the body stall the build: refused before either runs."""
    return dense_markup(body, path, first_line) + deep_html(body, path, first_line)


def check_body(body: str, path: str, first_line: int, enclosing_level: int = 1) -> list[Diagnostic]:
    """`enclosing_level` is the heading the body sits under: the page's h1, or a section's h2."""
    problems = too_costly(body, path, first_line)
    if problems:
        return problems  # the line checks below would be slow too, and the body cannot be published anyway
    lines = list(source_lines(body, first_line))
    previous_level = enclosing_level
    html_table_line = None
    html_table_has_header = False
    for index, (line, text) in enumerate(lines):
        level = heading_level(lines, index)
        if level is not None:
            if level == 1:
                problems.append(Diagnostic(path, line, "正文中不能使用一级标题（#）：页面标题已是一级标题，正文小标题请从 ## 开始", WARNING))
            elif level > previous_level + 1:
                message = f"标题层级跳级：从 {'#' * previous_level} 直接到了 {'#' * level}；请依次使用 ##、###"
                problems.append(Diagnostic(path, line, message, WARNING))
            previous_level = max(level, enclosing_level + 1)
        for alt in MARKDOWN_IMAGE.findall(text):
            if not alt.strip():
                problems.append(Diagnostic(path, line, "图片缺少替代文字：请写成 ![图片内容的说明](文件名)", ERROR))
        for tag in HTML_IMAGE.findall(text):
            alt = HTML_ALT.search(tag)
            if alt is None:
                problems.append(Diagnostic(path, line, "图片缺少 alt 属性：请写明图片内容；纯装饰图片写 alt=\"\"", ERROR))
        for link_text in MARKDOWN_LINK_TEXT.findall(text) + HTML_LINK_TEXT.findall(text):
            if link_text.strip().casefold() in VAGUE_LINK_TEXTS or not link_text.strip():
                message = f"链接文字“{link_text.strip()}”看不出链接到哪里；请写明目标，例如“2026年区级预算表（PDF）”"
                problems.append(Diagnostic(path, line, message, WARNING))
        if TABLE_DELIMITER.match(text) and "-" in text and index > 0 and "|" in lines[index - 1][1] + text:
            header_cells = [cell.strip() for cell in lines[index - 1][1].strip().strip("|").split("|")]
            if not any(header_cells):
                problems.append(Diagnostic(path, lines[index - 1][0], "表格缺少表头：第一行应写明各列的名称", ERROR))
        if HTML_TABLE_OPEN.search(text):
            html_table_line, html_table_has_header = line, False
        if html_table_line is not None and HTML_HEADER_CELL.search(text):
            html_table_has_header = True
        if html_table_line is not None and HTML_TABLE_CLOSE.search(text):
            if not html_table_has_header:
                problems.append(Diagnostic(path, html_table_line, "表格缺少表头：请用 <th> 写明各列或各行的名称", ERROR))
            html_table_line = None
    return problems


def heading_level(lines: list[tuple[int, str]], index: int) -> int | None:
    text = lines[index][1]
    atx = ATX_HEADING.match(text)
    if atx:
        return len(atx.group(1))
    following = lines[index + 1][1] if index + 1 < len(lines) else ""
    if text.strip() and not text.lstrip().startswith(("|", "-", "*", ">")) and SETEXT_UNDERLINE.match(following):
        if following.strip().startswith("=") or len(following.strip()) >= 2:
            return 1 if following.strip().startswith("=") else 2
    return None
