"""The policy library (政策文件库: filters, pre-built lists, open data, the browser's filtering and its URL) and
the cleanups (规范性文件清理结果: one declaration deciding each document's 有效性), on the cluster fixture."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import built_index, copy_site, records_of

# The cluster fixture's own warnings (an agency without annual reports), not this module's concern.
FIXTURE_WARNINGS = ("content/renshe/annual-reports/", "catalog.yaml:45:")
CESHI_CLEANUP = "content/ceshi/cleanups/2026-qingli.md"
RENSHE_CLEANUP = "content/renshe/cleanups/2026-qingli.md"
GUIDING = "content/ceshi/statutory/gongkai-gongzuo-guiding.md"  # 000000009/2024-00005, 修改依据 2025-00007
ZHANDAO = "content/ceshi/statutory/zhandao-jingying-banfa.md"  # 000000009/2022-00003, 废止 by the ceshi cleanup


def own(result) -> list[str]:
    return [line for line in result.diagnostics if not line.startswith(FIXTURE_WARNINGS)]


def cluster(tmp_path: Path) -> Path:
    return copy_site("cluster", tmp_path / "site")


def write(site: Path, path: str, text: str) -> None:
    (site / path).parent.mkdir(parents=True, exist_ok=True)
    (site / path).write_text(text, encoding="utf-8")


def edit(site: Path, path: str, old: str, new: str) -> None:
    text = (site / path).read_text(encoding="utf-8")
    assert old in text, (path, old)
    (site / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def page(site: Path, url: str) -> str:
    return (site / "public" / url).read_text(encoding="utf-8")


def built(tmp_path: Path, run_build) -> Path:
    site = cluster(tmp_path)
    result = run_build("--site", site, "--quiet")
    assert (result.code, own(result)) == (0, [])
    return site


CLEANUP = """---
标题: 测试清理
清理日期: 2026-03-01
发布日期: 2026-03-05
{groups}
---
正文。
"""


def cleanup_with(groups: str) -> str:
    return CLEANUP.format(groups=groups)


# The cleanup decides, and everything shows what it decided.

def test_one_cleanup_decides_validity_on_the_page_the_library_and_the_normative_list(tmp_path, run_build):
    site = built(tmp_path, run_build)
    repealed = page(site, "ceshi/xxgk/statutory/zhandao-jingying-banfa.html")
    assert "有效性：<strong>废止</strong>" in repealed
    assert '<div><dt>废止日期</dt><dd><time datetime="2026-03-01">2026年3月1日</time></dd></div>' in repealed
    assert ('<li>据<a href="../cleanups/2026-qingli.html">测试区2026年行政规范性文件清理结果</a>'
            '（<time datetime="2026-03-01">2026年3月1日</time>），本文件列入“废止”</li>') in repealed
    normative = page(site, "ceshi/xxgk/statutory/normative.html")
    assert re.search(r'<h2 id="validity-4">废止（1 件）</h2>\s*<ul class="document-list">\s*<li><a href="zhandao-jingying-banfa.html">', normative)
    assert re.search(r'<h2 id="validity-2">已修改（1 件）</h2>\s*<ul class="document-list">\s*<li><a href="gongkai-gongzuo-guiding.html">', normative)
    library = json.loads(page(site, "zhengce/zhengce.json"))
    rows = {row["索引号"]: row for row in library["文件"]}
    assert (rows["000000009/2022-00003"]["有效性"], rows["000000009/2022-00003"]["废止日期"]) == ("废止", "2026-03-01")
    assert rows["000000009/2022-00003"]["清理结果"] == "测试区2026年行政规范性文件清理结果：废止"
    assert (rows["000000009/2024-00005"]["有效性"], rows["000000009/2024-00005"]["废止日期"]) == ("已修改", None)
    assert rows["000000009/2025-00007"]["有效性"] == "有效"


def test_the_cleanup_page_lists_the_four_groups_with_counts_each_document_linked(tmp_path, run_build):
    site = built(tmp_path, run_build)
    text = page(site, "ceshi/xxgk/cleanups/2026-qingli.html")
    assert "<dd>共 3 件：继续有效 1 件，修改 1 件，宣布失效 0 件，废止 1 件</dd>" in text
    headings = re.findall(r'<h2 id="group-\d">([^<]+)</h2>', text)
    assert headings == ["继续有效（1 件）", "修改（1 件）", "宣布失效（0 件）", "废止（1 件）"]
    assert '<a href="../statutory/zhandao-jingying-banfa.html">测试区人民政府办公室关于印发《测试区临时占道经营管理办法》的通知</a>' in text
    assert "测政办发〔2022〕3号　索引号 000000009/2022-00003　现废止" in text
    listing = page(site, "ceshi/xxgk/cleanups/index.html")
    assert '<a href="2026-qingli.html">测试区2026年行政规范性文件清理结果</a>' in listing
    assert "继续有效 1 件，修改 1 件，宣布失效 0 件，废止 1 件" in listing
    column = page(site, "ceshi/xxgk/index.html")
    assert '定期清理的结果见<a href="cleanups/index.html">规范性文件清理结果</a>' in column
    assert '集中发布于<a href="../../zhengce/agency/ceshi.html">政策文件库</a>' in column
    assert "cleanups" not in page(site, "hexi/xxgk/index.html")  # an agency without cleanups has no such page
    assert "政策文件库" not in page(site, "hexi/xxgk/index.html")  # nor, without policy documents, a list in the library
    assert not (site / "public/hexi/xxgk/cleanups").exists()
    library = page(site, "zhengce/index.html")
    assert '<a href="../ceshi/xxgk/cleanups/2026-qingli.html">测试区2026年行政规范性文件清理结果</a>' in library


def test_a_cleanup_may_name_a_joint_document_of_its_agency(tmp_path, run_build):
    site = built(tmp_path, run_build)
    joint = page(site, "minzheng/xxgk/statutory/linshi-jiuzhu-banfa.html")
    assert '<a href="../../../renshe/xxgk/cleanups/2026-qingli.html">测试区人力资源和社会保障局2026年行政规范性文件清理结果</a>' in joint


def test_the_latest_cleanup_naming_a_document_decides(tmp_path, run_build):
    site = cluster(tmp_path)
    write(site, "content/ceshi/cleanups/2026-later.md", cleanup_with("宣布失效: [000000009/2025-00007]").replace("2026-03-0", "2026-04-0"))
    result = run_build("--site", site, "--quiet")
    assert (result.code, own(result)) == (0, [])
    assert "有效性：<strong>失效</strong>" in page(site, "ceshi/xxgk/statutory/gongkai-gongzuo-guiding-xiugai.html")


def test_the_latest_cleanup_decides_also_across_the_issuers_of_a_joint_document(tmp_path, run_build):
    site = cluster(tmp_path)  # renshe's cleanup of 2026-11-20 keeps the joint document; minzheng's, later, declares it invalid
    write(site, "content/minzheng/cleanups/2026-qingli.md",
          cleanup_with("宣布失效: [000000017/2026-00002]").replace("2026-03-01", "2026-11-25").replace("2026-03-05", "2026-11-25"))
    result = run_build("--site", site, "--quiet")
    assert (result.code, own(result)) == (0, [])
    joint = page(site, "minzheng/xxgk/statutory/linshi-jiuzhu-banfa.html")
    assert "有效性：<strong>失效</strong>" in joint
    assert '<li>据<a href="../cleanups/2026-qingli.html">测试清理</a>' in joint


def test_amended_and_amending_documents_link_both_ways(tmp_path, run_build):
    site = built(tmp_path, run_build)
    amended = page(site, "ceshi/xxgk/statutory/gongkai-gongzuo-guiding.html")
    assert ('<li>修改依据：<a href="gongkai-gongzuo-guiding-xiugai.html">测试区人民政府关于修改《测试区政府信息公开工作规定》的通知</a>'
            "（测政发〔2025〕7号）</li>") in amended
    amending = page(site, "ceshi/xxgk/statutory/gongkai-gongzuo-guiding-xiugai.html")
    assert ('<li>本文件修改了：<a href="gongkai-gongzuo-guiding.html">测试区人民政府关于印发《测试区政府信息公开工作规定》的通知</a>'
            "（测政发〔2024〕5号）</li>") in amending


def test_a_repealing_document_lists_what_it_repealed(tmp_path, run_build):
    site = cluster(tmp_path)
    edit(site, ZHANDAO, "类别: 1\n", "类别: 1\n废止依据: 000000009/2025-00007\n")
    result = run_build("--site", site, "--quiet")
    assert (result.code, own(result)) == (0, [])
    assert '<li>废止依据：<a href="gongkai-gongzuo-guiding-xiugai.html">' in page(site, "ceshi/xxgk/statutory/zhandao-jingying-banfa.html")
    assert '<li>本文件废止了：<a href="zhandao-jingying-banfa.html">' in page(site, "ceshi/xxgk/statutory/gongkai-gongzuo-guiding-xiugai.html")


# Every rule, with its exact message.

RULES = [
    ("a 索引号 that is no document of the site", CESHI_CLEANUP, "  - 000000009/2022-00003\n", "  - 000000009/2022-00099\n",
     [f"{CESHI_CLEANUP}:10: error: 索引号“000000009/2022-00099”不是本站任何文件的索引号；清理结果只列本站法定主动公开内容中的文件，请核对索引号"]),
    ("another agency's document", RENSHE_CLEANUP, "000000017/2026-00002", "000000009/2022-00003",
     [f"{RENSHE_CLEANUP}:6: error: 索引号“000000009/2022-00003”是另一单位的文件（content/ceshi/statutory/zhandao-jingying-banfa.md）；"
      "清理结果只列测试区人力资源和社会保障局发布（含联合发布）的文件"]),
    ("one document in two groups", CESHI_CLEANUP, "  - 000000009/2022-00003\n", "  - 000000009/2025-00007\n",
     [f"{CESHI_CLEANUP}:10: error: 索引号“000000009/2025-00007”已列入“继续有效”（第 6 行）；同一文件在一次清理中只能列入一组"]),
    ("a 索引号 written wrong", CESHI_CLEANUP, "  - 000000009/2022-00003\n", "  - 000000009/2022-3\n",
     [f"{CESHI_CLEANUP}:10: error: “废止”应为“机构代码/年份-五位序号”，如 000014349/2017-00110，实际为“000000009/2022-3”"]),
    ("published before the cleanup", CESHI_CLEANUP, "发布日期: 2026-03-05", "发布日期: 2026-02-05",
     [f"{CESHI_CLEANUP}:4: error: “发布日期”2026-02-05早于“清理日期”2026-03-01"]),
    ("a cleanup dated in the future", CESHI_CLEANUP, "清理日期: 2026-03-01", "清理日期: 2026-12-01",
     [f"{CESHI_CLEANUP}:3: error: “清理日期”2026-12-01晚于今天（2026-11-26），不能是将来的日期"]),
    ("a document's own 有效性 contradicting the cleanup", ZHANDAO, "类别: 1\n", "类别: 1\n有效性: 有效\n",
     [f"{ZHANDAO}:9: error: 有效性写为“有效”，但清理结果 {CESHI_CLEANUP} 第 10 行把本文件列入“废止”（2026-03-01）；"
      "本文件的有效性由清理结果决定，请删去“有效性”和“废止日期”两行，或改正清理结果"]),
    ("a document's own 废止日期 contradicting the cleanup", ZHANDAO, "类别: 1\n", "类别: 1\n有效性: 废止\n废止日期: 2026-02-01\n",
     [f"{ZHANDAO}:9: error: 有效性写为“废止”、废止日期 2026-02-01，但清理结果 {CESHI_CLEANUP} 第 10 行把本文件列入“废止”（2026-03-01）；"
      "本文件的有效性由清理结果决定，请删去“有效性”和“废止日期”两行，或改正清理结果"]),
    ("kept although its 有效期至 has passed", "content/ceshi/statutory/gongkai-gongzuo-guiding-xiugai.md", "类别: 1\n",
     "类别: 1\n有效期至: 2026-01-31\n",
     [f"{CESHI_CLEANUP}:6: warning: “测试区人民政府关于修改《测试区政府信息公开工作规定》的通知”的有效期至 2026-01-31，早于清理日期，已经失效，"
      "却列入“继续有效”；确需继续有效的，请在该文件中更新“有效期至”，否则请列入“宣布失效”"]),
    ("a 修改依据 that is no document", GUIDING, "修改依据: 000000009/2025-00007", "修改依据: 000000009/2025-00099",
     [f"{GUIDING}:9: error: 修改依据“000000009/2025-00099”不是本站其他文件的索引号"]),
    ("a 修改依据 older than the document", GUIDING, "修改依据: 000000009/2025-00007", "修改依据: 000000009/2022-00003",
     [f"{GUIDING}:9: error: 修改依据“000000009/2022-00003”（测试区人民政府办公室关于印发《测试区临时占道经营管理办法》的通知）"
      "发布于 2022-04-01，早于本文件；修改依据应为修改或废止本文件的后来的文件"]),
    ("a 废止依据 on a document in force", GUIDING, "类别: 1\n", "类别: 1\n废止依据: 000000009/2025-00007\n",
     [f"{GUIDING}:9: error: 写了“废止依据”，但有效性为“已修改”；被废止的文件请写 有效性: 废止 和 废止日期"]),
    ("a normative 文种 outside category 1", "content/ceshi/statutory/yingji-yuan.md", "文种: 应急预案", "文种: 规范性文件",
     ["content/ceshi/statutory/yingji-yuan.md:9: error: 文种“规范性文件”属于《条例》第二十条第（一）项（行政法规、规章和规范性文件），"
      "但“类别”为 12；请把类别改为 1，或改正文种"]),
    ("其他政策文件 in category 1", ZHANDAO, "类别: 1\n", "类别: 1\n文种: 其他政策文件\n",
     [f"{ZHANDAO}:9: error: 文种为“其他政策文件”，但“类别”为 1（行政法规、规章和规范性文件）；请改正类别，或把文种写为“行政规范性文件”或“规章”"]),
    ("a 文种 on an interpretation", "content/minzheng/statutory/jiedu-yusuan-jiuzhu-zijin.md", "解读对象: 000000009/2026-00002\n",
     "解读对象: 000000009/2026-00002\n文种: 通知\n",
     ["content/minzheng/statutory/jiedu-yusuan-jiuzhu-zijin.md:7: error: 政策解读不列入政策文件库，不填“文种”；请删去这一行"]),
]


@pytest.mark.parametrize("case", RULES, ids=[case[0] for case in RULES])
def test_every_rule_is_reported_at_its_line(case, tmp_path, run_build):
    _, path, old, new, expected = case
    site = cluster(tmp_path)
    edit(site, path, old, new)
    result = run_build("check", "--site", site)
    assert own(result) == expected
    assert result.code == (0 if all(": warning: " in line for line in expected) else 1)


def test_a_cleanup_listing_nothing_is_an_error(tmp_path, run_build):
    site = cluster(tmp_path)
    write(site, "content/hexi/cleanups/kong.md", cleanup_with(""))
    result = run_build("check", "--site", site)
    assert own(result) == ["content/hexi/cleanups/kong.md:6: error: 清理结果至少要列出一组文件：继续有效、修改、宣布失效或废止（每组写各文件的索引号）"]


def test_bad_cleanups_leave_the_published_site_untouched(tmp_path, run_build):
    site = built(tmp_path, run_build)
    before = page(site, "zhengce/index.html")
    edit(site, CESHI_CLEANUP, "000000009/2022-00003", "000000009/2022-00099")
    assert run_build("--site", site, "--quiet").code == 1
    assert page(site, "zhengce/index.html") == before


# The library without JavaScript: pre-built lists, open data, search and feeds.

def test_pre_built_lists_by_agency_year_and_validity_are_linked_from_the_library(tmp_path, run_build):
    site = built(tmp_path, run_build)
    library = page(site, "zhengce/index.html")
    links = re.findall(r'<li><a href="((?:agency|year|validity)/[^"]+)">([^<]+)</a></li>', library)
    assert links == [
        ("agency/ceshi.html", "测试区人民政府（4 件）"), ("agency/minzheng.html", "测试区民政局（1 件）"),
        ("agency/renshe.html", "测试区人力资源和社会保障局（1 件）"),
        ("year/2026.html", "2026年（1 件）"), ("year/2025.html", "2025年（2 件）"), ("year/2024.html", "2024年（1 件）"),
        ("year/2022.html", "2022年（1 件）"),
        ("validity/youxiao.html", "有效（3 件）"), ("validity/yixiugai.html", "已修改（1 件）"), ("validity/feizhi.html", "废止（1 件）"),
    ]
    for url, _ in links:
        assert (site / "public/zhengce" / url).is_file()
    # A joint document is each issuer's.
    renshe = page(site, "zhengce/agency/renshe.html")
    assert '<h1>政策文件库：测试区人力资源和社会保障局</h1>' in renshe
    assert renshe.count('<td class="item" data-label="标题">') == 1
    assert '<a href="../../minzheng/xxgk/statutory/linshi-jiuzhu-banfa.html">关于印发《测试区临时救助实施办法》的通知</a>' in renshe
    assert "<td data-label=\"发布机构\">测试区民政局、测试区人力资源和社会保障局</td>" in renshe
    repealed = page(site, "zhengce/validity/feizhi.html")
    assert re.findall(r'data-label="标题"><a href="[^"]+">([^<]+)</a>', repealed) == ["测试区人民政府办公室关于印发《测试区临时占道经营管理办法》的通知"]
    # The whole library is in the page's table, also without JavaScript; the filter form waits for it.
    assert library.count('<td class="item" data-label="标题">') == 5
    assert '<form class="library-filters" id="library-filters" role="search" aria-label="筛选政策文件" hidden>' in library
    # Other policy documents (文种 written beside another category) are in; interpretations and budgets are not.
    kinds = re.findall(r'data-kind="([^"]*)"', library)
    assert sorted(kinds) == ["其他政策文件", "行政规范性文件", "行政规范性文件", "行政规范性文件", "行政规范性文件"]
    assert '<td data-label="文种">其他政策文件（应急预案）</td>' in library
    assert "解读" not in "".join(re.findall(r'data-text="([^"]*)"', library))


def test_the_library_as_csv_json_and_xlsx(tmp_path, run_build):
    site = built(tmp_path, run_build)
    data = site / "public/zhengce"
    rows = list(csv.reader(io.StringIO((data / "zhengce.csv").read_bytes().decode("utf-8-sig"))))
    assert rows[0] == ["标题", "文号", "索引号", "文种", "文种（原文）", "发布机构", "发文单位", "主题分类", "成文日期", "发布日期",
                       "有效性", "废止日期", "有效期至", "清理结果", "修改依据", "废止依据", "网址"]
    assert len(rows) == 6
    joint = next(row for row in rows if row[2] == "000000017/2026-00002")
    assert joint[6] == "测试区民政局、测试区人力资源和社会保障局"
    assert joint[13] == "测试区人力资源和社会保障局2026年行政规范性文件清理结果：继续有效"
    assert joint[16] == "https://www.example.gov.cn/gk/minzheng/xxgk/statutory/linshi-jiuzhu-banfa.html"
    document = json.loads((data / "zhengce.json").read_text(encoding="utf-8"))
    assert (document["标题"], document["更新日期"], len(document["文件"])) == ("政策文件库", "2026-11-05", 5)
    sheet = openpyxl.load_workbook(data / "zhengce.xlsx").active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0] == rows[0] and len(cells) == 6
    assert [row[2] for row in cells[1:]] == [row[2] for row in rows[1:]]
    assert '<a href="zhengce.csv" download="政策文件库.csv">CSV 文件（UTF-8，' in page(site, "zhengce/index.html")


def test_each_agencys_cleanups_as_csv_json_and_xlsx(tmp_path, run_build):
    site = built(tmp_path, run_build)
    data = site / "public/ceshi/data"
    rows = list(csv.reader(io.StringIO((data / "cleanups.csv").read_bytes().decode("utf-8-sig"))))
    assert rows[0] == ["清理结果", "清理日期", "发布日期", "清理结论", "索引号", "文件标题", "文号", "发布机构", "清理结果网址", "文件网址"]
    assert [(row[3], row[4]) for row in rows[1:]] == [("继续有效", "000000009/2025-00007"), ("修改", "000000009/2024-00005"),
                                                      ("废止", "000000009/2022-00003")]
    assert {row[0] for row in rows[1:]} == {"测试区2026年行政规范性文件清理结果"} and {row[1] for row in rows[1:]} == {"2026-03-01"}
    assert all(row[5] and row[9].startswith("https://www.example.gov.cn/gk/ceshi/xxgk/statutory/") for row in rows[1:])
    assert rows[1][8] == "https://www.example.gov.cn/gk/ceshi/xxgk/cleanups/2026-qingli.html"
    document = json.loads((data / "cleanups.json").read_text(encoding="utf-8"))
    assert (document["标题"], document["发布机构"], document["更新日期"], len(document["条目"])) == (
        "规范性文件清理结果", "测试区人民政府", "2026-03-05", 3)
    cells = [[cell.value for cell in row] for row in openpyxl.load_workbook(data / "cleanups.xlsx").active.iter_rows()]
    assert cells[0] == rows[0] and [row[4] for row in cells[1:]] == [row[4] for row in rows[1:]]
    assert '<a href="../../data/cleanups.csv" download="规范性文件清理结果.csv">CSV 文件（UTF-8，' in page(site, "ceshi/xxgk/cleanups/index.html")
    assert not (site / "public/minzheng/data/cleanups.csv").exists(), "an agency without cleanups has no such file"


def test_cleanups_are_in_search_feeds_and_site_maps(tmp_path, run_build):
    site = built(tmp_path, run_build)
    records = records_of(built_index(site / "public"))
    assert [record["title"] for record in records if record["url"].endswith("ceshi/xxgk/cleanups/2026-qingli.html")] == ["测试区2026年行政规范性文件清理结果"]
    feed = (site / "public/ceshi/feeds/site.xml").read_text(encoding="utf-8")
    assert "测试区2026年行政规范性文件清理结果" in feed
    assert "测试区2026年行政规范性文件清理结果" in (site / "public/feeds/site.xml").read_text(encoding="utf-8")
    sitemap = (site / "public/sitemap.xml").read_text(encoding="utf-8")
    for url in ("zhengce/index.html", "zhengce/agency/ceshi.html", "ceshi/xxgk/cleanups/2026-qingli.html"):
        assert f"<loc>https://www.example.gov.cn/gk/{url}</loc>" in sitemap
    assert '<li><a href="zhengce/index.html">政策文件库</a></li>' in page(site, "sitemap.html")
    assert '<li><a href="xxgk/cleanups/index.html">规范性文件清理结果</a></li>' in page(site, "ceshi/sitemap.html")
    assert '<li><a href="../zhengce/agency/ceshi.html">政策文件库</a></li>' in page(site, "ceshi/sitemap.html")


def test_a_one_agency_site_has_its_own_library_once_it_has_a_policy_document(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    result = run_build("--site", site, "--quiet")
    assert result.code == 0
    assert not (site / "public/zhengce").exists()  # nothing to put in it: the site builds as before
    write(site, "content/statutory/guiding.md", "---\n标题: 测试区某管理规定\n索引号: 000000001/2026-00050\n发布机构: 测试区民政局\n"
          "发布日期: 2026-01-10\n文号: 测民发〔2026〕9号\n类别: 1\n---\n正文。\n")
    result = run_build("--site", site, "--quiet")
    assert result.code == 0, result.err
    library = page(site, "zhengce/index.html")
    assert 'id="filter-agency"' not in library  # one agency: no agency filter, no lists by agency
    assert not (site / "public/zhengce/agency").exists()
    assert (site / "public/zhengce/year/2026.html").is_file()
    assert '集中发布于<a href="../zhengce/index.html">政策文件库</a>' in page(site, "xxgk/index.html")


# The library with JavaScript, in Chromium: filters combine, the state is in the URL, from file:// and a sub-path.

@pytest.fixture(scope="module")
def library_site(tmp_path_factory) -> Path:
    """The cluster fixture built under a sub-path (ROOT/gk/), as of the tests' day."""
    from conftest import TEST_DAY
    from generator.cli import main

    root = tmp_path_factory.mktemp("library")
    assert main(["build", "--site", str(copy_site("cluster", root / "site")), "--output", str(root / "gk"), "--quiet", "--no-cache",
                 "--today", TEST_DAY]) == 0
    return root / "gk"


@pytest.fixture(scope="module")
def chromium_page(library_site):
    from test_accessibility import AXE, CHROMIUM, CHROMIUM_ARGS, require

    require("chromium", "playwright")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        context.set_default_timeout(15_000)
        outside: list[str] = []
        context.route(re.compile(r"^(?!file:).*"), lambda route: (outside.append(route.request.url), route.abort()))
        if AXE.is_file():
            context.add_init_script(path=str(AXE))
        page = context.new_page()
        page.outside = outside
        yield page
        browser.close()


def visible_titles(page) -> list[str]:
    return page.eval_on_selector_all("#library-table tbody tr:not([hidden]) td.item a", "links => links.map(a => a.textContent)")


def test_filters_combine_and_the_live_region_says_how_many(chromium_page, library_site):
    page = chromium_page
    page.goto((library_site / "zhengce/index.html").as_uri())
    assert page.is_visible("#library-filters")
    assert page.inner_text("#library-count") == "共 5 件"
    assert page.get_attribute("#library-count", "aria-live") == "polite"
    page.select_option("#filter-agency", "ceshi")
    assert page.inner_text("#library-count") == "筛选出 4 件（共 5 件）"
    page.select_option("#filter-kind", "行政规范性文件")
    page.select_option("#filter-validity", "有效")
    assert visible_titles(page) == ["测试区人民政府关于修改《测试区政府信息公开工作规定》的通知"]
    assert page.inner_text("#library-count") == "筛选出 1 件（共 5 件）"
    assert page.url.endswith("zhengce/index.html?agency=ceshi&kind=%E8%A1%8C%E6%94%BF%E8%A7%84%E8%8C%83%E6%80%A7%E6%96%87%E4%BB%B6"
                             "&validity=%E6%9C%89%E6%95%88")
    page.click("button[type=reset]")
    page.wait_for_function("document.getElementById('library-count').textContent === '共 5 件'")
    assert page.url.endswith("zhengce/index.html")
    assert page.outside == []


def test_a_joint_document_is_found_under_each_issuer_and_by_its_number(chromium_page, library_site):
    page = chromium_page
    page.goto((library_site / "zhengce/index.html").as_uri() + "?agency=renshe")
    assert visible_titles(page) == ["关于印发《测试区临时救助实施办法》的通知"]
    page.goto((library_site / "zhengce/index.html").as_uri())
    page.fill("#filter-q", "测政发[2025]7号")  # half-width brackets find 〔〕
    assert visible_titles(page) == ["测试区人民政府关于修改《测试区政府信息公开工作规定》的通知"]
    assert "q=" in page.url


def test_a_shared_address_restores_the_filters_and_is_usable_by_keyboard(chromium_page, library_site):
    page = chromium_page
    shared = (library_site / "zhengce/index.html").as_uri() + "?year=2022&validity=%E5%BA%9F%E6%AD%A2&subject=nothing"
    page.goto(shared)
    assert page.input_value("#filter-year") == "2022"
    assert page.input_value("#filter-validity") == "废止"
    assert page.input_value("#filter-subject") == ""  # an option the page does not have is ignored
    assert visible_titles(page) == ["测试区人民政府办公室关于印发《测试区临时占道经营管理办法》的通知"]
    page.focus("#filter-year")
    page.keyboard.press("ArrowUp")  # a native select: the keyboard changes it, and the list follows
    assert page.input_value("#filter-year") == "2024"
    assert page.inner_text("#library-count") == "筛选出 0 件（共 5 件）"
    assert page.evaluate("document.querySelector('#library-table').parentNode.hidden") is True
    labels = page.eval_on_selector_all("#library-filters select, #library-filters input",
                                       "els => els.map(el => document.querySelector(`label[for=${el.id}]`).textContent)")
    assert labels == ["发布机构", "年份", "主题分类", "文种", "有效性", "标题或文号"]


def test_filtered_rows_stay_hidden_on_a_phone_and_axe_finds_nothing(chromium_page, library_site):
    from test_accessibility import AXE, AXE_TAGS, RUN_AXE

    page = chromium_page
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto((library_site / "zhengce/index.html").as_uri() + "?agency=minzheng")
    shown = page.eval_on_selector_all("#library-table tbody tr", "rows => rows.map(r => getComputedStyle(r).display)")
    assert sorted(shown) == ["block", "none", "none", "none", "none"]  # cards, and the hidden ones not shown
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    if AXE.is_file():
        assert page.evaluate(RUN_AXE, AXE_TAGS) == []
    page.set_viewport_size({"width": 1280, "height": 900})
