"""Publishing never loses a site: killed builds, concurrent builds, leftovers.

Each test runs on both ways of publishing: Linux's atomic exchange (renameat2), and the two renames
used where it is missing (Windows, macOS), forced here on Linux.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import REPO, copy_site, tree
from generator import write
from generator.write import clean_up_after_killed_builds, output_lock

ENTRY_TEMPLATE = "content/social-assistance/linshi-jiuzhu.md"
# `python build.py`, with the atomic exchange reported missing for the "two renames" way.
WITHOUT_RENAMEAT2 = "from generator import write; write.exchange_atomically = lambda staging, output: False; "
BUILD_PY = {
    "renameat2": [str(REPO / "build.py")],
    "two renames": ["-c", WITHOUT_RENAMEAT2 + "import sys; from generator.installed import run; sys.exit(run())"],
}


@pytest.fixture(params=list(BUILD_PY))
def publishing(request, monkeypatch):
    """Which way this test publishes, in this process and in the builds it starts."""
    if request.param == "two renames":
        monkeypatch.setattr(write, "exchange_atomically", lambda staging, output: False)
        yield request.param
        return
    real, used = write.exchange_atomically, []

    def spy(staging, output):
        used.append(real(staging, output))
        return used[-1]

    monkeypatch.setattr(write, "exchange_atomically", spy)
    yield request.param
    assert False not in used, "renameat2 was not available here: the Linux way was not tested"


def large_site(tmp_path, entries: int = 1500):
    """The minimal site with thousands of entries, so that writing takes long enough to be interrupted."""
    site = copy_site("minimal", tmp_path / "site")
    text = (site / ENTRY_TEMPLATE).read_text(encoding="utf-8")
    for number in range(entries):
        (site / f"content/social-assistance/bulk-{number:05d}.md").write_text(text + f"\n第 {number} 条。\n" * 40, encoding="utf-8")
    return site


def staging_folders(site):
    return [p for p in site.iterdir() if p.name.startswith(".public.staging-")]


def test_a_killed_build_leaves_the_site_and_the_next_build_cleans_up(tmp_path, run_build, publishing):
    site = large_site(tmp_path)
    assert run_build("--site", site, "--quiet").code == 0
    published = tree(site / "public")
    entry = site / ENTRY_TEMPLATE
    entry.write_text(entry.read_text(encoding="utf-8").replace("先行救助", "先行救助（修订）"), encoding="utf-8")

    # Without the cache, so that the whole site is written again and there is time to kill the build.
    build = subprocess.Popen([sys.executable, *BUILD_PY[publishing], "--site", str(site), "--quiet", "--no-cache"], cwd=REPO)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and build.poll() is None:
        staging = staging_folders(site)
        if staging and sum(1 for _ in staging[0].rglob("*.html")) >= 100:
            break
        time.sleep(0.01)
    assert build.poll() is None, "the build finished before it could be killed; make the site larger"
    os.kill(build.pid, signal.SIGKILL)
    build.wait()

    assert staging_folders(site), "the kill should have left a half-written staging folder"
    assert tree(site / "public") == published

    assert run_build("--site", site, "--quiet").code == 0
    assert staging_folders(site) == []
    assert "先行救助（修订）" in (site / "public/catalog/social-assistance/linshi-jiuzhu.html").read_text(encoding="utf-8")


def test_a_second_build_at_the_same_time_is_refused(tmp_path, run_build, publishing):
    site = copy_site("minimal", tmp_path / "site")
    assert run_build("--site", site, "--quiet").code == 0
    published = tree(site / "public")
    with output_lock(site / "public"):
        result = run_build("--site", site)
    assert result.code == 2
    assert f"另一个构建正在写入 {site / 'public'}" in result.err
    assert tree(site / "public") == published


def test_a_site_retired_by_a_build_killed_mid_swap_is_restored(tmp_path):
    output = tmp_path / "public"
    retired = tmp_path / ".public.retired-12345"
    (retired / "catalog").mkdir(parents=True)
    (retired / "index.html").write_text("old site", encoding="utf-8")
    stale = tmp_path / ".public.staging-12345"
    (stale / "x").mkdir(parents=True)
    clean_up_after_killed_builds(output)
    assert (output / "index.html").read_text(encoding="utf-8") == "old site"
    assert not retired.exists() and not stale.exists()


def test_an_output_folder_that_is_not_a_build_output_is_never_replaced(tmp_path, run_build, publishing):
    site = copy_site("minimal", tmp_path / "site")
    precious = tmp_path / "precious"
    (precious / "objects").mkdir(parents=True)
    (precious / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    result = run_build("--site", site, "--output", precious)
    assert result.code == 2
    assert "已存在，且不是本程序生成的网站" in result.err
    assert sorted(p.name for p in precious.iterdir()) == ["HEAD", "objects"]
    a_file = tmp_path / "catalog.yaml"
    a_file.write_text("x", encoding="utf-8")
    assert run_build("--site", site, "--output", a_file).code == 2
    assert a_file.read_text(encoding="utf-8") == "x"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_build("--site", site, "--output", empty, "--quiet").code == 0
    assert run_build("--site", site, "--output", empty, "--quiet").code == 0, "a build output can be rebuilt"


def test_without_an_atomic_exchange_a_failed_swap_puts_the_old_site_back(tmp_path, monkeypatch):
    output, staging, retired = tmp_path / "public", tmp_path / ".public.staging-1", tmp_path / ".public.retired-1"
    output.mkdir()
    (output / "index.html").write_text("published", encoding="utf-8")
    staging.mkdir()
    (staging / "index.html").write_text("new", encoding="utf-8")
    real_rename = os.rename

    def rename(source, target):
        if os.fspath(source) == os.fspath(staging):
            raise OSError(5, "Input/output error")
        real_rename(source, target)

    monkeypatch.setattr(write, "exchange_atomically", lambda staging, output: False)
    monkeypatch.setattr(write.os, "rename", rename)
    with pytest.raises(OSError, match="Input/output error"):
        write.exchange(staging, output, retired)
    monkeypatch.undo()
    assert (output / "index.html").read_text(encoding="utf-8") == "published"
    assert not retired.exists()


# Killed at the worst moment of the two renames: the old site renamed aside, the new one not yet in place.
KILLED_BETWEEN_THE_RENAMES = """
import os, sys
from generator import write
write.exchange_atomically = lambda staging, output: False
real_rename = os.rename
def rename(source, target):
    real_rename(source, target)
    if ".retired-" in os.fspath(target):
        os._exit(9)
write.os.rename = rename
from generator.installed import run
sys.exit(run())
"""


def test_a_build_killed_between_the_two_renames_has_the_old_site_put_back(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    assert run_build("--site", site, "--quiet").code == 0
    published = tree(site / "public")
    entry = site / ENTRY_TEMPLATE
    entry.write_text(entry.read_text(encoding="utf-8").replace("先行救助", "先行救助（修订）"), encoding="utf-8")
    killed = subprocess.run([sys.executable, "-c", KILLED_BETWEEN_THE_RENAMES, "--site", str(site), "--quiet", "--today", "2026-11-26"],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert killed.returncode == 9, killed.stderr
    assert not (site / "public").exists(), "killed after the first rename"
    [retired] = [p for p in site.iterdir() if p.name.startswith(".public.retired-")]
    assert tree(retired) == published, "the old site is whole, only set aside"

    clean_up_after_killed_builds(site / "public")  # what the next build does first, under the lock
    assert tree(site / "public") == published
    assert run_build("--site", site, "--quiet").code == 0
    assert "先行救助（修订）" in (site / "public/catalog/social-assistance/linshi-jiuzhu.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".public.")) == [".public.lock", ".public.previous"]  # the site before, for the next build


def test_on_windows_a_folder_held_open_for_a_moment_is_renamed_when_it_is_free(tmp_path, monkeypatch):
    """Windows refuses to rename a folder while a virus scanner has a file in it open: tried again."""
    (tmp_path / "a").mkdir()
    real_rename, refusals = os.rename, []

    def busy(times):
        def rename(source, target):
            if len(refusals) < times:
                refusals.append(source)
                raise PermissionError(13, "The process cannot access the file because it is being used by another process")
            real_rename(source, target)
        return rename

    monkeypatch.setattr(write, "RENAME_ATTEMPTS", 20)
    monkeypatch.setattr(write, "RENAME_PAUSE", 0.01)
    monkeypatch.setattr(write.os, "rename", busy(2))
    write.rename(tmp_path / "a", tmp_path / "b")
    assert len(refusals) == 2 and (tmp_path / "b").is_dir()

    refusals.clear()
    monkeypatch.setattr(write.os, "rename", busy(20))
    with pytest.raises(PermissionError):
        write.rename(tmp_path / "b", tmp_path / "c")
    assert len(refusals) == 20 and (tmp_path / "b").is_dir()


def test_a_rebuild_starts_from_the_site_before_and_publishes_exactly_a_clean_build(tmp_path, run_build, publishing):
    """The site the last build replaced (`.public.previous`) is the next staging folder: whatever it holds
    that the new site does not have, or that is not the published file itself, never reaches the output,
    nor does a folder's mode set by hand."""
    site = copy_site("minimal", tmp_path / "site")
    entry = site / ENTRY_TEMPLATE
    for revision in ("（一）", "（二）"):
        entry.write_text(entry.read_text(encoding="utf-8").replace("先行救助", f"先行救助{revision}", 1), encoding="utf-8")
        assert run_build("--site", site, "--quiet").code == 0
    previous = site / ".public.previous"
    kept = "static/style.css"  # the same in every build
    assert (previous / kept).stat().st_ino == (site / "public" / kept).stat().st_ino  # shared, not copied
    (previous / "stray.html").write_text("not part of the site", encoding="utf-8")
    (previous / "catalog/stray-folder/deep").mkdir(parents=True)
    (previous / "catalog/stray-folder/deep/page.html").write_text("not part of the site", encoding="utf-8")
    (previous / "empty/deeper").mkdir(parents=True)
    (previous / kept).unlink()
    (previous / kept).mkdir()  # a folder where a file belongs
    (previous / kept / "inner").write_text("not part of the site", encoding="utf-8")
    (previous / "feeds").rename(previous / "feeds-moved")
    (previous / "feeds").write_text("a file where a folder belongs", encoding="utf-8")
    os.symlink(tmp_path, previous / "sitemaps-link", target_is_directory=True)
    (previous / "catalog/social-assistance").chmod(0o700)
    (site / "public/catalog/fiscal-budgets-final-accounts").chmod(0o700)  # by hand, in the published site
    for revision in ("（三）", "（四）"):
        entry.write_text(entry.read_text(encoding="utf-8").replace("先行救助", f"先行救助{revision}", 1), encoding="utf-8")
        result = run_build("--site", site, "--quiet")
        assert result.code == 0, result.err
        assert run_build("--site", site, "--no-cache", "--output", tmp_path / "clean", "--quiet").code == 0
        assert tree(site / "public") == tree(tmp_path / "clean")
        assert folders_and_modes(site / "public") == folders_and_modes(tmp_path / "clean")  # none left empty either
        assert (tmp_path / "site").is_dir() and not (site / "public/sitemaps-link").exists()


def folders_and_modes(folder):
    return {p.relative_to(folder).as_posix(): p.stat().st_mode for p in folder.rglob("*") if p.is_dir()}


def test_the_site_set_aside_holds_only_files_still_published(tmp_path, run_build, publishing):
    """A page withdrawn or changed by a build does not stay on disk beside the output until the next one."""
    site = copy_site("minimal", tmp_path / "site")
    assert run_build("--site", site, "--quiet").code == 0
    entry = site / ENTRY_TEMPLATE
    entry.write_text(entry.read_text(encoding="utf-8").replace("先行救助", "先行救助（修订）", 1), encoding="utf-8")
    assert run_build("--site", site, "--quiet").code == 0
    withdrawn = site / "content/social-assistance/dibao-shenpi.md"
    withdrawn.unlink()
    assert run_build("--site", site, "--quiet").code == 0
    previous, public = site / ".public.previous", site / "public"
    files = [p for p in previous.rglob("*") if p.is_file()]
    assert files and all(p.stat().st_ino == (public / p.relative_to(previous)).stat().st_ino for p in files)
    assert not (previous / "catalog/social-assistance/dibao-shenpi.html").exists()
    assert not [p for p in previous.rglob("*") if p.is_dir() and not any(p.iterdir())]
