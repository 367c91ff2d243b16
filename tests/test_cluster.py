"""A district portal: one build for the district government, its departments and its towns (issue 15).

The fixture tests/fixtures/sites/cluster declares four agencies in catalog.yaml `agencies:`: the district
government (ceshi), two departments (minzheng, renshe; renshe publishes no domain and no annual report)
and a town (hexi, with an 18-character code). 民政局 and 人社局 issue one document jointly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE_SITES, built_index, copy_site, manifest, records_of

CLUSTER = FIXTURE_SITES / "cluster"
TODAY = "2026-11-26"
JOINT = "content/minzheng/statutory/linshi-jiuzhu-banfa.md"
EMPTY_REPORTS = "catalog.yaml:45: warning: 栏目“政府信息公开工作年度报告”（content/renshe/annual-reports/）还没有内容"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from generator.cli import main

    output = tmp_path_factory.mktemp("cluster") / "public"
    assert main(["build", "--site", str(CLUSTER), "--output", str(output), "--quiet", "--no-cache", "--today", TODAY]) == 0
    return output


def text_of(html: str) -> str:
    """The page's text, tags removed and white space collapsed, for reading figures and breadcrumbs."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_each_agency_has_its_own_column_catalog_feeds_and_open_data_under_its_path(built):
    for agency in ("ceshi", "minzheng", "renshe", "hexi"):
        for part in ("index.html", "xxgk/index.html", "xxgk/guide/index.html", "xxgk/rules/index.html",
                     "xxgk/statutory/index.html", "xxgk/annual-reports/index.html", "catalog/index.html",
                     "data/catalog.csv", "data/catalog.json", "data/catalog.xlsx", "feeds/site.xml", "sitemap.html"):
            assert (built / agency / part).is_file(), f"{agency}/{part}"
    # Each agency's catalog holds only the domains it declares.
    assert (built / "hexi/catalog/social-assistance/dibao-shenpi.html").is_file()
    assert not (built / "hexi/catalog/fiscal-budgets-final-accounts").exists()
    assert not (built / "renshe/catalog/social-assistance").exists()
    assert (built / "minzheng/data/domains/social-assistance.csv").is_file()
    csv = (built / "minzheng/data/catalog.csv").read_text(encoding="utf-8-sig")
    assert "临时救助" in csv and "低保标准" not in csv.split("\n", 1)[1].replace("低保标准,,", "")  # not the district's entries
    feed = (built / "minzheng/feeds/site.xml").read_text(encoding="utf-8")
    assert "<name>测试区民政局</name>" in feed and "测试区人民政府机构职能" not in feed
    # The portal's own pages.
    for page in ("index.html", "bumen/index.html", "zhenjie/index.html", "coverage/index.html", "nianbao/2025.html",
                 "nianbao/2024.html", "search/index.html", "sitemap.html", "feeds/site.xml"):
        assert (built / page).is_file(), page


def test_breadcrumbs_lead_from_the_portal_through_the_agencys_index_to_the_page(built):
    def trail(page: str) -> str:
        html = (built / page).read_text(encoding="utf-8")
        return text_of(re.search(r'<nav class="breadcrumbs.*?</nav>', html, re.S)[0])

    assert trail("minzheng/xxgk/guide/index.html") == "首页 部门信息公开 测试区民政局 政府信息公开 测试区民政局政府信息公开指南"
    assert trail("hexi/catalog/social-assistance/dibao-shenpi.html") == "首页 镇街信息公开 河西镇人民政府 政务公开事项标准目录 社会救助 低保申请审批"
    assert trail("minzheng/index.html") == "首页 部门信息公开 测试区民政局"


def test_the_indexes_list_every_agency_of_their_kind_with_guide_date_report_and_coverage(built):
    rows = re.findall(r"<tr>(.*?)</tr>", (built / "bumen/index.html").read_text(encoding="utf-8"), re.S)
    named = [text_of(row) for row in rows[1:]]
    assert [row.split(" ")[0] for row in named] == ["测试区民政局", "测试区人力资源和社会保障局"]
    assert named[1].split(" ")[1:] == ["2026年3月1日", "暂无", "2", "件", "不编制（无试点领域）"]  # the joint document counts for 人社局 too
    towns = [text_of(row) for row in re.findall(r"<tr>(.*?)</tr>", (built / "zhenjie/index.html").read_text(encoding="utf-8"), re.S)[1:]]
    assert [row.split(" ")[0] for row in towns] == ["河西镇人民政府"]
    assert "2025年度" in towns[0]


def figures(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_roll_up_sums_every_agencys_tables_and_lists_the_agencies_without_a_report(built):
    reports = sorted((CLUSTER / "content").glob("*/annual-reports/2025.yaml"))
    assert [p.parts[-3] for p in reports] == ["ceshi", "hexi", "minzheng"]
    data = [figures(p) for p in reports]
    # Recomputed here from the data files, independently of the generator.
    received = sum(d["依申请公开"]["本年新收"][-1] for d in data)
    normative_valid = sum(d["主动公开"]["行政规范性文件"][2] for d in data)
    fees = sum(Decimal(str(d["主动公开"]["行政事业性收费"])) for d in data)
    reviews = [sum(d["复议诉讼"]["行政复议"][i] for d in data) for i in range(5)]
    html = (built / "nianbao/2025.html").read_text(encoding="utf-8")
    rows = {text_of(row).split(" ")[0]: text_of(row).split(" ")[1:] for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)}
    assert rows["本年新收"][-1] == str(received)
    assert rows["行政规范性文件"][2] == str(normative_valid)
    assert rows["行政复议"] == [str(value) for value in reviews]
    assert rows["全区合计"][3] == str(fees)
    side_by_side = [text_of(row).split(" ")[0] for row in re.findall(r"<tr>(.*?)</tr>", html.split('id="rollup-agencies"')[1], re.S)]
    assert side_by_side[1:5] == ["测试区人民政府", "测试区民政局", "河西镇人民政府", "全区合计"]  # the portal's own first
    missing = text_of(html.split('id="rollup-missing">')[1].split("</section>")[0])
    assert missing == "尚未发布2025年度报告的单位 测试区人力资源和社会保障局"
    missing_2024 = text_of((built / "nianbao/2024.html").read_text(encoding="utf-8").split('id="rollup-missing">')[1].split("</section>")[0])
    assert missing_2024 == "尚未发布2024年度报告的单位 测试区人力资源和社会保障局 河西镇人民政府"


def test_a_joint_document_is_written_once_and_listed_in_every_issuers_column(built):
    assert (built / "minzheng/xxgk/statutory/linshi-jiuzhu-banfa.html").is_file()
    assert not (built / "renshe/xxgk/statutory/linshi-jiuzhu-banfa.html").exists()
    listing = (built / "renshe/xxgk/statutory/index.html").read_text(encoding="utf-8")
    assert 'href="../../../minzheng/xxgk/statutory/linshi-jiuzhu-banfa.html"' in listing
    assert "000000017/2026-00002" in (built / "minzheng/xxgk/statutory/linshi-jiuzhu-banfa.html").read_text(encoding="utf-8")
    records = [record for record in records_of(built_index(built)) if record["url"].endswith("/linshi-jiuzhu-banfa.html")]
    assert [(record["agency"], record["domain"]) for record in records] == [("minzheng renshe", "social-assistance")]  # one result, both issuers'
    for feed in ("minzheng/feeds/site.xml", "renshe/feeds/site.xml"):  # in each issuer's feed
        assert "临时救助实施办法" in (built / feed).read_text(encoding="utf-8"), feed
    home = (built / "index.html").read_text(encoding="utf-8")
    assert home.count("linshi-jiuzhu-banfa.html") == 1  # once among the portal's newest items


def test_search_records_say_whose_they_are_and_the_page_offers_the_filters(built):
    index = built_index(built)
    assert manifest(index)["fields"] == ["url", "title", "section", "date", "keywords", "text", "agency", "domain"]
    assert {"url": "../hexi/catalog/social-assistance/dibao-shenpi.html", "agency": "hexi"}.items() <= next(
        record for record in records_of(index) if record["url"] == "../hexi/catalog/social-assistance/dibao-shenpi.html").items()
    page = (built / "search/index.html").read_text(encoding="utf-8")
    assert '<option value="hexi">河西镇人民政府</option>' in page and '<option value="social-assistance">社会救助</option>' in page


def test_body_links_between_agencies_resolve(built):
    html = (built / "hexi/catalog/social-assistance/dibao-shenpi.html").read_text(encoding="utf-8")
    assert 'href="../../../minzheng/catalog/social-assistance/linshi-jiuzhu.html"' in html
    assert 'href="../../../ceshi/xxgk/rules/tiaoli.html"' in html


def test_the_guide_shows_the_agencys_disclosure_office(built):
    text = text_of((built / "ceshi/xxgk/guide/index.html").read_text(encoding="utf-8"))
    assert "政府信息公开工作机构 名称 测试区人民政府办公室 办公地址 测试区政务大道1号 联系电话 0000-00000000 办公时间 工作日 9:00—17:00 电子邮箱 gk@ceshi.example" in text


@dataclass
class Case:
    name: str
    expected: list[str]
    replace: list[tuple[str, str, str]] = field(default_factory=list)  # (file, old, new)
    write: dict[str, str] = field(default_factory=dict)


CASES = [
    Case("an agency folder that catalog.yaml does not declare",
         [EMPTY_REPORTS,
          "content/weijian/guide/index.md:1: error: 文件夹“weijian”不是 catalog.yaml 的 agencies 中声明的单位，其中 1 个文件不会发布。"
          "已声明的单位网址名：ceshi、hexi、minzheng、renshe。新增单位请先在 catalog.yaml 的 agencies: 下声明（slug: weijian）"],
         write={"content/weijian/guide/index.md": "---\n标题: 指南\n更新日期: 2026-01-01\n---\n"}),
    Case("a file straight under content/ and one straight under an agency's folder",
         [EMPTY_REPORTS,
          "content/minzheng/notes.md:1: error: 内容文件应放在 content/minzheng/ 下某个领域或栏目的文件夹里，不能直接放在 content/minzheng/ 下",
          "content/readme.txt:1: error: 内容文件应放在本单位文件夹（content/<单位网址名>/）下某个领域或栏目的文件夹里，不能直接放在 content/ 下"],
         write={"content/readme.txt": "说明", "content/minzheng/notes.md": "---\n标题: 笔记\n---\n"}),
    Case("two agencies with one slug",
         ["catalog.yaml:45: error: 单位网址名“minzheng”与第 26 行的测试区民政局重复；每个单位的网址名应各不相同"],
         replace=[("catalog.yaml", "slug: renshe", "slug: minzheng")]),
    Case("two agencies with one organisation code",
         ["catalog.yaml:48: error: 单位机构代码“000000017”与第 26 行的测试区民政局重复；每个单位的机构代码应各不相同"],
         replace=[("catalog.yaml", 'code: "000000025"', 'code: "000000017"')]),
    Case("content naming an agency that does not exist",
         [EMPTY_REPORTS,
          f"{JOINT}:5: error: 联合发文单位“测试区人力资源社会保障局”不是本站的单位；是否应为“测试区人力资源和社会保障局”？",
          f"{JOINT}:5: error: 联合发文单位“测试区卫健委”不是本站的单位；联合发文单位只写 catalog.yaml 的 agencies 中的单位（名称或网址名）；"
          "不在本站公开信息的发文机关只写在“发布机构”中",
          # renshe's cleanup names the joint document, which (its name misspelt) is no longer renshe's
          "content/renshe/cleanups/2026-qingli.md:6: error: 索引号“000000017/2026-00002”是另一单位的文件（content/minzheng/statutory/linshi-jiuzhu-banfa.md）；"
          "清理结果只列测试区人力资源和社会保障局发布（含联合发布）的文件"],
         replace=[(JOINT, "联合发文单位: [测试区人力资源和社会保障局]", "联合发文单位: [测试区人力资源社会保障局, 测试区卫健委]")]),
    Case("a town declaring a domain that does not exist",
         ["catalog.yaml:53: error: 河西镇人民政府的试点领域“城乡低保”不在 catalog.yaml 的 domains 中；请写 domains 中某个领域的网址名或名称"],
         replace=[("catalog.yaml", "domains: [社会救助]", "domains: [社会救助, 城乡低保]")]),
    Case("an annual report in another agency's folder",
         [EMPTY_REPORTS,
          "content/hexi/annual-reports/2025.yaml:1: error: 年度报告“测试区民政局2025年政府信息公开工作年度报告”是测试区民政局的，"
          "却放在河西镇人民政府的文件夹里；请把它移到 content/minzheng/annual-reports/，或改正标题"],
         replace=[("content/hexi/annual-reports/2025.yaml", "标题: 河西镇人民政府", "标题: 测试区民政局")]),
    Case("an annual report whose year is not its file's",
         [EMPTY_REPORTS,
          "content/hexi/annual-reports/2025.yaml:2: error: “年度”2024与文件名“2025”不一致；文件名应为年度，如 2024.yaml"],
         replace=[("content/hexi/annual-reports/2025.yaml", "年度: 2025", "年度: 2024")]),
    Case("a document numbered with another agency's code",
         [EMPTY_REPORTS,
          "content/hexi/statutory/jigou-zhineng.md:3: error: 索引号“000000025/2026-00009”的机构代码“000000025”是测试区人力资源和社会保障局的机构代码，"
          "不是河西镇人民政府的（11000000MB0000001X）；本单位的文件请编号为 11000000MB0000001X/年份-五位序号"],
         replace=[("content/hexi/statutory/jigou-zhineng.md", "索引号: 11000000MB0000001X/2026-00001", "索引号: 000000025/2026-00009")]),
    Case("a serial used twice within one agency and year",
         [EMPTY_REPORTS, "content/renshe/statutory/second.md:3: error: 索引号“000000025/2026-00001”与 content/renshe/statutory/jigou-zhineng.md 重复；同一单位同一年的序号不能重复，请改用未用过的序号"],
         write={"content/renshe/statutory/second.md": "---\n标题: 第二份文件\n索引号: 000000025/2026-00001\n发布机构: 测试区人力资源和社会保障局\n"
                                                      "发布日期: 2026-02-01\n类别: 2\n---\n正文\n"}),
    Case("both layouts at once",
         ["catalog.yaml:25: error: catalog.yaml 只能写 agency（一个单位的网站）或 agencies（区内各单位共用的门户）之一；请删去其中一个"],
         replace=[("catalog.yaml", "agencies:", "agency:\n  name: 测试区人民政府\nagencies:")]),
    Case("an agency slug the portal uses itself",
         ["catalog.yaml:45: error: 单位网址名“search”与门户自身的网址或领域网址名重复（static、search、feeds、sitemaps、data、bumen、zhenjie、nianbao、coverage、xxgk、catalog、jianyitian、juece、zhengce、gongbao 及各领域网址名不能用）；请换一个"],
         replace=[("catalog.yaml", "slug: renshe", "slug: search")]),
    Case("an organisation code of the wrong length",
         ["catalog.yaml:48: error: “机构代码”应为9位组织机构代码（如 000014349）或18位统一社会信用代码，实际为“12345”"],
         replace=[("catalog.yaml", 'code: "000000025"', 'code: "12345"')]),
    Case("a portal without its district government",
         ["catalog.yaml:26: error: 各单位共用的门户需要一个 kind: 区人民政府 的单位（门户自身的单位，其栏目和目录由区政府办公室维护）；请在 agencies: 中写明"],
         replace=[("catalog.yaml", "kind: 区人民政府", "kind: 区政府部门")]),
    Case("agencies: with no agency yet",
         ["catalog.yaml:25: error: “各单位”应为单位的列表（至少一个），实际为空列表；每个单位以“- slug:”开头，写明 slug（网址名）、name（全称）、"
          "kind（类型）、code（机构代码）和 domains（公开的试点领域），见 README“如何新增一个部门或镇街”"],
         write={"catalog.yaml": (CLUSTER / "catalog.yaml").read_text(encoding="utf-8").partition("agencies:")[0] + "agencies: []\n"}),
    Case("a domain declared twice is reported once, not again for each agency using it",
         ["catalog.yaml:18: error: 领域网址名“social-assistance”重复（第 11 行已有）"],
         replace=[("catalog.yaml", "  - slug: fiscal-budgets-final-accounts\n    name: 财政预决算", "  - slug: social-assistance\n    name: 财政预决算")]),
    Case("an agency without its kind is told the four kinds",
         ["catalog.yaml:45: error: 缺少必填字段“类型”（kind）；可选：区人民政府、区政府部门、镇人民政府、街道办事处"],
         replace=[("catalog.yaml", "    kind: 区政府部门\n    code: \"000000025\"", "    code: \"000000025\"")]),
    Case("two district governments",
         ["catalog.yaml:51: error: 只能有一个“区人民政府”（门户自身的单位），已有测试区人民政府；请改正河西镇人民政府的类型"],
         replace=[("catalog.yaml", "kind: 镇人民政府", "kind: 区人民政府")]),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_cluster_input_is_reported_exactly(case, tmp_path, run_build):
    site = copy_site("cluster", tmp_path / "site")
    for path, old, new in case.replace:
        text = (site / path).read_text(encoding="utf-8")
        assert old in text, f"{path} has no {old!r}"
        (site / path).write_text(text.replace(old, new, 1), encoding="utf-8")
    for path, text in case.write.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")
    result = run_build("build", "--site", site, "--today", TODAY)
    assert result.code == 1
    assert result.err.splitlines()[:-1] == case.expected
    assert not (site / "public").exists()


def test_check_agency_reads_only_that_agencys_folder(tmp_path, run_build):
    site = copy_site("cluster", tmp_path / "site")
    (site / "content/hexi/guide/index.md").write_text("---\n标题: 坏了\n", encoding="utf-8")  # another office's broken file
    assert run_build("check", "--site", site, "--today", TODAY).code == 1
    result = run_build("check", "--site", site, "--today", TODAY, "--agency", "minzheng")
    assert result.code == 0, result.err
    assert result.out.startswith("检查通过：测试区民政局：1 个条目")
    by_name = run_build("check", "--site", site, "--today", TODAY, "--agency", "测试区民政局")
    assert by_name.code == 0 and by_name.out == result.out
    unknown = run_build("check", "--site", site, "--today", TODAY, "--agency", "minzhen")
    assert unknown.code == 2
    assert unknown.err.startswith("build.py: 错误：catalog.yaml 中没有单位“minzhen”；是否应为“minzheng”？可用的单位：ceshi（测试区人民政府）")


def test_new_and_new_report_write_into_the_agency_named(tmp_path, run_build):
    site = copy_site("cluster", tmp_path / "site")
    missing = run_build("new", "社会救助", "低保资金发放", "--site", site, "--slug", "dibao-zijin")
    assert missing.code == 2 and "请用 --agency 指明写入哪个单位的文件夹" in missing.err
    made = run_build("new", "社会救助", "低保资金发放", "--site", site, "--slug", "dibao-zijin", "--agency", "hexi")
    assert made.code == 0, made.err
    written = (site / "content/hexi/social-assistance/dibao-zijin.md").read_text(encoding="utf-8")
    assert "公开主体: \"河西镇人民政府\"" in written
    not_its_domain = run_build("new", "财政预决算", "预算", "--site", site, "--slug", "yusuan", "--agency", "hexi")
    assert not_its_domain.code == 2
    site = copy_site("cluster", tmp_path / "again")
    report = run_build("new-report", "2026", "--site", site, "--agency", "renshe")
    assert report.code == 0, report.err
    assert (site / "content/renshe/annual-reports/2026.yaml").read_text(encoding="utf-8").startswith(
        "标题: 测试区人力资源和社会保障局2026年政府信息公开工作年度报告")


def test_inspect_agency_reports_only_that_agencys_columns(tmp_path, run_build):
    whole = run_build("inspect", "--site", CLUSTER, "--today", TODAY, "--format", "json")
    one = run_build("inspect", "--site", CLUSTER, "--today", TODAY, "--format", "json", "--agency", "renshe")
    import json
    paths = {column["path"] for column in json.loads(one.out)["columns"]}
    assert paths and all(path.startswith("content/renshe/") for path in paths)
    assert len(json.loads(whole.out)["columns"]) > len(paths)
    assert any(f["rule"] == "annual-report-missing" and f["path"] == "content/renshe/annual-reports/"
               for f in json.loads(one.out)["scored"])


def test_a_department_s_report_is_due_by_31_january_a_governments_by_31_march(tmp_path, run_build):
    import json
    site = copy_site("cluster", tmp_path / "site")
    (site / "content/ceshi/annual-reports/2025.yaml").unlink()
    result = run_build("inspect", "--site", site, "--today", TODAY, "--format", "json")
    missing = [f for f in json.loads(result.out)["scored"] if f["rule"] == "annual-report-missing"]
    assert [(f["path"], f["due"]) for f in missing] == [("content/ceshi/annual-reports/", "2026-03-31"),
                                                       ("content/renshe/annual-reports/", "2026-01-31")]


def test_an_agency_may_interpret_another_agencys_policy_and_both_pages_link_each_other(built):
    interpretation = (built / "minzheng/xxgk/statutory/jiedu-yusuan-jiuzhu-zijin.html").read_text(encoding="utf-8")
    assert 'href="../../../ceshi/xxgk/statutory/2026-yusuan-baogao.html"' in interpretation
    policy = (built / "ceshi/xxgk/statutory/2026-yusuan-baogao.html").read_text(encoding="utf-8")
    assert 'href="../../../minzheng/xxgk/statutory/jiedu-yusuan-jiuzhu-zijin.html"' in policy
    # It takes its policy's Article 20 category (7, 财政预算、决算信息) in its own agency's column.
    statutory = text_of((built / "minzheng/xxgk/statutory/index.html").read_text(encoding="utf-8"))
    assert "财政预算、决算信息 《关于测试区2026年预算的报告》中社会救助资金安排的解读" in statutory


def test_an_issuer_named_but_not_listed_as_co_issuer_is_a_warning(tmp_path, run_build):
    site = copy_site("cluster", tmp_path / "site")
    path = site / JOINT
    path.write_text(path.read_text(encoding="utf-8").replace("联合发文单位: [测试区人力资源和社会保障局]\n", ""), encoding="utf-8")
    (site / "content/renshe/cleanups/2026-qingli.md").unlink()  # it names the joint document as renshe's
    result = run_build("check", "--site", site, "--today", TODAY)
    assert result.code == 0
    assert (f"{JOINT}:4: warning: “发布机构”写有测试区人力资源和社会保障局，但它不是本文件的联合发文单位；联合发文请加一行 "
            "联合发文单位: [测试区人力资源和社会保障局]，若是测试区人力资源和社会保障局自己的文件，请移到 content/renshe/statutory/，"
            "并用它的机构代码编索引号") in result.err.splitlines()


def test_check_agency_accepts_links_into_the_folders_it_does_not_read(run_build):
    # hexi's entry links to the district's rule and to 民政局's entry; minzheng's document is interpreted elsewhere.
    for agency in ("hexi", "minzheng", "ceshi"):
        result = run_build("check", "--site", CLUSTER, "--today", TODAY, "--agency", agency)
        assert result.code == 0, result.err
        assert "error" not in result.err and "还没有解读文件" not in result.err
        assert "政府网站工作年度报表" not in result.err  # the site's own rules need the whole site
