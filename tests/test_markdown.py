"""The fast path of the Markdown conversion (texts no inline pattern can match are not given to the inline
processor, escapes are put back only where there are some) gives the HTML plain Python-Markdown gives."""

from __future__ import annotations

import re

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor, UnescapeTreeprocessor
from markdown.util import AtomicString

from generator.markdown import EXTENSIONS, BodyExtension, first_characters, markup_characters


def fast_converter() -> markdown.Markdown:
    return markdown.Markdown(extensions=[*EXTENSIONS, BodyExtension()], output_format="html")


def plain_converter() -> markdown.Markdown:
    """The same extensions with Python-Markdown's own steps only."""
    md = fast_converter()
    md.treeprocessors.deregister("plain_texts")
    md.treeprocessors.register(UnescapeTreeprocessor(md), "unescape", 0)
    return md


TRICKY = [
    "纯中文段落，没有任何标记符号。第二句：数字 2024 年、45.6%。",
    "| 镇（街道） | 受理件数 |\n|:---|---:|\n| 新丰镇 | *153* |\n| 柳河\\|镇 | `540` |\n| **北塘镇** | [链接](a.md) |\n",
    "[申请表](../rules/tiaoli.md \"标题\")和[参考][ref]、[ref]\n\n[ref]: https://example.gov.cn/a?b=1&c=2\n",
    "![图片说明](a.png) 和 ![][img]\n\n[img]: b.png\n",
    "*强调* _强调_ **加粗** __加粗__ ***两者*** 中文_下划线_中文 a_b_c 2*3*4 * 单独 *",
    "未闭合的 **加粗 和 *强调",
    "代码 `a*b_c` 和 ``含`反引号`` 以及 \\`不是代码\\`",
    "```\n*不是强调* <b>不是标签</b> &amp;\n```\n\n    缩进代码 *x*\n",
    "实体 &amp; &copy; &#123; &#x4e00; &nbsp; 裸的 & 和 A&B 以及 &notanentity",
    "小于号 < 和大于号 > 以及 a<b 和 <b>粗体</b> <span class=\"x\">文字</span> <!-- 注释 -->",
    "<div>\n原始 *HTML* 块\n</div>\n\n段落",
    "转义 \\* \\_ \\\\ \\` \\[ \\] \\# \\! \\< \\& 中文\\中文",
    "自动链接 <https://www.example.gov.cn/a_b?c=1&d=2> 和 <xxgk@example.gov.cn>",
    "行末两个空格  \n换行，行末一个空格 \n不换行\t制表符",
    "## 标题 *带强调*\n\n## 标题 *带强调*\n\n### 标题 &amp; 实体\n\n#### `代码`标题\n",
    "1. 第一项\n2. 第二项 *强调*\n\n- 子项\n- 子项 [链接](a.md)\n\n3) 第三项\n",
    "> 引用 *强调*\n> 第二行\n\n---\n\n***\n",
    "全角字符：ＡＢＣ１２３＊＿［］！＜＆　全角空格",
    "标题一\n===\n\n标题二\n---\n",
    "网址 https://www.example.gov.cn/a_b_c 不加尖括号，邮箱 a_b@example.gov.cn",
    "",
    "   \n\n  ",
]


@pytest.mark.parametrize("body", TRICKY)
def test_the_fast_path_gives_the_html_of_plain_python_markdown(body):
    assert fast_converter().convert(body) == plain_converter().convert(body)


def test_one_converter_reset_between_bodies_gives_each_its_own_html():
    fast = fast_converter()
    for body in TRICKY + TRICKY[::-1]:
        fast.reset()
        assert fast.convert(body) == plain_converter().convert(body)


MARKUP_ALPHABET = st.sampled_from([*"*_[]()!<>&\\`#|-:. \n\t\"'=/", "中", "文", "，", "。", "a", "1", "https://", "&amp;", "\n\n"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.lists(MARKUP_ALPHABET, max_size=60).map("".join))
def test_any_mix_of_markup_and_prose_gives_the_same_html(body):
    assert fast_converter().convert(body) == plain_converter().convert(body)


def test_the_markup_characters_are_those_the_enabled_inline_patterns_begin_with():
    """Derived from the patterns: if Python-Markdown or an extension adds one, this set changes with it."""
    assert set(markup_characters(fast_converter()).pattern[1:-1].replace("\\", "")) | {"\\"} == set("\x02\\`[!< &*_")


class SeenTexts(Treeprocessor):
    """In place of the inline processor: what it would be given."""

    def run(self, root):
        self.texts = [(element.text, isinstance(element.text, AtomicString)) for element in root.iter("p")]


def test_only_texts_without_markup_characters_are_left_out_of_inline_processing():
    md = fast_converter()
    seen = SeenTexts(md)
    md.treeprocessors.register(seen, "inline", 20)
    md.convert("纯中文段落。\n\n有*强调*的段落\n\n有空格 的段落")
    assert seen.texts == [("纯中文段落。", True), ("有*强调*的段落", False), ("有空格 的段落", False)]


@pytest.mark.parametrize("pattern, characters", [
    (r"ab", {"a"}),
    (r"(?:x)?y", {"x", "y"}),
    (r"(?<=\s)\*|_{1,3}", {"*", "_"}),
    (r"[a-c]d", {"a", "b", "c"}),
    (r"^(?=`)`+", {"`"}),
    (r"(?>&)", {"&"}),
    (r"a*", None),  # may match nothing: anywhere
    (r".", None),
    (r"\s", None),
    (r"[^a]", None),
    (r"(?i)a", None),
    (r"(?i:a)b", None),
    (r"(a)\1", {"a"}),
    (r"(a?)\1b", None),  # a back-reference: not followed
])
def test_the_characters_a_match_can_begin_with(pattern, characters):
    expected = None if characters is None else frozenset(characters)
    assert first_characters(re.compile(pattern)) == expected


def test_an_inline_pattern_whose_characters_cannot_be_listed_turns_the_fast_path_off():
    md = fast_converter()
    md.inlinePatterns.register(InlineProcessor(r"(.)x"), "any", 1)
    assert markup_characters(md) is None
    body = "纯中文段落。"
    assert md.convert(body) == plain_converter().convert(body)
