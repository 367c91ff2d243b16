"""The holes a hostile test found (issue 14), one test each: nothing outside the site is read, nothing
unreadable vanishes, nothing published runs script, and no input gives a traceback or a stall."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, copy_site, tree, unprivileged
from generator.body_checks import check_body
from generator.cache import CACHE_FILE
from generator.cli import main
from generator.markdown import BodyRenderer
from generator.pipeline import BuildOptions
from generator.unchanged import build
from generator.write import published_path

TODAY = "2026-11-26"
ENTRY = "content/social-assistance/linshi-jiuzhu.md"


def built(tmp_path: Path, run_build) -> tuple[Path, dict[str, bytes]]:
    site = copy_site("minimal", tmp_path / "site")
    assert run_build("--site", site, "--quiet").code == 0
    return site, tree(site / "public")


def use_theme(site: Path, name: str) -> Path:
    catalog = site / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("  base_url:", f"  theme: {name}\n  base_url:"), encoding="utf-8")
    return site / "themes" / name


# 1. Links at any level: nothing outside the site folder is read.

def test_linked_folders_and_theme_files_leading_outside_the_site_are_refused(tmp_path, run_build):
    site, published = built(tmp_path, run_build)
    outside = tmp_path / "outside"
    (outside / "domain").mkdir(parents=True)
    (outside / "domain/passwd.txt").write_text("root:x:0:0", encoding="utf-8")
    (outside / "header.html").write_text("root:x:0:0", encoding="utf-8")
    os.rename(site / "content/social-assistance", tmp_path / "moved")
    (site / "content/social-assistance").symlink_to(outside / "domain")
    (site / "content/rules/files").symlink_to(outside / "domain")
    (site / "content/statutory/kept").symlink_to(site / "content/guide")  # inside the site, but a folder
    theme = use_theme(site, "mytheme")
    (theme / "static").mkdir(parents=True)
    (theme / "templates").mkdir()
    (theme / "static/passwd.txt").symlink_to(outside / "domain/passwd.txt")
    (theme / "templates/header.html").symlink_to(outside / "header.html")
    (theme / "templates/home.html").write_text('{% extends "base.html" %}{% block main %}{% include "header.html" %}{% endblock %}',
                                               encoding="utf-8")
    result = run_build("--site", site)
    assert result.code == 1
    assert result.diagnostics == [
        "content/rules/files:1: error: 符号链接指向 content/ 以外的文件夹，不会读取也不会发布；请把文件夹复制进来",
        "content/social-assistance:1: error: 符号链接指向 content/ 以外的文件夹，不会读取也不会发布；请把文件夹复制进来",
        "content/statutory/kept:1: error: 这是指向文件夹的符号链接，不会读取；请把文件夹本身（而不是链接）放在这里",
        "themes/mytheme/static/passwd.txt:1: error: 符号链接指向网站文件夹以外的文件，不会读取也不会发布；请把文件复制进来",
        "themes/mytheme/templates/header.html:1: error: 符号链接指向网站文件夹以外的文件，不会读取也不会发布；请把文件复制进来",
    ]
    assert tree(site / "public") == published
    assert run_build("check", "--site", site).code == 1


def test_a_theme_folder_linked_outside_the_site_is_refused(tmp_path, run_build):
    site, published = built(tmp_path, run_build)
    outside = tmp_path / "elsewhere/templates"
    outside.mkdir(parents=True)
    (outside / "home.html").write_text("{{ site.name }}", encoding="utf-8")
    theme = use_theme(site, "mytheme")
    theme.mkdir(parents=True)
    (theme / "templates").symlink_to(outside)
    result = run_build("--site", site)
    assert result.diagnostics == ["themes/mytheme/templates:1: error: 符号链接指向网站文件夹以外的文件夹，不会读取；请把主题文件复制进来"]
    assert tree(site / "public") == published


# 2 and 10. Unreadable files and folders: every one an error at its path, nothing published (as a normal user).

def run_unprivileged(*args: str | Path) -> subprocess.CompletedProcess:
    command = [sys.executable, str(REPO / "build.py"), *map(str, args), "--today", TODAY]
    return subprocess.run(unprivileged(command), cwd=REPO, capture_output=True, text=True, timeout=120)


def test_unreadable_folders_and_files_are_errors_and_nothing_is_published(tmp_path, run_build):
    site, published = built(tmp_path, run_build)
    (site / "content/rules/files").mkdir()
    (site / "content/rules/files/form.pdf").write_bytes(b"%PDF")
    locked = [site / "content/social-assistance", site / "content/rules/files", site / "content/guide/index.md",
              site / "content/fiscal-budgets-final-accounts/budget-2026.csv"]
    for path in locked:
        path.chmod(0)
    try:
        result = run_unprivileged("--site", site, "--quiet")
        checked = run_unprivileged("check", "--site", site)
    finally:
        for path in locked:
            path.chmod(0o755)
    folder = "无法读取此文件夹（权限不足），其中的文件都无法发布；请修改它的权限或所有者，让运行生成程序的用户可以读取"
    file = "无法读取此文件（权限不足）；请修改它的权限或所有者，让运行生成程序的用户可以读取"
    expected = [
        f"content/fiscal-budgets-final-accounts/budget-2026.csv:1: error: {file}",
        f"content/guide/index.md:1: error: {file}",
        f"content/rules/files:1: error: {folder}",
        f"content/social-assistance:1: error: {folder}",
    ]
    assert result.returncode == 1, result.stderr
    assert [line for line in result.stderr.splitlines() if ": error: " in line] == expected
    assert "Traceback" not in result.stderr
    assert tree(site / "public") == published
    assert checked.returncode == 1 and [line for line in checked.stderr.splitlines() if ": error: " in line] == expected


def test_a_file_that_cannot_be_written_is_named_by_its_path_in_public(tmp_path, run_build, monkeypatch):
    from generator import write

    site, published = built(tmp_path, run_build)
    (site / ENTRY).write_text((site / ENTRY).read_text(encoding="utf-8").replace("先行救助", "先行救助（修订）"), encoding="utf-8")
    original = write.write_file

    def refuse_the_catalog_index(target, data):
        if Path(target).as_posix().endswith("/catalog/index.html"):
            raise PermissionError(13, "Permission denied", str(target))
        return original(target, data)

    monkeypatch.setattr(write, "write_file", refuse_the_catalog_index)
    result = run_build("--site", site, "--no-cache")
    assert result.code == 3
    assert result.err == f"public/catalog/index.html:1: error: 文件读写失败（权限不足：请修改它的权限或所有者）；{site / 'public'} 未改动。\n"
    assert tree(site / "public") == published
    assert [p.name for p in site.iterdir() if p.name.startswith(".public.")] == [".public.lock"]


def test_an_unwritable_file_is_named_by_its_published_path(tmp_path):
    staging, output = tmp_path / ".public.staging-1-2", tmp_path / "public"
    error = published_path(PermissionError(13, "Permission denied", str(staging / "catalog/index.html")), staging, output)
    assert isinstance(error, PermissionError) and error.filename == str(output / "catalog/index.html")
    from generator.diagnostics import io_problem
    assert str(io_problem(error, tmp_path)) == "public/catalog/index.html:1: error: 文件读写失败（权限不足：请修改它的权限或所有者）"


# 3. Attachments a browser would run as a page are refused.

@pytest.mark.parametrize("name", ["tongzhi.html", "TuBiao.SVG", "shuju.xml", "a.xhtml", "b.htm", "c.shtml", "d.mht"])
def test_attachments_a_browser_would_run_are_refused(name, tmp_path, run_build):
    site, published = built(tmp_path, run_build)
    (site / "content/rules" / name).write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/><script>alert(1)</script>',
                                               encoding="utf-8")
    result = run_build("--site", site)
    extension = os.path.splitext(name)[1].lower()
    assert result.diagnostics == [
        f"content/rules/{name}:1: error: 附件“{name}”是浏览器会当作网页打开的文件（{extension}），其中的脚本会以本网站的身份运行，"
        "不能发布；请把它转换为 PDF，或压缩成 zip 文件后再链接"]
    assert tree(site / "public") == published


# 4. The base URL is a URL, and is escaped where it is written.

BASE_URL_MESSAGE = "应为以 http:// 或 https:// 开头的网址，例如 https://www.example.gov.cn/gk/，不能含有空格、引号、尖括号、换行或 ? #，实际为"


def test_a_base_url_that_could_break_out_of_html_or_robots_txt_is_refused(tmp_path, run_build, capsys):
    site, published = built(tmp_path, run_build)
    payload = 'https://gk.example.gov.cn/"><img/src/onerror=alert(document.domain)>/'
    with pytest.raises(SystemExit) as refused:
        main(["--site", str(site), "--base-url", payload])
    assert refused.value.code == 2 and f"--base-url {BASE_URL_MESSAGE}“{payload}”" in capsys.readouterr().err
    catalog = site / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("https://www.example.gov.cn/gk/", '"https://a.example/gk/\\nDisallow: /"'),
                       encoding="utf-8")
    result = run_build("--site", site)
    assert result.diagnostics == [f"catalog.yaml:8: error: “网站地址”{BASE_URL_MESSAGE}“https://a.example/gk/\\nDisallow: /”"]
    assert tree(site / "public") == published


def test_the_base_url_path_is_escaped_in_the_404_page(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    assert run_build("--site", site, "--quiet", "--base-url", "https://gk.example.gov.cn/a&b/").code == 0
    page = (site / "public/404.html").read_text(encoding="utf-8")
    assert 'href="/a&amp;b/static/style.css"' in page and "/a&b/" not in page


# 5. A build killed while it saves the cache.

def kill_while_saving(cache: Path) -> None:
    """A process that dies in the middle of a transaction on the cache, leaving its journal."""
    script = ("import os, signal, sqlite3, sys\n"
              "c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA synchronous=OFF'); c.execute('BEGIN')\n"
              "c.execute('DELETE FROM bodies'); c.execute('UPDATE sources SET value = zeroblob(100)')\n"
              "os.kill(os.getpid(), signal.SIGKILL)\n")
    subprocess.run([sys.executable, "-c", script, str(cache)])
    assert Path(f"{cache}-journal").exists()


def test_a_cache_save_killed_midway_is_rolled_back_by_the_next_build(tmp_path):
    site = copy_site("minimal", tmp_path / "site")
    options = BuildOptions(site, site / "public", cache_dir=site / ".cache", today=__import__("datetime").date(2026, 11, 26))
    build(options)
    kill_while_saving(site / ".cache" / CACHE_FILE)
    result = build(options)
    assert result.warnings == () and result.rendered == 0, "the cache as it was before the killed save"
    assert not (site / f".cache/{CACHE_FILE}-journal").exists()


def test_a_damaged_cache_with_a_journal_is_removed_and_said_once(tmp_path):
    site = copy_site("minimal", tmp_path / "site")
    options = BuildOptions(site, site / "public", cache_dir=site / ".cache", today=__import__("datetime").date(2026, 11, 26))
    build(options)
    cache = site / ".cache" / CACHE_FILE
    kill_while_saving(cache)
    cache.write_bytes(b"not a database" * 100)
    first = build(options)
    assert [warning.message for warning in first.warnings] == [
        "构建缓存已损坏，已忽略并重新生成（database disk image is malformed）；可放心删除此文件夹"]
    second = build(options)
    assert second.warnings == () and second.rendered == 0
    assert not Path(f"{cache}-journal").exists()


# 6. Any exception in a template is that template's error, in the build's process and in a worker.

def test_template_exceptions_are_reported_at_their_line(tmp_path, run_build):
    site, published = built(tmp_path, run_build)
    templates = use_theme(site, "mytheme") / "templates"
    templates.mkdir(parents=True)
    (templates / "home.html").write_text('{% extends "base.html" %}\n{% block main %}\n{{ 1 // 0 }}\n{% endblock %}\n', encoding="utf-8")
    (templates / "entry.html").write_text('{% extends "entry.html" %}\n', encoding="utf-8")
    (templates / "domain.html").write_text('{% macro m(n) %}{{ m(n) }}{% endmacro %}\n{{ m(1) }}\n', encoding="utf-8")
    result = run_build("--site", site)
    recursion = "模板错误：无休止的递归：模板继承或包含了它自己，或宏调用自身而没有结束条件"
    assert result.code == 1
    assert result.diagnostics == [
        f"themes/mytheme/templates/domain.html:1: error: {recursion}",
        f"themes/mytheme/templates/entry.html:1: error: {recursion}",
        "themes/mytheme/templates/home.html:3: error: 模板错误：integer division or modulo by zero",
    ]
    assert tree(site / "public") == published


def test_a_template_exception_in_a_worker_is_reported(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    text = (site / ENTRY).read_text(encoding="utf-8")
    for number in range(450):  # enough pages for the worker processes
        (site / f"content/social-assistance/bulk-{number:03d}.md").write_text(text + f"\n第 {number} 条。\n", encoding="utf-8")
    templates = use_theme(site, "mytheme") / "templates"
    templates.mkdir(parents=True)
    (templates / "entry.html").write_text('{% extends "base.html" %}\n{% block main %}{{ entry.title }}\n{{ 1 // 0 }}{% endblock %}\n',
                                          encoding="utf-8")
    result = run_build("--site", site, "--jobs", "2")
    assert result.code == 1
    assert result.diagnostics == ["themes/mytheme/templates/entry.html:3: error: 模板错误：integer division or modulo by zero"]
    assert not (site / "public").exists()


# 7. Text that cannot be written as UTF-8, and invisible control characters.

def test_lone_surrogates_and_control_characters_are_errors_in_check_and_build(tmp_path, run_build):
    site, published = built(tmp_path, run_build)
    entry = site / ENTRY
    text = entry.read_text(encoding="utf-8")
    publisher = next(line for line in text.splitlines() if line.startswith("公开主体:"))
    time_limit = next(line for line in text.splitlines() if line.startswith("公开时限:"))
    text = text.replace(publisher, '公开主体: "\\ud800"').replace(time_limit, '公开时限: "十个\\x01工作日"')
    entry.write_text(text, encoding="utf-8")
    rules = site / "content/rules/tiaoli.md"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n第一段\x1b[31m红字\n\n\x7f\ufffe\n", encoding="utf-8")
    lines = text.splitlines()
    publisher_line = lines.index('公开主体: "\\ud800"') + 1
    limit_line = lines.index('公开时限: "十个\\x01工作日"') + 1
    body_lines = rules.read_text(encoding="utf-8").split("\n")
    red, invisible = body_lines.index("第一段\x1b[31m红字") + 1, body_lines.index("\x7f\ufffe") + 1
    control = "（常见于从网页、Word 或 PDF 复制的文字），无法发布；请删除它"
    expected = [
        f"content/rules/tiaoli.md:{red}: error: 含有不可见的控制字符 U+001B{control}",
        f"content/rules/tiaoli.md:{invisible}: error: 含有不可见的控制字符 U+007F{control}",
        *(f"{ENTRY}:{line}: error: {message}" for line, message in sorted([
            (publisher_line, "含有无法保存为 UTF-8 的字符 U+D800（单独的代理项，多半是“\\u”转义写错了）；请删除或改正它"),
            (limit_line, f"含有不可见的控制字符 U+0001{control}")])),
    ]
    checked, result = run_build("check", "--site", site), run_build("--site", site)
    assert checked.code == 1 and [line for line in checked.diagnostics if ": error: " in line] == expected
    assert result.code == 1 and [line for line in result.diagnostics if ": error: " in line] == expected
    assert tree(site / "public") == published


# 8. Bodies that would stall the conversion are refused, before it or by its time limit.

MARKUP = "这一段有 {count} 个标记符号（* _ [ ` \\ <），超过上限 2000 个，转换会极慢；请用空行把它分成几段，或检查是否误粘贴了大量符号"


@pytest.mark.parametrize("body, count", [("*_" * 200_000, 400_000), ("[" * 4_999, 4_999),
                                         ("_a_ " * 50_000, 100_000), ("正文\n\n" + "![" * 2_500, 2_500)],
                         ids=["emphasis run", "brackets", "emphasis pairs", "images"])
def test_bodies_with_runs_of_markup_are_refused_before_conversion(body, count):
    line = 11 if body.startswith("正文") else 9
    expected = [f"content/rules/a.md:{line}: error: {MARKUP.format(count=count)}"]
    assert [str(problem) for problem in check_body(body, "content/rules/a.md", 9)] == expected
    html, problems = BodyRenderer({}).render(body, "content/rules/a.md", 9, "xxgk/rules/a.html")
    assert html == "" and [str(problem) for problem in problems] == expected


DEPTH = "HTML 标签嵌套超过 100 层，无法安全转换；请检查是否缺少结束标签（如 </div>），或列表、引用是否嵌套过深"


def test_deeply_nested_html_is_refused_before_the_sanitiser_sees_it():
    one_line = "<div>" * 50_000
    assert [str(problem) for problem in check_body(one_line, "content/rules/a.md", 9)] == [
        f"content/rules/a.md:9: error: {MARKUP.format(count=50_000)}", f"content/rules/a.md:9: error: {DEPTH}"]
    many_lines = "<div>\n" * 50_000  # a line each: no paragraph has much markup, but the nesting is as deep
    assert [str(problem) for problem in check_body(many_lines, "content/rules/a.md", 9)] == [f"content/rules/a.md:109: error: {DEPTH}"]
    html, problems = BodyRenderer({}).render(many_lines, "content/rules/a.md", 9, "xxgk/rules/a.html")
    assert html == "" and [str(problem) for problem in problems] == [f"content/rules/a.md:109: error: {DEPTH}"]
    closed = "<div>" * 100 + "正文" + "</div>" * 100 + "\n\n" + "<div>正文</div>\n" * 5_000
    assert check_body(closed, "content/rules/a.md", 9) == []
    quotes = "> " * 150 + "引用"  # Markdown that makes the nesting
    assert check_body(quotes, "content/rules/a.md", 9) == []
    assert [str(p) for p in BodyRenderer({}).render(quotes, "content/rules/a.md", 9, "xxgk/rules/a.html")[1]] == [
        f"content/rules/a.md:9: error: {DEPTH}"]


def test_markup_spread_over_many_paragraphs_list_items_and_rows_is_accepted():
    body = "".join(f"第{n}段 **加粗** _强调_ [申请表](a.md)\n\n- *项* [办事指南](a.md)\n\n| 列 | 列 |\n|---|---|\n| *a* | _b_ |\n\n" for n in range(300))
    assert check_body(body, "content/rules/b.md", 1) == []
    html, problems = BodyRenderer({"rules/a.md": "xxgk/rules/a.html"}).render(body, "content/rules/b.md", 1, "xxgk/rules/b.html")
    assert problems == [] and html.count("<strong>") == 300


SLOW_BODY = """
import signal, sys
from generator import markdown
from generator.markdown import BodyRenderer
markdown.MAX_CONVERSION_SECONDS = 0.05
before = signal.getsignal(signal.SIGPROF)
body = "段落 **粗** _斜_\\n\\n" * 5_000  # about 0.4 s of CPU
html, problems = BodyRenderer({}).render(body, "content/rules/a.md", 5, "xxgk/rules/a.html")
assert signal.getsignal(signal.SIGPROF) == before and signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
assert BodyRenderer({}).render("短正文", "content/rules/a.md", 5, "xxgk/rules/a.html")[1] == []
print(repr(html))
print("\\n".join(str(problem) for problem in problems))
"""


def test_a_body_slower_than_the_time_limit_is_refused():
    """In a process of its own, as a build is: the CPU timer is the process's, and the suite's other
    tests (browsers, servers, threads) must not decide whether it fires."""
    run = subprocess.run([sys.executable, "-c", SLOW_BODY], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["''",
        "content/rules/a.md:5: error: 正文转换用时超过 0.05 秒，已停止：内容过长、标记符号过多或列表嵌套过深；"
        "请把它分成几个文件，或把大段数据另存为附件并在正文中链接"]


# 9. Read-only folders in the output, and staging folders left behind with them.

def test_a_read_only_folder_in_the_output_neither_blocks_the_build_nor_leaves_staging(tmp_path, run_build):
    site, _ = built(tmp_path, run_build)
    (site / "public/catalog").chmod(0o555)
    leftover = site / ".public.staging-1-1/catalog"  # what an older build left, read-only inside
    leftover.mkdir(parents=True)
    (leftover / "index.html").write_text("old", encoding="utf-8")
    leftover.chmod(0o555)
    entry = site / ENTRY
    entry.write_text(entry.read_text(encoding="utf-8").replace("先行救助", "先行救助（修订）"), encoding="utf-8")
    try:
        result = run_unprivileged("--site", site, "--quiet")
    finally:
        for folder in (site / "public/catalog", leftover):
            if folder.exists():
                folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert "先行救助（修订）" in (site / "public/catalog/social-assistance/linshi-jiuzhu.html").read_text(encoding="utf-8")
    # The replaced site could not be thinned out (its read-only folder), so it was removed, not set aside.
    assert [p.name for p in site.iterdir() if p.name.startswith(".public.")] == [".public.lock"]
    entry.write_text(entry.read_text(encoding="utf-8").replace("（修订）", "（再修订）"), encoding="utf-8")
    assert run_unprivileged("--site", site, "--quiet").returncode == 0
    assert "先行救助（再修订）" in (site / "public/catalog/social-assistance/linshi-jiuzhu.html").read_text(encoding="utf-8")


# 10. The preview server.

def fetch(port: int, path: str, host: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    return response.status, response.read().decode("utf-8", "replace")


def test_serve_answers_only_loopback_hosts_and_never_fails_on_a_nul(tmp_path):
    import socket

    site = copy_site("minimal", tmp_path / "site")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--site", str(site), "--port", str(port)],
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if fetch(port, "/", f"127.0.0.1:{port}")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "serve never answered"
            time.sleep(0.2)
        assert fetch(port, "/index.html", f"localhost:{port}")[0] == 200
        assert fetch(port, "/index.html", "[::1]")[0] == 200
        status, text = fetch(port, "/index.html", "evil.example")
        assert status == 403 and text == "预览只接受发往本机的请求（如 http://127.0.0.1/）；此请求的 Host 是“evil.example”，不予回答。"
        assert fetch(port, "/index.html", f"127.0.0.1.evil.example:{port}")[0] == 403
        for path in ("/%00", "/index.html%00.txt", "/catalog/%00/"):
            status, text = fetch(port, path, f"127.0.0.1:{port}")
            assert status == 404 and "页面不存在" in text
    finally:
        server.send_signal(signal.SIGINT)
        try:
            output = server.communicate(timeout=10)[0]
        except subprocess.TimeoutExpired:
            server.kill()
            output = server.communicate()[0]
    assert "Traceback" not in output and "embedded null byte" not in output


def preview_answers(preview, host: str) -> str:
    """The status the preview's WSGI app gives a GET of / addressed to `host`."""
    statuses = []
    preview.app({"HTTP_HOST": host, "PATH_INFO": "/", "SCRIPT_NAME": ""}, lambda status, headers: statuses.append(status))
    return statuses[0]


@pytest.mark.parametrize("listening", ["0.0.0.0", "::"])
def test_serve_on_every_interface_answers_any_host_and_on_loopback_only_its_names(tmp_path, listening):
    """--host 0.0.0.0 shows the preview to the office's network: a colleague opens it by this PC's address or name.
    On 127.0.0.1 (the default) a request by another name is still refused (DNS rebinding)."""
    from generator.pipeline import BuildOptions
    from generator.serve import Preview

    site = copy_site("minimal", tmp_path / "site")
    options = BuildOptions(root=site, output=site / "public", jobs=1)
    with Preview(options, lambda message: None, listening) as everywhere:
        everywhere.rebuild()
        for host in ("192.168.1.23:8000", "gk-pc-07:8000", "[fe80::1]:8000", "127.0.0.1:8000", ""):
            assert preview_answers(everywhere, host) == "200 OK", host
    with Preview(options, lambda message: None, "127.0.0.1") as loopback:
        loopback.rebuild()
        assert preview_answers(loopback, "localhost:8000") == "200 OK"
        for host in ("192.168.1.23:8000", "rebound.example:8000"):
            assert preview_answers(loopback, host) == "403 Forbidden", host
    with Preview(options, lambda message: None, "192.168.1.23") as one_address:
        one_address.rebuild()
        assert preview_answers(one_address, "192.168.1.23:8000") == "200 OK"
        assert preview_answers(one_address, "rebound.example:8000") == "403 Forbidden"


# Smaller: each problem at its own line, once.

def test_the_same_missing_target_twice_is_reported_at_each_line_and_once_per_line():
    body = "\n".join(["段落"] * 38) + "\n[表一](gone.pdf)\n\n\n\n[表二](gone.pdf)\n\n![图一](x.png) ![图二](x.png)\n"
    _, problems = BodyRenderer({}).render(body, "content/rules/a.md", 1, "xxgk/rules/a.html")
    assert [str(problem) for problem in problems] == [
        "content/rules/a.md:39: error: 链接的文件不存在：“gone.pdf”（应为 content/rules/gone.pdf）",
        "content/rules/a.md:43: error: 链接的文件不存在：“gone.pdf”（应为 content/rules/gone.pdf）",
        "content/rules/a.md:45: error: 链接的文件不存在：“x.png”（应为 content/rules/x.png）",
    ]


def test_a_diagnostic_is_one_line_whatever_a_name_holds():
    """Every character str.splitlines() breaks at is escaped (the fuzz test found NEL, \\x85, in a file name)."""
    from generator.diagnostics import Diagnostic

    name = "content/rules/a\r\n\x1f\x85\u2028\u2029.pdf"
    assert str(Diagnostic(name, 1, "名称有误")) == "content/rules/a\\x0d\\x0a\\x1f\\x85\\u2028\\u2029.pdf:1: error: 名称有误"
