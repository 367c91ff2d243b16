"""Editors change the demo every day; the tests must not care. Proof: a copy of the demo with an entry
added through `new`, one edited and one deleted, all dated today, passes `check`, and every demo-facing
test (`-m demo`) passes on it.

The edits go through the generator's own view of the site (its configuration, the files it reads),
not through the names of demo files, so they still apply when the demo's content changes.
It runs the demo-facing tests a second time (about two minutes), so it runs under CI (`.ci/run`
sets CI) or with CI=1, and is skipped otherwise.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEMO_TODAY, REPO, copy_demo
from generator.cli import main
from generator.config import load_config
from generator.pipeline import theme_dirs

UPDATED = re.compile(r"^(更新日期|updated): .*$", re.MULTILINE)


def add_entry_with_new(site: Path, today: str) -> Path:
    """What the README tells a clerk to do: `new`, then fill in the empty required columns."""
    config, _ = load_config(site, theme_dirs(site))
    agency = next(agency for agency in config.all_agencies if agency.domains)  # in a portal, the first with a catalog
    domain = agency.domains[0]
    chosen = ["--agency", agency.slug] if agency.slug else []
    before = set((site / "content" / domain.folder).glob("*.md"))
    assert main(["new", domain.name, "新增的测试条目", "--site", str(site), "--today", today, *chosen]) == 0
    [path] = set((site / "content" / domain.folder).glob("*.md")) - before
    item = domain.directory[0]
    filled = {"一级事项:": f"一级事项: {item.name}", "公开内容（要素）:": "公开内容（要素）: 申请条件、办理流程",
              "公开依据:": "公开依据: 《中华人民共和国政府信息公开条例》"}
    if item.sub_items:
        filled["二级事项:"] = f"二级事项: {item.sub_items[0]}"
    lines = [filled.get(line.split("  #")[0].strip(), line) for line in path.read_text(encoding="utf-8").splitlines()]
    path.write_text("\n".join(lines) + "\n新增条目的正文。\n", encoding="utf-8")
    return path


def entry_files(site: Path) -> list[Path]:
    config, _ = load_config(site, theme_dirs(site))
    return [path for agency in config.all_agencies for domain in agency.domains
            for path in sorted((site / "content" / domain.folder).glob("*.md"))]


def unreferenced(site: Path, candidates: list[Path]) -> Path:
    """An entry no other file links to or names (deleting it breaks nothing but itself)."""
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in (site / "content").rglob("*") if path.is_file()]
    return next(path for path in candidates if sum(path.stem in text for text in texts) == 0)


@pytest.mark.skipif(os.environ.get("CI", "").lower() in ("", "0", "false", "no"),
                    reason="runs the demo-facing tests again (about 2 minutes): under CI, or with CI=1")
def test_the_demo_facing_tests_pass_after_adding_editing_and_deleting_entries_today(tmp_path, capsys):
    today = DEMO_TODAY.isoformat()
    site = copy_demo(tmp_path / "demo")
    added = add_entry_with_new(site, today)
    edited, *others = [path for path in entry_files(site) if path != added]
    text = edited.read_text(encoding="utf-8")
    assert UPDATED.search(text), edited
    edited.write_text(UPDATED.sub(f"更新日期: {today}", text, count=1) + "\n今天补充的一段正文。\n", encoding="utf-8")
    unreferenced(site, others).unlink()

    assert main(["check", "--site", str(site), "--today", today]) == 0, capsys.readouterr().err
    capsys.readouterr()
    run = subprocess.run([sys.executable, "-m", "pytest", "-m", "demo", "-q", "-rs", "-p", "no:cacheprovider"],
                         cwd=REPO, env={**os.environ, "DEMO_SITE": str(site)}, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "demo content has errors" not in run.stdout, run.stdout[-3000:]
