"""`build` with nothing to do: told from the statuses of the inputs, without reading them (unchanged.py);
every change to what a build reads or publishes, and every option that changes the output, is noticed."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from dataclasses import fields, replace
from datetime import date
from pathlib import Path

import pytest

from conftest import REPO, copy_site, tree
from generator import pipeline, unchanged
from generator.cache import CACHE_DIR, BuildCache, generator_version
from generator.cli import main
from generator.options import NOT_IN_OUTPUT, BuildOptions

TODAY = "2026-11-26"
ENTRY = "content/social-assistance/linshi-jiuzhu.md"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site("minimal", tmp_path / "site")


@pytest.fixture
def stages(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many builds ran the stages (pipeline.build_locked) since the test began. The statuses of files
    written by the test are trusted at once, as they are RACY_NS after they were written."""
    monkeypatch.setattr(unchanged, "RACY_NS", 0)
    ran = []
    real = pipeline.build_locked

    def counted(*args, **keywords):
        ran.append(1)
        return real(*args, **keywords)

    monkeypatch.setattr(pipeline, "build_locked", counted)
    return ran


def signature_of(options: BuildOptions, version: str, racy: tuple[str, ...] | None = None):
    """What a build with these options would take of its inputs (one walk, as `build` does)."""
    return unchanged.signature(unchanged.input_statuses(options), options, version, racy)


def build_quietly(site: Path, *extra: str) -> int:
    return main(["--site", str(site), "--today", TODAY, "--quiet", *extra])


def ran_stages(stages: list[int], site: Path, *extra: str) -> bool:
    """Build; whether the build read the inputs (ran the stages) rather than answer from the statuses."""
    before = len(stages)
    assert build_quietly(site, *extra) == 0
    return len(stages) > before


def equals_clean_build(site: Path, output: Path, *extra: str) -> None:
    clean = site.parent / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    assert build_quietly(site, "--no-cache", "--output", str(clean), *extra) == 0
    assert tree(output) == tree(clean)


def test_a_build_with_nothing_changed_reads_nothing_and_says_what_the_last_one_did(site, stages, monkeypatch, capsys):
    assert main(["--site", str(site), "--today", TODAY]) == 0
    first = capsys.readouterr()
    published = tree(site / "public")

    def fail(*args, **keywords):
        raise AssertionError("a build with nothing to do read its inputs")

    monkeypatch.setattr(pipeline, "read_inputs", fail)
    (site / ".public.staging-1-2").mkdir()  # left by a killed build
    assert main(["--site", str(site), "--today", TODAY]) == 0
    again = capsys.readouterr()
    assert len(stages) == 1
    assert tree(site / "public") == published
    assert not (site / ".public.staging-1-2").exists()
    assert again.err == first.err  # the same warnings
    pages = re.search(r"渲染全部 (\d+) 个页面", first.out)[1]
    assert again.out.startswith(f"网站 {site / 'public'} 已是最新：{pages} 个页面都没有变化")


def same_size_edit(site: Path) -> None:
    """Another letter in place of one, with the modification time put back: only the change time tells."""
    path = site / ENTRY
    status = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("先行救助", "先行救治", 1), encoding="utf-8")
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert path.stat().st_size == status.st_size


def add_entry(site: Path) -> None:
    source = (site / ENTRY).read_text(encoding="utf-8")
    (site / "content/social-assistance/xinzeng.md").write_text(source.replace("先行救助", "新增事项"), encoding="utf-8")


def remove_entry(site: Path) -> None:
    (site / ENTRY).unlink()


def rename_entry(site: Path) -> None:
    (site / ENTRY).rename(site / "content/social-assistance/gaiming.md")


def edit_entry(site: Path) -> None:
    with open(site / ENTRY, "a", encoding="utf-8") as file:
        file.write("\n补充说明。\n")


def edit_catalog(site: Path) -> None:
    config = site / "catalog.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("name: 测试区政务公开网", "name: 测试区政务公开网站", 1), encoding="utf-8")


def override_template(site: Path) -> None:
    override = site / "themes/default/templates/entry.html"
    override.parent.mkdir(parents=True)
    text = (REPO / "themes/default/templates/entry.html").read_text(encoding="utf-8")
    override.write_text(text.replace("{% block main %}", "{% block main %}<!-- 改过 -->", 1), encoding="utf-8")


def override_static_file(site: Path) -> None:
    override = site / "themes/default/static/style.css"
    override.parent.mkdir(parents=True)
    override.write_text((REPO / "themes/default/static/style.css").read_text(encoding="utf-8") + "\n/* 改过 */\n", encoding="utf-8")


def empty_folder(site: Path) -> None:
    (site / "content/social-assistance/kong").mkdir()


@pytest.mark.parametrize("change", [edit_entry, same_size_edit, add_entry, remove_entry, rename_entry, edit_catalog,
                                    override_template, override_static_file, empty_folder])
def test_every_change_to_the_inputs_is_noticed(site, stages, change):
    assert ran_stages(stages, site)
    assert not ran_stages(stages, site)
    change(site)
    assert ran_stages(stages, site)
    equals_clean_build(site, site / "public")
    assert not ran_stages(stages, site)


def delete_page(output: Path) -> None:
    (output / "index.html").unlink()


def edit_page(output: Path) -> None:
    with open(output / "index.html", "ab") as file:
        file.write(b"<!-- edited by hand -->")


def add_file(output: Path) -> None:
    (output / "extra.html").write_bytes(b"not ours")


def remove_marker(output: Path) -> None:
    (output / ".build-output").unlink()


@pytest.mark.parametrize("change", [delete_page, edit_page, add_file])
def test_an_output_not_as_the_last_build_left_it_is_built_again(site, stages, change):
    assert ran_stages(stages, site)
    change(site / "public")
    assert ran_stages(stages, site)
    equals_clean_build(site, site / "public")


def test_an_output_without_its_marker_is_refused_not_taken_for_the_last_builds(site, stages):
    assert ran_stages(stages, site)
    remove_marker(site / "public")
    assert build_quietly(site) == 2
    assert len(stages) == 1


@pytest.mark.parametrize("option", [("--today", "2026-11-27"), ("--base-url", "https://gk.example.org/"), ("--strict",),
                                    ("--output", "other")])
def test_every_option_that_changes_the_output_is_noticed(site, stages, option):
    option = tuple(str(site.parent / value) if value == "other" else value for value in option)  # the last --today counts
    assert ran_stages(stages, site)
    assert ran_stages(stages, site, *option)
    assert not ran_stages(stages, site, *option)
    assert ran_stages(stages, site)  # and back


def test_the_signature_covers_every_option_that_is_not_said_to_leave_the_output_alone(site, monkeypatch):
    monkeypatch.setattr(unchanged, "RACY_NS", 0)
    options = BuildOptions(root=site, output=site / "public", today=date(2026, 11, 26), cache_dir=site / CACHE_DIR)
    other = {"root": site.parent, "output": site.parent / "other", "base_url": "https://gk.example.org/", "strict": True,
             "agency": "renshe", "today": date(2026, 11, 27)}
    assert {option.name for option in fields(BuildOptions)} == set(other) | set(NOT_IN_OUTPUT)
    taken = signature_of(options, "version")
    for name, value in other.items():
        assert signature_of(replace(options, **{name: value}), "version") != taken, name
    assert signature_of(replace(options, jobs=7, cache_dir=None), "version") == taken
    assert signature_of(options, "another version") != taken


def test_a_new_version_of_the_generator_is_noticed(site, stages, monkeypatch):
    assert ran_stages(stages, site)
    for module in ("generator.unchanged", "generator.incremental"):
        monkeypatch.setattr(f"{module}.generator_version", lambda: "another version")
    assert ran_stages(stages, site)
    assert not ran_stages(stages, site)


def test_a_change_to_the_generators_own_themes_is_noticed(site, tmp_path, monkeypatch):
    themes = tmp_path / "themes"
    shutil.copytree(REPO / "themes", themes)
    monkeypatch.setattr(unchanged, "BUILTIN_THEMES", themes)
    monkeypatch.setattr(unchanged, "RACY_NS", 0)
    options = BuildOptions(root=site, output=site / "public", today=date(2026, 11, 26), cache_dir=site / CACHE_DIR)
    taken = signature_of(options, "version")
    assert signature_of(options, "version") == taken
    with open(themes / "default/static/search.js", "a", encoding="utf-8") as file:
        file.write("\n")
    assert signature_of(options, "version") != taken


def test_what_statuses_cannot_vouch_for_leaves_the_build_without_a_signature(site, monkeypatch):
    options = BuildOptions(root=site, output=site / "public", today=date(2026, 11, 26), cache_dir=site / CACHE_DIR)
    fresh = signature_of(options, "version")  # the files were just written: a change now might not show in their times
    assert str(site / ENTRY) in fresh.racy  # so their bytes are part of it
    monkeypatch.setattr(unchanged, "RACY_NS", 0)
    assert signature_of(options, "version").racy == ()
    assert signature_of(options, "version", fresh.racy) == fresh  # compared as it was taken
    link = site / "content/social-assistance/link.md"
    link.symlink_to(site / ENTRY)
    assert signature_of(options, "version") is None  # a link: its target's status is not its own
    link.unlink()
    real_scandir = os.scandir

    def unreadable(path):
        if str(path).endswith("social-assistance"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", unreadable)
    assert signature_of(options, "version") is None


def test_a_file_changed_within_the_racy_window_is_never_missed(site, monkeypatch):
    """An edit to a file as fresh as RACY_NS, whose size and modification time stay what they were, is read."""
    ran = []
    real = pipeline.build_locked
    monkeypatch.setattr(pipeline, "build_locked", lambda *args: ran.append(1) or real(*args))
    assert build_quietly(site) == 0
    same_size_edit(site)
    assert build_quietly(site) == 0
    assert ran == [1, 1]
    equals_clean_build(site, site / "public")


def test_a_build_that_found_nothing_changed_the_long_way_lets_the_next_one_tell_at_once(site, stages):
    assert ran_stages(stages, site)
    assert not ran_stages(stages, site)
    os.utime(site / ENTRY, ns=(10**18, 10**18))  # touched: its status changed, its bytes did not
    assert ran_stages(stages, site)  # finds nothing changed, and records the signature it took
    assert not ran_stages(stages, site)


def test_without_a_cache_every_build_reads_everything(site, stages):
    assert ran_stages(stages, site, "--no-cache")
    assert ran_stages(stages, site, "--no-cache")


def test_a_cache_kept_in_memory_tells_too(site, stages):
    """`serve` keeps its cache in memory between builds."""
    cache = BuildCache(generator_version())
    options = BuildOptions(root=site, output=site.parent / "preview", today=date(2026, 11, 26))
    first = unchanged.build(options, cache=cache)
    again = unchanged.build(options, cache=cache)
    assert len(stages) == 1
    assert (again.pages, again.files, again.warnings) == (first.pages, first.files, first.warnings)
    edit_entry(site)
    unchanged.build(options, cache=cache)
    assert len(stages) == 2


def test_a_build_with_nothing_to_do_imports_none_of_the_stages(site):
    """`python build.py` with nothing to do: importing the stages would take most of its time."""
    script = ("import sys\nfrom generator import unchanged\nunchanged.RACY_NS = 0\nfrom generator.installed import run\n"
              f"sys.argv = ['build.py', '--site', {str(site)!r}, '--today', {TODAY!r}, '--quiet']\n"
              "assert run() == 0\nprint(' '.join(sorted(name for name in sys.modules if name.startswith('generator.'))))\n")
    imported = []
    for _ in range(2):  # the first build reads everything; the second has nothing to do
        result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        imported.append(set(result.stdout.split()))
    assert "generator.pipeline" in imported[0]
    assert not {"generator.pipeline", "generator.load", "generator.config", "generator.render", "generator.markdown"} & imported[1]


def test_right_after_an_edit_a_build_with_nothing_changed_tells_at_once(site, monkeypatch):
    """The edited file is fresh when the edit's build takes the signature: its bytes are in it, and the next
    build reads that file again to compare instead of reading everything."""
    ran = []
    real = pipeline.build_locked
    monkeypatch.setattr(pipeline, "build_locked", lambda *args: ran.append(1) or real(*args))
    assert build_quietly(site) == 0
    with open(site / ENTRY, "a", encoding="utf-8") as file:
        file.write("\n又一段。\n")
    assert build_quietly(site) == 0
    assert build_quietly(site) == 0
    assert ran == [1, 1]
    same_size_edit(site)  # and an edit that leaves the times as they were is still seen
    assert build_quietly(site) == 0
    assert ran == [1, 1, 1]
    equals_clean_build(site, site / "public")


def test_where_times_cannot_tell_an_edit_the_bytes_of_a_fresh_file_do(site, monkeypatch):
    """As on a file system that keeps times to two seconds: a file's status as if only its size told."""
    monkeypatch.setattr(unchanged, "status_row", lambda path, status: f"{path}\0{stat.S_ISDIR(status.st_mode) or status.st_size}")
    options = BuildOptions(root=site, output=site / "public", today=date(2026, 11, 26), cache_dir=site / CACHE_DIR)
    fresh = signature_of(options, "version")
    same_size_edit(site)
    assert signature_of(options, "version", fresh.racy) != fresh
    ran = []
    real = pipeline.build_locked
    monkeypatch.setattr(pipeline, "build_locked", lambda *args: ran.append(1) or real(*args))
    assert build_quietly(site) == 0
    (site / ENTRY).write_text((site / ENTRY).read_text(encoding="utf-8").replace("先行救治", "先行救助", 1), encoding="utf-8")
    assert build_quietly(site) == 0
    assert ran == [1, 1]
    equals_clean_build(site, site / "public")
