"""政府公报 (issue 16): each agency's gazette since its first issue, browsed by year and issue.

The cluster fixture gives the district government (ceshi) three issues over 2025 and 2026, linking its
own budget report and the 民政局's joint 临时救助 document, and the town (hexi) one issue of its own
gazette with texts of its own. Every rule has a case below with its exact message.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import FIXTURE_SITES, copy_site

CLUSTER = FIXTURE_SITES / "cluster"
TODAY = "2026-11-26"
ISSUE = "content/ceshi/gazette/2026-1.md"
# What the fixture warns of whatever a case changes: renshe has no annual report yet.
KNOWN = ("catalog.yaml:45: warning:", "content/renshe/annual-reports/:1: warning:")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from generator.cli import main

    output = tmp_path_factory.mktemp("gazette") / "public"
    assert main(["build", "--site", str(CLUSTER), "--output", str(output), "--quiet", "--no-cache", "--today", TODAY]) == 0
    return output


def read(built: Path, path: str) -> str:
    return (built / path).read_text(encoding="utf-8")


def search_records(built: Path) -> list[list[str]]:
    """Every record of the split search index (search/doc/<n>.js: GK_SEARCH_LOAD("doc", n, [record]))."""
    return [json.loads(path.read_text(encoding="utf-8").split(",", 2)[2].rsplit(");", 1)[0])
            for path in sorted((built / "search/doc").glob("*.js"))]


def main_of(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_the_archive_is_browsed_by_year_and_issue(built):
    index = main_of(read(built, "ceshi/xxgk/gazette/index.html"))
    assert "<h1>测试区人民政府公报</h1>" in index
    assert index.index('id="year-2026"') < index.index('id="year-2025"'), "newest year first"
    assert '<a href="2026/index.html">2026年</a>（2 期）' in index
    assert '<a href="2026/1.html">2026年第1期（总第2期）</a>' in index and '<a href="2025/1.html">2025年第1期（总第1期）</a>' in index
    year = main_of(read(built, "ceshi/xxgk/gazette/2026/index.html"))
    assert "<h1>测试区人民政府公报2026年</h1>" in year
    assert year.index("2026年第1期") < year.index("2026年第2期")
    assert '<a href="index.html" aria-current="page">2026年</a>' in year and '<a href="../2025/index.html">2025年</a>' in year
    assert '<a href="../../statutory/2026-yusuan-baogao.html">关于测试区2026年预算的报告</a>' in year


def test_an_issue_links_the_documents_it_printed_and_shows_its_own_texts_and_pdf(built):
    issue = main_of(read(built, "ceshi/xxgk/gazette/2026/1.html"))
    assert "<h1>测试区人民政府公报2026年第1期（总第2期）</h1>" in issue
    assert '<a href="../2026-1.pdf">下载印刷版 PDF（2026年第1期）</a>' in issue
    assert (built / "ceshi/xxgk/gazette/2026-1.pdf").read_bytes() == (CLUSTER / "content/ceshi/gazette/2026-1.pdf").read_bytes()
    # A document of the site is linked, with the title its own page has (not copied into the issue).
    assert ('<li><a href="../../statutory/2026-yusuan-baogao.html">关于测试区2026年预算的报告</a>'
            '<span class="document-facts">印刷版第 2 页</span></li>') in issue
    # A text of its own is on the issue's page, reached from the contents.
    assert '<li><a href="#article-2">区人民政府常务会议纪要</a></li>' in issue
    assert ('<section class="prose gazette-article" id="article-2" aria-labelledby="article-2-heading">\n'
            '<h2 id="article-2-heading">区人民政府常务会议纪要</h2>\n<p>会议研究了2026年预算执行工作。</p>') in issue
    assert '<a href="../2025/1.html" rel="prev">上一期：2025年第1期（总第1期）</a>' in issue
    assert '<a href="2.html" rel="next">下一期：2026年第2期（总第3期）</a>' in issue
    first = main_of(read(built, "ceshi/xxgk/gazette/2025/1.html"))
    assert "<li>测试区人民政府关于某某同志职务任免的通知<span class=\"document-facts\">印刷版第 3 页</span></li>" in first
    assert "<p>《测试区人民政府公报》创刊号。</p>" in first
    town = main_of(read(built, "hexi/xxgk/gazette/2026/1.html"))
    assert "<h1>河西镇人民政府公报2026年第1期</h1>" in town and "总期号" not in town


def test_a_document_shows_the_issues_that_printed_it_also_of_another_agency(built):
    report = read(built, "ceshi/xxgk/statutory/2026-yusuan-baogao.html")
    assert '<div><dt>刊登于</dt><dd><a href="../gazette/2026/1.html">《测试区人民政府公报》2026年第1期</a></dd></div>' in report
    joint = read(built, "minzheng/xxgk/statutory/linshi-jiuzhu-banfa.html")
    assert ('<div><dt>刊登于</dt><dd><a href="../../../ceshi/xxgk/gazette/2026/2.html">《测试区人民政府公报》2026年第2期</a></dd></div>'
            in joint)
    assert "刊登于" not in read(built, "ceshi/xxgk/statutory/jigou-zhineng.html")


def test_an_agency_without_issues_has_no_gazette_pages_and_the_column_links_those_that_have(built):
    assert not (built / "renshe/xxgk/gazette").exists() and not (built / "renshe/data/gazette.csv").exists()
    assert '历年政府公报见<a href="gazette/index.html">政府公报</a>' in read(built, "ceshi/xxgk/index.html")
    assert "政府公报" not in read(built, "renshe/xxgk/index.html")
    assert '<li><a href="xxgk/gazette/index.html">政府公报</a></li>' in read(built, "hexi/sitemap.html")
    sitemap = read(built, "sitemap.xml")
    for path in ("ceshi/xxgk/gazette/index.html", "ceshi/xxgk/gazette/2025/index.html", "ceshi/xxgk/gazette/2026/2.html",
                 "hexi/xxgk/gazette/2026/1.html"):
        assert f"<loc>https://www.example.gov.cn/gk/{path}</loc>" in sitemap


def test_issues_and_their_articles_are_searched_with_the_agency_filter_and_in_the_feeds(built):
    records = search_records(built)
    issue = next(r for r in records if r[0] == "../ceshi/xxgk/gazette/2026/1.html")
    assert issue[1:4] == ["测试区人民政府公报2026年第1期（总第2期）", "政府公报", "2026-03-10"]
    assert issue[4] == "关于测试区2026年预算的报告 区人民政府常务会议纪要"  # the articles' titles, matched below the title
    assert issue[-2] == "ceshi"  # the agency filter
    town = next(r for r in records if r[0] == "../hexi/xxgk/gazette/2026/1.html")
    assert "上半年全镇完成农村道路维修12公里" in town[5] and town[-2] == "hexi"
    feed = read(built, "ceshi/feeds/site.xml")
    assert "测试区人民政府公报2026年第2期（总第3期）" in feed and "河西镇人民政府公报" not in feed
    assert "河西镇人民政府公报2026年第1期" in read(built, "feeds/site.xml")


def test_the_contents_are_open_data_in_csv_json_and_xlsx(built):
    from openpyxl import load_workbook

    rows = list(csv.reader(io.StringIO((built / "ceshi/data/gazette.csv").read_bytes().decode("utf-8-sig"))))
    assert rows[0] == ["公报名称", "年份", "期号", "总期号", "出版日期", "篇序", "文章标题", "索引号", "页码", "文章网址", "本期网址", "印刷版PDF"]
    base = "https://www.example.gov.cn/gk/"
    assert rows[1:] == [
        ["测试区人民政府公报", "2025", "1", "1", "2025-12-30", "1", "测试区人民政府关于某某同志职务任免的通知", "", "3", "",
         f"{base}ceshi/xxgk/gazette/2025/1.html", f"{base}ceshi/xxgk/gazette/2025-1.pdf"],
        ["测试区人民政府公报", "2026", "1", "2", "2026-03-10", "1", "关于测试区2026年预算的报告", "000000009/2026-00002", "2",
         f"{base}ceshi/xxgk/statutory/2026-yusuan-baogao.html", f"{base}ceshi/xxgk/gazette/2026/1.html", f"{base}ceshi/xxgk/gazette/2026-1.pdf"],
        ["测试区人民政府公报", "2026", "1", "2", "2026-03-10", "2", "区人民政府常务会议纪要", "", "",
         f"{base}ceshi/xxgk/gazette/2026/1.html#article-2", f"{base}ceshi/xxgk/gazette/2026/1.html", f"{base}ceshi/xxgk/gazette/2026-1.pdf"],
        ["测试区人民政府公报", "2026", "2", "3", "2026-11-20", "1", "关于印发《测试区临时救助实施办法》的通知", "000000017/2026-00002", "2",
         f"{base}minzheng/xxgk/statutory/linshi-jiuzhu-banfa.html", f"{base}ceshi/xxgk/gazette/2026/2.html", f"{base}ceshi/xxgk/gazette/2026-2.pdf"],
    ]
    data = json.loads(read(built, "ceshi/data/gazette.json"))
    assert (data["标题"], data["发布机构"], data["更新日期"]) == ("测试区人民政府公报目录", "测试区人民政府", "2026-11-20")
    assert [[str(v) if v is not None else "" for v in article.values()] for article in data["条目"]] == rows[1:]
    sheet = load_workbook(built / "ceshi/data/gazette.xlsx").active
    cells = [["" if c is None else c.isoformat()[:10] if hasattr(c, "isoformat") else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    assert cells == rows
    page = read(built, "ceshi/xxgk/gazette/index.html")
    assert re.search(r'<a href="../../data/gazette.xlsx" download="测试区人民政府公报目录.xlsx">Excel 表格（XLSX，[0-9.]+ (KB|字节)）</a>', page)


def test_the_admin_has_a_gazette_collection_per_agency():
    from generator.cms import collections
    from generator.config import load_config
    from generator.pipeline import theme_dirs

    config, problems = load_config(CLUSTER, theme_dirs(CLUSTER))
    assert problems == []
    gazettes = {c["name"]: c for c in collections(config) if c["name"].endswith("-gazette")}
    assert set(gazettes) == {"ceshi-gazette", "minzheng-gazette", "renshe-gazette", "hexi-gazette"}
    form = gazettes["ceshi-gazette"]
    assert (form["folder"], form["label"], form["summary"]) == ("content/ceshi/gazette", "测试区人民政府 · 政府公报", "{{年份}}年第{{期号}}期")
    fields = {f["name"]: f for f in form["fields"]}
    assert [f["name"] for f in form["fields"]][:7] == ["公报名称", "年份", "期号", "总期号", "出版日期", "PDF", "目录"]
    assert [f["name"] for f in fields["目录"]["fields"]] == ["索引号", "标题", "页码", "正文"]
    assert fields["目录"]["widget"] == "list" and fields["期号"]["required"] and not fields["总期号"]["required"]


@dataclass(frozen=True)
class Case:
    name: str
    expected: list[str]
    replace: list[tuple[str, str, str]] = field(default_factory=list)
    write: dict[str, str] = field(default_factory=dict)
    code: int = 1


ISSUE_TEXT = "---\n年份: 2026\n期号: {number}\n出版日期: 2026-11-25\nPDF: 2026-1.pdf\n目录:\n  - 标题: 一篇文章\n    页码: 1\n---\n"

CASES = [
    Case("an issue number used twice in a year",
         [f"content/ceshi/gazette/2026-1b.md:3: error: 2026年第1期与 {ISSUE} 重复；同一年的期号不能重复，请改正“期号”"],
         write={"content/ceshi/gazette/2026-1b.md": ISSUE_TEXT.format(number=1)}),
    Case("a gap in the numbering within a year",
         ["content/ceshi/gazette/2026-5.md:3: warning: 2026年的公报缺第3至4期（本期为第5期）；请补录缺少的各期，或核对“期号”（创刊以来的各期都应入库）"],
         write={"content/ceshi/gazette/2026-5.md": ISSUE_TEXT.format(number=5)}, code=0),
    Case("a broken issue is not also reported as a gap in the numbering",
         ["content/ceshi/gazette/2026-3.md:3: error: “期号”应为 1 到 999 之间的整数，实际为“三”"],
         write={"content/ceshi/gazette/2026-3.md": ISSUE_TEXT.format(number="三"), "content/ceshi/gazette/2026-4.md": ISSUE_TEXT.format(number=4)}),
    Case("a year whose first issue is missing",
         ["content/hexi/gazette/2026-1.md:4: warning: 2026年的公报缺第1期（本期为第2期）；请补录缺少的各期，或核对“期号”（创刊以来的各期都应入库）"],
         replace=[("content/hexi/gazette/2026-1.md", "期号: 1", "期号: 2")], code=0),
    Case("a running number used twice",
         [f"content/ceshi/gazette/2026-2.md:4: error: 总第2期与 {ISSUE} 重复；请改正“总期号”"],
         replace=[("content/ceshi/gazette/2026-2.md", "总期号: 3", "总期号: 2")]),
    Case("the printed edition missing",
         [f"{ISSUE}:6: error: 公报印刷版 PDF 不存在：“2026-01.pdf”（应为 content/ceshi/gazette/2026-01.pdf）"],
         replace=[(ISSUE, "PDF: 2026-1.pdf", "PDF: 2026-01.pdf")]),
    Case("a printed edition that is not a PDF",
         [f"{ISSUE}:6: error: “PDF”应为印刷版的 PDF 文件名（如 2026-03.pdf），实际为“2026-1.docx”"],
         replace=[(ISSUE, "PDF: 2026-1.pdf", "PDF: 2026-1.docx")]),
    Case("an article naming a 索引号 that no document has",
         [f"{ISSUE}:8: error: 目录中的索引号“000000009/2026-00077”不是本站任何文件的索引号；请核对，或改写“标题”和“页码”"],
         replace=[(ISSUE, "索引号: 000000009/2026-00002", "索引号: 000000009/2026-00077")]),
    Case("an article with both a 索引号 and a title",
         [f"{ISSUE}:8: error: 目录中的一篇文章要么写“索引号”（本站已发布的文件，自动链接），要么写“标题”（和“正文”或“页码”），不能都写"],
         replace=[(ISSUE, "    页码: 2\n", "    页码: 2\n    标题: 抄录的标题\n")]),
    Case("an article with neither",
         [f"{ISSUE}:8: error: 目录中的每篇文章须写“索引号”（本站已发布的文件）或“标题”"],
         replace=[(ISSUE, "  - 索引号: 000000009/2026-00002\n", "  - ")]),
    Case("a title alone, without its page in the PDF",
         ["content/hexi/gazette/2026-1.md:8: error: 文章“河西镇人民政府关于调整镇村干部分工的通知”只有标题：请写“页码”（在印刷版 PDF 中的起始页），或写出“正文”"],
         replace=[("content/hexi/gazette/2026-1.md", "    页码: 2\n", "")]),
    Case("an empty table of contents",
         [f"{ISSUE}:7: error: “目录”应为列表（每项以“- ”开头），至少一项，实际为空列表"],
         replace=[(ISSUE, "目录:\n  - 索引号: 000000009/2026-00002\n    页码: 2\n  - 标题: 区人民政府常务会议纪要\n    正文: |\n      会议研究了2026年预算执行工作。\n",
                   "目录: []\n")]),
    Case("a missing number and an unknown field in an article",
         [f"{ISSUE}:10: error: 未知字段“作者”；每一项目录可用的字段有：索引号（index_no）、标题（title）、页码（page）、正文（body）",
          f"{ISSUE}:13: error: 缺少必填字段“期号”（issue_number）"],
         replace=[(ISSUE, "期号: 1\n", ""), (ISSUE, "  - 标题: 区人民政府常务会议纪要\n", "  - 标题: 区人民政府常务会议纪要\n    作者: 某某\n")]),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_gazette_input_is_reported_exactly(case, tmp_path, run_build):
    site = copy_site("cluster", tmp_path / "site")
    for path, old, new in case.replace:
        text = (site / path).read_text(encoding="utf-8")
        assert old in text, f"{path} has no {old!r}"
        (site / path).write_text(text.replace(old, new, 1), encoding="utf-8")
    for path, text in case.write.items():
        (site / path).write_text(text, encoding="utf-8")
    result = run_build("check", "--site", site, "--today", TODAY)
    assert result.code == case.code, result.err
    assert [line for line in result.diagnostics if not line.startswith(KNOWN)] == case.expected


def test_the_portal_lists_every_agencys_gazette_by_year_the_district_governments_first(built):
    page = main_of(read(built, "gongbao/index.html"))
    assert "<h1>政府公报</h1>" in page
    assert page.index("测试区人民政府公报") < page.index("河西镇人民政府公报"), "the district government's gazette first"
    assert '<h2 id="gazette-1"><a href="../ceshi/xxgk/gazette/index.html">测试区人民政府公报</a></h2>' in page
    assert ('<li><a href="../ceshi/xxgk/gazette/2026/index.html">2026年</a>（2 期）：<a href="../ceshi/xxgk/gazette/2026/1.html">第1期</a>、'
            '<a href="../ceshi/xxgk/gazette/2026/2.html">第2期</a></li>') in page
    assert '<li><a href="../hexi/xxgk/gazette/2026/index.html">2026年</a>（1 期）：<a href="../hexi/xxgk/gazette/2026/1.html">第1期</a></li>' in page
    assert page.index("2026年") < page.index("2025年"), "newest year first"
    for linking in ("index.html", "sitemap.html"):
        assert '<li><a href="gongbao/index.html">政府公报</a></li>' in read(built, linking)


def test_the_portal_has_no_gazette_page_while_no_agency_has_an_issue(tmp_path, run_build):
    site = copy_site("cluster", tmp_path / "site")
    for folder in ("ceshi", "hexi"):
        for path in (site / "content" / folder / "gazette").iterdir():
            path.unlink()
        (site / "content" / folder / "gazette").rmdir()
    output = tmp_path / "public"
    assert run_build("build", "--site", site, "--output", output, "--no-cache").code == 0
    assert not (output / "gongbao").exists()
    assert "gongbao" not in (output / "index.html").read_text(encoding="utf-8")
    assert "gongbao" not in (output / "sitemap.html").read_text(encoding="utf-8")


def one_agency_site_with_a_gazette(tmp_path: Path) -> Path:
    site = copy_site("minimal", tmp_path / "site")
    config = site / "catalog.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("  consultations: consultations\n",
                                                                 "  consultations: consultations\n  gazette: gongbao\n"), encoding="utf-8")
    (site / "content/gongbao").mkdir()
    (site / "content/gongbao/2026-01.md").write_text(
        "---\n年份: 2026\n期号: 1\n出版日期: 2026-03-31\nPDF: 2026-01.pdf\n目录:\n"
        "  - 标题: 测试区人民政府关于调整部分行政事业性收费项目的通知\n    页码: 3\n---\n", encoding="utf-8")
    (site / "content/gongbao/2026-01.pdf").write_bytes((CLUSTER / "content/ceshi/gazette/2026-1.pdf").read_bytes())
    return site


def test_a_one_agency_site_publishes_its_gazette_from_the_folder_catalog_yaml_names(tmp_path, run_build):
    site = one_agency_site_with_a_gazette(tmp_path)
    output = tmp_path / "public"
    result = run_build("build", "--site", site, "--output", output, "--no-cache")
    assert result.code == 0 and result.diagnostics == [], result.err
    issue = (output / "xxgk/gazette/2026/1.html").read_text(encoding="utf-8")
    assert "测试区人民政府关于调整部分行政事业性收费项目的通知" in main_of(issue)
    assert (output / "xxgk/gazette/2026-01.pdf").is_file() and (output / "data/gazette.csv").is_file()
    assert '历年政府公报见<a href="gazette/index.html">政府公报</a>' in (output / "xxgk/index.html").read_text(encoding="utf-8")
    assert not (output / "gongbao").exists(), "the portal's page belongs to a portal; the site's own archive is the agency's"
    made = run_build("new", "政府公报", "2026年第2期", "--site", site)
    assert made.code == 0 and (site / "content/gongbao/2026-02.md").is_file()


def test_a_one_agency_sites_gazette_folder_cannot_take_another_folders_name(tmp_path, run_build):
    site = one_agency_site_with_a_gazette(tmp_path)
    config = site / "catalog.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  gazette: gongbao\n", "  gazette: consultations\n"), encoding="utf-8")
    line = text.splitlines().index("  gazette: gongbao") + 1
    result = run_build("check", "--site", site)
    assert result.diagnostics[0] == (f"catalog.yaml:{line}: error: 政府公报文件夹“consultations”与领域、栏目、征求意见、建议提案或清理结果的文件夹重名；"
                                     "请换一个名字")
