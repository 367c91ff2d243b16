"""Property-based: any front matter and body, any attachments and theme overrides give a value (a site) or
diagnostics, never an exception."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE_SITES
from generator.body_checks import check_body
from generator.cli import main
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


# Attachments and theme overrides, through a whole build: exit 0 or 1 with `path:line` messages,
# never an exception; a failed build leaves the published site as it was.
NAME_PARTS = st.one_of(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=8),
                       st.sampled_from(["tongzhi", "附件一", "CON", "a b ", ".hidden", "~$lock", "index", "Form", "ｆｏｒｍ"]))
EXTENSIONS = st.sampled_from([".pdf", ".html", ".SVG", ".xml", ".docx", ".xlsx", ".zip", ".png", ".txt", ".md", ".yaml", "", ".mht", ".js"])
ATTACHMENTS = st.dictionaries(st.tuples(NAME_PARTS, EXTENSIONS).map("".join), st.binary(max_size=40), max_size=4)
TEMPLATE_PIECES = st.sampled_from(['{% extends "base.html" %}', "{% block main %}", "{% endblock %}", "{{ 1 // 0 }}", "{{ page.title }}",
                                   "{{ nothing }}", "{% include 'macros.html' %}", "{% include 'missing.html' %}", "{% for x in 3 %}{% endfor %}",
                                   "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "{{ site.name | upper }}", "{%", "}}", "<p>文字</p>",
                                   '{% extends "entry.html" %}', "{{ href('index.html') }}", "{{ 'x' ~ }}", "\x01"])
TEMPLATES = st.dictionaries(st.sampled_from(["home.html", "entry.html", "base.html", "domain.html", "404.html", "extra.html"]),
                            st.lists(TEMPLATE_PIECES, max_size=6).map("\n".join), max_size=3)
STATIC = st.dictionaries(st.sampled_from(["style.css", "logo.svg", "extra/a.js"]), st.binary(max_size=20), max_size=2)
DIAGNOSTIC_LINE = re.compile(r"^\S.*:\d+: (error|warning): \S")
DETAIL_LINE = re.compile(r"^    \S")  # a diagnostic's second line (the YAML parser's words): indented, never taken for one


def diagnostic_lines(lines: list[str]) -> bool:
    return all(DIAGNOSTIC_LINE.match(line) or (DETAIL_LINE.match(line) and number > 0) for number, line in enumerate(lines))


@pytest.fixture(scope="module")
def published_minimal_site(tmp_path_factory) -> Path:
    """The minimal site built once (in pytest's temporary folder, so that it is removed), copied for each example."""
    folder = tmp_path_factory.mktemp("fuzz-site") / "site"
    shutil.copytree(FIXTURE_SITES / "minimal", folder)
    assert main(["--site", str(folder), "--today", "2026-11-26", "--quiet", "--no-cache"]) == 0
    return folder


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(attachments={"\r.pdf": b""}, templates={}, static={})
@example(attachments={"tongzhi.yaml": "标题:\t通知\n".encode()}, templates={}, static={})
@example(attachments={}, templates={}, static={})
@given(attachments=ATTACHMENTS, templates=TEMPLATES, static=STATIC)
def test_any_attachments_and_theme_overrides_give_a_site_or_diagnostics(published_minimal_site, attachments, templates, static):
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        shutil.copytree(published_minimal_site, site, symlinks=True)
        published = {p.relative_to(site / "public").as_posix(): p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()}
        for name, data in attachments.items():
            (site / "content/rules" / name).write_bytes(data)
        catalog = site / "catalog.yaml"
        catalog.write_text(catalog.read_text(encoding="utf-8").replace("  base_url:", "  theme: fuzz\n  base_url:"), encoding="utf-8")
        for part, files in (("templates", templates), ("static", static)):
            for name, data in files.items():
                path = site / "themes/fuzz" / part / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        (site / "themes/fuzz/templates").mkdir(parents=True, exist_ok=True)
        errors = io.StringIO()
        with contextlib.redirect_stderr(errors):
            code = main(["--site", str(site), "--today", "2026-11-26", "--quiet", "--no-cache", "--jobs", "1"])
        lines = errors.getvalue().splitlines()
        assert code in (0, 1), errors.getvalue()
        after = {p.relative_to(site / "public").as_posix(): p.read_bytes() for p in (site / "public").rglob("*") if p.is_file()}
        if code == 1:
            assert lines and diagnostic_lines(lines[:-1]), errors.getvalue()
            assert after == published
        else:
            assert diagnostic_lines(lines), errors.getvalue()
            active = {".html", ".svg", ".xml", ".mht", ".js"}
            assert not [name for name in attachments if os.path.splitext(name)[1].lower() in active and f"xxgk/rules/{name}" in after]
