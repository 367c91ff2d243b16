"""The build cache: a rebuild from it equals a clean build, byte for byte, whatever was edited."""

from __future__ import annotations

import gc
import os
import shutil
import sqlite3
import sys
import tempfile
import weakref
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, copy_site, tree
from generator import search
from generator.cache import CACHE_FILE, Memo, digest, mostly_free
from generator.cli import main
from generator.pipeline import BuildOptions
from generator.unchanged import build
from generator.search import block_postings
from generator.urls import AGENCY_COVERAGE_URL

TODAY = "2026-11-26"
ENTRY = "content/social-assistance/linshi-jiuzhu.md"
BUILTIN_TEMPLATES = REPO / "themes/default/templates"


def build_quietly(site: Path, *extra: str) -> int:
    return main(["--site", str(site), "--today", TODAY, "--quiet", *extra])


def cached_equals_clean(site: Path) -> None:
    """The site built with its cache (into public/) and without any (into a fresh folder) are one tree."""
    cached_code = build_quietly(site)
    clean = site.parent / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    clean_code = build_quietly(site, "--no-cache", "--output", str(clean))
    assert cached_code == clean_code
    if cached_code == 0:
        assert tree(site / "public") == tree(clean)


def entries(site: Path) -> list[Path]:
    return sorted((site / "content/social-assistance").glob("*.md"))


# Each edit is one thing an editor or a site maintainer does between two builds.
def change_body(site: Path, n: int) -> None:
    path = entries(site)[n % len(entries(site))]
    path.write_text(path.read_text(encoding="utf-8") + f"\n补充说明第{n}条。\n", encoding="utf-8")


def change_front_matter(site: Path, n: int) -> None:
    path = entries(site)[n % len(entries(site))]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n---\n", f"\n标题: 第{n}次改的标题\n---\n", 1), encoding="utf-8")


def add_entry(site: Path, n: int) -> None:
    source = (site.parent / "pristine" / ENTRY).read_text(encoding="utf-8")
    (site / f"content/social-assistance/xinzeng-{n}.md").write_text(source.replace("先行救助", f"新增事项{n}"), encoding="utf-8")


def rename_entry(site: Path, n: int) -> None:
    path = entries(site)[n % len(entries(site))]
    if "dibao-shenpi" not in path.name:  # a statutory document names that one as its entry
        path.rename(path.with_name(f"gaiming-{n}.md"))


def delete_entry(site: Path, n: int) -> None:
    candidates = [path for path in entries(site) if "dibao-shenpi" not in path.name]
    if len(candidates) > 1:
        candidates[n % len(candidates)].unlink()


def change_template(site: Path, n: int) -> None:
    name = ("entry.html", "domain.html", "base.html", "home.html")[n % 4]
    override = site / "themes/default/templates" / name
    override.parent.mkdir(parents=True, exist_ok=True)
    text = override.read_text(encoding="utf-8") if override.exists() else (BUILTIN_TEMPLATES / name).read_text(encoding="utf-8")
    override.write_text(text.replace("{% block main %}", f"{{% block main %}}<!-- 第{n}版 -->", 1), encoding="utf-8")


def change_catalog_yaml(site: Path, n: int) -> None:
    config = site / "catalog.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("name: 测试区政务公开网", f"name: 测试区政务公开网{n}", 1),
                      encoding="utf-8")


def change_attachment(site: Path, n: int) -> None:
    (site / "content/fiscal-budgets-final-accounts/budget-2026.csv").write_text(f"项目,金额\n第{n}项,{n}\n", encoding="utf-8")


def break_and_fix(site: Path, n: int) -> None:
    """A failed build in between must leave nothing in the cache that a later build would trust wrongly."""
    path = entries(site)[n % len(entries(site))]
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("---\n", "---\n一级事项: [没有闭合的方括号\n", 1), encoding="utf-8")
    assert build_quietly(site) == 1
    path.write_text(good + f"\n修正后第{n}次。\n", encoding="utf-8")


EDITS = [change_body, change_front_matter, add_entry, rename_entry, delete_entry, change_template, change_catalog_yaml,
         change_attachment, break_and_fix]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(min_value=0, max_value=50)), min_size=1, max_size=6))
def test_after_random_edits_a_cached_build_equals_a_clean_build(edits):
    with tempfile.TemporaryDirectory() as folder:
        copy_site("minimal", Path(folder) / "pristine")
        site = copy_site("minimal", Path(folder) / "site")
        assert build_quietly(site) == 0
        for edit, n in edits:
            edit(site, n)
            cached_equals_clean(site)



# The same in a cluster, where the build's date and the agencies change too. The site gets a document
# with 有效期至 and a consultation whose dates lie among the days the builds are made on.
DATED_POLICY = """---
标题: 测试区临时救助实施办法
索引号: 000000009/2026-00099
主题分类: 民政、扶贫、救灾\\社会救助
发布机构: 测试区人民政府办公室
成文日期: 2026-11-21
发布日期: 2026-11-21
文号: 测政发〔2026〕99号
有效期至: 2026-12-05
类别: 1
所属条目: social-assistance/linshi-jiuzhu
---
正文。
"""
DATED_CONSULTATION = """---
标题: 关于《测试区临时救助办法（征求意见稿）》公开征求意见的公告
发布日期: 2026-11-21
征求意见开始: 2026-11-27
征求意见截止: 2026-12-27
起草单位: 测试区民政局
反馈方式: 电子邮件 test@example.org
意见采纳情况: 共收到意见 3 条，采纳 1 条。
---
起草说明。
"""
# Around the document's last valid day and the consultation's period; the first is before the newest
# file's date (a failed build), the last more than a year on (every entry stale).
DAYS = ["2026-11-20", "2026-11-26", "2026-11-27", "2026-12-05", "2026-12-06", "2026-12-27", "2026-12-28", "2028-01-02"]
CATALOG_AGENCY = "  - slug: renshe\n    name: 测试区人力资源和社会保障局\n    kind: 区政府部门\n"


def build_on(site: Path, today: str, *extra: str) -> int:
    return main(["--site", str(site), "--today", today, "--quiet", *extra])


def cluster_cached_equals_clean(site: Path, today: str) -> None:
    cached_code = build_on(site, today)
    clean = site.parent / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    clean_code = build_on(site, today, "--no-cache", "--output", str(clean))
    assert cached_code == clean_code
    if cached_code == 0:
        assert tree(site / "public") == tree(clean)


def edit_catalog(site: Path, old: str, new: str) -> None:
    config = site / "catalog.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def rename_agency(site: Path, n: int) -> None:
    text = (site / "catalog.yaml").read_text(encoding="utf-8")
    name = text.split("  - slug: renshe\n    name: ", 1)[1].split("\n", 1)[0]
    edit_catalog(site, f"    name: {name}\n", f"    name: 测试区人力资源和社会保障局{n}\n")


def move_agency(site: Path, n: int) -> None:
    """A department becomes a town (from one portal index to the other), or back."""
    text = (site / "catalog.yaml").read_text(encoding="utf-8")
    before, _, after = text.partition("  - slug: renshe\n")
    kind = "镇人民政府" if "kind: 区政府部门" in after.split("  - slug:", 1)[0] else "区政府部门"
    after = after.replace("kind: 区政府部门", f"kind: {kind}", 1) if kind == "镇人民政府" else after.replace("kind: 镇人民政府", f"kind: {kind}", 1)
    (site / "catalog.yaml").write_text(before + "  - slug: renshe\n" + after, encoding="utf-8")


def add_or_remove_agency(site: Path, n: int) -> None:
    guide = site / "content/xinzeng/guide/index.md"
    if guide.exists():
        shutil.rmtree(site / "content/xinzeng")
        text = (site / "catalog.yaml").read_text(encoding="utf-8")
        (site / "catalog.yaml").write_text(text.split("  - slug: xinzeng\n", 1)[0], encoding="utf-8")
        return
    with open(site / "catalog.yaml", "a", encoding="utf-8") as config:
        config.write(f"  - slug: xinzeng\n    name: 测试区新增局{n}\n    kind: 区政府部门\n    code: \"000000033\"\n"
                     f"    domains: [social-assistance]\n")
    guide.parent.mkdir(parents=True)
    guide.write_text("---\n标题: 测试区新增局政府信息公开指南\n更新日期: 2026-11-02\n---\n\n## 一、主动公开\n\n正文。\n", encoding="utf-8")


def change_cluster_entry(site: Path, n: int) -> None:
    paths = sorted((site / "content").glob("*/social-assistance/*.md"))
    path = paths[n % len(paths)]
    path.write_text(path.read_text(encoding="utf-8") + f"\n补充说明第{n}条。\n", encoding="utf-8")


AGENCY_EDITS = [rename_agency, move_agency, add_or_remove_agency, change_cluster_entry]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.tuples(st.just("day"), st.sampled_from(DAYS)),
                          st.tuples(st.sampled_from(AGENCY_EDITS), st.integers(min_value=0, max_value=50))), min_size=1, max_size=6))
def test_across_date_and_agency_changes_a_cached_build_equals_a_clean_build(changes):
    with tempfile.TemporaryDirectory() as folder:
        site = copy_site("cluster", Path(folder) / "site")
        (site / "content/ceshi/statutory/linshi-banfa.md").write_text(DATED_POLICY, encoding="utf-8")
        (site / "content/ceshi/consultations/linshi-zhengqiu.md").write_text(DATED_CONSULTATION, encoding="utf-8")
        today = "2026-11-26"
        assert build_on(site, today) == 0
        for change, value in changes:
            if change == "day":
                today = value
            else:
                change(site, value)
            cluster_cached_equals_clean(site, today)


def test_the_next_day_renders_only_the_pages_that_show_the_date(tmp_path):
    """Nothing edited, one day later: each agency's coverage page (its statistics date, the ages of its
    entries and guide), the portal's coverage page, and the pages of items whose state changed that day."""
    site = copy_site("cluster", tmp_path / "site")
    (site / "content/ceshi/statutory/linshi-banfa.md").write_text(DATED_POLICY, encoding="utf-8")
    (site / "content/ceshi/consultations/linshi-zhengqiu.md").write_text(DATED_CONSULTATION, encoding="utf-8")
    options = BuildOptions(root=site, output=site / "public", cache_dir=site / ".cache", today=date_of("2026-12-01"))
    build(options)
    coverage = sorted([AGENCY_COVERAGE_URL, *(path.relative_to(site / "public").as_posix()
                                              for path in (site / "public").glob("*/xxgk/coverage.html"))])
    assert len(coverage) == 5  # four agencies' and the portal's
    published = {path: path.stat().st_mtime_ns for path in (site / "public").rglob("*.html")}
    result = build(replace(options, today=date_of("2026-12-02")))
    changed = sorted(path.relative_to(site / "public").as_posix() for path, mtime in published.items() if path.stat().st_mtime_ns != mtime)
    assert changed == coverage
    assert result.rendered == len(coverage)
    published = {path: path.stat().st_mtime_ns for path in (site / "public").rglob("*.html")}
    build(replace(options, today=date_of("2026-12-06")))  # the document has lapsed (有效期至 2026-12-05)
    changed = {path.relative_to(site / "public").as_posix() for path, mtime in published.items() if path.stat().st_mtime_ns != mtime}
    assert {"ceshi/xxgk/statutory/linshi-banfa.html", "ceshi/xxgk/statutory/normative.html"} <= changed
    assert not any("consultation" in url for url in changed)

def test_a_rebuild_with_nothing_changed_renders_and_writes_nothing(tmp_path):
    site = copy_site("minimal", tmp_path / "site")
    options = BuildOptions(root=site, output=site / "public", cache_dir=site / ".cache", today=date_of(TODAY))
    first = build(options)
    assert first.rendered == first.pages
    published = {path: path.stat().st_mtime_ns for path in (site / "public").rglob("*") if path.is_file()}
    again = build(options)
    assert (again.rendered, again.pages, again.files) == (0, first.pages, first.files)
    assert {path: path.stat().st_mtime_ns for path in (site / "public").rglob("*") if path.is_file()} == published


def test_editing_one_entry_renders_only_the_pages_that_show_it(tmp_path):
    site = copy_site("minimal", tmp_path / "site")
    options = BuildOptions(root=site, output=site / "public", cache_dir=site / ".cache", today=date_of(TODAY))
    build(options)
    (site / ENTRY).write_text((site / ENTRY).read_text(encoding="utf-8") + "\n新的一段。\n", encoding="utf-8")
    result = build(options)
    # The entry's page, and the pages listing every entry's text or date: its domain, the home page,
    # the catalog and coverage pages, the site map. Not the other entries, documents or reports.
    assert 1 <= result.rendered <= 8 < result.pages


def damage_file(cache: Path) -> None:
    cache.write_bytes(b"this is not a database" * 100)


def damage_one_value(cache: Path) -> None:
    with sqlite3.connect(cache) as connection:
        key, value = connection.execute("SELECT key, value FROM sources").fetchone()
        connection.execute("UPDATE sources SET value = ? WHERE key = ?", (flipped(value), key))
    connection.close()


def damage_compressed_values(cache: Path) -> None:
    """What Memo.made keeps (stored compressed), some of which every build reads (the search postings)."""
    with sqlite3.connect(cache) as connection:
        for key, value in connection.execute("SELECT key, value FROM records").fetchall():
            connection.execute("UPDATE records SET value = ? WHERE key = ?", (flipped(value), key))
    connection.close()


def flipped(value: bytes) -> bytes:
    return value[:-40] + bytes(b ^ 0xFF for b in value[-40:])


@pytest.mark.parametrize("damage", [damage_file, damage_one_value, damage_compressed_values])
def test_a_damaged_cache_is_reported_and_never_trusted(tmp_path, run_build, damage):
    site = built_site(tmp_path, run_build)
    damage(site / ".cache" / CACHE_FILE)
    (site / ENTRY).write_text((site / ENTRY).read_text(encoding="utf-8") + "\n改动。\n", encoding="utf-8")
    result = run_build("--site", site)
    assert result.code == 0
    assert "构建缓存已损坏，已忽略并重新生成" in result.err
    assert tree(site / "public") == clean_tree(site, tmp_path)


def test_the_cache_is_safe_to_delete_and_a_hand_edited_output_is_restored(tmp_path, run_build):
    site = built_site(tmp_path, run_build)
    shutil.rmtree(site / ".cache")
    (site / "public/index.html").write_text("被手工改过", encoding="utf-8")
    (site / "public/extra.html").write_text("多出来的文件", encoding="utf-8")
    assert run_build("--site", site).code == 0
    (site / "public/catalog/index.html").write_text("又被手工改过", encoding="utf-8")
    assert run_build("--site", site).code == 0
    assert tree(site / "public") == clean_tree(site, tmp_path)


def test_the_parallel_build_equals_the_single_process_build(tmp_path):
    """Enough files that checking, converting and rendering are shared among worker processes."""
    site = copy_site("minimal", tmp_path / "site")
    text = (site / ENTRY).read_text(encoding="utf-8")
    for number in range(500):
        (site / f"content/social-assistance/bulk-{number:03d}.md").write_text(text + f"\n第 {number} 条。\n", encoding="utf-8")
    assert build_quietly(site, "--jobs", "2", "--no-cache", "--output", str(tmp_path / "two")) == 0
    assert build_quietly(site, "--jobs", "1", "--no-cache", "--output", str(tmp_path / "one")) == 0
    assert tree(tmp_path / "two") == tree(tmp_path / "one")
    assert build_quietly(site, "--jobs", "2") == 0
    (site / "content/social-assistance/bulk-007.md").write_text(text + "\n改过的一条。\n", encoding="utf-8")
    cached_equals_clean(site)


def test_equal_inputs_have_one_digest_whichever_strings_are_one_object():
    text = "公开内容" * 20
    copy = "".join(["公开内容" * 10, "公开内容" * 10])
    assert copy == text and copy is not text
    assert digest(text, text) == digest(text, copy) == digest(copy, text)


def test_a_digest_leaves_its_texts_as_they_were_and_tells_text_from_bytes():
    text = "公开内容" * 200
    size = sys.getsizeof(text)
    digest(text, "x")
    assert sys.getsizeof(text) == size  # pickle would have kept the text's UTF-8 beside it for its lifetime
    assert digest("123") != digest(b"123")
    assert digest("a", "b") != digest("ab") != digest("ab", "")


class Made:
    def __init__(self, rows: list[str]):
        self.rows = rows

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Made) and other.rows == self.rows


def test_what_a_memo_makes_is_held_pickled_and_saved_as_it_was_made():
    memo = Memo()
    made = memo.made("k", lambda: Made(["第一行"] * 1000))
    alive = weakref.ref(made)
    del made
    gc.collect()
    assert alive() is None  # the memo holds its pickle, not the object
    saved = dict(memo.blobs())
    assert len(saved["k"]) < 1000  # compressed: the rows repeat themselves
    again = Memo(dict(saved))
    assert again.made("k", lambda: pytest.fail("made again")) == Made(["第一行"] * 1000)
    assert dict(again.blobs()) == saved


def test_in_a_process_that_builds_again_what_a_memo_makes_is_kept_as_it_is():
    """`serve`: the next build asks for the same values, which are then not unpickled again."""
    memo = Memo()
    memo.made("k", lambda: Made(["第一行"]))
    memo.rotate()  # the first build made it pickled; the next one unpickles it once and keeps it
    first = memo.made("k", lambda: pytest.fail("made again"))
    memo.rotate()
    assert memo.made("k", lambda: pytest.fail("made again")) is first
    assert memo.made("new", lambda: first) is first


def test_after_a_clean_build_an_edit_makes_the_search_postings_of_its_run_of_pages_only(tmp_path, monkeypatch):
    """The clean build's items come from the worker processes, a rebuild's from the cache: the runs of
    pages whose text is unchanged must be found in the cache either way."""
    site = copy_site("minimal", tmp_path / "site")
    text = (site / ENTRY).read_text(encoding="utf-8")
    for number in range(800):
        (site / f"content/social-assistance/bulk-{number:03d}.md").write_text(text + f"\n第 {number} 条。\n", encoding="utf-8")
    options = BuildOptions(root=site, output=site / "public", cache_dir=site / ".cache", today=date_of(TODAY), jobs=2)
    made = []
    monkeypatch.setattr(search, "block_postings", lambda records: made.append(len(records)) or block_postings(records))
    build(options)
    assert len(made) > 2  # the index has several runs
    made.clear()
    (site / "content/social-assistance/bulk-007.md").write_text(text + "\n改过的一条。\n", encoding="utf-8")
    build(options)
    assert len(made) == 1


def built_site(tmp_path: Path, run_build) -> Path:
    """A copy of the minimal site, built once (so that it has a cache and a published output)."""
    site = copy_site("minimal", tmp_path / "site")
    assert run_build("--site", site).code == 0
    return site


def clean_tree(site: Path, tmp_path: Path) -> dict[str, bytes]:
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    assert build_quietly(site, "--no-cache", "--output", str(clean)) == 0
    return tree(clean)


def date_of(text: str):
    from datetime import date

    return date.fromisoformat(text)


def test_a_link_to_a_folder_left_in_the_output_is_never_written_through(tmp_path, run_build):
    site = built_site(tmp_path, run_build)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "style.css").write_text("precious", encoding="utf-8")
    shutil.rmtree(site / "public/static")
    (site / "public/static").symlink_to(outside, target_is_directory=True)
    assert run_build("--site", site).code == 0
    assert (outside / "style.css").read_text(encoding="utf-8") == "precious"
    assert not (site / "public/static").is_symlink()
    assert tree(site / "public") == clean_tree(site, tmp_path)


def test_files_swapped_with_the_same_size_and_time_are_read_again(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    folder = site / "content/social-assistance"
    text = (folder / ENTRY.rpartition("/")[2]).read_text(encoding="utf-8")
    (folder / "jia.md").write_text(text.replace("先行救助", "甲甲甲甲"), encoding="utf-8")
    (folder / "yi.md").write_text(text.replace("先行救助", "乙乙乙乙"), encoding="utf-8")
    for name in ("jia.md", "yi.md"):
        os.utime(folder / name, ns=(1_767_225_600_000_000_000, 1_767_225_600_000_000_000))
    assert run_build("--site", site).code == 0
    (folder / "jia.md").rename(folder / "tmp.md")
    (folder / "yi.md").rename(folder / "jia.md")
    (folder / "tmp.md").rename(folder / "yi.md")
    assert run_build("--site", site).code == 0
    assert "乙乙乙乙" in (site / "public/catalog/social-assistance/jia.html").read_text(encoding="utf-8")
    assert tree(site / "public") == clean_tree(site, tmp_path)


def test_a_cache_that_cannot_be_saved_is_a_warning_after_publishing(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    blocked = site / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    result = run_build("--site", site, "--cache-dir", blocked)
    assert result.code == 0
    assert "构建缓存无法保存" in result.err
    assert tree(site / "public") == clean_tree(site, tmp_path)


def test_without_its_marker_the_output_is_not_replaced_even_when_nothing_changed(tmp_path, run_build):
    site = built_site(tmp_path, run_build)
    (site / "public/.build-output").unlink()
    published = tree(site / "public")
    result = run_build("--site", site)
    assert result.code == 2 and "不是本程序生成的网站" in result.err
    assert tree(site / "public") == published


def test_template_errors_and_body_errors_are_reported_together(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    (site / ENTRY).write_text((site / ENTRY).read_text(encoding="utf-8") + "\n见[不存在的文件](nowhere.md)。\n", encoding="utf-8")
    override = site / "themes/default/templates/entry.html"
    override.parent.mkdir(parents=True)
    override.write_text('{% extends "base.html" %}{% block main %}{{ entry.no_such_field }}{% endblock %}\n', encoding="utf-8")
    result = run_build("--site", site, "--no-cache")
    assert result.code == 1
    assert any("模板错误" in line for line in result.diagnostics)
    assert any("nowhere.md" in line for line in result.diagnostics)


def test_check_reads_the_cache_and_writes_nothing(tmp_path, run_build):
    site = built_site(tmp_path, run_build)
    cache = (site / ".cache" / CACHE_FILE).read_bytes()
    (site / ENTRY).write_text((site / ENTRY).read_text(encoding="utf-8").replace("公开时限: ", "公开时限: [", 1), encoding="utf-8")
    result = run_build("check", "--site", site)
    assert result.code == 1 and result.diagnostics and result.diagnostics[0].startswith(ENTRY)
    assert (site / ".cache" / CACHE_FILE).read_bytes() == cache


def test_a_cache_left_mostly_empty_by_a_site_that_shrank_is_written_anew_compact(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    text = (site / ENTRY).read_text(encoding="utf-8")
    for number in range(60):
        (site / f"content/social-assistance/bulk-{number:02d}.md").write_text(text + "很长的一段。" * 400 + f"\n{number}\n", encoding="utf-8")
    assert run_build("--site", site, "--quiet").code == 0
    cache = site / ".cache" / CACHE_FILE
    grown = cache.stat().st_size
    for number in range(60):
        (site / f"content/social-assistance/bulk-{number:02d}.md").unlink()
    assert run_build("--site", site, "--quiet").code == 0  # updated in place: the rows go, their pages stay free
    assert mostly_free(cache) and cache.stat().st_size == grown
    (site / ENTRY).write_text(text + "\n改动。\n", encoding="utf-8")  # the next build that saves the cache
    assert run_build("--site", site, "--quiet").code == 0
    assert not mostly_free(cache) and cache.stat().st_size < grown / 2
    assert tree(site / "public") == clean_tree(site, tmp_path)
