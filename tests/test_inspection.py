"""The website inspection (`inspect`): each rule failing and passing around its threshold, with its exact text."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest

from conftest import DEMO_TODAY, REPO, TEST_DAY, copy_site
from generator.inspection import inspect_portal, website_report_rules
from generator.pipeline import BuildOptions, load_catalog
from generator.workdays import Workdays, add_workdays, is_workday, workdays_between

DAY = date.fromisoformat(TEST_DAY)
NEWEST = date(2026, 11, 20)  # the minimal fixture's newest item (content/rules/baomi-shencha.md)
ENTRY = """---
一级事项: 综合业务
公开内容（要素）: 办事指南
公开依据: 《中华人民共和国政府信息公开条例》
公开时限: 信息形成或者变更之日起20个工作日内
公开主体: 测试区人民政府办公室
公开渠道和载体: 政府网站
公开对象: 全社会
公开方式: 主动
公开层级: 县级
更新日期: {updated}
---
正文。
"""
STATUTORY = """---
标题: {title}
索引号: {index}
发布机构: 测试区人民政府办公室
{extra}发布日期: {published}
---
正文。
"""


@pytest.fixture
def site(tmp_path):
    return copy_site("minimal", tmp_path / "site")


def edit(site, name: str, old: str, new: str) -> None:
    path = site / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def write(site, name: str, text: str) -> None:
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def append_config(site, text: str) -> None:
    with open(site / "catalog.yaml", "a", encoding="utf-8") as config:
        config.write(text)


def add_domains(site, count: int, updated: date | None, prefix: str = "d") -> None:
    """`count` more domains in catalog.yaml, each with one entry last updated on `updated` (None: empty)."""
    config = (site / "catalog.yaml").read_text(encoding="utf-8")
    more = "".join(f"    - slug: {prefix}{n}\n      name: 领域{prefix}{n}\n      directory:\n        - 综合业务\n" for n in range(count))
    before, marker, after = config.partition("\ninspection:")
    (site / "catalog.yaml").write_text(before.rstrip("\n") + "\n" + more + marker + after, encoding="utf-8")
    for n in range(count):
        (site / f"content/{prefix}{n}").mkdir()
        if updated:
            write(site, f"content/{prefix}{n}/guide.md", ENTRY.format(updated=updated.isoformat()))


def inspect(site, today: date = DAY):
    portal, _ = load_catalog(BuildOptions(root=site, output=site / "public", today=today))
    return inspect_portal(portal, today)


def found(site, rule: str, today: date = DAY) -> list[str]:
    return [f"{f.where}: {f.message}" for f in inspect(site, today).findings if f.rule == rule]


def test_the_minimal_fixture_passes_on_the_tests_day(site):
    result = inspect(site)
    assert result.ok and result.findings == ()


# ---- 单项否决 ----------------------------------------------------------------------------------

def test_home_page_fails_when_its_newest_item_is_more_than_14_days_old(site):
    for age in (13, 14):
        assert found(site, "home-page-stale", NEWEST + timedelta(days=age)) == []
    result = inspect(site, NEWEST + timedelta(days=15))
    assert not result.ok
    [finding] = result.veto
    assert (finding.rule, finding.path, finding.line, finding.due) == ("home-page-stale", "index.html", None, date(2026, 12, 4))
    assert finding.message == ("首页最新的信息是 2026-11-20 发布的“测试区政府信息公开保密审查办法”（政府信息公开制度），"
                               "已 15 天没有新信息，超过 2 周即单项否决；请发布新的信息或更新条目")


def test_five_columns_not_updated_in_time_fail_four_do_not(site):
    periods = "inspection:\n  periods:\n    statutory: 2周\n    social-assistance: 2周\n    fiscal-budgets-final-accounts: 6个月\n    consultations: 2周\n"
    append_config(site, periods)
    assert found(site, "columns-not-updated") == []  # four: statutory, two domains, consultations
    append_config(site, "    annual_reports: 6个月\n")
    findings = found(site, "columns-not-updated")
    assert len(findings) == 5
    assert findings[0] == ("content/annual-reports/: 栏目“政府信息公开工作年度报告”最近一次更新为 2026-01-20，更新周期 6个月，"
                           "应在 2026-07-20 前更新；此类栏目共 5 个，达到 5 个即单项否决；请发布新内容或更新条目")
    assert not inspect(site).ok


def test_columns_with_a_yearly_period_count_only_towards_ten(site):
    append_config(site, "inspection:\n  periods:\n" + "".join(f"    {key}: 1年\n" for key in ("statutory", "annual_reports")))
    add_domains(site, 3, date(2025, 1, 1))
    assert found(site, "columns-not-updated") == []  # five stale columns, none of them news-like or 6-monthly
    assert found(site, "columns-should-update") == []


def test_ten_columns_that_should_be_updated_fail_nine_do_not(site):
    add_domains(site, 8, date(2025, 11, 25))  # a year and a day before the tests' day: stale, with statutory (6个月) nine
    assert found(site, "columns-should-update") == []
    add_domains(site, 1, date(2025, 11, 25), prefix="x")
    findings = found(site, "columns-should-update")
    assert len(findings) == 10
    assert "content/d0/: 栏目“领域d0”最近一次更新为 2025-11-25，更新周期 1年，应在 2026-11-25 前更新；此类栏目共 10 个，达到 10 个即单项否决；请发布新内容或更新条目" in findings
    assert found(site, "columns-not-updated") == []


def test_a_column_updated_exactly_one_period_ago_is_in_time(site):
    add_domains(site, 10, date(2025, 11, 26))
    assert found(site, "columns-should-update") == []


def test_five_empty_columns_fail_four_do_not(site):
    add_domains(site, 4, None)
    assert found(site, "columns-empty") == []
    add_domains(site, 1, None, prefix="x")
    findings = found(site, "columns-empty")
    assert len(findings) == 5
    assert findings[0] == ("content/d0/: 栏目“领域d0”还没有任何内容；空白栏目共 5 个，达到 5 个即单项否决；"
                           "请发布内容，或在 catalog.yaml 中去掉不需要的栏目")


def inspect_json(run_build, site, *more: str):
    run = run_build("inspect", "--site", site, "--format", "json", *more)
    return run.code, json.loads(run.out)


def test_an_item_without_a_publication_date_fails_the_site(site, run_build):
    edit(site, "content/statutory/jigou-zhineng.md", "发布日期: 2026-01-10\n", "")
    code, result = inspect_json(run_build, site)
    assert code == 1 and result["ok"] is False
    assert result["veto"] == [{
        "rule": "item-without-date", "title": "信息无发布日期", "path": "content/statutory/jigou-zhineng.md", "line": 6,
        "due": TEST_DAY, "message": "缺少必填字段“发布日期”（published）",
    }]


def test_a_broken_link_or_missing_attachment_fails_the_site(site, run_build):
    edit(site, "content/social-assistance/linshi-jiuzhu.md", "临时救助实行“先行救助”。", "见[申请表](shenqingbiao.pdf)。")
    code, result = inspect_json(run_build, site)
    assert code == 1
    assert [(f["rule"], f["path"], f["line"], f["message"]) for f in result["veto"]] == [
        ("broken-link", "content/social-assistance/linshi-jiuzhu.md", 13,
         "链接的文件不存在：“shenqingbiao.pdf”（应为 content/social-assistance/shenqingbiao.pdf）"),
    ]


# ---- 扣分项 ------------------------------------------------------------------------------------

def test_guide_older_than_a_year(site):
    assert found(site, "guide-stale", date(2027, 2, 10)) == []
    assert found(site, "guide-stale", date(2027, 2, 11)) == [
        "content/guide/index.md:1: 指南的更新日期为 2026-02-10，已超过 1 年；请核对内容后更新，并修改“更新日期”"]


def test_annual_report_missing_after_31_march(site):
    assert found(site, "annual-report-missing", date(2027, 3, 31)) == []
    assert found(site, "annual-report-missing", date(2027, 4, 1)) == [
        "content/annual-reports/: 2026 年度政府信息公开工作年度报告应在 2027-03-31 前发布，至今没有；请运行 python build.py new-report 2026 新建并填写"]


def test_a_departments_annual_report_is_due_on_31_january(site):
    append_config(site, "inspection:\n  annual_report_due: 01-31\n")
    assert found(site, "annual-report-missing", date(2027, 1, 31)) == []
    assert found(site, "annual-report-missing", date(2027, 2, 1)) == [
        "content/annual-reports/: 2026 年度政府信息公开工作年度报告应在 2027-01-31 前发布，至今没有；请运行 python build.py new-report 2026 新建并填写"]


def test_annual_report_published_after_its_deadline(site):
    edit(site, "content/annual-reports/2025.yaml", "发布日期: 2026-01-20", "发布日期: 2026-03-31")
    assert found(site, "annual-report-late") == []
    edit(site, "content/annual-reports/2025.yaml", "发布日期: 2026-03-31", "发布日期: 2026-04-01")
    assert found(site, "annual-report-late") == [
        "content/annual-reports/2025.yaml:3: 2025 年度报告发布于 2026-04-01，晚于截止日期 2026-03-31；请按时发布下一年度的报告"]


@pytest.mark.parametrize("key, good, bad, message", [
    ("site_id_code", '"1234567890"', '"123456789"', "catalog.yaml:5: 网站标识码应为 10 位数字，实际为“123456789”；请照备案信息填写，它会显示在每页底部"),
    ("icp_no", "京ICP备12345678号-1", "京ICP备12345678",
     "catalog.yaml:6: ICP备案号应写成“京ICP备12345678号”或“京ICP备12345678号-1”（省份简称开头），实际为“京ICP备12345678”；请照备案信息填写，它会显示在每页底部"),
    ("psb_no", "京公网安备11010502030143号", "京公网安备1101050203014号",
     "catalog.yaml:7: 公安机关备案号应写成“京公网安备11010502030143号”（省份简称、14 位数字），实际为“京公网安备1101050203014号”；请照备案信息填写，它会显示在每页底部"),
])
def test_footer_identifiers(site, key, good, bad, message):
    config = (site / "catalog.yaml").read_text(encoding="utf-8")
    line = next(line for line in config.splitlines() if line.startswith(f"  {key}:"))
    rule = key.replace("_", "-")
    edit(site, "catalog.yaml", line, f"  {key}: {good}")
    assert found(site, rule) == []
    edit(site, "catalog.yaml", f"  {key}: {good}", f"  {key}: {bad}")
    assert found(site, rule) == [message]


def test_consultation_shorter_than_30_days_without_a_reason(site):
    assert found(site, "consultation-short") == []  # 2026-05-06 to 2026-06-04: 30 days
    edit(site, "content/consultations/laojiu-xiaoqu.md", "征求意见截止: 2026-06-04", "征求意见截止: 2026-06-03")
    assert found(site, "consultation-short") == [
        "content/consultations/laojiu-xiaoqu.md:1: 征求意见期限为 29 天（2026-05-06 至 2026-06-03），少于 30 天且未写“缩短理由”；"
        "请把截止日期延至 2026-06-04，或写明缩短理由"]
    edit(site, "content/consultations/laojiu-xiaoqu.md", "起草单位:", "缩短理由: 须在汛期前实施\n起草单位:")
    assert found(site, "consultation-short") == []


def add_policy_and_interpretation(site, interpreted: date) -> None:
    write(site, "content/statutory/fangan.md", STATUTORY.format(
        title="测试区老旧小区改造实施方案", index="000000009/2026-00003", extra="类别: 11\n", published="2026-02-13"))
    write(site, "content/statutory/jiedu-fangan.md", STATUTORY.format(
        title="《测试区老旧小区改造实施方案》解读", index="000000009/2026-00004", extra="解读对象: 000000009/2026-00003\n",
        published=interpreted.isoformat()))


def test_interpretation_within_three_working_days_across_the_spring_festival(site):
    add_policy_and_interpretation(site, date(2026, 2, 25))  # Fri 13th; Sat 14th (调休) works; 15th–23rd off; 24th, 25th
    assert found(site, "interpretation-late") == []
    add_policy_and_interpretation(site, date(2026, 2, 26))
    assert found(site, "interpretation-late") == [
        "content/statutory/jiedu-fangan.md:6: 解读发布于 2026-02-26，政策文件“测试区老旧小区改造实施方案”发布于 2026-02-13，"
        "晚于 3 个工作日（2026-02-25）；解读应与政策文件同步或在 3 个工作日内发布"]


def add_entry_document(site, entry: str, written: date, published: date) -> None:
    write(site, "content/statutory/biaozhun-tiaozheng.md", STATUTORY.format(
        title="关于调整城乡低保标准的通知", index="000000009/2026-00005", published=published.isoformat(),
        extra=f"类别: 11\n所属条目: {entry}\n成文日期: {written.isoformat()}\n"))


def test_a_document_published_later_than_its_entrys_time_limit(site):
    # 2026-02-10 + 20 working days (Spring Festival off, two 调休 Saturdays on) = 2026-03-16
    add_entry_document(site, "social-assistance/dibao-biaozhun", date(2026, 2, 10), date(2026, 3, 16))
    assert found(site, "time-limit") == []
    add_entry_document(site, "social-assistance/dibao-biaozhun", date(2026, 2, 10), date(2026, 3, 17))
    assert found(site, "time-limit") == [
        "content/statutory/biaozhun-tiaozheng.md:8: 成文日期 2026-02-10，发布日期 2026-03-17，超过所属条目“2026年城乡低保标准”的公开时限"
        "“信息形成或者变更之日起20个工作日内”（应在 2026-03-16 前公开）；请今后按时限公开，并核对两个日期是否填写正确"]


def test_an_absurd_time_limit_is_not_counted(site):
    # Neither a date past the year 9999 nor hours of counting working days: such a limit cannot be read.
    edit(site, "content/social-assistance/dibao-biaozhun.md", "信息形成或者变更之日起20个工作日内", "信息形成之日起99999999个工作日内")
    add_entry_document(site, "social-assistance/dibao-biaozhun", date(2026, 2, 10), date(2026, 3, 17))
    assert found(site, "time-limit") == []


def test_a_time_limit_from_another_event_is_not_checked(site):
    # "批准后20日内" counts from the approval, a date the model does not hold
    add_entry_document(site, "fiscal-budgets-final-accounts/2026-yusuan", date(2026, 1, 5), date(2026, 6, 1))
    assert found(site, "time-limit") == []


def test_working_days_beyond_the_calendar_are_counted_monday_to_friday_and_said_so(site):
    add_entry_document(site, "social-assistance/dibao-biaozhun", date(2026, 12, 20), date(2027, 2, 1))
    # 2026-12-20 + 20: 2026 by the calendar, then 2027 Monday–Friday (1 January counted as a working day)
    assert found(site, "time-limit", date(2027, 2, 2)) == [
        "content/statutory/biaozhun-tiaozheng.md:8: 成文日期 2026-12-20，发布日期 2027-02-01，超过所属条目“2026年城乡低保标准”的公开时限"
        "“信息形成或者变更之日起20个工作日内”（应在 2027-01-15 前公开）（2027 年的法定节假日和调休安排尚未收录，暂按周一至周五计算工作日）；"
        "请今后按时限公开，并核对两个日期是否填写正确"]


def test_forbidden_terms_in_titles_and_bodies_at_their_lines(site):
    append_config(site, "inspection:\n  forbidden_terms:\n    国土资源局: 自然资源局\n    卫生计生委: 卫生健康委\n")
    assert found(site, "forbidden-term") == []
    edit(site, "content/rules/tiaoli.md", "标题: 中华人民共和国政府信息公开条例", "标题: 测试区国土资源局信息公开制度")
    edit(site, "content/social-assistance/dibao-shenpi.md", "2. 审核\n", "2. 审核（区卫生计生委、区国土资源局配合）\n")
    assert found(site, "forbidden-term") == [
        "content/rules/tiaoli.md:2: “国土资源局”已不再使用，请改为“自然资源局”",
        "content/social-assistance/dibao-shenpi.md:24: “卫生计生委”已不再使用，请改为“卫生健康委”",  # in the order they occur
        "content/social-assistance/dibao-shenpi.md:24: “国土资源局”已不再使用，请改为“自然资源局”",
    ]


def test_bad_inspection_settings_are_errors_at_their_lines(site, run_build):
    append_config(site, "inspection:\n  periods:\n    guide: 3星期\n    news: 2周\n  annual_report_due: 13-01\n")
    run = run_build("check", "--site", site)
    assert run.code == 1
    assert run.diagnostics == [
        "catalog.yaml:34: error: “政府信息公开指南”的更新周期应写成“2周”“6个月”“1年”这样的期限，或“不定期”，实际为“3星期”",
        "catalog.yaml:35: error: “更新周期”中的“news”不是栏目或领域网址名；可写：guide、rules、statutory、annual_reports、consultations、proposals、domains、decisions、gazette、"
        "social-assistance、fiscal-budgets-final-accounts",
        "catalog.yaml:36: error: “年度报告截止日期”应写成“月-日”，如 03-31，实际为“13-01”",
    ]


# ---- working days --------------------------------------------------------------------------------

def test_2026_spring_festival_and_its_working_saturdays():
    assert is_workday(date(2026, 2, 14)) == (True, False)  # Saturday, 调休
    assert is_workday(date(2026, 2, 28)) == (True, False)  # Saturday, 调休
    assert all(is_workday(date(2026, 2, day)) == (False, False) for day in range(15, 24))
    assert is_workday(date(2026, 2, 24)) == (True, False)
    assert add_workdays(date(2026, 2, 13), 3) == Workdays(date(2026, 2, 25))
    assert add_workdays(date(2026, 2, 10), 20) == Workdays(date(2026, 3, 16))
    assert workdays_between(date(2026, 2, 13), date(2026, 3, 1)) == (6, ())  # 14th, 24th–28th


def test_beyond_the_calendar_monday_to_friday_with_a_note():
    assert is_workday(date(2027, 1, 1)) == (True, True)
    assert is_workday(date(2027, 1, 2)) == (False, True)
    later = add_workdays(date(2026, 12, 31), 1)
    assert later == Workdays(date(2027, 1, 1), (2027,))
    assert later.note == "（2027 年的法定节假日和调休安排尚未收录，暂按周一至周五计算工作日）"
    assert add_workdays(date(2026, 12, 1), 1).note == ""


# ---- the command -------------------------------------------------------------------------------

def test_json_is_stable_and_exit_1_on_a_veto(site, run_build):
    edit(site, "catalog.yaml", "icp_no: 京ICP备00000001号", "icp_no: 示例ICP备00000001号")
    code, result = inspect_json(run_build, site, "--today", "2026-12-05")
    assert code == 1
    assert list(result) == ["ok", "today", "veto", "scored", "columns", "agencies"]
    assert result["agencies"] == []  # a site of one agency
    assert (result["ok"], result["today"]) == (False, "2026-12-05")
    assert [f["rule"] for f in result["veto"]] == ["home-page-stale"]
    assert result["scored"] == [{
        "rule": "icp-no", "title": "ICP备案号", "path": "catalog.yaml", "line": 6, "due": "2026-12-05",
        "message": "ICP备案号应写成“京ICP备12345678号”或“京ICP备12345678号-1”（省份简称开头），实际为“示例ICP备00000001号”；请照备案信息填写，它会显示在每页底部",
    }]
    assert result["columns"][2] == {"key": "statutory", "title": "法定主动公开内容", "path": "content/statutory/", "period": "6个月",
                                    "items": 3, "last": "2026-02-20", "due": "2026-08-20", "stale": True}


def test_text_output_and_exit_0_when_no_veto(site, run_build):
    edit(site, "catalog.yaml", "icp_no: 京ICP备00000001号", "icp_no: 示例ICP备00000001号")
    run = run_build("inspect", "--site", site)
    assert run.code == 0
    assert run.out.splitlines()[:4] == [
        f"网站检查（{TEST_DAY}）：通过，单项否决 0 项，扣分项 1 项", "", "扣分项：1 项",
        "  catalog.yaml:6: [ICP备案号] ICP备案号应写成“京ICP备12345678号”或“京ICP备12345678号-1”（省份简称开头），"
        "实际为“示例ICP备00000001号”；请照备案信息填写，它会显示在每页底部（期限 2026-11-26）",
    ]


def test_every_build_warns_and_strict_makes_it_an_error(site, tmp_path, run_build):
    warning = ("index.html:1: warning: 网站检查（单项否决）：首页信息更新：首页最新的信息是 2026-11-20 发布的“测试区政府信息公开保密审查办法”"
               "（政府信息公开制度），已 15 天没有新信息，超过 2 周即单项否决；请发布新的信息或更新条目")
    run = run_build("--site", site, "--today", "2026-12-05")
    assert run.code == 0 and run.diagnostics == [warning]
    strict = run_build("--site", site, "--output", tmp_path / "strict", "--strict", "--today", "2026-12-05")
    assert strict.code == 1 and strict.diagnostics == [warning.replace(": warning: ", ": error: ")]
    assert not (tmp_path / "strict").exists()


def test_the_office_page_is_written_outside_the_published_site(site, tmp_path, run_build):
    page = tmp_path / "inspection.html"
    assert run_build("inspect", "--site", site, "--today", "2026-12-05", "--html", page).code == 1
    html = page.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html and '<meta name="robots" content="noindex">' in html
    assert "<caption>单项否决（任一项不合格即整个网站不合格）（1 项）</caption>" in html
    assert "已 15 天没有新信息" in html
    for inside in (site / "public" / "inspection.html", site / "content" / "inspection.html"):
        run = run_build("inspect", "--site", site, "--html", inside)
        assert run.code == 2 and "那里的文件会被发布" in run.err
        assert not inside.exists()
    unwritable = run_build("inspect", "--site", site, "--html", tmp_path / "no-such-folder" / "inspection.html")
    assert unwritable.code == 3 and "无法写入" in unwritable.err
    # Only a page it wrote itself is ever replaced; nothing in themes/ (published as static files).
    assert run_build("inspect", "--site", site, "--today", "2026-12-05", "--html", page).code == 1
    config = (site / "catalog.yaml").read_bytes()
    for target, message in ((site / "catalog.yaml", "--html 的文件名应以 .html 结尾，例如 inspection.html；实际为 catalog.yaml"),
                            (site / "themes" / "default" / "static" / "i.html", "那里的文件会被发布"),
                            (site / "content" / "guide" / "index.md", "那里的文件会被发布")):
        run = run_build("inspect", "--site", site, "--html", target)
        assert run.code == 2 and message in run.err, run.err
    other = tmp_path / "notes.html"
    other.write_text("办公室的笔记", encoding="utf-8")
    run = run_build("inspect", "--site", site, "--html", other)
    assert run.code == 2 and "已存在，且不是以前写出的网站检查结果，不会覆盖" in run.err
    assert other.read_text(encoding="utf-8") == "办公室的笔记" and (site / "catalog.yaml").read_bytes() == config


def test_the_demo_is_inspected_as_of_today(demo_site, run_build):
    """On a copy of the demo, whatever its editors have changed: a verdict, never a crash. (Whether the demo
    passes is for `python build.py check --strict`, which reports the findings too: tests/conftest.py.)"""
    run = run_build("inspect", "--site", demo_site, "--today", DEMO_TODAY.isoformat())
    assert run.code in (0, 1), run.err
    assert re.fullmatch(rf"网站检查（{DEMO_TODAY}）：(通过|未通过)，单项否决 [0-9]+ 项，扣分项 [0-9]+ 项", run.out.splitlines()[0])


def test_a_stale_copy_of_the_demo_fails_as_the_readme_shows(demo_site, run_build):
    """The README's example: the demo a month on, nothing published meanwhile."""
    later = DEMO_TODAY + timedelta(days=30)
    run = run_build("inspect", "--site", demo_site, "--today", later.isoformat())
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0].startswith(f"网站检查（{later}）：未通过，单项否决 ")
    veto = next(line for line in lines if "[首页信息更新]" in line)
    assert "天没有新信息，超过 2 周即单项否决；请发布新的信息或更新条目" in veto
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "网站检查（2026-12-20）：未通过，单项否决 1 项，扣分项 0 项" in readme and "[首页信息更新]" in readme


# ---- 政府网站工作年度报表, --strict, a portal's agencies -------------------------------------------

def test_the_website_annual_report_is_due_by_31_january(site):
    (site / "content/statutory/2025-wangzhan-baobiao.md").unlink()
    portal, _ = load_catalog(BuildOptions(root=site, output=site / "public", today=DAY))
    [on_the_day] = website_report_rules(portal, date(2026, 1, 31))  # until then the report asked for is 2024's
    assert on_the_day.message.startswith("2024 年度政府网站工作年度报表") and on_the_day.due == date(2025, 1, 31)
    assert website_report_rules(portal, date(2026, 2, 1))[0].message.startswith("2025 年度政府网站工作年度报表")
    assert found(site, "website-report-missing", DAY) == [
        "content/statutory/: 2025 年度政府网站工作年度报表（国办函〔2018〕12号）应在 2026-01-31 前在网站公开，至今没有；"
        "请把它作为一篇文件发布在 content/statutory/ 中，标题写明年度，如“测试区政务公开网2025年政府网站工作年度报表”"]
    write(site, "content/statutory/2025-wangzhan-baobiao.md", STATUTORY.format(
        title="测试区政务公开网2025年政府网站工作年度报表", index="000000009/2026-00090", extra="类别: 15\n", published="2026-02-02"))
    assert found(site, "website-report-missing", DAY) == []
    assert found(site, "website-report-late", DAY) == [
        "content/statutory/2025-wangzhan-baobiao.md:6: 2025 年度政府网站工作年度报表发布于 2026-02-02，晚于截止日期 2026-01-31；请按时发布下一年度的报表"]


def test_strict_makes_the_veto_findings_errors_and_leaves_the_scored_ones_warnings(site, run_build):
    (site / "content/statutory/2025-wangzhan-baobiao.md").unlink()  # scored
    result = run_build("check", "--site", site, "--strict")
    assert result.code == 0, result.err
    assert "warning: 网站检查：政府网站工作年度报表" in result.err
    vetoed = run_build("check", "--site", site, "--strict", "--today", (NEWEST + timedelta(days=15)).isoformat())
    assert vetoed.code == 1
    assert "index.html:1: error: 网站检查（单项否决）：首页信息更新" in vetoed.err
    assert "warning: 网站检查：政府网站工作年度报表" in vetoed.err


def test_a_portal_reports_each_agencys_share_and_judges_a_joint_document_once(run_build):
    from conftest import FIXTURE_SITES
    result = run_build("inspect", "--site", FIXTURE_SITES / "cluster", "--format", "json")
    shares = {a["slug"]: a for a in json.loads(result.out)["agencies"]}
    assert list(shares) == ["ceshi", "minzheng", "renshe", "hexi"]
    assert shares["renshe"] == {"slug": "renshe", "name": "测试区人力资源和社会保障局", "ok": True, "veto": 0, "scored": 1,
                                "stale_columns": 0, "empty_columns": 1}
    text = run_build("inspect", "--site", FIXTURE_SITES / "cluster").out
    assert "  测试区人力资源和社会保障局（renshe）：涉及单项否决 0 项、扣分项 1 项；超期栏目 0 个，空白栏目 1 个" in text


def test_strict_reports_an_earlier_warning_and_the_inspection_together(site, run_build):
    """A warning found before the inspection (an empty column) does not hide the inspection's findings under --strict."""
    for path in (site / "content/rules").glob("*.md"):
        path.unlink()
    result = run_build("check", "--site", site, "--strict", "--today", (NEWEST + timedelta(days=60)).isoformat())
    assert result.code == 1
    assert "error: 栏目“政府信息公开制度”（content/rules/）还没有内容" in result.err
    assert "error: 网站检查（单项否决）：首页信息更新" in result.err
