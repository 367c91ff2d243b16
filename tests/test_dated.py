"""Which other days a file's checks hold on (dated.py), and the cache's memos read only when a build needs them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import copy_site
from generator.cache import CACHE_FILE, generator_version, load_cache
from generator.catalog import validate_source
from generator.config import load_config
from generator.dated import dated
from generator.load import SourceFile
from generator.pipeline import BuildOptions, theme_dirs
from generator.unchanged import build

CONSULTATION = """---
标题: 关于《测试区养老服务办法（征求意见稿）》公开征求意见的公告
发布日期: 2026-11-01
征求意见开始: 2026-11-10
征求意见截止: 2026-12-10
起草单位: 测试区民政局
反馈方式: 电子邮件 test@example.org
---
起草说明。
"""
ENTRY_FOLDER = "ceshi/social-assistance"
CONSULTATION_FOLDER = "ceshi/consultations"


def checked(tmp_path: Path, folder: str, name: str, text: str, today: date):
    site = copy_site("cluster", tmp_path / "site")
    path = site / "content" / folder / name
    path.write_text(text, encoding="utf-8")
    config, _ = load_config(site, theme_dirs(site))
    status = path.stat()
    source = SourceFile(f"content/{folder}/{name}", path.stem, str(path), status.st_size, status.st_mtime_ns, status.st_ino,
                        status.st_ctime_ns).read()
    return dated(validate_source(source, folder, config, today), today)


def test_a_consultations_checks_hold_until_its_status_changes(tmp_path):
    result = checked(tmp_path, CONSULTATION_FOLDER, "yanglao.md", CONSULTATION, date(2026, 11, 20))
    assert result.file.item.status == "征求中"
    assert result.holds_on(date(2026, 11, 11)) and result.holds_on(date(2026, 12, 9))
    assert not result.holds_on(date(2026, 11, 10)) and not result.holds_on(date(2026, 12, 10)), "on one of its dates: checked again"
    assert not result.holds_on(date(2026, 11, 9)), "not yet open"
    assert not result.holds_on(date(2026, 12, 11)), "closed the day after its last day"
    assert not result.holds_on(date(2026, 10, 31)), "published in the future: an error on that day"


def test_an_entrys_checks_hold_on_every_day_from_its_date(tmp_path):
    text = (Path(__file__).parent / "fixtures/sites/cluster/content/ceshi/social-assistance/linshi-jiuzhu.md").read_text(encoding="utf-8")
    result = checked(tmp_path, ENTRY_FOLDER, "linshi-jiuzhu.md", text, date(2026, 11, 26))
    assert result.file.item is not None
    assert result.holds_on(date(2026, 2, 2)) and result.holds_on(date(2030, 1, 1))  # 更新日期: 2026-02-01
    assert not result.holds_on(date(2026, 2, 1)) and not result.holds_on(date(2026, 1, 31))


def test_checks_made_again_keep_their_day_when_they_come_out_the_same(tmp_path):
    """The fingerprint of a file's item names the day since which its checks came out as they are."""
    first = checked(tmp_path / "a", CONSULTATION_FOLDER, "yanglao.md", CONSULTATION, date(2026, 11, 20))
    again = checked(tmp_path / "c", CONSULTATION_FOLDER, "yanglao.md", CONSULTATION, date(2026, 12, 10))  # its last day: 征求中
    assert dated(again.file, date(2026, 12, 10), first).since == date(2026, 11, 20)
    closed = checked(tmp_path / "b", CONSULTATION_FOLDER, "yanglao.md", CONSULTATION, date(2026, 12, 11))
    assert closed.file.item.status == "已结束"
    assert dated(closed.file, date(2026, 12, 11), first).since == date(2026, 12, 11)


def test_checks_that_failed_hold_on_their_day_only(tmp_path):
    text = CONSULTATION.replace("发布日期: 2026-11-01", "发布日期: 2026-12-01")
    result = checked(tmp_path, CONSULTATION_FOLDER, "yanglao.md", text, date(2026, 11, 20))
    assert result.file.item is None and result.marks is None
    assert result.holds_on(date(2026, 11, 20))
    assert not result.holds_on(date(2026, 12, 1)), "on the publishing day the file is valid"


def test_the_cache_reads_a_kind_of_results_only_when_asked(tmp_path):
    site = copy_site("cluster", tmp_path / "site")
    build(BuildOptions(root=site, output=site / "public", cache_dir=site / ".cache", today=date(2026, 11, 26)))
    assert (site / ".cache" / CACHE_FILE).is_file()
    stored, problems = load_cache(site / ".cache", generator_version())
    assert (problems, stored.memos) == ([], {})  # what a build with nothing to do needs: the files' status, the output
    assert stored.published and stored.files
    assert len(stored.memo("sources").stored) == len(stored.files)
    assert set(stored.memos) == {"sources"}
