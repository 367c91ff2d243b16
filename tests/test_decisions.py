"""The 重大行政决策事项目录 (issue 16): one Markdown file per decision in content/<agency>/decisions/.

The cluster fixture has three decisions: the district government's (ceshi) 老旧小区改造 (已决策: its closed
consultation laojiu-xiaoqu, its document 000000009/2026-00002, which 民政局 interprets) and 公交线路 (拟决策);
民政局's 临时救助办法 of 2025 (执行评估, not put out for comment, with a reason; its document is the joint one).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from conftest import FIXTURE_SITES, built_index, copy_site, records_of
from test_cluster import text_of

CLUSTER = FIXTURE_SITES / "cluster"
TODAY = "2026-11-26"
LAOJIU = "ceshi/xxgk/decisions/laojiu-xiaoqu-gaizao.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from generator.cli import main

    output = tmp_path_factory.mktemp("decisions") / "public"
    assert main(["build", "--site", str(CLUSTER), "--output", str(output), "--quiet", "--no-cache", "--today", TODAY]) == 0
    return output


def read(built: Path, page: str) -> str:
    return (built / page).read_text(encoding="utf-8")


def chain_of(html: str) -> list[str]:
    """The steps of the first progress list on a page, as text."""
    listed = re.search(r'<ol class="decision-chain".*?</ol>', html, re.S)[0]
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in re.findall(r"<li.*?</li>", listed, re.S)]


def test_each_agency_with_decisions_has_its_catalog_by_year_and_a_page_per_decision(built):
    for page in ("ceshi/xxgk/decisions/index.html", "ceshi/xxgk/decisions/2026.html", LAOJIU,
                 "ceshi/xxgk/decisions/gongjiao-xianlu-youhua.html", "minzheng/xxgk/decisions/index.html",
                 "minzheng/xxgk/decisions/2025.html", "minzheng/xxgk/decisions/linshi-jiuzhu-xiuding.html"):
        assert (built / page).is_file(), page
    assert not (built / "renshe/xxgk/decisions").exists()  # no decisions, no pages, no link
    assert "重大行政决策事项目录" not in read(built, "renshe/xxgk/index.html")
    column = read(built, "ceshi/xxgk/index.html")
    assert '<a href="decisions/index.html">重大行政决策事项目录</a>' in column
    assert '<a href="xxgk/decisions/index.html">重大行政决策事项目录</a>' in read(built, "ceshi/sitemap.html")
    index = text_of(read(built, "ceshi/xxgk/decisions/index.html"))
    assert "2026年重大行政决策事项目录 共 2 项：拟决策 1 项，已决策 1 项" in index
    rows = re.findall(r"<tr>(.*?)</tr>", read(built, "ceshi/xxgk/decisions/2026.html"), re.S)
    cells = [text_of(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>\s", rows[1], re.S)][:7]
    assert cells == ["1", "制定《测试区老旧小区改造实施办法》", "测试区住房和城乡建设局",
                     "《重大行政决策程序暂行条例》；《测试市老旧小区改造工作方案》", "2026年9月30日", "是", "已决策"]
    trail = text_of(re.search(r'<nav class="breadcrumbs.*?</nav>', read(built, LAOJIU), re.S)[0])
    assert trail == "首页 区人民政府 测试区人民政府 政府信息公开 重大行政决策事项目录 2026年 制定《测试区老旧小区改造实施办法》"


def test_the_chain_follows_the_draft_to_its_consultation_document_interpretation_and_evaluation(built):
    steps = chain_of(read(built, LAOJIU))
    assert [step.split("：")[0] for step in steps] == ["决策草案", "征求意见", "作出决策", "政策解读", "执行评估"]
    assert steps[0].startswith("决策草案：公布决策草案及其说明，2026年5月6日：关于《测试区老旧小区改造实施办法（征求意见稿）》")
    assert steps[1] == "征求意见：公开征求意见（已结束），2026年5月6日 至 2026年6月4日：意见采纳情况"
    assert steps[2] == "作出决策：决策文件公开，2026年2月20日：关于测试区2026年预算的报告"
    # Found through the document's interpretations (Document.interprets), another agency's: not written in the decision.
    assert steps[3] == ("政策解读：发布政策解读，2026年2月20日：《关于测试区2026年预算的报告》中社会救助资金安排的解读、"
                        "一图读懂《关于测试区2026年预算的报告》、《关于测试区2026年预算的报告》问答")
    assert steps[4] == "执行评估：尚未开展执行效果评估"
    html = read(built, LAOJIU)
    assert 'href="../consultations/laojiu-xiaoqu.html#adoption"' in html
    assert 'href="../../../minzheng/xxgk/statutory/jiedu-yusuan-jiuzhu-zijin.html"' in html
    assert '<li class="step-pending">' in html
    # In the year's table each link is named by what it is; the full titles are on the decision's page.
    table = chain_of(read(built, "ceshi/xxgk/decisions/2026.html"))
    assert table[:4] == ["决策草案：公布决策草案及其说明，2026年5月6日：征求意见公告",
                         "征求意见：公开征求意见（已结束），2026年5月6日 至 2026年6月4日：意见采纳情况",
                         "作出决策：决策文件公开，2026年2月20日：决策文件", "政策解读：发布政策解读，2026年2月20日：解读1、解读2、解读3"]
    exempt = chain_of(read(built, "minzheng/xxgk/decisions/linshi-jiuzhu-xiuding.html"))
    assert exempt[:2] == ["决策草案：未公开征求意见：按上级统一标准调整救助标准，依法不再单独公开征求意见", "征求意见：未公开征求意见"]
    assert exempt[4] == "执行评估：正在开展执行效果评估"
    planned = chain_of(read(built, "ceshi/xxgk/decisions/gongjiao-xianlu-youhua.html"))
    assert planned == ["决策草案：决策草案尚未公布", "征求意见：尚未公开征求意见", "作出决策：尚未作出决策", "政策解读：暂无政策解读",
                       "执行评估：尚未开展执行效果评估"]


def test_the_consultation_the_document_and_its_interpretation_show_their_decision(built):
    link = "所属重大行政决策 制定《测试区老旧小区改造实施办法》 （2026年，已决策）"
    for page, href in (("ceshi/xxgk/consultations/laojiu-xiaoqu.html", "../decisions/laojiu-xiaoqu-gaizao.html"),
                       ("ceshi/xxgk/statutory/2026-yusuan-baogao.html", "../decisions/laojiu-xiaoqu-gaizao.html"),
                       ("minzheng/xxgk/statutory/jiedu-yusuan-jiuzhu-zijin.html", "../../../ceshi/xxgk/decisions/laojiu-xiaoqu-gaizao.html")):
        html = read(built, page)
        assert link in text_of(html), page
        assert f'<a href="{href}">制定《测试区老旧小区改造实施办法》</a>' in html, page
    assert "所属重大行政决策" not in read(built, "ceshi/xxgk/statutory/jigou-zhineng.html")


def test_the_portal_gathers_every_agencys_decisions_of_a_year(built):
    assert (built / "juece/index.html").is_file()
    page = read(built, "juece/2026.html")
    assert [text_of(h) for h in re.findall(r"<h2 id=\"decisions-\d+\">(.*?)</h2>", page)] == ["测试区人民政府"]
    assert 'href="../ceshi/xxgk/decisions/laojiu-xiaoqu-gaizao.html"' in page
    older = read(built, "juece/2025.html")
    assert "测试区民政局" in older and "修订测试区临时救助办法" in older and "老旧小区" not in older
    assert '<a href="juece/index.html">全区重大行政决策事项目录</a>' in read(built, "index.html")
    assert '<a href="juece/index.html">全区重大行政决策事项目录</a>' in read(built, "sitemap.html")


def test_the_catalog_is_open_data_for_each_agency_and_for_the_portal(built):
    rows = list(csv.DictReader(io.StringIO((built / "ceshi/data/decisions.csv").read_text(encoding="utf-8-sig"))))
    assert [row["事项名称"] for row in rows] == ["制定《测试区老旧小区改造实施办法》", "测试区公交线路优化调整方案"]
    assert rows[0] | {"网址": ""} == {
        "年度": "2026", "序号": "1", "事项名称": "制定《测试区老旧小区改造实施办法》", "决策机关": "测试区人民政府",
        "承办单位": "测试区住房和城乡建设局", "决策依据": "《重大行政决策程序暂行条例》；《测试市老旧小区改造工作方案》",
        "计划完成时间": "2026-09-30", "是否听证": "是", "状态": "已决策",
        "征求意见": "关于《测试区老旧小区改造实施办法（征求意见稿）》公开征求意见的公告", "决策文件索引号": "000000009/2026-00002",
        "评估报告索引号": "", "更新日期": "2026-07-01", "网址": ""}
    assert rows[0]["网址"] == "https://www.example.gov.cn/gk/" + LAOJIU
    data = json.loads((built / "data/decisions.json").read_text(encoding="utf-8"))
    assert data["标题"] == "全区重大行政决策事项目录" and data["更新日期"] == "2026-11-10"
    assert [(d["决策机关"], d["年度"], d["序号"]) for d in data["条目"]] == [("测试区人民政府", 2026, 1), ("测试区人民政府", 2026, 2),
                                                                     ("测试区民政局", 2025, 1)]
    assert data["条目"][2]["征求意见"] == "未公开征求意见" and data["条目"][2]["决策依据"] == ["《社会救助暂行办法》"]
    sheet = openpyxl.load_workbook(built / "minzheng/data/decisions.xlsx").active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["年度", "序号", "事项名称", "决策机关"] and values[1][2] == "修订测试区临时救助办法"
    assert values[1][6].date().isoformat() == "2025-12-31"
    page = read(built, "ceshi/xxgk/decisions/index.html")
    assert 'href="../../data/decisions.xlsx" download="重大行政决策事项目录.xlsx"' in page


def test_decisions_are_in_search_the_feeds_the_site_map_and_recent_updates(built):
    [record] = [record for record in records_of(built_index(built)) if record["url"] == "../minzheng/xxgk/decisions/linshi-jiuzhu-xiuding.html"]
    assert [record[field] for field in ("title", "section", "date", "keywords", "agency", "domain")] == [
        "修订测试区临时救助办法", "重大行政决策", "2026-11-10", "2025年 执行评估", "minzheng", ""]
    assert record["text"].startswith("承办单位：测试区民政局\n")
    assert "修订测试区临时救助办法" in read(built, "minzheng/feeds/site.xml")
    assert "修订测试区临时救助办法" in read(built, "feeds/site.xml")
    assert "https://www.example.gov.cn/gk/juece/2026.html" in read(built, "sitemap.xml")
    assert "https://www.example.gov.cn/gk/" + LAOJIU in read(built, "sitemap.xml")
    assert 'href="xxgk/decisions/linshi-jiuzhu-xiuding.html"' in read(built, "minzheng/index.html")  # 最近更新


def write_decision(site: Path, agency: str, name: str, fields: list[str], body: str = "决策的主要内容。") -> str:
    """A decision file; a field's line is its place in `fields` plus 1."""
    path = f"content/{agency}/decisions/{name}.md"
    (site / path).parent.mkdir(parents=True, exist_ok=True)
    (site / path).write_text("---\n" + "\n".join(fields) + f"\n---\n\n{body}\n", encoding="utf-8")
    return path


BASE = ["事项名称: 测试决策事项", "年度: 2026", "承办单位: 测试区民政局", "决策依据: 《重大行政决策程序暂行条例》",
        "计划完成时间: 2026-12-31", "是否听证: 否"]  # lines 2–7; 状态 and the rest from line 8
UPDATED = "更新日期: 2026-11-01"


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_site("cluster", tmp_path / "site")


def check(run_build, site: Path, *more: str):
    result = run_build("check", "--site", site, *more)
    return result, [line for line in result.diagnostics if "/decisions/" in line]


def test_a_decision_made_without_a_closed_consultation_is_an_error_unless_a_reason_is_given(site, run_build):
    path = write_decision(site, "minzheng", "wu-zhengqiu", [*BASE, "状态: 已决策", "决策文件: 000000017/2026-00001", UPDATED])
    result, found = check(run_build, site)
    assert result.code == 1
    assert found == [f"{path}:8: error: 状态为“已决策”，但没有已结束的征求意见；请在“征求意见”中填写该决策草案的征求意见网址名，"
                     "依法不公开征求意见的，请填写“未征求意见理由”"]
    write_decision(site, "minzheng", "wu-zhengqiu", [*BASE, "状态: 已决策", "未征求意见理由: 依法不公开", "决策文件: 000000017/2026-00001", UPDATED])
    result, found = check(run_build, site)
    assert result.code == 0 and found == []


def test_a_decision_made_while_its_consultation_is_still_open_is_an_error(site, run_build):
    (site / "content/minzheng/consultations").mkdir()
    (site / "content/minzheng/consultations/caoan.md").write_text(
        "---\n标题: 测试征求意见\n发布日期: 2026-11-01\n征求意见开始: 2026-11-01\n征求意见截止: 2026-12-10\n起草单位: 测试区民政局\n"
        "反馈方式: 电子邮件\n---\n\n草案。\n", encoding="utf-8")
    path = write_decision(site, "minzheng", "weijieshu", [*BASE, "状态: 执行评估", "征求意见: caoan", "决策文件: 000000017/2026-00001", UPDATED])
    result, found = check(run_build, site)
    assert found == [f"{path}:8: error: 状态为“执行评估”，但征求意见“caoan”征求中（截止 2026-12-10）；征求意见结束后才能作出决策，请核对状态"]
    result, found = check(run_build, site, "--today", "2026-12-11")  # closed: the stage is right
    assert found == []
    (site / path).write_text((site / path).read_text(encoding="utf-8").replace("状态: 执行评估", "状态: 征求意见")
                             .replace("决策文件: 000000017/2026-00001\n", ""), encoding="utf-8")
    result, found = check(run_build, site)
    assert result.code == 0 and found == []
    assert run_build("build", "--site", site, "--output", site / "out").code == 0
    assert "测试决策事项" in (site / "out/minzheng/xxgk/consultations/caoan.html").read_text(encoding="utf-8")


def test_what_a_decision_names_must_exist(site, run_build):
    path = write_decision(site, "minzheng", "bucunzai", [*BASE, "状态: 已决策", "征求意见: meiyou", "决策文件: 000000017/2026-00099",
                                                         "评估报告: 000000099/2026-00001", UPDATED])
    result, found = check(run_build, site)
    assert result.code == 1
    assert found == [
        f"{path}:9: error: 征求意见“meiyou”不存在：content/minzheng/consultations/ 中没有网址名为“meiyou”的征求意见",
        f"{path}:10: error: 决策文件“000000017/2026-00099”不是本站法定主动公开内容中任何文件的索引号；请核对索引号",
        f"{path}:11: error: 评估报告“000000099/2026-00001”的机构代码不是本站任何单位的；请核对索引号",
    ]
    path = write_decision(site, "minzheng", "bucunzai", [*BASE, "状态: 已决策", "征求意见: shehui/laojiu-xiaoqu",
                                                         "决策文件: 000000017/2026-00003", UPDATED])
    result, found = check(run_build, site)
    assert found == [
        f"{path}:9: error: 征求意见“shehui/laojiu-xiaoqu”中的“shehui”不是本站单位的网址名；本单位的征求意见只写网址名，"
        "其他单位的写成“单位网址名/征求意见网址名”",
        f"{path}:10: error: 决策文件“000000017/2026-00003”是一篇政策解读；请填写决策形成的文件的索引号（它的解读会自动列在决策的进展中）",
    ]


def test_a_consultation_or_document_belongs_to_one_decision_only(site, run_build):
    path = write_decision(site, "minzheng", "chongfu", [*BASE, "状态: 已决策", "征求意见: ceshi/laojiu-xiaoqu",
                                                        "决策文件: 000000009/2026-00002", UPDATED])
    result, found = check(run_build, site)
    first = "content/ceshi/decisions/laojiu-xiaoqu-gaizao.md"
    assert found == [
        f"{path}:9: error: 征求意见“ceshi/laojiu-xiaoqu”已是重大行政决策“制定《测试区老旧小区改造实施办法》”（{first}）的征求意见；"
        "一个征求意见或文件只能属于一项决策，请核对",
        f"{path}:10: error: 决策文件“000000009/2026-00002”已是重大行政决策“制定《测试区老旧小区改造实施办法》”（{first}）的决策文件；"
        "一个征求意见或文件只能属于一项决策，请核对",
    ]


def test_another_agencys_consultation_is_named_with_its_slug_and_not_looked_up_when_it_is_not_read(site, run_build):
    (site / "content/ceshi/decisions/laojiu-xiaoqu-gaizao.md").unlink()
    path = write_decision(site, "minzheng", "kua-danwei", [*BASE, "状态: 已决策", "征求意见: ceshi/laojiu-xiaoqu",
                                                           "决策文件: 000000009/2026-00002", UPDATED])
    result, found = check(run_build, site)
    assert result.code == 0 and found == []
    built = run_build("build", "--site", site, "--output", site / "out")
    assert built.code == 0
    consultation = (site / "out/ceshi/xxgk/consultations/laojiu-xiaoqu.html").read_text(encoding="utf-8")
    assert 'href="../../../minzheng/xxgk/decisions/kua-danwei.html"' in consultation
    write_decision(site, "minzheng", "kua-danwei", [*BASE, "状态: 已决策", "征求意见: ceshi/meiyou", "决策文件: 000000009/2026-00098", UPDATED])
    result, found = check(run_build, site, "--agency", "minzheng")
    assert result.code == 0 and found == []  # 测试区人民政府's folder is not read: nothing to look up
    result, found = check(run_build, site)
    assert [line.split(": error: ")[0] for line in found] == [f"{path}:9", f"{path}:10"]


def test_a_decision_not_yet_made_names_no_document_and_not_both_a_consultation_and_a_reason(site, run_build):
    path = write_decision(site, "minzheng", "maodun", [*BASE, "状态: 征求意见", "征求意见: meiyou", "未征求意见理由: 无",
                                                       "决策文件: 000000017/2026-00001", "评估报告: 000000017/2026-00002", UPDATED])
    result, found = check(run_build, site)
    assert found == [
        f"{path}:10: error: 同时填写了“征求意见”和“未征求意见理由”；草案已公开征求意见的，请删去“未征求意见理由”",
        f"{path}:11: error: 填写了“决策文件”，但状态为“征求意见”；已作出决策的，请把状态改为“已决策”（或“执行评估”）",
        f"{path}:12: error: 填写了“评估报告”，但状态为“征求意见”；已作出决策的，请把状态改为“已决策”（或“执行评估”）",
    ]


def test_a_decision_past_its_planned_date_and_not_made_is_a_warning_and_an_inspection_finding(site, run_build):
    path = "content/ceshi/decisions/gongjiao-xianlu-youhua.md"
    result, found = check(run_build, site)
    assert found == []
    message = ("计划完成时间 2027-03-31 已过，状态仍为“拟决策”；已作出决策的，请把状态改为“已决策”并填写“决策文件”，"
               "推迟的，请修改“计划完成时间”并在正文中说明原因")
    result, found = check(run_build, site, "--today", "2027-04-01")
    assert f"{path}:6: warning: {message}" in found
    assert result.code == 0
    assert run_build("check", "--site", site, "--today", "2027-04-01", "--strict").code == 1
    run = run_build("inspect", "--site", site, "--format", "json", "--today", "2027-04-01")
    findings = [f for f in json.loads(run.out)["scored"] if f["rule"] == "decision-overdue"]
    assert findings == [{"rule": "decision-overdue", "title": "重大行政决策事项目录", "path": path, "line": 6, "due": "2027-03-31",
                         "message": "重大行政决策“测试区公交线路优化调整方案”计划于 2027-03-31 完成，状态仍为“拟决策”；"
                                    "请更新状态，或修改“计划完成时间”并在正文中说明推迟的原因"}]
    assert not any("重大行政决策“" in line for line in found)  # said once by the build, not again as the inspection's


def test_a_decision_made_without_its_document_is_a_warning(site, run_build):
    path = write_decision(site, "minzheng", "wu-wenjian", [*BASE, "状态: 已决策", "未征求意见理由: 依法不公开", UPDATED])
    result, found = check(run_build, site)
    assert found == [f"{path}:8: warning: 状态为“已决策”，但未填写“决策文件”；决策形成的文件公开后，请填写它的索引号"]


def test_a_decision_named_by_digits_would_take_its_years_page(site, run_build):
    path = write_decision(site, "minzheng", "2026", [*BASE, "状态: 拟决策", UPDATED])
    result, found = check(run_build, site)
    assert found == [f"{path}:1: error: 网址名“2026”全是数字，会与年度目录页（如 2026.html）重名；请给文件改名，或写 slug: 另一个名字"]


def test_a_missing_field_and_a_stage_that_is_not_one_of_the_four_are_reported_at_their_lines(site, run_build):
    path = write_decision(site, "minzheng", "queshao", [*BASE[:4], "是否听证: 否", "状态: 已完成", UPDATED])
    result, found = check(run_build, site)
    assert found == [f"{path}:7: error: “状态”的值“已完成”不是可选项；可选：拟决策、征求意见、已决策、执行评估",
                     f"{path}:9: error: 缺少必填字段“计划完成时间”（planned）"]


def test_a_one_agency_site_has_no_decisions_column(run_build, tmp_path):
    site = copy_site("minimal", tmp_path / "site")
    assert run_build("build", "--site", site, "--output", tmp_path / "out").code == 0
    assert not (tmp_path / "out/xxgk/decisions").exists() and not (tmp_path / "out/juece").exists()
