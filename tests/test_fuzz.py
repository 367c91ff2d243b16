"""Property-based: any front matter and any body give an entry or diagnostics, never an exception."""

from __future__ import annotations

from datetime import date

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.body_checks import check_body
from generator.load import parse_document
from generator.markdown import BodyRenderer
from generator.model import DirectoryItem, DomainSpec
from generator.annual_report import read_report
from generator.validate import ENTRY_FIELDS, validate_consultation, validate_document, validate_entry

DOMAIN = DomainSpec("social-assistance", "社会救助", (DirectoryItem("最低生活保障", ("低保标准", "低保申请审批")), DirectoryItem("临时救助")))
KEYS = [name for field in ENTRY_FIELDS for name in field.names] + ["类别", "年度", "发布日期", "领域", "x"]
SCALARS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["主动", "依申请", "县级、乡级", "2026-02-30", "2026-03-15", "２０２６-０３-１５", "全社会", "政府网站", "index", "con", "", "~", "null"]),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.dates().map(str),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=3)), max_leaves=8)
FRONT_MATTER = st.one_of(
    st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=14).map(lambda data: yaml.safe_dump(data, allow_unicode=True)),
    st.text(max_size=200),
)
MARKDOWN_PIECES = st.sampled_from(["# 标题", "## 小节", "#### 跳级", "![](a.png)", "![图](a.png)", "[点击这里](x.md)", "[表](../rules/a.md#b)",
                                   "| a | b |\n|---|---|\n| 1 | 2 |", "| | |\n|--|--|", "<script>x</script>", "<img src=//e/x.png>", "```", "`code`",
                                   "> 引用", "- 列表", "[", "]", "---", "<table><tr><td>1</td></tr></table>", "正文。"])
BODIES = st.one_of(st.text(max_size=300), st.lists(MARKDOWN_PIECES, max_size=12).map("\n\n".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matter=FRONT_MATTER, body=BODIES)
def test_any_input_gives_a_value_or_diagnostics(front_matter, body):
    text = f"---\n{front_matter}\n---\n{body}"
    raw, problems = parse_document(text, "content/social-assistance/fuzz.md", "fuzz")
    if raw is None:
        assert problems
        return
    today = date(2026, 11, 26)
    checks = (
        lambda r: validate_entry(r, DOMAIN, today),
        lambda r: validate_document(r, "statutory", frozenset({"social-assistance"}), today),
        lambda r: read_report(r, today),
    )
    for validate in checks:
        value, problems = validate(raw)
        assert (value is None) == bool(problems)
    validate_consultation(raw, frozenset({"social-assistance"}), today)
    check_body(raw.body, raw.path, raw.body_line)
    renderer = BodyRenderer({"social-assistance/a.png": "catalog/social-assistance/a.png"})
    html, problems = renderer.render(raw.body, raw.path, raw.body_line, "catalog/social-assistance/fuzz.html")
    assert "<script" not in html
