"""Disclosure documents (metadata, validity), policy interpretations (two-way links),
consultations (status, period) and the guide's age."""

from __future__ import annotations

from conftest import built_index, copy_site, records_of

TODAY = ("--today", "2026-11-26")
POLICY = "content/statutory/dibao-banfa.md"
POLICY_TEXT = """---
标题: 测试区最低生活保障实施办法
索引号: 000000001/2026-00007
主题分类: 民政、扶贫、救灾\\社会救助
发布机构: 测试区民政局
成文日期: 2026-01-05
发布日期: 2026-01-10
文号: 测政发〔2026〕1号
有效期至: 2026-06-30
类别: 1
所属条目: social-assistance/dibao-shenpi
需要解读: 是
---
正文。
"""
INTERPRETATION_TEXT = """---
标题: 《测试区最低生活保障实施办法》政策解读
索引号: 000000001/2026-00008
发布机构: 测试区民政局
发布日期: 2026-01-10
解读对象: 000000001/2026-00007
---
## 背景依据

解读正文。
"""


def site_with(tmp_path, files: dict[str, str]):
    site = copy_site("minimal", tmp_path / "site")
    for name, text in files.items():
        (site / name).write_text(text, encoding="utf-8")
    return site


def before_newest_item(site):
    """The fixture as it stood before its newest item (published 2026-11-20), for tests set earlier in 2026."""
    (site / "content/rules/baomi-shencha.md").unlink()
    return site


def page(site, url: str) -> str:
    return (site / "public" / url).read_text(encoding="utf-8")


def test_policy_and_interpretation_link_both_ways(tmp_path, run_build):
    site = site_with(tmp_path, {POLICY: POLICY_TEXT, "content/statutory/dibao-jiedu.md": INTERPRETATION_TEXT})
    result = run_build("--site", site, "--quiet", *TODAY)
    assert (result.code, result.diagnostics) == (0, [])
    policy = page(site, "xxgk/statutory/dibao-banfa.html")
    assert '<h2 id="interpretations">相关解读</h2>' in policy
    assert '<a href="dibao-jiedu.html">《测试区最低生活保障实施办法》政策解读</a>' in policy
    interpretation = page(site, "xxgk/statutory/dibao-jiedu.html")
    assert '<div><dt>解读的政策</dt><dd><a href="dibao-banfa.html">测试区最低生活保障实施办法</a></dd></div>' in interpretation
    assert "第二十条第（一）项" in interpretation, "the interpretation takes its policy's category"
    entry = page(site, "catalog/social-assistance/dibao-shenpi.html")
    assert '<a href="../../xxgk/statutory/dibao-banfa.html">测试区最低生活保障实施办法</a>' in entry


def test_validity_is_computed_on_the_build_date(tmp_path, run_build):
    site = before_newest_item(site_with(tmp_path, {POLICY: POLICY_TEXT.replace("需要解读: 是\n", "")}))
    assert run_build("--site", site, "--quiet", "--today", "2026-06-30").code == 0
    assert "有效性：<strong>有效</strong>" in page(site, "xxgk/statutory/dibao-banfa.html")
    assert run_build("--site", site, "--quiet", "--today", "2026-07-01").code == 0
    current = page(site, "xxgk/statutory/dibao-banfa.html")
    assert "有效性：<strong>失效</strong>（有效期至 " in current
    normative = page(site, "xxgk/statutory/normative.html")
    assert normative.index('<a href="dibao-banfa.html">') > normative.index("失效（1 件）")


def test_policy_needing_an_interpretation_without_one_is_a_warning(tmp_path, run_build):
    site = site_with(tmp_path, {POLICY: POLICY_TEXT})
    result = run_build("--site", site, "--quiet", *TODAY)
    assert result.code == 0
    assert result.diagnostics == [
        f"{POLICY}:1: warning: 此文件标明需要解读，但还没有解读文件（解读文件中写“解读对象: 本文件索引号”）"]


def test_metadata_errors(tmp_path, run_build):
    broken = (POLICY_TEXT.replace("需要解读: 是\n", "")
              .replace("有效期至: 2026-06-30\n", "有效性: 废止\n")
              .replace("成文日期: 2026-01-05", "成文日期: 2026-02-05"))
    orphan = INTERPRETATION_TEXT.replace("解读对象: 000000001/2026-00007", "解读对象: 000000001/2026-00099")
    clash = INTERPRETATION_TEXT.replace("000000001/2026-00008", "000000009/2026-00001").replace("解读对象: 000000001/2026-00007\n", "类别: 2\n")
    site = site_with(tmp_path, {POLICY: broken, "content/statutory/orphan.md": orphan, "content/statutory/clash.md": clash,
                                "content/statutory/bad-index.md": INTERPRETATION_TEXT.replace("000000001/2026-00008", "2026-8")})
    result = run_build("--site", site, *TODAY)
    assert result.code == 1
    assert result.diagnostics == [
        "content/statutory/bad-index.md:3: error: “索引号”应为“机构代码/年份-五位序号”，如 000014349/2017-00110，实际为“2026-8”",
        f"{POLICY}:6: error: “成文日期”2026-02-05晚于“发布日期”2026-01-10",
        f"{POLICY}:9: error: 有效性为“废止”时须填写“废止日期”",
        "content/statutory/jigou-zhineng.md:3: error: 索引号“000000009/2026-00001”与 content/statutory/clash.md 重复；同一单位同一年的序号不能重复，请改用未用过的序号",
        "content/statutory/orphan.md:6: error: 解读对象“000000001/2026-00099”不是本站其他文件的索引号",
    ]


def test_an_entry_that_does_not_exist(tmp_path, run_build):
    site = site_with(tmp_path, {POLICY: POLICY_TEXT.replace("social-assistance/dibao-shenpi", "social-assistance/nothing").replace("需要解读: 是\n", "")})
    result = run_build("--site", site, *TODAY)
    assert result.diagnostics == [f"{POLICY}:11: error: 所属条目“social-assistance/nothing”不存在（应为“领域网址名/条目网址名”）"]


def test_consultation_status_values():
    from datetime import date

    from generator.validate import consultation_status

    opens, closes = date(2026, 5, 6), date(2026, 6, 4)
    assert [consultation_status(opens, closes, date(2026, 5, day)) for day in (5, 6)] == ["未开始", "征求中"]
    assert [consultation_status(opens, closes, date(2026, 6, day)) for day in (4, 5)] == ["征求中", "已结束"]


def test_consultation_status_follows_the_build_date(tmp_path, run_build):
    site = before_newest_item(copy_site("minimal", tmp_path / "site"))
    url = "xxgk/consultations/laojiu-xiaoqu.html"
    for today, status in (("2026-05-06", "征求中"), ("2026-06-04", "征求中"), ("2026-06-05", "已结束")):
        assert run_build("--site", site, "--quiet", "--today", today).code == 0
        assert f"状态：<strong>{status}</strong>" in page(site, url)
    assert '<h2 id="adoption">意见采纳情况</h2>' in page(site, url)
    assert "共收到意见 12 条" in page(site, url)
    assert "<strong>已结束</strong>" in page(site, "xxgk/consultations/index.html")


def test_short_period_and_missing_adoption_are_warnings(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    path = site / "content/consultations/laojiu-xiaoqu.md"
    text = path.read_text(encoding="utf-8").replace("征求意见截止: 2026-06-04", "征求意见截止: 2026-05-20")
    adoption = text[text.index("意见采纳情况"):text.index("---\n\n## 起草说明")]
    path.write_text(text.replace(adoption, ""), encoding="utf-8")
    result = run_build("--site", site, "--quiet", *TODAY)
    assert result.code == 0
    assert result.diagnostics == [
        "content/consultations/laojiu-xiaoqu.md:1: warning: 征求意见已结束，请补充“意见采纳情况”",
        "content/consultations/laojiu-xiaoqu.md:5: warning: 征求意见期限为 15 天，少于 30 天；确因紧急情况需要缩短的，请填写“缩短理由”",
    ]
    path.write_text(path.read_text(encoding="utf-8").replace("领域:", "缩短理由: 台风季前须完成改造方案\n领域:"), encoding="utf-8")
    assert run_build("--site", site, "--quiet", *TODAY).diagnostics == [
        "content/consultations/laojiu-xiaoqu.md:1: warning: 征求意见已结束，请补充“意见采纳情况”"]


def test_a_stale_guide_is_a_warning(run_build, tmp_path):
    site = copy_site("minimal", tmp_path / "site")
    result = run_build("--site", site, "--quiet", "--today", "2027-02-11")
    assert "content/guide/index.md:1: warning: 政府信息公开指南已 366 天未更新（超过 365 天）；请核对内容后更新并修改“更新日期”" in result.diagnostics


def test_a_future_abolition_date_keeps_the_document_valid_until_then(tmp_path, run_build):
    text = POLICY_TEXT.replace("需要解读: 是\n", "").replace("有效期至: 2026-06-30\n", "有效性: 废止\n废止日期: 2026-12-31\n")
    site = site_with(tmp_path, {POLICY: text})
    assert run_build("--site", site, "--quiet", *TODAY).code == 0
    assert "有效性：<strong>有效</strong>" in page(site, "xxgk/statutory/dibao-banfa.html")
    assert run_build("--site", site, "--quiet", "--today", "2027-01-01").code == 0
    assert "有效性：<strong>废止</strong>" in page(site, "xxgk/statutory/dibao-banfa.html")


def test_a_document_cannot_take_the_name_of_a_list_page(tmp_path, run_build):
    site = site_with(tmp_path, {"content/statutory/normative.md": INTERPRETATION_TEXT.replace("解读对象: 000000001/2026-00007", "类别: 1")})
    result = run_build("--site", site, *TODAY)
    assert result.diagnostics == [
        "content/statutory/normative.md:1: error: 网址名“normative”留给行政规范性文件列表页；请给文件改名，或写 slug: 另一个名字"]


def test_adoption_is_not_published_before_the_consultation_closes(tmp_path, run_build):
    site = before_newest_item(copy_site("minimal", tmp_path / "site"))
    assert run_build("--site", site, "--quiet", "--today", "2026-05-20").code == 0
    public = site / "public"
    assert "共收到意见 12 条" not in page(site, "xxgk/consultations/laojiu-xiaoqu.html")
    assert "共收到意见 12 条" not in (public / "feeds/site.xml").read_text(encoding="utf-8")
    assert not [record for record in records_of(built_index(public)) if "共收到意见 12 条" in record["text"]]
