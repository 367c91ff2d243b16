"""The editors' commands: check, report, new and serve, with their output and exit codes."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import FIXTURE_SITES, REPO, copy_site, tree
from generator.cli import COMMANDS, main

TODAY = ("--today", "2026-11-26")


@pytest.mark.parametrize("command", ["build", "check", "report", "new", "new-report", "serve"])
def test_every_command_has_help(command, run_build):
    with pytest.raises(SystemExit) as exit_info:
        run_build(command, "--help")
    assert exit_info.value.code == 0


def test_check_validates_and_writes_nothing(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    before = tree(site)
    result = run_build("check", "--site", site, *TODAY)
    assert (result.code, result.out, result.err) == (0, "检查通过：4 个条目、27 个页面，0 个警告。\n", "")
    assert tree(site) == before


def test_check_reports_errors_as_text_and_json(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    entry = site / "content/social-assistance/dibao-shenpi.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("公开方式: 主动", "公开方式: 自愿"), encoding="utf-8")
    message = "“公开方式”的值“自愿”不是可选项；可选：主动、依申请；没有标注的写“未注明”或“不适用”"
    text = run_build("check", "--site", site, *TODAY)
    assert text.code == 1
    assert text.err == f"content/social-assistance/dibao-shenpi.md:12: error: {message}\n检查未通过：1 个错误，0 个警告。\n"
    as_json = run_build("check", "--site", site, "--format", "json", *TODAY)
    assert as_json.code == 1
    assert json.loads(as_json.out) == {
        "ok": False, "errors": 1, "warnings": 0,
        "diagnostics": [{"path": "content/social-assistance/dibao-shenpi.md", "line": 12, "severity": "error", "message": message}],
    }
    assert not (site / "public").exists()


def test_check_fails_on_warnings_only_with_strict(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    entry = site / "content/social-assistance/dibao-shenpi.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("## 办理流程", "#### 办理流程"), encoding="utf-8")
    assert run_build("check", "--site", site, *TODAY).code == 0
    strict = run_build("check", "--site", site, "--strict", "--format", "json", *TODAY)
    assert strict.code == 1
    assert json.loads(strict.out)["errors"] == 1


def test_report_lists_gaps_stale_entries_and_the_guide(run_build):
    result = run_build("report", "--site", FIXTURE_SITES / "minimal", "--today", "2027-03-01")
    assert result.code == 0
    assert result.out.splitlines() == [
        "目录覆盖情况（2027-03-01）：标准事项 6 项，已有条目 4 项，覆盖率 67%",
        "",
        "社会救助\u3000    3/4    75%  缺：综合业务",
        "财政预决算    1/2    50%  缺：部门预决算",
        "",
        "超过 365 天未更新的条目：3 个",
        "  content/social-assistance/dibao-biaozhun.md  2026-01-05（420 天）  社会救助：2026年城乡低保标准",
        "  content/social-assistance/linshi-jiuzhu.md  2026-02-01（393 天）  社会救助：临时救助",
        "  content/fiscal-budgets-final-accounts/2026-yusuan.md  2026-02-20（374 天）  财政预决算：政府预决算",
        "",
        "标为“未注明”或“不适用”的栏目：0 处",
        "",
        "政府信息公开指南更新日期：2026-02-10（384 天前，已超过更新期限）",
    ]


def test_report_as_json_with_another_age_limit(run_build):
    result = run_build("report", "--site", FIXTURE_SITES / "minimal", "--format", "json", "--stale-after", "30", *TODAY)
    report = json.loads(result.out)
    assert (report["covered"], report["total"], report["percent"]) == (4, 6, 67)
    assert [d["percent"] for d in report["domains"]] == [75, 50]
    assert [s["path"].rsplit("/", 1)[1] for s in report["stale_entries"]] == [
        "dibao-biaozhun.md", "linshi-jiuzhu.md", "2026-yusuan.md", "dibao-shenpi.md"]
    assert report["guide"] == {"updated": "2026-02-10", "age_days": 289, "stale": True}


def test_report_page_is_on_the_site_and_linked_from_the_column(tmp_path, run_build):
    assert run_build("--site", FIXTURE_SITES / "minimal", "--output", tmp_path / "out", "--quiet", *TODAY).code == 0
    page = (tmp_path / "out/xxgk/coverage.html").read_text(encoding="utf-8")
    assert "已有条目 4 项，覆盖率 67%" in page
    assert '<svg role="img" aria-labelledby="coverage-chart-title"' in page
    assert "尚无条目的标准事项" in page and "<td>综合业务</td>" in page
    assert 'href="coverage.html"' in (tmp_path / "out/xxgk/index.html").read_text(encoding="utf-8")


def test_new_writes_every_column_and_the_domain_s_items(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    result = run_build("new", "社会救助", "临时救助审批", "--site", site, *TODAY)
    path = site / "content/social-assistance/lin-shi-jiu-zhu-shen-pi.md"
    assert result.code == 0 and str(path) in result.out
    text = path.read_text(encoding="utf-8")
    for line in ("标题: \"临时救助审批\"", "#   最低生活保障（二级事项：低保标准、低保申请审批）", "#   临时救助", "一级事项:",
                 "二级事项:", "公开内容（要素）:", "公开依据:", "公开时限: 信息形成或者变更之日起20个工作日内",
                 "公开主体: \"测试区人民政府\"", "公开渠道和载体: 政府网站", "公开对象: 全社会  # 可选：全社会、特定群体；未标注的写“未注明”",
                 "公开方式: 主动  # 可选：主动、依申请；未标注的写“未注明”", "公开层级: 县级  # 可选：县级、乡级；未标注的写“未注明”",
                 "更新日期: 2026-11-26"):
        assert line in text.splitlines(), line
    check = run_build("check", "--site", site, *TODAY)
    assert check.code == 1
    assert [line.split(": error: ")[1] for line in check.diagnostics] == [
        "必填字段“一级事项”（item_l1）没有填写内容",
        "必填字段“公开内容（要素）”（content）没有填写内容",
        "必填字段“公开依据”（basis）没有填写内容",
    ]


def test_new_refuses_to_overwrite_and_unknown_domains(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    original = (site / "content/social-assistance/dibao-shenpi.md").read_text(encoding="utf-8")
    exists = run_build("new", "social-assistance", "低保", "--slug", "dibao-shenpi", "--site", site)
    assert exists.code == 1 and "已存在，不会覆盖" in exists.err
    assert (site / "content/social-assistance/dibao-shenpi.md").read_text(encoding="utf-8") == original
    unknown = run_build("new", "教育", "招生", "--site", site)
    assert unknown.code == 2 and "没有名为“教育”的领域" in unknown.err
    bad_slug = run_build("new", "social-assistance", "招生", "--slug", "Bad Slug", "--site", site)
    assert bad_slug.code == 2 and "只能由小写英文字母" in bad_slug.err


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(url: str, condition, timeout: float = 30) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    last = (0, "")
    while time.monotonic() < deadline:
        try:
            last = fetch(url)
            if condition(*last):
                return last
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} never matched; last answer: {last[0]} {last[1][:300]}")


def test_serve_rebuilds_on_edit_shows_errors_and_recovers(tmp_path):
    site = copy_site("minimal", tmp_path / "site")
    port = free_port()
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--site", str(site), "--port", str(port)],
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    page = f"http://127.0.0.1:{port}/catalog/social-assistance/linshi-jiuzhu.html"
    entry = site / "content/social-assistance/linshi-jiuzhu.md"
    good = entry.read_text(encoding="utf-8")
    try:
        status, html = wait_for(page, lambda status, html: status == 200)
        assert "<h1>临时救助</h1>" in html and "livereload.js" in html
        assert wait_for(f"http://127.0.0.1:{port}/", lambda s, h: s == 200)[1].count("<h1>") == 1

        entry.write_text(good.replace("一级事项: 临时救助", "标题: 临时救助办事指南\n一级事项: 临时救助"), encoding="utf-8")
        wait_for(page, lambda status, html: "<h1>临时救助办事指南</h1>" in html)

        entry.write_text(good.replace("公开方式: [主动, 依申请公开]", "公开方式: [主动"), encoding="utf-8")
        status, html = wait_for(page, lambda status, html: status == 500)
        assert '<html lang="zh-CN">' in html and "<h1>内容有 1 个错误，网站未更新</h1>" in html
        assert "<code>content/social-assistance/linshi-jiuzhu.md:" in html and "YAML 语法错误" in html
        assert fetch(f"http://127.0.0.1:{port}/")[0] == 500, "every page shows the problems, not a stale page"

        entry.write_text(good, encoding="utf-8")
        wait_for(page, lambda status, html: status == 200 and "<h1>临时救助</h1>" in html)

        catalog = site / "catalog.yaml"
        catalog.write_text(catalog.read_text(encoding="utf-8").replace("测试区政务公开网", "测试区政务公开网（预览）"), encoding="utf-8")
        wait_for(page, lambda status, html: "测试区政务公开网（预览）" in html)
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "预览地址：http://127.0.0.1:" in output
    assert not re.search(r"Serving on|Start watching|\[[IW] \d", output), "livereload's and tornado's English progress lines are not shown"
    assert not (site / "public").exists(), "the preview never touches public/"


def test_serve_refuses_a_port_in_use(tmp_path, run_build):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = run_build("serve", "--site", FIXTURE_SITES / "minimal", "--port", str(busy.getsockname()[1]))
    assert result.code == 2 and "已被占用" in result.err


def test_new_report_lists_every_row_and_carries_last_year_over(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    result = run_build("new-report", "2026", "--site", site, *TODAY)
    path = site / "content/annual-reports/2026.yaml"
    assert result.code == 0 and "已取自 2025 年报告" in result.out
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "  上年结转: [1, 1, 0, 0, 0, 0, 2]" in lines and "  结转下年度: [1, 1, 0, 0, 0, 0, 2]" in lines
    assert "  行政规范性文件: [0, 0, 12]" in lines
    assert "    要求行政机关确认或重新出具已获取信息: [0, 0, 0, 0, 0, 0, 0]" in lines
    check = run_build("check", "--site", site, *TODAY)
    assert check.code == 1, "like `new`, the empty sections are reported until the editor writes them"
    assert [line.split(": error: ")[1] for line in check.diagnostics] == [
        "必填字段“一、总体情况”（overview）没有填写内容",
        "必填字段“五、存在的主要问题及改进情况”（problems）没有填写内容",
        "必填字段“六、其他需要报告的事项”（other）没有填写内容",
    ]
    again = run_build("new-report", "2026", "--site", site, *TODAY)
    assert again.code == 1 and "已存在，不会覆盖" in again.err


@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_serve_stopped_by_a_signal_removes_its_temporary_folder(tmp_path, stop):
    """Ctrl+C, a service manager's stop or a closed terminal: the preview folder goes with the server."""
    site = copy_site("minimal", tmp_path / "site")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    port = free_port()
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--site", str(site), "--port", str(port)],
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "TMPDIR": str(temporary)})
    try:
        wait_for(f"http://127.0.0.1:{port}/index.html", lambda status, html: status == 200)
        [preview] = list(temporary.iterdir())
        assert preview.name.startswith("gk-preview-") and (preview / "site" / "index.html").is_file()
        server.send_signal(getattr(signal, stop))
        output = server.communicate(timeout=20)[0]
    finally:
        server.kill()
    assert server.returncode == 0, output
    assert "预览已结束，临时文件夹已删除。" in output
    assert list(temporary.iterdir()) == []


@pytest.mark.parametrize("command", ["build", "check", "report", "inspect", "new", "new-report", "import", "serve", None])
def test_help_is_in_chinese(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"] if command else ["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith(f"用法：build.py {command or ''}".rstrip())
    assert "位置参数:" in text or "选项:" in text
    assert "-h, --help" in text and "显示本帮助并退出" in text
    for english in ("usage:", "positional arguments", "options:", "show this help message", "optional arguments"):
        assert english not in text


USAGE_ERRORS = [
    (["--stirct"], "build.py: 错误：无法识别的参数：--stirct；“--stirct”是否应为“--strict”？"),
    (["new", "社会救助"], "build.py new: 错误：缺少参数：标题"),
    (["build", "--jobs", "x"], "build.py build: 错误：参数 --jobs：“x”不是整数"),
    (["build", "--today", "2026/11/26"], "build.py build: 错误：参数 --today：应为 YYYY-MM-DD 格式的日期，实际为“2026/11/26”"),
    (["build", "--no-cache", "--cache-dir", "x"], "build.py build: 错误：参数 --cache-dir：不能与 --no-cache 同时使用"),
    (["check", "--format", "xml"], "build.py check: 错误：参数 --format：没有“xml”这个选项；可选：'text', 'json'"),
    (["new-report"], "build.py new-report: 错误：缺少参数：年度"),
    (["serve", "--port"], "build.py serve: 错误：参数 --port：后面须写一个值"),
]


@pytest.mark.parametrize("argv, message", USAGE_ERRORS, ids=[" ".join(argv) for argv, _ in USAGE_ERRORS])
def test_usage_errors_are_in_chinese(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("用法：build.py")
    assert lines[-1] == message


def test_a_mistyped_command_gets_the_command_it_should_be(run_build):
    result = run_build("chekc")
    assert result.code == 2
    assert result.err == (f"build.py: 错误：没有“chekc”这个命令；是否应为“check”？可用的命令：{'、'.join(COMMANDS)}"
                          "（不写命令即为 build）；python build.py --help 显示用法\n")
    assert list(COMMANDS)[:3] == ["build", "check", "report"]


@pytest.mark.parametrize("command", ["build", "check", "report", "new-report"])
def test_a_folder_without_catalog_yaml_is_named_with_the_way_out(command, tmp_path, run_build):
    argv = [command, "--site", tmp_path] + (["2026"] if command == "new-report" else [])
    result = run_build(*argv)
    assert result.code == 2
    assert result.err == (f"build.py: 错误：在 {tmp_path} 中找不到 catalog.yaml：请在网站文件夹（有 catalog.yaml 的文件夹）中运行，"
                          "或用 --site 指定网站文件夹，例如 python build.py --site D:\\gk 或 --site ~/gk\n")
    missing = run_build(command, "--site", tmp_path / "nothere", *argv[3:])
    assert f"在 {tmp_path / 'nothere'} 中找不到 catalog.yaml（这个文件夹不存在）：" in missing.err


def test_check_as_json_gives_the_yaml_parser_s_words_as_the_detail(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    entry = site / "content/social-assistance/dibao-shenpi.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("公开层级: [县级, 乡级]", "公开层级: [县级, 乡级"), encoding="utf-8")
    result = run_build("check", "--site", site, "--format", "json", *TODAY)
    assert result.code == 1
    assert json.loads(result.out)["diagnostics"] == [{
        "path": "content/social-assistance/dibao-shenpi.md", "line": 13, "severity": "error",
        "message": "YAML 语法错误：括号没有配对：这一行的值缺少结束的“]”；请在值的末尾补上，例如 [县级, 乡级]",
        "detail": "（YAML 解析器原文：while parsing a flow sequence；expected ',' or ']', but got ':'）",
    }]


def test_serve_sends_a_folder_asked_without_its_slash_to_the_folder(tmp_path):
    """`/admin` or `/catalog` would serve index.html at the wrong base, and every relative link in it would break."""
    from generator.pipeline import BuildOptions
    from generator.serve import Preview

    with Preview(BuildOptions(root=tmp_path, output=tmp_path / "public"), log=lambda message: None, proxy_port=8081) as preview:
        (preview.folder / "site/catalog").mkdir(parents=True)
        (preview.folder / "site/catalog/index.html").write_text("目录", encoding="utf-8")
        (preview.folder / "admin").mkdir()
        (preview.folder / "admin/index.html").write_text("内容管理", encoding="utf-8")

        def ask(script: str, path: str) -> tuple:
            answer = []
            body = preview.app({"HTTP_HOST": "127.0.0.1:8000", "SCRIPT_NAME": script, "PATH_INFO": path},
                               lambda status, headers: answer.extend((status, dict(headers).get("Location"))))
            return (*answer, b"".join(body).decode("utf-8"))

        assert ask("", "/admin") == ("301 Moved Permanently", "/admin/", "")
        assert ask("", "/catalog") == ("301 Moved Permanently", "/catalog/", "")
        assert ask("/gk", "/catalog") == ("301 Moved Permanently", "/gk/catalog/", "")
        assert ask("", "/catalog/") == ("200 OK", None, "目录")
        assert ask("", "/admin/") == ("200 OK", None, "内容管理")
