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


# A process that has what Windows has: msvcrt's lock (played by a lock table of this process) and no
# flock (the standard library imports fcntl itself on Linux, so it stays importable but flock fails),
# no renameat2, workers spawned. Then `python build.py` as usual.
AS_ON_WINDOWS = """
import fcntl, os, sys, types
from generator import cli, parallel, write  # first: the standard library takes a module named msvcrt for Windows
def no_flock(*args):
    raise AssertionError("flock used")
fcntl.flock = no_flock
held = set()
def locking(descriptor, mode, length):
    key = os.fstat(descriptor).st_ino
    if mode == 0:
        held.discard(key)
    elif key in held:
        raise PermissionError(13, "Permission denied")
    else:
        held.add(key)
sys.modules["msvcrt"] = types.SimpleNamespace(LK_NBLCK=2, LK_UNLCK=0, locking=locking)
write.LOCKS, parallel.START_METHOD = "msvcrt", "spawn"
write.exchange_atomically = lambda staging, output: False
from generator.installed import run
sys.exit(run())
"""


def test_build_check_and_new_run_without_what_only_linux_has(tmp_path):
    site = copy_site("minimal", tmp_path / "site")
    for number in range(450):  # enough for the workers
        (site / f"content/rules/r{number:03d}.md").write_text(f"---\n标题: 制度{number}\n发布日期: 2020-01-01\n---\n正文。\n", encoding="utf-8")

    def command(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", AS_ON_WINDOWS, *argv, "--site", str(site), *TODAY], cwd=REPO,
                              capture_output=True, text=True, timeout=300)

    first = command("build", "--jobs", "2")
    assert first.returncode == 0 and first.stdout.startswith(f"已生成网站 {site / 'public'}：渲染全部 "), first.stderr
    entry = site / "content/social-assistance/linshi-jiuzhu.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("先行救助", "先行救助（修订）"), encoding="utf-8")
    second = command("build", "--jobs", "2")
    assert second.returncode == 0 and "个页面没有变化、沿用" in second.stdout, second.stderr
    assert "先行救助（修订）" in (site / "public/catalog/social-assistance/linshi-jiuzhu.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".public")) == [".public.lock", ".public.previous"]  # the site before, for the next build
    assert command("check").returncode == 0
    new = command("new", "社会救助", "临时救助审批")
    assert new.returncode == 0 and (site / "content/social-assistance/lin-shi-jiu-zhu-shen-pi.md").is_file(), new.stderr
    assert main(["build", "--site", str(site), "--output", str(tmp_path / "linux"), "--no-cache", "--quiet", *TODAY]) == 1
    assert tree(site / "public") == tree_after_clean_build(site, tmp_path)


def tree_after_clean_build(site, tmp_path) -> dict[str, bytes]:
    """The site as Linux builds it from scratch (without the entry `new` just started, which is not filled in)."""
    (site / "content/social-assistance/lin-shi-jiu-zhu-shen-pi.md").unlink()
    assert main(["build", "--site", str(site), "--output", str(tmp_path / "linux"), "--no-cache", "--quiet", *TODAY]) == 0
    return tree(tmp_path / "linux")


POSIX_ONLY = {"fcntl", "termios", "pwd", "grp", "resource", "posix"}


def test_no_module_of_the_generator_imports_what_windows_lacks_when_it_is_imported():
    """Windows has no fcntl, termios …: the generator may use them only inside a function that Windows never calls."""
    import ast

    found = []
    for path in sorted((REPO / "generator").glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module] if isinstance(node, ast.ImportFrom) else []
            found += [f"{path.name}: {name}" for name in names if name and name.split(".")[0] in POSIX_ONLY]
    assert found == []
