"""Built pages pass axe-core (WCAG 2.1 A/AA + best practices) in Chromium, the Nu HTML Checker, and a keyboard check.

Needs Debian's /usr/bin/chromium, the `playwright` pip package (its driver only: no browser
download), java, and `npm ci` (axe-core, vnu-jar in node_modules/). `bash .ci/run` installs
them all. Without them these tests skip, except under CI (CI set), where they fail.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
import os
import shutil
import subprocess
import threading
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import DEMO_TODAY, FIXTURE_SITES, REPO, TEST_DAY, copy_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SITES = ("demo", "minimal", "real-catalog")
NARROW = 320  # CSS px: WCAG 1.4.10 Reflow

# Runs axe and keeps only what the report needs (a small JSON to send back to Python).
RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html})),
  }));
}"""

# Elements sticking out past the right edge of the viewport, not counting those inside a
# horizontal scroll container (a wide table in `overflow-x: auto` is fine).
OVERFLOWING = """(width) => {
  const scrolls = el => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
  const inside = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (scrolls(p)) return true; return false; };
  return [...document.body.querySelectorAll('*')]
    .filter(el => el.getBoundingClientRect().right > width + 0.5 && !inside(el))
    .slice(0, 5)
    .map(el => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`);
}"""


def require(*tools: str) -> None:
    """Skip (or, under CI, fail) when a tool these tests need is not installed."""
    present = {
        "chromium": CHROMIUM.is_file(),
        "playwright": importlib.util.find_spec("playwright") is not None,
        "java": shutil.which("java") is not None,
        "node_modules/axe-core": AXE.is_file(),
        "node_modules/vnu-jar": VNU.is_file(),
        "node": shutil.which("node") is not None,
        "node_modules/decap-cms": (REPO / "node_modules" / "decap-cms" / "dist" / "decap-cms.js").is_file(),
    }
    missing = [tool for tool in tools if not present[tool]]
    if not missing:
        return
    message = f"missing {', '.join(missing)}: `bash .ci/run` installs them (apt chromium/java, pip requirements-dev.txt, npm ci)"
    if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def built_sites(tmp_path_factory, demo_site) -> dict[str, Path]:
    """Each site of SITES built into ROOT/<name>/ of one temporary ROOT: a copy of the demo as of
    today, the fixture sites as of the tests' day."""
    from generator.cli import main

    root = tmp_path_factory.mktemp("a11y")
    sites = [("demo", demo_site, DEMO_TODAY.isoformat())] + [(name, FIXTURE_SITES / name, TEST_DAY) for name in SITES[1:]]
    for name, site, today in sites:
        assert main(["build", "--site", str(site), "--output", str(root / name), "--quiet", "--no-cache", "--today", today]) == 0
    return {name: root / name for name in SITES}


@pytest.fixture(scope="module")
def base_url(built_sites) -> str:
    """http://127.0.0.1:PORT/ serving ROOT, so the demo's home page is BASE/demo/index.html."""
    root = next(iter(built_sites.values())).parent
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser():
    """One headless Debian Chromium for every page of this module."""
    require("chromium", "playwright", "node_modules/axe-core")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_page(browser, width: int = 1280, height: int = 800):
    """A page in a fresh context whose every document gets axe injected before it loads."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    context.set_default_timeout(15_000)
    context.add_init_script(path=str(AXE))
    return context.new_page()


def pages_of(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))


def axe_report(found: dict[str, list[dict]], checked: int, label: str) -> str:
    """Violations grouped by rule: every page named, targets and HTML shown for the first few."""
    by_rule: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for page, violations in found.items():
        for violation in violations:
            by_rule[violation["id"]].append((page, violation))
    lines = [f"axe ({', '.join(AXE_TAGS)}) {label}: {len(by_rule)} rule(s) violated on {len(found)} of {checked} page(s)"]
    for rule, hits in sorted(by_rule.items()):
        first = hits[0][1]
        lines += ["", f"{rule} ({first['impact']}): {first['help']}", f"  {first['helpUrl']}"]
        for page, violation in hits[:3]:
            lines.append(f"  {page}: {len(violation['nodes'])} element(s)")
            for node in violation["nodes"][:3]:
                lines.append(f"      {node['target']}  {' '.join(node['html'].split())[:160]}")
        if len(hits) > 3:
            lines.append(f"  and {len(hits) - 3} more page(s): {', '.join(page for page, _ in hits[3:])}")
    return "\n".join(lines)


@pytest.mark.parametrize("site", SITES)
def test_every_page_passes_axe(site, built_sites, base_url, browser):
    pages = pages_of(built_sites[site])
    assert pages, f"{site} built no .html page"
    page = new_page(browser)
    found = {}
    for path in pages:
        page.goto(f"{base_url}{site}/{path}")
        violations = page.evaluate(RUN_AXE, AXE_TAGS)
        if violations:
            found[f"{site}/{path}"] = violations
    page.context.close()
    if found:
        pytest.fail(axe_report(found, len(pages), "at 1280 px"), pytrace=False)


def representative_pages(folder: Path) -> list[str]:
    """The home page, and the longest domain catalog page and entry page (the likeliest to overflow)."""
    domains = list(folder.glob("catalog/*/index.html")) + list(folder.glob("*/catalog/*/index.html"))  # a cluster's under each agency
    entries = [p for p in [*folder.glob("catalog/*/*.html"), *folder.glob("*/catalog/*/*.html")] if p.name != "index.html"]
    assert domains and entries, f"{folder} has no catalog/<domain>/index.html or entry page"
    def longest(group):
        return max(group, key=lambda p: (p.stat().st_size, p.as_posix())).relative_to(folder).as_posix()

    return ["index.html", longest(domains), longest(entries)]


def agency_page(folder: Path, path: str) -> str:
    """`path` of the site's agency (a one-agency site), or of the first agency that has it (a portal)."""
    found = sorted(folder.glob(path)) or sorted(folder.glob(f"*/{path}"))
    assert found, f"{folder} has no {path}"
    return found[0].relative_to(folder).as_posix()


def test_no_page_scrolls_sideways_at_320_px(built_sites, base_url, browser):
    """WCAG 1.4.10: every page reflows at 320 CSS px; axe also runs there on the representative pages."""
    site = "demo"
    page = new_page(browser, width=NARROW, height=640)
    representative = representative_pages(built_sites[site])
    found, overflowing = {}, []
    for path in pages_of(built_sites[site]):
        page.goto(f"{base_url}{site}/{path}")
        if path in representative:
            violations = page.evaluate(RUN_AXE, AXE_TAGS)
            if violations:
                found[f"{site}/{path}"] = violations
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > NARROW:
            culprits = page.evaluate(OVERFLOWING, NARROW)
            overflowing.append(f"{site}/{path}: page is {scroll_width} px wide; sticking out: {'; '.join(culprits) or '?'}")
    page.context.close()
    problems = []
    if overflowing:
        problems.append(f"horizontal page scroll at {NARROW} px:\n  " + "\n  ".join(overflowing))
    if found:
        problems.append(axe_report(found, len(representative), f"at {NARROW} px"))
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)


@pytest.mark.parametrize("site", SITES)
def test_every_page_is_valid_html(site, built_sites):
    require("java", "node_modules/vnu-jar")
    folder = built_sites[site].resolve()
    pages = pages_of(folder)
    assert pages, f"{site} built no .html page"
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        cwd=folder, capture_output=True, text=True, timeout=300,
    )
    try:
        messages = json.loads(run.stderr)["messages"]  # vnu writes its report to stderr
    except (ValueError, KeyError):
        pytest.fail(f"vnu.jar exited {run.returncode} without a JSON report:\n{run.stderr}{run.stdout}", pytrace=False)
    errors = [m for m in messages if m.get("type") != "info"]
    assert run.returncode == 0 or errors, f"vnu.jar exited {run.returncode}:\n{run.stderr}"
    if errors:
        lines = []
        for m in errors:
            where = m.get("url", "?").removeprefix("file:").removeprefix(f"{folder.as_posix()}/")
            lines.append(f"{site}/{where}:{m.get('lastLine', '?')}: {m.get('message')}")
        pytest.fail(f"Nu HTML Checker: {len(errors)} error(s) in {site}:\n" + "\n".join(lines), pytrace=False)


def test_skip_link_is_first_tab_stop_and_moves_focus_to_main(built_sites, base_url, browser):
    page = new_page(browser)
    page.goto(f"{base_url}demo/index.html")
    page.keyboard.press("Tab")
    focused = page.evaluate("({text: document.activeElement.textContent.trim(), href: document.activeElement.getAttribute('href'), html: document.activeElement.outerHTML})")
    assert focused["text"] == "跳到正文", f"first Tab stop is not the skip link: {focused['html']}"
    assert focused["href"] == "#main", f"skip link does not point at #main: {focused['html']}"

    page.keyboard.press("Enter")
    page.wait_for_function("location.hash === '#main'")
    after = page.evaluate("""() => ({
      target: document.querySelector(':target')?.id,
      focused: document.activeElement.id,
      html: document.activeElement.outerHTML.slice(0, 120),
      top: Math.round(document.getElementById('main').getBoundingClientRect().top),
      height: innerHeight,
    })""")
    assert after["target"] == "main", after
    assert after["focused"] == "main", f"focus after the skip link is not on #main but on {after['html']}"
    assert -1 <= after["top"] < after["height"], f"#main was not scrolled into view (its top is at {after['top']} px)"

    page.keyboard.press("Tab")
    in_main = page.evaluate("document.getElementById('main').contains(document.activeElement)")
    assert in_main, "the Tab after the skip link does not land inside #main"
    page.context.close()


def axe_violations_on(page, url: str) -> list[str]:
    page.goto(url)
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in page.evaluate(RUN_AXE, AXE_TAGS)]


def test_elder_reading_mode_switch_is_remembered_and_accessible(built_sites, base_url, browser):
    page = new_page(browser)
    home = f"{base_url}demo/index.html"
    page.goto(home)
    switch = page.get_by_role("button", name="长辈模式（大字）")
    assert switch.is_visible() and switch.get_attribute("aria-pressed") == "false"
    normal_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    switch.focus()
    page.keyboard.press("Enter")
    assert switch.get_attribute("aria-pressed") == "true"
    large_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert large_size >= 22 and large_size > normal_size * 1.2

    domain_page = representative_pages(built_sites["demo"])[1]
    problems = axe_violations_on(page, f"{base_url}demo/{domain_page}")
    assert page.evaluate("document.documentElement.dataset.readingMode") == "elder", "the mode was not remembered"
    assert page.get_by_role("button", name="长辈模式（大字）").get_attribute("aria-pressed") == "true"
    assert problems == []
    page.set_viewport_size({"width": NARROW, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW

    page.get_by_role("button", name="长辈模式（大字）").click()
    page.goto(home)
    assert page.evaluate("document.documentElement.dataset.readingMode") is None
    page.context.close()


@pytest.mark.parametrize("preferences", [{"color_scheme": "dark"}, {"contrast": "more"}, {"color_scheme": "dark", "contrast": "more"}])
def test_reader_colour_and_contrast_preferences_pass_axe(preferences, built_sites, base_url, browser):
    page = new_page(browser)
    page.emulate_media(**preferences)
    problems = {}
    paths = [f"demo/{path}" for path in representative_pages(built_sites["demo"]) + [agency_page(built_sites["demo"], "xxgk/guide/index.html")]]
    for width in (1280, 375):  # the catalog as a table and as cards
        page.set_viewport_size({"width": width, "height": 800})
        for path in paths + ["real-catalog/catalog/social-assistance/index.html"]:
            found = axe_violations_on(page, f"{base_url}{path}")
            if found:
                problems[f"{path} at {width} px"] = found
    if "color_scheme" in preferences:
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background in ("rgb(18, 18, 18)", "rgb(0, 0, 0)"), f"the dark palette was not applied: {background}"
    page.context.close()
    assert problems == {}


def test_pages_read_without_javascript_and_make_no_outside_requests(built_sites, base_url, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    outside = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(base_url) else None)
    for path in ["index.html", representative_pages(built_sites["demo"])[1], agency_page(built_sites["demo"], "xxgk/statutory/index.html")]:
        page.goto(f"{base_url}demo/{path}")
        assert page.locator("main h1").is_visible()
        assert not page.get_by_role("button", name="长辈模式（大字）").is_visible(), "the switch shows where it cannot work"
    context.close()
    assert outside == []


def test_print_layout_drops_navigation_and_unrolls_tables(built_sites, base_url, browser):
    page = new_page(browser)
    page.emulate_media(media="print")
    page.goto(f"{base_url}demo/{representative_pages(built_sites['demo'])[1]}")
    hidden = page.evaluate("""() => ['.main-nav', '.breadcrumbs', '.skip-link', '.reading-mode']
        .map(s => document.querySelector(s)).filter(Boolean).map(e => getComputedStyle(e).display)""")
    assert hidden and set(hidden) == {"none"}
    # On paper the catalog stays a table (not the phone's cards), within the page's width.
    layout = page.evaluate("""() => { const t = document.querySelector('.catalog-table');
        return [getComputedStyle(t).display, t.getBoundingClientRect().right <= document.documentElement.clientWidth]; }""")
    assert layout == ["table", True]
    page.context.close()


# Every cell of the catalog tables whose box lies outside the viewport, or whose content spills out of its box.
CELLS_OUTSIDE = """() => {
  const out = [];
  for (const cell of document.querySelectorAll('.catalog-table td, .catalog-table tbody th')) {
    const box = cell.getBoundingClientRect();
    if (!box.width) continue;  // not shown (an unmarked option on a phone's card)
    if (box.left < -0.5 || box.right > innerWidth + 0.5 || cell.scrollWidth > cell.clientWidth + 1)
      out.push(`${cell.dataset.label || cell.tagName}: ${Math.round(box.left)}..${Math.round(box.right)} px, content ${cell.scrollWidth} px in ${cell.clientWidth} px: ${cell.textContent.trim().slice(0, 30)}`);
  }
  return out;
}"""


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_every_catalog_cell_can_be_read_without_scrolling_sideways(width, mode, built_sites, base_url, browser):
    """Not just a page that does not scroll: every cell of every domain table lies inside the viewport,
    on the demo and on a fixture with long texts as real catalogs print them (extra columns, 未注明 …)."""
    page = new_page(browser, width=width)
    if mode == "elder":
        page.context.add_init_script("localStorage.setItem('reading-mode', 'elder')")
    outside = {}
    for site in ("demo", "real-catalog"):
        folder = built_sites[site]
        tables = [*folder.glob("catalog/*/index.html"), *folder.glob("*/catalog/*/index.html"),  # a cluster's under each agency
                  *folder.glob("bumen/index.html"), *folder.glob("zhenjie/index.html"), *folder.glob("coverage/index.html"),
                  *folder.glob("nianbao/*.html"),  # and its portal's tables of agencies
                  *folder.glob("*/xxgk/decisions/[0-9]*.html"), *folder.glob("juece/[0-9]*.html"),  # 重大行政决策事项目录
                  *folder.glob("zhengce/index.html"), *folder.glob("zhengce/agency/*.html")]  # and its policy library
        assert tables
        for path in sorted(tables):
            relative = path.relative_to(folder).as_posix()
            page.goto(f"{base_url}{site}/{relative}")
            if mode == "elder":
                assert page.evaluate("document.documentElement.dataset.readingMode") == "elder"
            cells = page.evaluate(CELLS_OUTSIDE)
            if cells:
                outside[f"{site}/{relative}"] = cells[:3]
    page.context.close()
    assert outside == {}


def test_on_a_phone_each_catalog_row_is_a_card_with_every_column_named(built_sites, base_url, browser):
    page = new_page(browser, width=375)
    page.goto(f"{base_url}real-catalog/catalog/social-assistance/index.html")
    card = page.locator(".catalog-table tbody tr").first
    assert card.evaluate("row => getComputedStyle(row).display") == "block"
    labels = card.locator("td").evaluate_all(
        "cells => cells.filter(c => c.getBoundingClientRect().width).map(c => [getComputedStyle(c, '::before').content,"
        " (c.querySelector('.mark-word') || c).innerText.trim()])")
    assert labels[:3] == [['"序号"', "1"], ['"一级事项"', "综合业务"], ['"公开内容（要素）"', labels[2][1]]]
    # Marks are words on a card (√ alone means nothing without its column's header).
    assert ['"公开对象"', "全社会"] in labels and ['"公开方式"', "主动"] in labels
    assert ['"公开层级"', "区级"] in labels and ['"公开层级"', "乡、村级"] in labels
    assert ['"过程"', "决策、执行、管理、服务、结果"] in labels
    page.context.close()


def test_the_inspection_page_passes_axe_and_is_valid_html(built_sites, base_url, browser, tmp_path):
    """`inspect --html`: the district office's page, with findings in both tables, beside the served sites."""
    require("java", "node_modules/vnu-jar")
    from generator.cli import main

    site = copy_site("minimal", tmp_path / "site")
    config = site / "catalog.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("京ICP备00000001号", "示例ICP备00000001号"), encoding="utf-8")
    office = next(iter(built_sites.values())).parent / "office"
    office.mkdir(exist_ok=True)
    assert main(["inspect", "--site", str(site), "--today", "2026-12-05", "--html", str(office / "inspection.html")]) == 1
    page = new_page(browser)
    violations = axe_violations_on(page, f"{base_url}office/inspection.html")
    page.context.close()
    assert violations == []
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "inspection.html"], cwd=office, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr


def proposal_pages(folder: Path) -> list[str]:
    """Every page of 建议提案办理 (issue 16): each agency's list, replies (full text and summary) and yearly
    overviews, and the portal's lists by session and by agency."""
    pages = sorted(p.relative_to(folder).as_posix() for p in [*folder.glob("*/xxgk/proposals/*.html"), *folder.glob("jianyitian/*.html")])
    kinds = ("ceshi/xxgk/proposals/index.html", "ceshi/xxgk/proposals/xuexiao-jiaotong.html", "ceshi/xxgk/proposals/shequ-shitang.html",
             "ceshi/xxgk/proposals/2025.html", "jianyitian/index.html", "jianyitian/danwei.html")  # one of each kind
    assert set(kinds) <= set(pages), pages
    return pages


@pytest.fixture(scope="module")
def cluster_proposals(built_sites) -> tuple[Path, list[str]]:
    """The cluster fixture built beside the other sites (so base_url serves it), and its 建议提案办理 pages."""
    from generator.cli import main

    output = next(iter(built_sites.values())).parent / "cluster"
    assert main(["build", "--site", str(FIXTURE_SITES / "cluster"), "--output", str(output), "--quiet", "--no-cache", "--today", TEST_DAY]) == 0
    return output, proposal_pages(output)


@pytest.mark.parametrize("width", [1280, NARROW])
def test_proposal_pages_pass_axe_and_reflow(width, cluster_proposals, base_url, browser):
    folder, pages = cluster_proposals
    page = new_page(browser, width=width, height=800)
    found, overflowing = {}, []
    for path in pages:
        page.goto(f"{base_url}cluster/{path}")
        if violations := page.evaluate(RUN_AXE, AXE_TAGS):
            found[f"cluster/{path}"] = violations
        if page.evaluate("document.documentElement.scrollWidth") > width:
            overflowing.append(path)
    page.context.close()
    assert not found, axe_report(found, len(pages), f"at {width} px")
    assert overflowing == []


def test_proposal_pages_are_valid_html(cluster_proposals):
    require("java", "node_modules/vnu-jar")
    folder, pages = cluster_proposals
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                         cwd=folder, capture_output=True, text=True, timeout=300)
    errors = [m for m in json.loads(run.stderr)["messages"] if m.get("type") != "info"]
    assert errors == [], errors


# The page kinds of issue 16's gazette and interpretations, in the cluster fixture (which has each of them,
# a press conference with its video too); the demo's, whatever it holds, are checked with all its pages.
GAZETTE_AND_INTERPRETATION_PAGES = (
    "ceshi/xxgk/gazette/index.html", "ceshi/xxgk/gazette/2026/index.html", "ceshi/xxgk/gazette/2026/1.html",
    "ceshi/xxgk/gazette/2025/1.html", "hexi/xxgk/gazette/2026/1.html",
    "gongbao/index.html",  # the portal's 政府公报: every agency's gazette by year
    "minzheng/xxgk/statutory/jiedu-yusuan-jiuzhu-zijin.html",  # 文字解读
    "ceshi/xxgk/statutory/jiedu-yusuan-wenda.html", "ceshi/xxgk/statutory/jiedu-yusuan-tujie.html",
    "minzheng/xxgk/statutory/jiedu-linshi-jiuzhu-fabuhui.html", "minzheng/xxgk/statutory/jiedu-linshi-jiuzhu-anli.html",
    "ceshi/xxgk/statutory/2026-yusuan-baogao.html",  # a policy listing its interpretations, printed in the gazette
)


@pytest.mark.parametrize("width", [1280, NARROW])
def test_gazette_and_interpretation_pages_pass_axe_and_reflow(width, cluster_proposals, base_url, browser):
    page = new_page(browser, width=width, height=800)
    found, overflowing = {}, []
    for path in GAZETTE_AND_INTERPRETATION_PAGES:
        page.goto(f"{base_url}cluster/{path}")
        if violations := page.evaluate(RUN_AXE, AXE_TAGS):
            found[f"cluster/{path}"] = violations
        if page.evaluate("document.documentElement.scrollWidth") > width:
            overflowing.append(path)
    page.context.close()
    assert not found, axe_report(found, len(GAZETTE_AND_INTERPRETATION_PAGES), f"at {width} px")
    assert overflowing == []


def test_gazette_and_interpretation_pages_are_valid_html(cluster_proposals):
    require("java", "node_modules/vnu-jar")
    folder, _ = cluster_proposals
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *GAZETTE_AND_INTERPRETATION_PAGES],
                         cwd=folder, capture_output=True, text=True, timeout=300)
    errors = [m for m in json.loads(run.stderr)["messages"] if m.get("type") != "info"]
    assert errors == [], errors
