"""Annual reports: every arithmetic relation of the 2021 form, each broken by one wrong figure."""

from __future__ import annotations

import pytest

from conftest import copy_site

REPORT = "content/annual-reports/2025.yaml"
TODAY = ("--today", "2026-11-26")

ARITHMETIC = [
    ("a row total of table 2",
     ("  予以公开: [4, 1, 0, 1, 0, 0, 6]", "  予以公开: [4, 1, 0, 1, 0, 0, 7]"),
     ["表二“予以公开”行的“总计”应为 6（前六列之和），实际为 7",
      "表二“（七）总计”行“总计”列应为 9（（一）至（六）各行之和），实际为 8"], [28, 53]),
    ("a sub-row of a result group",
     ("    属于国家秘密: [0, 0, 0, 0, 0, 0, 0]", "    属于国家秘密: [1, 0, 0, 0, 0, 0, 1]"),
     ["表二“（七）总计”行“自然人”列应为 7（（一）至（六）各行之和），实际为 6",
      "表二“（七）总计”行“总计”列应为 9（（一）至（六）各行之和），实际为 8"], [53, 53]),
    ("(七)总计 itself",
     ("  总计: [6, 1, 0, 1, 0, 0, 8]", "  总计: [6, 2, 0, 1, 0, 0, 9]"),
     ["表二“（七）总计”行“商业企业”列应为 1（（一）至（六）各行之和），实际为 2",
      "表二“（七）总计”行“总计”列应为 8（（一）至（六）各行之和），实际为 9",
      "表二“结转下年度”行“商业企业”列应为 0（本年新收 + 上年结转 − （七）总计），实际为 1",
      "表二“结转下年度”行“总计”列应为 1（本年新收 + 上年结转 − （七）总计），实际为 2"], [53, 53, 54, 54]),
    ("新收 + 上年结转 = 总计 + 结转下年度",
     ("  本年新收: [6, 2, 0, 1, 0, 0, 9]", "  本年新收: [7, 2, 0, 1, 0, 0, 10]"),
     ["表二“结转下年度”行“自然人”列应为 2（本年新收 + 上年结转 − （七）总计），实际为 1",
      "表二“结转下年度”行“总计”列应为 3（本年新收 + 上年结转 − （七）总计），实际为 2"], [54, 54]),
    ("a group total of table 3",
     ("  行政复议: [2, 1, 0, 0, 3]", "  行政复议: [2, 1, 0, 0, 4]"),
     ["表三“行政复议”的“总计”应为 3（结果维持、结果纠正、其他结果、尚未审结之和），实际为 4"], [57]),
    ("a row with a figure missing",
     ("  上年结转: [1, 0, 0, 0, 0, 0, 1]", "  上年结转: [1, 0, 0, 0, 0, 1]"),
     ["表二“上年结转”应为方括号中的 7 个数，实际为 6 个数"], [27]),
    ("a figure that is not a whole number",
     ("  行政处罚: 15", "  行政处罚: 十五"),
     ["“行政处罚”应为非负整数，实际为“十五”"], [20]),
    ("a fee that is not an amount",
     ("  行政事业性收费: 12.5", "  行政事业性收费: 12.5万"),
     ["“行政事业性收费”应为非负数（单位：万元，最多四位小数），实际为“12.5万”"], [22]),
    ("a fee in scientific notation",
     ("  行政事业性收费: 12.5", "  行政事业性收费: 1E+5"),
     ["“行政事业性收费”应为非负数（单位：万元，最多四位小数），实际为“1E+5”"], [22]),
    ("a year that is not the file's",
     ("年度: 2025", "年度: 2023"),
     ["“年度”2023与文件名“2025”不一致；文件名应为年度，如 2023.yaml"], [2]),
    ("a group row missing",
     ("    属于行政查询事项: [0, 0, 0, 0, 0, 0, 0]\n", ""),
     ["缺少必填字段“属于行政查询事项”（属于行政查询事项）"], [30]),
]


@pytest.mark.parametrize("name, change, messages, lines", ARITHMETIC, ids=[case[0] for case in ARITHMETIC])
def test_each_wrong_figure_is_reported_at_its_cell(name, change, messages, lines, tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    report = site / REPORT
    text = report.read_text(encoding="utf-8")
    assert change[0] in text
    report.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    result = run_build("--site", site, *TODAY)
    assert result.code == 1
    expected = [f"{REPORT}:{line}: error: {message}" for line, message in zip(lines, messages)]
    assert [d for d in result.diagnostics if not d.startswith("content/annual-reports/2025.yaml") or ": error: " in d] == expected


def test_figures_that_disagree_with_last_year_are_warnings(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    report = site / REPORT
    text = report.read_text(encoding="utf-8")
    text = text.replace("  上年结转: [1, 0, 0, 0, 0, 0, 1]", "  上年结转: [2, 0, 0, 0, 0, 0, 2]")
    text = text.replace("  本年新收: [6, 2, 0, 1, 0, 0, 9]", "  本年新收: [5, 2, 0, 1, 0, 0, 8]")
    text = text.replace("  行政规范性文件: [3, 1, 12]", "  行政规范性文件: [3, 1, 13]")
    report.write_text(text, encoding="utf-8")
    result = run_build("--site", site, "--quiet", *TODAY)
    assert result.code == 0
    assert result.diagnostics == [
        f"{REPORT}:18: warning: 表一“行政规范性文件”的现行有效件数为 13，按 2024 年的 10 件加本年制发 3、减本年废止 1 应为 12",
        f"{REPORT}:27: warning: 表二“上年结转”行“自然人”列为 2，而 2024 年报告的“结转下年度”为 1",
        f"{REPORT}:27: warning: 表二“上年结转”行“总计”列为 2，而 2024 年报告的“结转下年度”为 1",
    ]


def test_report_page_renders_the_three_tables_accessibly(tmp_path, run_build):
    assert run_build("--site", copy_site("minimal", tmp_path / "site"), "--quiet", *TODAY).code == 0
    page = (tmp_path / "site/public/xxgk/annual-reports/2025.html").read_text(encoding="utf-8")
    assert '<caption id="table2">表二　收到和处理政府信息公开申请情况</caption>' in page
    assert '<th scope="colgroup" colspan="5">法人或其他组织</th>' in page
    assert '<th scope="row"><span class="visually-hidden">三、本年度办理结果</span>（三）不予公开：4. 保护第三方合法权益</th>' in page
    assert '<th scope="row">行政诉讼（未经复议直接起诉）</th>' in page
    assert "<h2>附：主要数据与2024年比较</h2>" in page
    listing = (tmp_path / "site/public/xxgk/annual-reports/index.html").read_text(encoding="utf-8")
    assert listing.index("2025年政府信息公开工作年度报告") < listing.index("2024年政府信息公开工作年度报告")
    assert "<tr><th scope=\"row\">本年新收公开申请（件）</th><td>9</td><td>6</td></tr>" in listing


def test_problems_in_section_text_are_reported_at_their_line(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    report = site / REPORT
    text = report.read_text(encoding="utf-8")
    text = text.replace("一、总体情况: |\n  2025年，本机关主动公开政府信息150条。", "一、总体情况: 见下图。![](chart.png)")
    text = text.replace("  依申请公开答复质量有待提高。", "  依申请公开答复质量有待提高。\n\n  ![](x.png)")
    report.write_text(text, encoding="utf-8")
    result = run_build("--site", site)
    assert result.diagnostics == [
        f"{REPORT}:5: error: 图片缺少替代文字：请写成 ![图片内容的说明](文件名)",
        f"{REPORT}:12: error: 图片缺少替代文字：请写成 ![图片内容的说明](文件名)",
    ]
