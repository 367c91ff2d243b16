"""Accessibility checks on Markdown bodies, reported at the body's own line in the file."""

from __future__ import annotations

from conftest import copy_site
from generator.body_checks import check_body


def messages(body: str) -> list[str]:
    return [str(d) for d in check_body(body, "a.md", 10)]


def test_clean_body_passes():
    body = "引言。\n\n## 一、概况\n\n### （一）数据\n\n| 项目 | 数量 |\n| --- | --- |\n| 甲 | 1 |\n\n![青禾区位置示意图](map.png)\n\n## 二、说明\n"
    assert messages(body) == []


def test_image_without_alt_text_is_an_error():
    assert messages("文字\n\n![](map.png)\n<img src=\"a.png\">\n<img src=\"b.png\" alt=\"\">\n") == [
        "a.md:12: error: 图片缺少替代文字：请写成 ![图片内容的说明](文件名)",
        "a.md:13: error: 图片缺少 alt 属性：请写明图片内容；纯装饰图片写 alt=\"\"",
    ]


def test_table_without_header_is_an_error():
    assert messages("| | |\n|---|---|\n| a | b |\n\n<table>\n<tr><td>1</td></tr>\n</table>\n") == [
        "a.md:10: error: 表格缺少表头：第一行应写明各列的名称",
        "a.md:14: error: 表格缺少表头：请用 <th> 写明各列或各行的名称",
    ]


def test_skipped_heading_levels_and_h1_are_warnings():
    assert messages("# 标题\n\n## 甲\n\n#### 乙\n\n丙\n===\n") == [
        "a.md:10: warning: 正文中不能使用一级标题（#）：页面标题已是一级标题，正文小标题请从 ## 开始",
        "a.md:14: warning: 标题层级跳级：从 ## 直接到了 ####；请依次使用 ##、###",
        "a.md:16: warning: 正文中不能使用一级标题（#）：页面标题已是一级标题，正文小标题请从 ## 开始",
    ]


def test_first_heading_may_not_skip_to_h3():
    assert messages("### 甲\n") == ["a.md:10: warning: 标题层级跳级：从 # 直接到了 ###；请依次使用 ##、###"]


def test_fenced_code_is_not_checked():
    assert messages("```\n# 不是标题\n![](x.png)\n```\n") == []


def test_line_numbers_are_file_lines_and_strict_makes_warnings_errors(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    entry = site / "content/social-assistance/dibao-shenpi.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("## 办理流程", "#### 办理流程"), encoding="utf-8")
    warning = "content/social-assistance/dibao-shenpi.md:21: warning: 标题层级跳级：从 ## 直接到了 ####；请依次使用 ##、###"
    result = run_build("--site", site, "--quiet")
    assert (result.code, result.diagnostics) == (0, [warning])
    strict = run_build("--site", site, "--strict")
    assert (strict.code, strict.diagnostics) == (1, [warning.replace("warning", "error")])


def test_link_texts_must_say_where_they_go():
    assert messages("详见[点击这里](a.pdf)，或[2026年预算表（PDF）](b.pdf)。\n<a href=\"c.html\">更多</a>\n") == [
        "a.md:10: warning: 链接文字“点击这里”看不出链接到哪里；请写明目标，例如“2026年区级预算表（PDF）”",
        "a.md:11: warning: 链接文字“更多”看不出链接到哪里；请写明目标，例如“2026年区级预算表（PDF）”",
    ]


def test_inline_code_is_not_checked():
    assert messages("图片写成 `![](x.png)` 会报错。\n") == []
