"""The build as a whole: determinism, atomic publishing, options and exit codes."""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURE_SITES, copy_site, tree

from generator import write

ENTRY = "content/social-assistance/dibao-shenpi.md"


def test_two_builds_are_byte_identical(tmp_path, run_build):
    for name in ("one", "two"):
        assert run_build("--site", FIXTURE_SITES / "minimal", "--output", tmp_path / name).code == 0
    first, second = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert first and first == second


def test_a_failed_build_leaves_the_published_site_untouched(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    assert run_build("--site", site).code == 0
    published = tree(site / "public")
    entry = site / ENTRY
    entry.write_text(entry.read_text(encoding="utf-8").replace("公开方式: 主动", "公开方式: 自愿"), encoding="utf-8")
    result = run_build("--site", site)
    assert result.code == 1
    assert "public 未改动" in result.err
    assert tree(site / "public") == published
    assert sorted(p.name for p in site.iterdir()) == [".cache", ".public.lock", "catalog.yaml", "content", "public"]


def test_a_build_interrupted_while_writing_keeps_the_old_site(tmp_path, run_build, monkeypatch):
    site = copy_site("minimal", tmp_path / "site")
    assert run_build("--site", site).code == 0
    published = tree(site / "public")
    (site / ENTRY).write_text((site / ENTRY).read_text(encoding="utf-8").replace("申请条件", "申请条件（新）"), encoding="utf-8")
    original_write_file = write.write_file
    writes = 0

    def fail_after_three_files(target, data):
        nonlocal writes
        writes += 1
        if writes > 3:
            raise OSError(28, "No space left on device")
        return original_write_file(target, data)

    monkeypatch.setattr(write, "write_file", fail_after_three_files)
    result = run_build("--site", site)
    monkeypatch.undo()
    assert writes > 3
    assert result.code == 3
    assert "build.py:1: error: 文件读写失败（磁盘空间不足）" in result.err
    assert tree(site / "public") == published
    assert sorted(p.name for p in site.iterdir()) == [".cache", ".public.lock", "catalog.yaml", "content", "public"]


def test_a_successful_rebuild_replaces_the_whole_tree(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    assert run_build("--site", site).code == 0
    (site / "public" / "stale.html").write_text("old", encoding="utf-8")
    assert run_build("--site", site).code == 0
    assert not (site / "public" / "stale.html").exists()


def test_base_url_option_overrides_catalog_yaml(tmp_path, run_build):
    assert run_build("--site", FIXTURE_SITES / "minimal", "--output", tmp_path / "out", "--base-url", "https://gk.example.org/sub").code == 0
    page = (tmp_path / "out" / "catalog" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://gk.example.org/sub/catalog/index.html">' in page


def test_bad_base_url_option_is_a_usage_error(tmp_path, run_build):
    with pytest.raises(SystemExit) as exit_info:
        run_build("--site", FIXTURE_SITES / "minimal", "--output", tmp_path / "out", "--base-url", "example.org")
    assert exit_info.value.code == 2


@pytest.mark.parametrize("output", [".", "..", "content/out", "themes/out"])
def test_output_folder_that_would_destroy_sources_is_refused(tmp_path, run_build, output):
    site = copy_site("minimal", tmp_path / "site")
    before = tree(site)
    result = run_build("--site", site, "--output", site / output)
    assert result.code == 2
    assert "build.py: 错误：输出文件夹" in result.err
    assert tree(site) == before


def test_warnings_are_printed_and_strict_makes_them_errors(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    for report in (site / "content/annual-reports").iterdir():
        report.unlink()
    warnings = [
        "catalog.yaml:16: warning: 栏目“政府信息公开工作年度报告”（content/annual-reports/）还没有内容",
        "content/annual-reports/:1: warning: 网站检查：政府信息公开工作年度报告：2025 年度政府信息公开工作年度报告应在 "
        "2026-03-31 前发布，至今没有；请运行 python build.py new-report 2025 新建并填写",
    ]
    result = run_build("--site", site)
    assert result.code == 0
    assert result.diagnostics == warnings
    assert "2 个警告" in result.out
    strict = run_build("--site", site, "--output", tmp_path / "strict", "--strict")
    assert strict.code == 1
    # Every warning is an error, but the inspection's scored finding (it costs points, it does not fail a site).
    assert strict.diagnostics == [warnings[0].replace("warning", "error", 1), warnings[1]]
    assert not (tmp_path / "strict").exists()


def test_quiet_prints_nothing_on_success(tmp_path, run_build):
    result = run_build("--site", FIXTURE_SITES / "minimal", "--output", tmp_path / "out", "--quiet")
    assert (result.code, result.out, result.err) == (0, "", "")


STAGE_LINE = r"^(\S+)：\d+\.\d\d 秒$"


def test_verbose_times_each_stage_in_the_order_data_flows(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    first = run_build("--site", site, "--verbose")
    assert first.code == 0
    assert re.findall(STAGE_LINE, first.err, re.M) == ["读取文件", "校验文件", "汇编各单位", "汇编门户", "规划页面", "渲染页面", "发布网站"]
    assert "需重新生成 27 个页面，0 个文件未变\n" in first.err
    again = run_build("--site", site, "--verbose")  # nothing changed: told from the files' statuses, nothing read
    assert re.findall(STAGE_LINE, again.err, re.M) == ["核对文件状态（没有变化）"]


def test_two_entries_with_one_title_under_one_item_are_a_warning(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    original = (site / ENTRY).read_text(encoding="utf-8")
    (site / "content/social-assistance/dibao-shenpi-copy.md").write_text(original, encoding="utf-8")
    (site / "content/social-assistance/dibao-shenpi-2027.md").write_text(
        original.replace("---\n一级事项", "---\n标题: 2027年低保申请审批\n一级事项"), encoding="utf-8")
    result = run_build("--site", site, "--quiet")
    assert result.code == 0
    assert result.diagnostics == [
        "content/social-assistance/dibao-shenpi.md:3: warning: 事项“最低生活保障、低保申请审批”下已有同名条目“低保申请审批”"
        "（content/social-assistance/dibao-shenpi-copy.md）；请确认是否重复"
    ]


def test_the_summary_says_how_many_pages_were_rendered_and_how_many_kept(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    output = site / "public"
    first = run_build("--site", site)
    assert first.out.startswith(f"已生成网站 {output}：渲染全部 27 个页面（共 63 个文件）；0 个警告，用时 ")
    again = run_build("--site", site)
    assert again.out.startswith(f"网站 {output} 已是最新：27 个页面都没有变化，未重新渲染；0 个警告，用时 ")
    entry = site / "content/social-assistance/linshi-jiuzhu.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("先行救助", "先行救助（修订）"), encoding="utf-8")
    edited = run_build("--site", site)
    assert edited.out.startswith(f"已生成网站 {output}：渲染 8 个页面，19 个页面没有变化、沿用（共 27 个页面、63 个文件）；0 个警告，用时 ")


def test_a_markdown_file_with_an_upper_case_extension_is_an_entry(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    (site / ENTRY).rename(site / "content/social-assistance/dibao-shenpi.MD")
    assert run_build("--site", site, "--quiet").code == 0
    assert "<h1>低保申请审批</h1>" in (site / "public/catalog/social-assistance/dibao-shenpi.html").read_text(encoding="utf-8")
