"""建议提案办理 (issue 16): replies to deputies' suggestions and members' proposals, per agency and for the portal.

The cluster fixture has two replies of the district government (ceshi: a 人大代表建议 of class A with two
co-handling agencies, one of them the site's 民政局; a 政协委员提案 of class B published as a summary),
its stated figures for 2025, and one reply of 民政局 (class C).
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import openpyxl
import pytest

from conftest import TEST_DAY, built_index, copy_site, records_of
from generator.inspection import inspect_portal
from generator.pipeline import BuildOptions, load_catalog

REPLY = """---
标题: 关于增设公交站点的建议的答复
类别: {kind}
届次和编号: {number}
领衔代表: {proposer}
办理结果: A
答复日期: {replied}
发布日期: {published}
{extra}---

{body}
"""
NEW = "content/minzheng/proposals/gongjiao.md"


def reply(site, path: str = NEW, kind: str = "人大代表建议", number: str = "区十八届人大二次会议第30号", proposer: str = "赵强",
          replied: str = "2025-04-01", published: str = "2025-04-10", extra: str = "", body: str = "复文全文。") -> None:
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(REPLY.format(kind=kind, number=number, proposer=proposer, replied=replied, published=published,
                                   extra=extra, body=body), encoding="utf-8")


@pytest.fixture
def site(tmp_path):
    return copy_site("cluster", tmp_path / "site")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from generator.cli import main

    output = tmp_path_factory.mktemp("proposals") / "public"
    site = copy_site("cluster", tmp_path_factory.mktemp("proposals-site") / "site")
    assert main(["build", "--site", str(site), "--output", str(output), "--quiet", "--no-cache", "--today", TEST_DAY]) == 0
    return output


def text_of(path) -> str:
    html = path.read_text(encoding="utf-8")
    main = re.search(r"<main.*?</main>", html, re.S)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def problems(run_build, site, today: str = TEST_DAY) -> list[str]:
    return [line for line in run_build("check", "--site", site, "--today", today).diagnostics
            if "/proposals/" in line or "proposals" in line.split(":", 1)[0]]


# ---- pages ------------------------------------------------------------------------------------

def test_an_agencys_list_is_by_kind_then_session_then_number(built):
    text = text_of(built / "ceshi/xxgk/proposals/index.html")
    assert text.index("区十八届人大二次会议（人大代表建议 1 件）") < text.index("区十四届政协二次会议（政协委员提案 1 件）")
    assert "办理总体情况： 2025年" in text
    assert "A类（解决或采纳） 所提问题已经解决或基本解决，或所提建议已被采纳" in text
    assert "区十四届政协二次会议第12号 领衔委员 李华 B类 答复 2025年6月30日 摘要" in text
    # the portal's list by session merges the agencies' replies of one meeting, by number
    portal = text_of(built / "jianyitian/index.html")
    assert re.search(r"区十八届人大二次会议（人大代表建议 2 件）.*第7号.*测试区民政局.*第45号.*测试区人民政府", portal)
    by_agency = text_of(built / "jianyitian/danwei.html")
    assert by_agency.index("测试区民政局 （1 件）") > by_agency.index("测试区人民政府 （2 件）")  # in the portal's order


def test_a_replys_page_shows_its_class_its_handlers_linked_and_its_summary_reason(built):
    page = (built / "ceshi/xxgk/proposals/xuexiao-jiaotong.html").read_text(encoding="utf-8")
    assert ('<dt>承办单位</dt><dd>主办：<a href="index.html">测试区人民政府</a>；会办：'
            '<a href="../../../minzheng/xxgk/proposals/index.html">测试区民政局</a>、测试区公安分局</dd>') in page
    assert "<strong>A类（解决或采纳）</strong>：所提问题已经解决或基本解决，或所提建议已被采纳" in page
    assert '<h2 id="reply-text">复文全文</h2>' in page
    summary = text_of(built / "ceshi/xxgk/proposals/shequ-shitang.html")
    assert "公开形式 摘要（只公开摘要的理由：复文附有老年人个人情况调查表，涉及个人隐私，只公开摘要）" in summary
    assert "复文摘要 已将社区老年食堂建设" in summary


def test_the_yearly_overview_counts_kinds_and_classes_and_the_rate(built):
    text = text_of(built / "ceshi/xxgk/proposals/2025.html")
    assert text.startswith("2025年建议提案办理总体情况 2025年，本单位共承办")
    assert "人大代表建议 1 1 0 0 政协委员提案 1 0 1 0 合计 2 1 1 0" in text
    assert "交办件数 2 件，已办复 2 件，办复率 100% 。" in text
    assert "未填写交办件数，办复率暂不计算。" in text_of(built / "minzheng/xxgk/proposals/2025.html")


def test_linked_from_the_column_the_site_maps_and_the_portal_home(built):
    assert '见<a href="proposals/index.html">建议提案办理</a>' in (built / "ceshi/xxgk/index.html").read_text(encoding="utf-8")
    assert '<a href="xxgk/proposals/index.html">建议提案办理</a>' in (built / "ceshi/sitemap.html").read_text(encoding="utf-8")
    assert '<a href="jianyitian/index.html">建议提案办理</a>' in (built / "index.html").read_text(encoding="utf-8")
    assert '<a href="jianyitian/danwei.html">按单位</a>' in (built / "sitemap.html").read_text(encoding="utf-8")
    # an agency without replies has no such pages and no link
    assert not (built / "hexi/xxgk/proposals").exists()
    assert "建议提案办理" not in (built / "hexi/xxgk/index.html").read_text(encoding="utf-8")
    assert "ceshi/xxgk/proposals/2025.html" in (built / "sitemap.xml").read_text(encoding="utf-8")


def test_replies_are_searchable_with_their_agency_and_in_the_feeds(built, site, tmp_path, run_build):
    [record] = [record for record in records_of(built_index(built)) if record["url"].endswith("yanglao-fuwu.html")]
    assert (record["section"], record["agency"], record["keywords"]) == ("建议提案办理", "minzheng", "人大代表建议 区十八届人大二次会议第7号 王芳")
    assert "留作今后工作参考" in record["text"]
    assert "关于增设养老服务站点的建议的答复" in (built / "minzheng/feeds/site.xml").read_text(encoding="utf-8")
    reply(site, replied="2026-11-20", published="2026-11-25")  # the portal's feed has the newest 20 items of all agencies
    assert run_build("build", "--site", site, "--output", tmp_path / "public").code == 0
    assert "关于增设公交站点的建议的答复" in (tmp_path / "public/feeds/site.xml").read_text(encoding="utf-8")


def test_open_data_of_each_agency_and_of_the_portal(built):
    rows = list(csv.reader(io.StringIO((built / "ceshi/data/proposals.csv").read_bytes().decode("utf-8-sig"))))
    assert rows[0][:7] == ["发布单位", "类别", "会议", "届", "次会议", "编号", "届次和编号"]
    assert rows[1][10:15] == ["测试区民政局、测试区公安分局", "A", "2025-06-10", "2025-06-19", "全文"]
    assert [row[14] for row in rows[1:]] == ["全文", "摘要"]
    portal = json.loads((built / "data/proposals.json").read_text(encoding="utf-8"))
    assert portal["标题"] == "全区建议提案复文" and portal["更新日期"] == "2025-07-10"
    assert [(r["发布单位"], r["编号"], r["会办单位"]) for r in portal["复文"]] == [
        ("测试区人民政府", 45, ["测试区民政局", "测试区公安分局"]), ("测试区人民政府", 12, []), ("测试区民政局", 7, [])]
    sheet = openpyxl.load_workbook(built / "minzheng/data/proposals.xlsx").active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][:6] == ["测试区民政局", "人大代表建议", "区十八届人大二次会议", 18, 2, 7]
    assert values[1][12].date() == date(2025, 5, 20)


def test_a_one_agency_site_declares_its_proposals_folder(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    config = (site / "catalog.yaml").read_text(encoding="utf-8")
    (site / "catalog.yaml").write_text(config.replace("\nagency:\n", "\nagency:\n  proposals: jianyi\n", 1), encoding="utf-8")
    reply(site, "content/jianyi/gongjiao.md")
    result = run_build("build", "--site", site, "--output", tmp_path / "public")
    assert result.code == 0, result.err
    assert (tmp_path / "public/xxgk/proposals/gongjiao.html").is_file()
    assert (tmp_path / "public/data/proposals.csv").is_file() and not (tmp_path / "public/jianyitian").exists()


def test_a_proposals_folder_named_like_another_folder(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    config = (site / "catalog.yaml").read_text(encoding="utf-8")
    (site / "catalog.yaml").write_text(config.replace("\nagency:\n", "\nagency:\n  proposals: social-assistance\n", 1), encoding="utf-8")
    assert run_build("check", "--site", site).diagnostics == [
        "catalog.yaml:11: error: 建议提案文件夹“social-assistance”与领域、栏目或征求意见的文件夹重名；请换一个名字"]


# ---- rules on one reply -------------------------------------------------------------------------

@pytest.mark.parametrize("fields, expected", [
    ({"number": "十八届人大二次会议45"},
     "content/minzheng/proposals/gongjiao.md:4: error: “届次和编号”应写成会议届次加编号，如“区十八届人大三次会议第45号”（…届…次会议第…号），实际为“十八届人大二次会议45”"),
    ({"kind": "政协委员提案"},
     "content/minzheng/proposals/gongjiao.md:4: error: “类别”是政协委员提案，但“届次和编号”写的是人大的会议（区十八届人大二次会议）；请核对类别或编号"),
    ({"proposer": "赵强 13800000000"},
     "content/minzheng/proposals/gongjiao.md:5: error: “领衔代表委员”只写姓名，“赵强 13800000000”像是电话号码；代表委员的电话号码是个人信息，不能公开。请只写姓名，如：张明"),
    ({"proposer": "0000-00000000"},
     "content/minzheng/proposals/gongjiao.md:5: error: “领衔代表委员”只写姓名，“0000-00000000”像是电话号码；代表委员的电话号码是个人信息，不能公开。请只写姓名，如：张明"),
    ({"proposer": "00000019900101000X"},
     "content/minzheng/proposals/gongjiao.md:5: error: “领衔代表委员”只写姓名，“00000019900101000X”像是身份证号；代表委员的身份证号是个人信息，不能公开。请只写姓名，如：张明"),
    ({"proposer": "青禾区清河路12号"},
     "content/minzheng/proposals/gongjiao.md:5: error: “领衔代表委员”只写姓名，“青禾区清河路12号”像是地址；代表委员的地址是个人信息，不能公开。请只写姓名，如：张明"),
    ({"published": "2025-03-31"},
     "content/minzheng/proposals/gongjiao.md:8: error: “发布日期”2025-03-31早于“答复日期”2025-04-01"),
    ({"extra": "公开形式: 摘要\n"},
     "content/minzheng/proposals/gongjiao.md:9: error: 公开形式为“摘要”时须填写“摘要理由”：为什么只公开摘要（如：复文涉及个人隐私）"),
    ({"extra": "摘要理由: 涉及个人隐私\n"},
     "content/minzheng/proposals/gongjiao.md:9: error: 填写了“摘要理由”，但没有写“公开形式: 摘要”；只公开摘要的请加一行 公开形式: 摘要，公开全文的请删去摘要理由"),
    ({"body": ""},
     "content/minzheng/proposals/gongjiao.md:1: error: 复文没有正文；请在前置元数据的 --- 之后写复文全文（或摘要，并写明“公开形式: 摘要”和“摘要理由”）"),
    ({"extra": "办理结果类别: D\n"},
     "content/minzheng/proposals/gongjiao.md:9: error: 字段“办理结果”重复出现（第 6 行已写过）"),
])
def test_a_bad_reply_is_an_error_at_its_line(site, run_build, fields, expected):
    reply(site, **fields)
    assert problems(run_build, site) == [expected]


def test_names_are_not_mistaken_for_personal_data(site, run_build):
    for name in ("张明", "欧阳晓路", "王芳等5名代表"):
        reply(site, proposer=name)
        assert problems(run_build, site) == [], name


def test_the_class_accepts_its_names_and_lists_the_options_otherwise(site, run_build):
    path = site / NEW
    for written in ("B类", "列入计划", "c"):
        reply(site)
        path.write_text(path.read_text(encoding="utf-8").replace("办理结果: A", f"办理结果: {written}"), encoding="utf-8")
        assert problems(run_build, site) == [], written
    path.write_text(path.read_text(encoding="utf-8").replace("办理结果: c", "办理结果: D"), encoding="utf-8")
    assert problems(run_build, site) == ["content/minzheng/proposals/gongjiao.md:6: error: “办理结果”的值“D”不是可选项；可选：A、B、C"]


def test_a_year_is_not_a_replys_name_and_a_number_is_used_once(site, run_build):
    reply(site, "content/minzheng/proposals/2024.md", number="区十八届人大二次会议第8号")
    reply(site, number="区十八届人大二次会议第007号")
    assert problems(run_build, site) == [
        "content/minzheng/proposals/2024.md:1: error: 网址名“2024”留给 2024 年的办理总体情况页；请给文件改名，或写 slug: 另一个名字",
        "content/minzheng/proposals/yanglao-fuwu.md:4: error: 人大代表建议“区十八届人大二次会议第7号”与 content/minzheng/proposals/gongjiao.md 的编号重复"
        "（同一次会议的同一编号）；请核对编号",
    ]


# ---- stated figures -----------------------------------------------------------------------------

def statement(site, text: str, name: str = "2025.yaml") -> None:
    (site / "content/ceshi/proposals" / name).write_text(text, encoding="utf-8")


def test_each_stated_figure_that_differs_is_an_error_with_both_numbers(site, run_build):
    statement(site, "年度: 2025\n交办件数: 3\n人大代表建议件数: 2\n政协委员提案件数: 1\nB类件数: 0\nC类件数: 0\n办复率: 100%\n")
    assert problems(run_build, site) == [
        "content/ceshi/proposals/2025.yaml:3: error: “人大代表建议件数”写的是 2，按 2025 年的复文（按答复日期）计算为 1；请改正这个数，或补齐、核对复文",
        "content/ceshi/proposals/2025.yaml:5: error: “B类件数”写的是 0，按 2025 年的复文（按答复日期）计算为 1；请改正这个数，或补齐、核对复文",
        "content/ceshi/proposals/2025.yaml:7: error: “办复率”写的是 100%，按 2025 年的复文计算为 67%（2 ÷ 3）；请改正这个数，或核对复文和交办件数",
    ]
    statement(site, "年度: 2025\n交办件数: 3\n办复率: 66.7%\n")
    assert problems(run_build, site) == []
    statement(site, "年度: 2025\n交办件数: 3\n办复率: 66.6%\n")
    assert problems(run_build, site) == [
        "content/ceshi/proposals/2025.yaml:3: error: “办复率”写的是 66.6%，按 2025 年的复文计算为 66.7%（2 ÷ 3）；请改正这个数，或核对复文和交办件数"]


@pytest.mark.parametrize("name, text, expected", [
    ("2025.yaml", "交办件数: 1\n", "content/ceshi/proposals/2025.yaml:1: error: “交办件数”1 少于 2025 年已公开的复文 2 件；请核对交办件数和各复文的答复日期"),
    ("2025.yaml", "办复率: 100%\n",
     "content/ceshi/proposals/2025.yaml:1: error: 填写了“办复率”，但没有填写“交办件数”，无法核对；请补上交办件数（办复率 = 复文总件数 ÷ 交办件数）"),
    ("2025.yaml", "交办件数: 2\n办复率: 百分之百\n", "content/ceshi/proposals/2025.yaml:2: error: “办复率”应写成百分数，如 100% 或 98.5%，实际为“百分之百”"),
    ("2025.yaml", "年度: 2024\n", "content/ceshi/proposals/2025.yaml:1: error: “年度”2024与文件名“2025”不一致；文件名应为年度，如 2024.yaml"),
    ("zongti.yaml", "交办件数: 2\n",
     "content/ceshi/proposals/zongti.yaml:1: error: 建议提案文件夹中的数据文件只用于某年的办理总体情况，文件名应为年度，如 2026.yaml，实际为“zongti”"),
])
def test_a_bad_statement_is_an_error_at_its_line(site, run_build, name, text, expected):
    statement(site, text, name)
    assert problems(run_build, site) == [expected]


def test_a_statement_for_a_year_without_replies_has_its_page(site, tmp_path, run_build):
    statement(site, "年度: 2024\n交办件数: 0\n复文总件数: 0\n总体情况: 2024年本单位未承办建议提案。\n", "2024.yaml")
    assert run_build("build", "--site", site, "--output", tmp_path / "public").code == 0
    assert "2024年本单位未承办建议提案。" in text_of(tmp_path / "public/ceshi/xxgk/proposals/2024.html")


# ---- published within 20 working days (a warning, and the inspection's scored rule) ------------

def late_findings(site, today: date) -> list[str]:
    portal, _ = load_catalog(BuildOptions(root=site, output=site / "public", today=today))
    return [f"{f.where}: {f.message} ({f.due.isoformat()})" for f in inspect_portal(portal, today).findings if f.rule == "proposal-late"]


def test_a_reply_published_more_than_20_working_days_later_across_national_day(site, run_build):
    # 2026-09-25 (Fri) + 20 working days: 10-01 to 10-07 off, Saturday 10-10 works (调休) → 2026-10-29 (Monday–Friday would say 10-23)
    reply(site, replied="2026-09-25", published="2026-10-29", number="区十八届人大三次会议第30号")
    assert problems(run_build, site) == []
    assert late_findings(site, date(2026, 11, 26)) == []
    reply(site, replied="2026-09-25", published="2026-10-30", number="区十八届人大三次会议第30号")
    message = ("复文发布于 2026-10-30，答复日期为 2026-09-25，晚于答复后 20 个工作日（2026-10-29）；"
               "复文应在答复后 20 个工作日内公开，请今后及时公开，并核对两个日期")
    assert problems(run_build, site) == [f"content/minzheng/proposals/gongjiao.md:8: warning: {message}"]
    assert late_findings(site, date(2026, 11, 26)) == [f"content/minzheng/proposals/gongjiao.md:8: {message} (2026-10-29)"]


def test_beyond_the_calendar_the_count_is_monday_to_friday_and_says_so(site, run_build):
    reply(site, replied="2027-03-01", published="2027-03-30", number="区十八届人大四次会议第3号")
    message = ("复文发布于 2027-03-30，答复日期为 2027-03-01，晚于答复后 20 个工作日（2027-03-29）"
               "（2027 年的法定节假日和调休安排尚未收录，暂按周一至周五计算工作日）；复文应在答复后 20 个工作日内公开，请今后及时公开，并核对两个日期")
    assert f"content/minzheng/proposals/gongjiao.md:8: warning: {message}" in problems(run_build, site, "2027-04-01")
    assert late_findings(site, date(2027, 4, 1)) == [f"content/minzheng/proposals/gongjiao.md:8: {message} (2027-03-29)"]
