"""The admin in headless Chromium, with every request that leaves 127.0.0.1 blocked: `build.py serve --admin`
(the preview and decap-server) on a copy of a fixture site; a clerk creates and edits a catalog entry
through the form; the file saved is in the project's format, passes `check`, and is in its domain's table.

Needs what tests/test_accessibility.py needs, and node with `npm ci` (decap-cms, decap-server).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import REPO, TEST_DAY, copy_site
from generator.annual_report import APPLICATION_ROWS
from test_accessibility import AXE, AXE_TAGS, CHROMIUM, CHROMIUM_ARGS, RUN_AXE, require

ENTRY_NAME = re.compile(r"^[0-9]{8}-[0-9]{6}\.md$")  # cms.NEW_FILE_NAME


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve --admin ended early:\n{log.read_text(encoding='utf-8')}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    pytest.fail(f"serve --admin did not answer on port {port}:\n{log.read_text(encoding='utf-8')}")


@pytest.fixture(scope="module")
def admin(tmp_path_factory):
    """(site, base URL of the preview): `python build.py serve --admin` running on a copy of the minimal site."""
    yield from serve_admin(tmp_path_factory, "minimal")


@pytest.fixture(scope="module")
def portal_admin(tmp_path_factory):
    """The same on a copy of the cluster fixture (a portal of four agencies)."""
    yield from serve_admin(tmp_path_factory, "cluster")


def serve_admin(tmp_path_factory, name: str):
    require("chromium", "playwright", "node", "node_modules/axe-core", "node_modules/decap-cms")
    root = tmp_path_factory.mktemp("admin")
    site = copy_site(name, root / "site")
    port, proxy_port = free_port(), free_port()
    log = root / "serve.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "serve", "--admin", "--site", str(site), "--port", str(port), "--proxy-port", str(proxy_port)],
            stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        wait_for_port(port, process, log)
        wait_for_port(proxy_port, process, log)
        yield site, f"http://127.0.0.1:{port}/"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", proxy_port)) != 0, "the local proxy outlived the preview"
    assert "预览已结束，临时文件夹已删除。" in log.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser():
    require("chromium", "playwright")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Clerk:
    """One browser tab on the admin, logged in, that records every request it was refused."""

    def __init__(self, browser, base: str, first: str = "guide"):
        self.base = base
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        self.context.set_default_timeout(15_000)
        self.context.add_init_script(path=str(AXE))
        self.context.route("**/*", self.route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(base + "admin/", wait_until="networkidle")
        self.page.get_by_role("button", name="登录").click()
        self.page.get_by_test_id(first).wait_for()  # the collection list, with its first collection: logged in

    def route(self, route) -> None:
        if route.request.url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, fragment: str) -> None:
        self.page.goto(f"{self.base}admin/#/{fragment}", wait_until="networkidle")
        self.page.wait_for_timeout(500)

    def choose(self, label: str, text: str) -> None:
        """A select (react-select): type the option, take it."""
        box = self.page.get_by_label(label, exact=True)
        box.fill(text)
        box.press("Enter")

    def options(self, label: str) -> list[str]:
        """The texts of a native select's options (the directory's 事项)."""
        return self.page.get_by_label(label).locator("option").all_inner_texts()

    def note(self, label: str) -> str:
        """The note a 事项 select is described by."""
        note = self.page.get_by_label(label).get_attribute("aria-describedby")
        return self.page.locator(f"[id='{note}']").inner_text() if note else ""

    def publish(self) -> None:
        self.page.get_by_role("button", name="发布", exact=True).click()
        self.page.get_by_text("立即发布").click()
        self.page.get_by_text("条目已发布").or_(self.page.get_by_text("已发布")).first.wait_for()

    def violations(self, impacts: tuple[str, ...] = ("minor", "moderate", "serious", "critical")) -> list[str]:
        return [f"{v['id']}: {v['help']} ({v['nodes'][0]['target']})" for v in self.page.evaluate(RUN_AXE, AXE_TAGS)
                if v["impact"] in impacts]

    def serious_violations(self) -> list[str]:
        return self.violations(("serious", "critical"))

    def close(self) -> None:
        self.context.close()


def front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, meta, body = text.split("---\n", 2)
    return yaml.load(meta, Loader=yaml.BaseLoader), body


@pytest.mark.parametrize("fragment", ["collections/guide", "collections/domain-social-assistance", "collections/domain-social-assistance/new",
                                      "collections/statutory/new", "collections/annual_reports/new"])
def test_the_admin_loads_from_the_site_alone_with_no_accessibility_problem(admin, browser, fragment):
    _, base = admin
    clerk = Clerk(browser, base)
    clerk.open(fragment)
    # The form or the entry list, once the local proxy has answered (a cold proxy may answer after the network is idle).
    clerk.page.locator("[class*='ControlContainer'], [class*='ListCard'], a[href*='/entries/']").first.wait_for()
    assert clerk.violations() == []  # of any impact: admin.js gives the editor its main landmark
    assert clerk.outside == [] and clerk.errors == []
    clerk.close()


def test_the_login_page_has_a_main_landmark_and_a_heading(admin, browser):
    _, base = admin
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.goto(base + "admin/", wait_until="networkidle")
    page.get_by_role("button", name="登录").wait_for()
    assert page.get_by_role("main").get_by_role("heading", level=1).inner_text() == "内容管理 · 测试区政务公开网"
    assert page.evaluate(RUN_AXE, AXE_TAGS) == []
    context.close()


def test_a_new_entry_made_with_the_form_passes_check_and_appears_in_its_domain_table(admin, browser, run_build, tmp_path):
    site, base = admin
    folder = site / "content" / "social-assistance"
    before = set(os.listdir(folder))
    clerk = Clerk(browser, base)
    clerk.open("collections/domain-social-assistance/new")
    page = clerk.page
    page.get_by_label("标题 (可选)").fill("表单新建的低保资金发放情况")
    sub_item = page.get_by_label("二级事项 (可选)")
    assert clerk.options("二级事项 (可选)") == ["（不选）"]  # nothing to choose before the 一级事项
    page.get_by_label("一级事项", exact=True).select_option("最低生活保障")
    assert clerk.options("二级事项 (可选)") == ["（请选择二级事项）", "低保标准", "低保申请审批"]  # its items only
    sub_item.select_option("低保申请审批")
    page.get_by_label("公开内容（要素）").fill("发放对象、发放标准、发放金额")
    page.get_by_role("button", name="新增公开依据").click()
    page.locator("input[id^='项-field']").fill("《社会救助暂行办法》")
    page.get_by_label("公开时限").fill("信息形成或者变更之日起20个工作日内")
    page.get_by_label("公开主体").fill("测试区民政局")
    for channel in ("政府网站", "村务公开栏"):  # a standard channel and one of the agency's own
        page.get_by_role("button", name="新增公开渠道和载体").click()
        page.locator("input[id^='渠道-field']").last.fill(channel)
    clerk.choose("公开对象", "全社会")
    clerk.choose("公开方式", "主动")
    clerk.choose("公开层级", "县级")
    page.get_by_label("更新日期", exact=True).fill(TEST_DAY)
    page.locator("[data-slate-editor='true']").first.click()
    page.keyboard.type("## 发放情况\n本月按时足额发放。")
    preview = page.frame_locator("#preview-pane")  # laid out as the site's page, with the site's stylesheet
    assert preview.locator("main h1").inner_text() == "表单新建的低保资金发放情况"
    assert preview.locator("dl.fields div").filter(has_text="公开渠道和载体").locator("dd").inner_text() == "政府网站、村务公开栏"
    assert preview.locator(".prose h2").inner_text() == "发放情况"
    assert preview.locator("link[href$='/admin/site.css']").count() == 1
    clerk.publish()
    assert clerk.outside == [] and clerk.errors == []
    clerk.close()

    (new,) = set(os.listdir(folder)) - before
    assert ENTRY_NAME.match(new)
    meta, body = front_matter(folder / new)
    assert meta == {
        "标题": "表单新建的低保资金发放情况", "一级事项": "最低生活保障", "二级事项": "低保申请审批",
        "公开内容（要素）": "发放对象、发放标准、发放金额", "公开依据": ["《社会救助暂行办法》"],
        "公开时限": "信息形成或者变更之日起20个工作日内", "公开主体": "测试区民政局", "公开渠道和载体": ["政府网站", "村务公开栏"],
        "公开对象": ["全社会"], "公开方式": ["主动"], "公开层级": ["县级"], "更新日期": TEST_DAY,
    }  # the fields left empty (序号, 网址名) are not written
    assert "## 发放情况" in body and "本月按时足额发放。" in body
    result = run_build("check", "--site", site)
    assert result.code == 0, result.err
    output = tmp_path / "public"
    assert run_build("build", "--site", site, "--output", output, "--no-cache", "--quiet").code == 0
    table = (output / "catalog" / "social-assistance" / "index.html").read_text(encoding="utf-8")
    assert "表单新建的低保资金发放情况" in table and "村务公开栏" in table


def test_editing_an_entry_changes_only_the_line_of_the_field_edited(admin, browser, run_build):
    site, base = admin
    path = site / "content" / "social-assistance" / "dibao-shenpi.md"
    before = path.read_text(encoding="utf-8")
    assert "公开渠道和载体: [政府网站, 社区/企事业单位/村公示栏（电子屏）]\n公开对象: 全社会\n" in before  # a flow list, a mark as text
    clerk = Clerk(browser, base)
    clerk.open("collections/domain-social-assistance/entries/dibao-shenpi")
    clerk.page.get_by_label("公开时限").fill("制定或获取信息之日起5个工作日内")
    clerk.publish()
    assert clerk.outside == [] and clerk.errors == []
    clerk.close()
    after = path.read_text(encoding="utf-8")
    assert after == before.replace("公开时限: 制定或获取信息之日起10个工作日内\n", "公开时限: 制定或获取信息之日起5个工作日内\n")
    assert after != before
    assert run_build("check", "--site", site).code == 0


def test_the_second_level_select_follows_the_first_and_keeps_a_saved_value_it_lacks(admin, browser, run_build):
    site, base = admin
    clerk = Clerk(browser, base)
    clerk.open("collections/domain-social-assistance/new")
    page = clerk.page
    assert clerk.note("二级事项 (可选)") == "请先选择一级事项，再选择二级事项"
    page.get_by_label("一级事项", exact=True).select_option("临时救助")
    assert clerk.options("二级事项 (可选)") == ["（不选）"]
    assert clerk.note("二级事项 (可选)") == "一级事项“临时救助”下没有二级事项，不用选择"
    assert clerk.serious_violations() == []
    clerk.close()

    path = site / "content" / "social-assistance" / "dibao-old.md"  # written by hand with a 二级事项 the directory lacks
    text = (site / "content" / "social-assistance" / "dibao-biaozhun.md").read_text(encoding="utf-8").replace("2026年", "2025年")
    assert "item_l2: 低保标准\n" in text
    path.write_text(text.replace("item_l2: 低保标准\n", "item_l2: 低保审批（旧）\n"), encoding="utf-8")
    try:
        clerk = Clerk(browser, base)
        clerk.open("collections/domain-social-assistance/entries/dibao-old")
        page = clerk.page
        sub_item = page.get_by_label("二级事项 (可选)")
        assert sub_item.input_value() == "低保审批（旧）"  # kept, and said so
        assert clerk.options("二级事项 (可选)")[-1] == "低保审批（旧）（已保存的值，不在列表中）"
        assert clerk.note("二级事项 (可选)") == "“低保审批（旧）”不是一级事项“最低生活保障”下的二级事项，请重新选择"
        page.get_by_label("公开时限").fill("即时")
        page.get_by_role("button", name="发布", exact=True).click()
        page.get_by_text("立即发布").click()
        page.get_by_text("“低保审批（旧）”不是一级事项“最低生活保障”下的二级事项").nth(1).wait_for()  # the save refused
        assert "低保审批（旧）" in path.read_text(encoding="utf-8")
        clerk.errors.clear()  # Decap rejects its save promise with `undefined` when a field is invalid
        sub_item.focus()  # by keyboard: up from the saved value to 低保申请审批, then 低保标准
        page.keyboard.press("ArrowUp")
        page.keyboard.press("ArrowUp")
        assert sub_item.input_value() == "低保标准" and clerk.note("二级事项 (可选)") == ""
        clerk.publish()
        assert clerk.outside == [] and clerk.errors == []
        clerk.close()
        # The line of the field changed, written under the form's name for it; every other line as it was.
        assert path.read_text(encoding="utf-8") == text.replace("item_l2: 低保标准\n", "二级事项: 低保标准\n").replace(
            "time_limit: 信息形成或者变更之日起20个工作日内\n", "公开时限: 即时\n")
        result = run_build("check", "--site", site)
        assert result.code == 0, result.err
    finally:
        path.unlink()


def test_a_new_annual_report_made_with_the_form_is_named_by_its_year_and_passes_check(admin, browser, run_build):
    site, base = admin
    clerk = Clerk(browser, base)
    clerk.open("collections/annual_reports/new")
    page = clerk.page
    page.get_by_label("标题", exact=True).fill("测试区人民政府2026年政府信息公开工作年度报告")
    page.get_by_label("年度", exact=True).fill("2026")
    page.get_by_label("发布日期", exact=True).fill(TEST_DAY)
    for section in ("一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        page.get_by_label(section, exact=True).fill("本年度情况。")
    clerk.publish()  # every figure of the three tables left at its default, 0
    assert clerk.outside == [] and clerk.errors == []
    clerk.close()
    report = yaml.safe_load((site / "content" / "annual-reports" / "2026.yaml").read_text(encoding="utf-8"))
    assert report["年度"] == 2026 and report["主动公开"]["行政规范性文件"] == [0, 0, 0]
    assert report["依申请公开"]["不予公开"]["属于国家秘密"] == [0] * 7
    assert list(report["依申请公开"]) == [row.key for row in APPLICATION_ROWS]  # the form's order, as new-report writes it
    result = run_build("check", "--site", site)
    assert result.code == 0, result.err
    # What the form cannot check, check does: the figures carried over from 2025 (warnings).
    assert "content/annual-reports/2026.yaml" in result.err and "而 2025 年报告的“结转下年度”为" in result.err


def test_an_attachment_uploaded_in_the_form_is_saved_beside_the_entry_and_linked(admin, browser, run_build, tmp_path):
    site, base = admin
    folder = site / "content" / "social-assistance"
    path = folder / "linshi-jiuzhu.md"
    before = path.read_text(encoding="utf-8")
    upload = tmp_path / "linshi-jiuzhu-biaozhun.pdf"
    upload.write_bytes(b"%PDF-1.4\n%test attachment\n")
    clerk = Clerk(browser, base)
    clerk.open("collections/domain-social-assistance/entries/linshi-jiuzhu")
    page = clerk.page
    page.get_by_role("button", name="新增上传附件").click()
    page.get_by_role("button", name="选择文件").click()
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_role("button", name="选用已选中项目").click()
    clerk.publish()
    assert clerk.outside == [] and clerk.errors == []
    clerk.close()
    assert (folder / upload.name).read_bytes() == upload.read_bytes()
    assert path.read_text(encoding="utf-8") == before.rstrip() + f"\n\n[附件：{upload.name}]({upload.name})\n"
    output = tmp_path / "public"
    assert run_build("build", "--site", site, "--output", output, "--no-cache", "--quiet").code == 0
    page_html = (output / "catalog" / "social-assistance" / "linshi-jiuzhu.html").read_text(encoding="utf-8")
    assert upload.name in page_html and (output / "catalog" / "social-assistance" / upload.name).is_file()


def test_in_a_portal_a_document_saved_in_an_agency_s_collection_is_numbered_and_filed_under_that_agency(portal_admin, browser, run_build):
    site, base = portal_admin
    folder = site / "content" / "hexi" / "statutory"
    before = set(os.listdir(folder))
    clerk = Clerk(browser, base, first="ceshi-guide")  # the portal's own agency first
    clerk.open("collections/hexi-statutory/new")
    page = clerk.page
    assert "河西镇人民政府 · 法定主动公开内容" in page.inner_text("body")
    page.get_by_label("标题", exact=True).fill("河西镇2026年社会救助工作情况")
    page.get_by_label("索引号", exact=True).fill("000000017/2026-00002")  # another agency's code: refused by the form
    page.get_by_label("发布机构", exact=True).fill("河西镇人民政府")
    page.get_by_label("发布日期", exact=True).fill(TEST_DAY)
    clerk.choose("类别 (可选)", "（十一）")
    page.get_by_role("button", name="发布", exact=True).click()
    page.get_by_text("立即发布").click()
    page.get_by_text("应为“11000000MB0000001X/年份-五位序号”").wait_for()
    assert set(os.listdir(folder)) == before
    clerk.errors.clear()  # Decap rejects its save promise with `undefined` when a field is invalid
    page.get_by_label("索引号", exact=True).fill("")
    page.get_by_label("索引号", exact=True).fill("11000000MB0000001X/2026-00002")
    clerk.publish()
    assert clerk.serious_violations() == []  # the page with the message that it was saved
    assert clerk.outside == [] and clerk.errors == []
    clerk.close()
    (new,) = set(os.listdir(folder)) - before
    meta, _ = front_matter(folder / new)
    assert meta["索引号"] == "11000000MB0000001X/2026-00002" and meta["类别"] == "11"
    result = run_build("check", "--site", site)
    assert result.code == 0, result.err


def test_the_local_proxy_answers_only_pages_of_this_machine(tmp_path):
    """decap-server allows every origin and checks no Host: the guard in front of it refuses a request from a page
    elsewhere (its Origin) and one addressed by another name (DNS rebinding), before anything reaches the files."""
    import http.client
    import json as json_module

    from generator.admin import local_proxy
    require("node", "node_modules/decap-cms")
    site = copy_site("minimal", tmp_path / "site")
    port = free_port()

    def ask(host: str, origin: str | None = None) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Host": host, "Content-Type": "application/json", **({"Origin": origin} if origin else {})}
        connection.request("POST", "/api/v1", json_module.dumps({"action": "info", "params": {}}), headers)
        status = connection.getresponse().status
        connection.close()
        return status

    with local_proxy(site, port):
        assert ask(f"127.0.0.1:{port}", "http://127.0.0.1:8000") == 200
        assert ask(f"localhost:{port}") == 200
        assert ask(f"rebound.example:{port}") == 403
        assert ask(f"127.0.0.1:{port}", "https://elsewhere.example") == 403
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "the guard outlived the block"
