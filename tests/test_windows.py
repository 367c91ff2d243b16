"""What differs on the office's Windows PC, exercised on Linux: the lock without fcntl, worker processes
started afresh instead of forked, output in the console's code page, and build.py without its packages.
(The publishing without renameat2 is in tests/test_publish.py.)"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import types

import pytest

from conftest import REPO, copy_site, tree
from generator import parallel, write
from generator.cli import main
from generator.write import output_lock

TODAY = ("--today", "2026-11-26")


@pytest.fixture
def windows_lock(monkeypatch):
    """msvcrt's byte-range lock, played by flock (both are held per open file and released at exit)."""
    calls = []

    def locking(descriptor, mode, length):
        calls.append((mode, length, os.lseek(descriptor, 0, os.SEEK_CUR)))
        try:
            fcntl.flock(descriptor, fcntl.LOCK_UN if mode == fake.LK_UNLCK else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PermissionError(13, "Permission denied") from None  # what msvcrt raises for a held lock

    fake = types.SimpleNamespace(LK_NBLCK=2, LK_UNLCK=0, locking=locking)
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(write, "LOCKS", "msvcrt")
    return calls


def test_the_lock_without_fcntl_refuses_a_second_build_and_is_released(tmp_path, run_build, windows_lock):
    site = copy_site("minimal", tmp_path / "site")
    with output_lock(site / "public"):
        refused = run_build("--site", site)
    assert refused.code == 2 and f"另一个构建正在写入 {site / 'public'}" in refused.err
    assert run_build("--site", site, "--quiet").code == 0, "released when the first one ended"
    assert {(mode, length, position) for mode, length, position in windows_lock} == {(2, 1, 0), (0, 1, 0)}


def test_workers_started_afresh_as_on_windows_give_the_same_site(tmp_path, monkeypatch):
    """Windows cannot fork: each worker imports the generator again and gets its work pickled."""
    site = copy_site("minimal", tmp_path / "site")
    text = (site / "content/social-assistance/linshi-jiuzhu.md").read_text(encoding="utf-8")
    for number in range(450):
        (site / f"content/social-assistance/bulk-{number:03d}.md").write_text(text + f"\n第 {number} 条。\n", encoding="utf-8")
    monkeypatch.setattr(parallel, "START_METHOD", "spawn")
    contexts = []
    get_context = parallel.multiprocessing.get_context
    monkeypatch.setattr(parallel.multiprocessing, "get_context", lambda method: contexts.append(method) or get_context(method))
    assert main(["--site", str(site), "--jobs", "2", "--no-cache", "--output", str(tmp_path / "spawned"), "--quiet", *TODAY]) == 0
    assert contexts == ["spawn"], "the build did not start its workers"
    assert main(["--site", str(site), "--jobs", "1", "--no-cache", "--output", str(tmp_path / "one"), "--quiet", *TODAY]) == 0
    assert tree(tmp_path / "spawned") == tree(tmp_path / "one")


def test_a_character_the_console_cannot_show_does_not_stop_the_build(tmp_path):
    """A Chinese Windows console (or a log file) in the GBK code page has no emoji, nor many rare characters."""
    site = copy_site("minimal", tmp_path / "site")
    entry = site / "content/social-assistance/dibao-shenpi.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("公开方式: 主动", "公开方式: 主动🙂"), encoding="utf-8")
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "check", "--site", str(site), *TODAY], cwd=REPO,
                         capture_output=True, env={**os.environ, "PYTHONIOENCODING": "gbk"}, timeout=60)
    err = run.stderr.decode("gbk")
    assert run.returncode == 1 and "Traceback" not in err
    assert "“公开方式”的值“主动\\U0001f642”不是可选项" in err


def test_build_py_without_its_packages_says_how_to_get_them(tmp_path):
    """`python build.py` in a new window where the virtual environment is not activated (-S: no site-packages)."""
    run = subprocess.run([sys.executable, "-S", str(REPO / "build.py"), "--site", str(tmp_path)], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert lines[0].startswith("build.py: 错误：缺少运行所需的 Python 软件包（")
    assert "    Windows：       .venv\\Scripts\\activate" in lines
    assert "    python -m pip install -r requirements.txt" in lines
