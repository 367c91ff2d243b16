"""Site search: the index built from the content, and real queries typed into the page in headless Chromium.

The browser tests need what tests/test_accessibility.py needs (`bash .ci/run` installs it).
`pytest --update-golden` also rewrites docs/search.png, the screenshot in the README.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

import pytest

from conftest import FIXTURE_SITES, REPO, built_index, copy_site, loaded, manifest, records_of
from generator.pipeline import BuildOptions, check_site
from generator.markdown import plain_text
from generator.cache import Memo
from generator.outputs import text_files
from generator.published import items_of_pages
from generator import search
from generator.search import FIELDS, shard_of
from test_accessibility import AXE, AXE_TAGS, RUN_AXE, base_url, browser, built_sites, new_page  # noqa: F401  (fixtures)

SCREENSHOT = REPO / "docs" / "search.png"


def test_plain_text_keeps_blocks_apart_and_drops_markup():
    html = "<h2>救助对象</h2><p>因火灾&amp;事故<br>导致困难</p><table><tr><td>一般</td><td>3倍</td></tr></table>"
    assert plain_text(html) == "救助对象\n因火灾&事故\n导致困难\n一般\n3倍"
    assert plain_text('<p><a title="a>b" href="x.html">链接</a><!-- 注释 --></p><p>第二段</p>') == "链接\n第二段"


def site_index(site) -> dict[str, bytes]:
    options = BuildOptions(root=site, output=site / "public", today=date(2026, 11, 26))
    checked = check_site(options)
    files = dict(text_files(checked.portal, checked.pages, items_of_pages(checked.pages, checked.conversions)))  # as a build makes them
    return {url: content for url, content in files.items() if url.startswith("search/")}


def index_records(site) -> list[dict]:
    files = site_index(site)
    assert manifest(files)["fields"] == list(FIELDS)
    return records_of(files)


def test_index_has_every_entry_document_and_domain_page_with_its_text():
    records = {record["url"]: record for record in index_records(FIXTURE_SITES / "minimal")}
    assert set(records) == {
        "../catalog/social-assistance/dibao-biaozhun.html", "../catalog/social-assistance/dibao-shenpi.html",
        "../catalog/social-assistance/linshi-jiuzhu.html", "../catalog/fiscal-budgets-final-accounts/2026-yusuan.html",
        "../xxgk/rules/tiaoli.html", "../xxgk/rules/baomi-shencha.html", "../xxgk/statutory/2026-yusuan-baogao.html", "../xxgk/statutory/jigou-zhineng.html",
        "../xxgk/statutory/2025-wangzhan-baobiao.html",
        "../xxgk/annual-reports/2024.html", "../xxgk/annual-reports/2025.html", "../xxgk/guide/index.html",
        "../catalog/social-assistance/index.html", "../catalog/fiscal-budgets-final-accounts/index.html",
        "../xxgk/consultations/laojiu-xiaoqu.html",
    }
    entry = records["../catalog/social-assistance/dibao-shenpi.html"]
    assert (entry["title"], entry["section"], entry["date"], entry["keywords"]) == ("低保申请审批", "社会救助", "2026-03-15", "最低生活保障 低保申请审批")
    assert entry["text"].startswith("公开内容（要素）：申请条件、办理流程、审批结果\n公开依据：")
    assert "共同生活的家庭成员人均收入低于当地低保标准" in entry["text"]
    domain = records["../catalog/social-assistance/index.html"]
    assert domain["title"] == "社会救助领域政务公开事项标准目录" and "最低生活保障、低保标准、低保申请审批" in domain["text"]


# --- In the browser ---------------------------------------------------------------------------

def search_for(page, query: str) -> list[str]:
    """Type `query` into the search page's box as a reader would, press Enter, return the result titles."""
    box = page.get_by_role("searchbox", name="搜索本站的公开事项和文件")
    box.fill("")
    box.type(query)
    box.press("Enter")
    page.wait_for_function("() => { const s = document.getElementById('search-status').textContent; return s && !s.startsWith('正在'); }")
    return page.locator("#search-results h2").all_inner_texts()


ENTRY = """---
标题: {title}
一级事项: 综合业务
公开内容（要素）: 办理须知
公开依据: 《政府信息公开条例》
公开时限: 信息形成或者变更之日起20个工作日内
公开主体: 测试区民政局
公开渠道和载体: 政府网站
公开对象: 全社会
公开方式: 主动
公开层级: 县级
更新日期: {day}
---
"""

# Entries of the site the browser tests search: the minimal fixture and these, so that what a query
# finds is decided here, not by the demo's content.
SEARCH_ENTRIES = {
    "content/social-assistance/linshi-jiuzhu-zhinan.md": """---
标题: 临时救助办事指南
一级事项: 临时救助
公开内容（要素）: 救助对象、申请材料、办理流程
公开依据: 《社会救助暂行办法》
公开时限: 信息形成或者变更之日起20个工作日内
公开主体: 测试区民政局
公开渠道和载体: 政府网站
公开对象: 全社会
公开方式: 主动
公开层级: 县级
更新日期: 2026-03-01
---
## 救助对象

因火灾、交通事故等意外事件，家庭基本生活暂时出现严重困难的家庭。
""",
    "content/social-assistance/tekun-gongyang.md": """---
标题: 特困人员救助供养标准
一级事项: 综合业务
公开内容（要素）: 基本生活标准、照料护理标准
公开依据: 《社会救助暂行办法》
公开时限: 信息形成或者变更之日起20个工作日内
公开主体: 测试区民政局
公开渠道和载体: 政府网站
公开对象: 全社会
公开方式: 主动
公开层级: 县级
更新日期: 2026-03-02
---
特困人员救助供养标准按当地低保标准的1.3倍确定。
""",
    # 蓝鲸卡 whole on one page; on another only its pairs, apart (蓝鲸…鲸卡): the shards cannot tell them
    # apart, the second page's own text rules it out.
    "content/social-assistance/lanjing-ka.md": ENTRY.format(title="蓝鲸卡办理须知", day="2026-03-03") + "持蓝鲸卡可免费乘车。\n",
    "content/social-assistance/haiyangguan.md": ENTRY.format(title="海洋馆开放安排", day="2026-03-04") + "馆内有一头蓝鲸的骨架。游客可凭鲸卡入园。\n",
}


def build_search_site(root, name: str) -> str:
    from generator.cli import main

    site = copy_site("minimal", root / f"{name}-source")
    for path, text in SEARCH_ENTRIES.items():
        (site / path).write_text(text, encoding="utf-8")
    assert main(["build", "--site", str(site), "--output", str(root / name), "--quiet", "--no-cache", "--today", "2026-11-26"]) == 0
    return name


@pytest.fixture(scope="module")
def search_site(built_sites) -> str:  # noqa: F811
    """The search fixture built beside the sites of test_accessibility (served by `base_url` at BASE/find/)."""
    return build_search_site(built_sites["minimal"].parent, "find")


@pytest.fixture(scope="module")
def sharded_site(built_sites) -> str:  # noqa: F811
    """The same site with its index split as a site of thousands of pages has it: shards of about 200 bytes."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_BYTES", 200)
        name = build_search_site(built_sites["minimal"].parent, "find-shards")
    assert manifest(built_index(built_sites["minimal"].parent / name))["shards"] >= 64
    return name


@pytest.fixture
def search_page(browser, search_site, base_url):  # noqa: F811
    page = new_page(browser)
    page.goto(f"{base_url}{search_site}/search/index.html")
    yield page
    page.context.close()


def test_a_word_finds_it_inside_longer_words(search_page):
    titles = search_for(search_page, "救助")
    assert {"临时救助办事指南", "特困人员救助供养标准", "社会救助领域政务公开事项标准目录"} <= set(titles)  # 临时救助, 社会救助
    assert "低保申请审批" in titles  # its text cites 《社会救助暂行办法》
    assert "关于测试区2026年预算的报告" not in titles
    assert search_page.locator("#search-status").inner_text() == f"找到 {len(titles)} 条与“救助”相关的结果。"
    assert search_page.get_by_role("status").count() == 1
    marks = set(search_page.locator("#search-results mark").all_inner_texts())
    assert marks == {"救助"}
    snippet = search_page.locator("#search-results li", has_text="临时救助办事指南").locator(".search-result-text").inner_text()
    assert "救助对象" in snippet
    assert search_page.title().startswith("“救助”的搜索结果")
    assert search_page.url.endswith("?q=%E6%95%91%E5%8A%A9")


def test_several_words_and_words_typed_together(search_page):
    assert search_for(search_page, "低保 标准")[0] == "2026年城乡低保标准"
    together = search_for(search_page, "救助标准")
    assert "特困人员救助供养标准" in together and "临时救助" in together  # the second by its 公开内容 “救助对象、救助标准”
    assert search_for(search_page, "机构")[0] == "测试区人民政府机构职能"
    assert search_for(search_page, "ＸＹＺ不存在的词") == []
    assert search_page.locator("#search-status").inner_text().startswith("没有找到与“ＸＹＺ不存在的词”相关的内容")
    assert search_for(search_page, "   ") == []
    assert search_page.locator("#search-status").inner_text() == "请输入要搜索的词语。"


def test_search_by_keyboard_from_the_box_on_any_page(browser, search_site, base_url):  # noqa: F811
    page = new_page(browser)
    page.goto(f"{base_url}{search_site}/catalog/index.html")
    page.get_by_role("searchbox", name="站内搜索").type("低保 审批")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/index.html?q=*")
    page.wait_for_selector("#search-results li")
    assert page.get_by_role("searchbox", name="搜索本站的公开事项和文件").input_value() == "低保 审批"
    first = page.locator("#search-results h2").first.inner_text()
    assert first == "低保申请审批"
    page.get_by_role("searchbox", name="搜索本站的公开事项和文件").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == first
    page.keyboard.press("Enter")
    page.wait_for_url("**/catalog/social-assistance/dibao-shenpi.html")
    page.context.close()


@pytest.mark.parametrize("preferences", [{}, {"color_scheme": "dark", "contrast": "more"}])
def test_results_pass_axe(browser, search_site, base_url, preferences):  # noqa: F811
    page = new_page(browser)
    page.emulate_media(**preferences)
    page.goto(f"{base_url}{search_site}/search/index.html")
    assert search_for(page, "救助")
    assert page.evaluate(RUN_AXE, AXE_TAGS) == []
    page.evaluate("document.documentElement.setAttribute('data-reading-mode', 'elder')")
    assert page.evaluate(RUN_AXE, AXE_TAGS) == []
    page.context.close()


def test_search_works_from_disk(browser, built_sites, search_site):  # noqa: F811
    page = new_page(browser)
    page.goto((built_sites["minimal"].parent / search_site / "search" / "index.html").as_uri() + "?q=临时救助")
    page.wait_for_selector("#search-results li")
    assert page.locator("#search-results h2").all_inner_texts()[:2] == ["临时救助", "临时救助办事指南"]
    page.context.close()


def test_without_javascript_the_page_says_so_and_links_to_the_catalog(browser, search_site, base_url):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}{search_site}/search/index.html?q=救助")
    message = page.locator("#search-no-js")
    assert message.is_visible() and "需要浏览器启用 JavaScript" in message.inner_text()
    assert message.get_by_role("link").get_attribute("href") == "../catalog/index.html"
    context.close()


def test_hostile_titles_are_shown_as_text(browser, tmp_path):  # noqa: F811
    from generator.cli import main

    site = copy_site("minimal", tmp_path / "site")
    entry = site / "content/social-assistance/linshi-jiuzhu.md"
    payload = '<img src=x onerror="window.hacked=1">临时'
    entry.write_text(entry.read_text(encoding="utf-8").replace("---\n一级事项", f"---\n标题: '{payload}'\n一级事项", 1), encoding="utf-8")
    assert main(["build", "--site", str(site), "--output", str(tmp_path / "out"), "--quiet", "--today", "2026-11-26"]) == 0
    page = new_page(browser)
    page.goto((tmp_path / "out" / "search" / "index.html").as_uri())
    assert payload in search_for(page, "onerror")
    assert page.locator("#search-results img").count() == 0
    assert page.evaluate("window.hacked") is None
    page.context.close()


def test_screenshot_for_the_readme(browser, built_sites, base_url, update_golden, tmp_path):  # noqa: F811
    """What a reader of the demo sees after searching for 救助 (rewritten into docs/ by --update-golden)."""
    context = browser.new_context(viewport={"width": 880, "height": 760}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base_url}demo/search/index.html")
    search_for(page, "救助")
    target = SCREENSHOT if update_golden else tmp_path / "search.png"
    target.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(target))
    context.close()
    assert target.stat().st_size > 10_000


@pytest.fixture(scope="module")
def portal_search(built_sites) -> str:  # noqa: F811
    """The cluster fixture built beside the sites of test_accessibility (BASE/portal/)."""
    from generator.cli import main

    root = built_sites["minimal"].parent
    assert main(["build", "--site", str(FIXTURE_SITES / "cluster"), "--output", str(root / "portal"), "--quiet", "--no-cache",
                 "--today", "2026-11-26"]) == 0
    return "portal"


def result_facts(page) -> list[str]:
    return page.locator("#search-results .search-result-facts").all_inner_texts()


def test_a_portal_search_filters_by_agency_and_by_domain_and_says_whose_each_result_is(browser, portal_search, base_url):  # noqa: F811
    page = new_page(browser)
    page.goto(f"{base_url}{portal_search}/search/index.html")
    everyone = search_for(page, "低保")
    agencies = {facts.split("　")[0] for facts in result_facts(page)}
    assert {"测试区人民政府", "河西镇人民政府"} <= agencies
    page.get_by_label("发布单位").select_option(label="河西镇人民政府")
    town = search_for(page, "低保")
    assert town and len(town) < len(everyone)
    assert {facts.split("　")[0] for facts in result_facts(page)} == {"河西镇人民政府"}
    assert "agency=hexi" in page.url  # the filtered search is a link that can be shared
    page.get_by_label("发布单位").select_option(label="全部单位")
    page.get_by_label("试点领域").select_option(label="财政预决算")
    search_for(page, "预算")
    assert result_facts(page) and all(facts.startswith("测试区人民政府　") for facts in result_facts(page))
    page.get_by_label("试点领域").select_option(label="全部领域")
    page.get_by_label("发布单位").select_option(label="测试区人力资源和社会保障局")
    assert "关于印发《测试区临时救助实施办法》的通知" in search_for(page, "临时救助")  # a joint document is each issuer's
    page.get_by_label("发布单位").select_option(label="全部单位")
    # Opened from a link with the filters in its address, the page applies them.
    page.goto(f"{base_url}{portal_search}/search/index.html?q=%E4%BD%8E%E4%BF%9D&agency=hexi&domain=")
    page.wait_for_function("() => { const s = document.getElementById('search-status').textContent; return s && !s.startsWith('正在'); }")
    assert page.get_by_label("发布单位").input_value() == "hexi"
    assert {facts.split("　")[0] for facts in result_facts(page)} == {"河西镇人民政府"}
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(RUN_AXE, AXE_TAGS) == []
    page.context.close()


# --- The split index -------------------------------------------------------------------------

def decoded(text: str, with_values: bool = True) -> dict[int, int]:
    """A page list of the index (generator/search.py: gaps in base 32), decoded here independently."""
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
    pages, page, number = {}, -1, 0
    for character in text:
        digit = digits.index(character)
        number = number * 32 + digit % 32
        if digit < 32:
            page += (number // 32 if with_values else number) + 1
            pages[page] = number % 32 if with_values else 0
            number = 0
    return pages


def test_every_gram_is_in_its_shard_with_the_pages_that_have_it_and_builds_are_identical():
    files = site_index(FIXTURE_SITES / "cluster")
    assert files == site_index(FIXTURE_SITES / "cluster")
    count = manifest(files)["shards"]
    assert count & (count - 1) == 0 and sorted(url for url in files if url.startswith("search/shard/")) == sorted(
        f"search/shard/{number}.js" for number in range(count))
    grams = {}
    for url, content in files.items():
        if url.startswith("search/shard/"):
            kind, number, shard = loaded(content)
            assert kind == "shard" and url == f"search/shard/{number}.js"
            assert all(shard_of(gram, count) == number for gram in shard)
            grams.update(shard)
    records = records_of(files)
    # Pages are numbered the other way round from the order of results that score the same (newest first, then by
    # address), so that a new page is numbered last.
    order = [(record["date"] or "0", record["url"]) for record in records]
    assert order[::-1] == sorted(order, key=lambda pair: (-int(pair[0].replace("-", "")), pair[1]))
    having = {number for number, record in enumerate(records) if "低保" in record["title"] + record["keywords"] + record["text"]}
    pages = decoded(grams["低保"])
    assert set(pages) == having
    first = records.index(next(record for record in records if record["url"] == "../hexi/catalog/social-assistance/dibao-shenpi.html"))
    text = records[first]["text"]
    assert pages[first] == 16 * ("低保" in records[first]["title"]) + 8 * ("低保" in records[first]["keywords"]) + min(5, text.count("低保"))
    assert all(gram.strip() and "，" not in gram and len(gram) <= 2 for gram in grams)  # no gram a query word cannot have
    agency = loaded(files["search/agency/hexi.js"])
    assert agency[:2] == ("agency", "hexi") and set(decoded(agency[2], False)) == {
        number for number, record in enumerate(records) if "hexi" in record["agency"].split()}
    domain = decoded(loaded(files["search/domain/social-assistance.js"])[2], False)
    assert set(domain) == {number for number, record in enumerate(records) if record["domain"] == "social-assistance"}


def test_a_rebuild_makes_again_only_the_postings_of_the_run_of_pages_that_changed(monkeypatch):
    options = BuildOptions(root=FIXTURE_SITES / "cluster", output=FIXTURE_SITES / "cluster" / "public", today=date(2026, 11, 26))
    checked = check_site(options)
    items = [item for catalog in checked.portal.catalogs for item in items_of_pages(checked.pages, checked.conversions)(catalog)]
    items = list({item.url: item for item in items}.values())
    monkeypatch.setattr(search, "BLOCK_PAGES", 4)
    made = []
    monkeypatch.setattr(search, "block_postings", lambda records, make=search.block_postings: made.append(records) or make(records))
    memo = Memo()
    before = dict(search.search_files(checked.portal, items, memo))
    runs = len(made)
    assert runs >= 5
    edited = next(item for item in items if item.url.endswith("hexi/catalog/social-assistance/dibao-shenpi.html"))
    items = [replace(item, body=item.body + "\n蓝鲸卡") if item is edited else item for item in items]
    made.clear()
    after = dict(search.search_files(checked.portal, items, memo))
    assert len(made) == 1 and any(record[5].endswith("蓝鲸卡") for record in made[0])
    assert after == dict(search.search_files(checked.portal, items)) != before  # the same as made from nothing


def test_a_one_entry_edit_rewrites_only_the_index_files_it_changes(tmp_path):
    from generator.cli import main

    site = copy_site("minimal", tmp_path / "site")
    build = ["build", "--site", str(site), "--output", str(tmp_path / "out"), "--quiet", "--today", "2026-11-26"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_BYTES", 200)
        assert main(build) == 0
        before = {path: (path.stat().st_ino, path.read_bytes()) for path in (tmp_path / "out/search").rglob("*.js")}
        entry = site / "content/social-assistance/linshi-jiuzhu.md"
        entry.write_text(entry.read_text(encoding="utf-8") + "\n蓝鲸卡。\n", encoding="utf-8")
        assert main(build) == 0
    after = {path: (path.stat().st_ino, path.read_bytes()) for path in (tmp_path / "out/search").rglob("*.js")}
    assert set(after) == set(before)
    rewritten = {path.relative_to(tmp_path / "out").as_posix() for path in after if after[path][0] != before[path][0]}
    changed = {path.relative_to(tmp_path / "out").as_posix() for path in after if after[path][1] != before[path][1]}
    assert rewritten == changed  # a file is written again only when its bytes change
    count = manifest(built_index(tmp_path / "out"))["shards"]
    assert {f"search/shard/{shard_of(gram, count)}.js" for gram in ("蓝", "蓝鲸", "鲸卡")} <= changed
    assert len([url for url in changed if "/shard/" in url]) <= 5 < count
    assert [url for url in changed if "/shard/" not in url] == ["search/doc/" + str(next(
        number for number, record in enumerate(records_of(built_index(tmp_path / "out"))) if record["url"].endswith("/linshi-jiuzhu.html"))) + ".js"]


def requests_of(page) -> list[str]:
    """The index files the page asks for, from now on (paths below search/)."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url.split("/search/", 1)[1]) if "/search/" in request.url else None)
    return requested


def test_a_query_loads_only_its_shards_and_the_records_it_shows(browser, built_sites, sharded_site, base_url):  # noqa: F811
    public = built_sites["minimal"].parent / sharded_site
    count = manifest(built_index(public))["shards"]
    page = new_page(browser)
    requested = requests_of(page)
    page.goto(f"{base_url}{sharded_site}/search/index.html")
    titles = search_for(page, "救助")
    assert len(titles) >= 5
    assert sorted(set(requested)) == sorted(["index.html", "index.js", f"shard/{shard_of('救助', count)}.js"] +
                                            [f"doc/{number}.js" for number in numbers_of(public, titles)])
    titles = search_for(page, "低保审批")  # no page has it whole: split into 低保 + 审批
    assert titles[0] == "低保申请审批"
    assert {url for url in requested if url.startswith("shard/")} == {f"shard/{shard_of(gram, count)}.js" for gram in ("救助", "低保", "保审", "审批")}
    assert len(requested) == len(set(requested))  # nothing twice
    page.context.close()


def numbers_of(public, titles: list[str]) -> list[int]:
    records = records_of(built_index(public))
    return [number for number, record in enumerate(records) if record["title"] in titles]


def test_the_results_are_the_same_however_the_index_is_split(browser, built_sites, search_site, sharded_site, base_url):  # noqa: F811
    assert manifest(built_index(built_sites["minimal"].parent / search_site))["shards"] == 1
    one, many = new_page(browser), new_page(browser)
    one.goto(f"{base_url}{search_site}/search/index.html")
    many.goto(f"{base_url}{sharded_site}/search/index.html")
    for query in ("救助", "低保 标准", "救助标准", "临时救助", "机构", "审批", "低保审批", "ＸＹＺ不存在的词", "蓝鲸卡", "标", "2026", "ＣＳＶ"):
        assert search_for(one, query) == search_for(many, query), query
        assert one.locator("#search-results").inner_html() == many.locator("#search-results").inner_html(), query
    assert search_for(many, "ｃｓｖ") == ["政府预决算"]  # full-width and upper case fold as the index folded the page's “CSV”
    one.context.close()
    many.context.close()


def test_a_long_word_whose_pairs_a_page_has_apart_does_not_find_that_page(browser, sharded_site, base_url):  # noqa: F811
    page = new_page(browser)
    requested = requests_of(page)
    page.goto(f"{base_url}{sharded_site}/search/index.html")
    assert search_for(page, "蓝鲸卡") == ["蓝鲸卡办理须知"]
    assert page.locator("#search-status").inner_text() == "找到 1 条与“蓝鲸卡”相关的结果。"
    assert len([url for url in requested if url.startswith("doc/")]) == 2  # the other page was looked at, and ruled out
    assert set(search_for(page, "鲸卡")) == {"蓝鲸卡办理须知", "海洋馆开放安排"}
    page.context.close()


def test_a_filtered_search_loads_the_page_list_of_its_agency_only(browser, portal_search, base_url):  # noqa: F811
    page = new_page(browser)
    requested = requests_of(page)
    page.goto(f"{base_url}{portal_search}/search/index.html?q=%E4%BD%8E%E4%BF%9D&agency=hexi")
    page.wait_for_selector("#search-results li")
    assert {facts.split("　")[0] for facts in result_facts(page)} == {"河西镇人民政府"}
    assert [url for url in requested if url.startswith(("agency/", "domain/"))] == ["agency/hexi.js"]
    page.context.close()


def reference_postings(records: list[list[str]]) -> dict[str, tuple[int, str, int]]:
    """Each gram's postings made the obvious way (each page's grams as `search.grams` gives them, counted):
    (first page * 32 + value, the other pages encoded, last page)."""
    pages: dict[str, list[tuple[int, int]]] = {}
    for number, record in enumerate(records):
        values = {gram: min(count, search.MAX_COUNT) for gram, count in Counter(search.grams(search.fold(record[5]))).items()}
        for flag, field in ((search.IN_KEYWORDS, record[4]), (search.IN_TITLE, record[1])):
            for gram in set(search.grams(search.fold(field))):
                values[gram] = values.get(gram, 0) | flag
        for gram, value in values.items():
            pages.setdefault(gram, []).append((number, value))
    return {gram: (found[0][0] * 32 + found[0][1], search.encoded_ids([page for page, _ in found[1:]], [value for _, value in found[1:]], found[0][0]),
                   found[-1][0]) for gram, found in pages.items()}


def test_block_postings_are_those_of_each_page_s_grams_counted():
    texts = ["", "，。、", " 救助 救助，救助。救助救助救助救助 ", "ＡＢＣ abc ABC　全角空格（括号）“引号”", "a b\tc\nd", "救" * 40,
             "低保标准", "题外"]
    records = [[f"p{number}.html", title, "", "2026-01-01", keywords, text] for number, (title, keywords, text) in enumerate(
        [("低保", "低保 标准", text) for text in texts] + [("", "", "")] * 1100 + [("只在标题", "只在事项", "救助 低保")])]
    made = search.block_postings(records)
    assert dict(zip(made.grams, zip(made.firsts, made.rests, made.lasts))) == reference_postings(records)
