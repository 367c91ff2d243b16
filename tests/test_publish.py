"""Publishing never loses a site: killed builds, concurrent builds, leftovers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from conftest import REPO, copy_site, tree
from generator.write import clean_up_after_killed_builds, output_lock

ENTRY_TEMPLATE = "content/social-assistance/linshi-jiuzhu.md"


def large_site(tmp_path, entries: int = 1500):
    """The minimal site with thousands of entries, so that writing takes long enough to be interrupted."""
    site = copy_site("minimal", tmp_path / "site")
    text = (site / ENTRY_TEMPLATE).read_text(encoding="utf-8")
    for number in range(entries):
        (site / f"content/social-assistance/bulk-{number:05d}.md").write_text(text + f"\n第 {number} 条。\n" * 40, encoding="utf-8")
    return site


def staging_folders(site):
    return [p for p in site.iterdir() if p.name.startswith(".public.staging-")]


def test_a_killed_build_leaves_the_site_and_the_next_build_cleans_up(tmp_path, run_build):
    site = large_site(tmp_path)
    assert run_build("--site", site, "--quiet").code == 0
    published = tree(site / "public")
    entry = site / ENTRY_TEMPLATE
    entry.write_text(entry.read_text(encoding="utf-8").replace("先行救助", "先行救助（修订）"), encoding="utf-8")

    build = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--site", str(site), "--quiet"], cwd=REPO)
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


def test_a_second_build_at_the_same_time_is_refused(tmp_path, run_build):
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
