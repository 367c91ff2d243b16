"""URLs and theme overrides."""

from __future__ import annotations

import pytest

from conftest import copy_site, tree
from generator.urls import relative_url


@pytest.mark.parametrize(
    "origin, target, expected",
    [
        ("index.html", "catalog/index.html", "catalog/index.html"),
        ("catalog/social-assistance/dibao.html", "index.html", "../../index.html"),
        ("catalog/social-assistance/dibao.html", "catalog/social-assistance/index.html", "index.html"),
        ("xxgk/rules/a.html", "catalog/x/index.html", "../../catalog/x/index.html"),
    ],
)
def test_relative_url(origin, target, expected):
    assert relative_url(origin, target) == expected


def test_a_site_theme_overrides_single_templates_and_static_files(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    catalog = site / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("  base_url:", "  theme: district\n  base_url:"), encoding="utf-8")
    templates = site / "themes/district/templates"
    templates.mkdir(parents=True)
    (templates / "home.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>本区首页</h1>{% endblock %}', encoding="utf-8"
    )
    (site / "themes/district/static").mkdir()
    (site / "themes/district/static/logo.svg").write_text("<svg/>", encoding="utf-8")
    assert run_build("--site", site, "--quiet").code == 0
    output = tree(site / "public")
    assert "<h1>本区首页</h1>" in output["index.html"].decode()
    assert "<footer" in output["index.html"].decode()  # inherited from the default base.html
    assert "static/logo.svg" in output and "static/style.css" in output
    assert "公开事项标准目录" in output["catalog/index.html"].decode()  # untouched pages use the default theme


def test_template_errors_are_reported_at_their_line(tmp_path, run_build):
    """StrictUndefined: a template that names a missing variable fails the build, like bad content."""
    site = copy_site("minimal", tmp_path / "site")
    catalog = site / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("  base_url:", "  theme: broken\n  base_url:"), encoding="utf-8")
    (site / "themes/broken/templates").mkdir(parents=True)
    (site / "themes/broken/templates/home.html").write_text("<p>\n{{ no_such_variable }}", encoding="utf-8")
    (site / "themes/broken/templates/column.html").write_text("{% if %}", encoding="utf-8")
    (site / "themes/broken/templates/guide.html").write_text("<p>\n\n{{ None|time_tag }}", encoding="utf-8")
    result = run_build("--site", site)
    assert result.code == 1
    assert result.diagnostics == [
        "themes/broken/templates/column.html:1: error: 模板错误：Expected an expression, got 'end of statement block'",
        "themes/broken/templates/guide.html:3: error: 模板错误：'NoneType' object has no attribute 'isoformat'",
        "themes/broken/templates/home.html:2: error: 模板错误：'no_such_variable' is undefined",
    ]
    assert not (site / "public").exists()
