"""`new` for the kinds besides catalog entries: each file lists its kind's fields, `check` points at the
ones the clerk must fill (path:line), and once they are filled the file is valid."""

from __future__ import annotations

import pytest

from conftest import copy_site

TODAY = "2026-11-26"

# kind, agency, title, extra arguments, the file written, what `new` asks for, the errors `check` then gives,
# and the edits (placeholder line → filled line) after which the file passes.
KINDS = [
    ("建议提案复文", "minzheng", "关于增设社区救助服务站的建议的答复", ("--slug", "jiuzhu-fuwuzhan"), "proposals/jiuzhu-fuwuzhan.md",
     "类别、届次和编号、领衔代表委员、办理结果、答复日期",
     ["3: error: 必填字段“类别”（kind）没有填写内容；可选：人大代表建议、政协委员提案",
      "4: error: 必填字段“届次和编号”（number）没有填写内容",
      "5: error: 必填字段“领衔代表委员”（proposer）没有填写内容",
      "8: error: 必填字段“办理结果”（result）没有填写内容；可选：A、B、C",
      "9: error: 必填字段“答复日期”（replied）没有填写内容"],
     {"类别:  # 可选：人大代表建议、政协委员提案": "类别: 人大代表建议",
      "届次和编号:  # 如 区十八届人大三次会议第45号": "届次和编号: 区十八届人大三次会议第45号",
      "领衔代表委员:  # 只写姓名，不写身份证号、电话、地址": "领衔代表委员: 张明",
      "办理结果:  # 可选：A（解决或采纳）、B（列入计划）、C（说明参考）": "办理结果: A",
      "答复日期:": "答复日期: 2026-11-20"}),
    ("重大行政决策", "minzheng", "编制测试区养老服务设施布局规划", (), "decisions/bian-zhi-ce-shi-qu-yang-lao-fu-wu-she-shi-bu-ju-gui-hua.md",
     "决策依据、计划完成时间、是否听证",
     ["5: error: 必填字段“决策依据”（basis）没有填写内容",
      "6: error: 必填字段“计划完成时间”（planned）没有填写内容",
      "7: error: 必填字段“是否听证”（hearing）没有填写内容；可选：是、否"],
     {"决策依据:  # 如 [《重大行政决策程序暂行条例》]": "决策依据: [《重大行政决策程序暂行条例》]",
      "计划完成时间:  # YYYY-MM-DD": "计划完成时间: 2027-06-30",
      "是否听证:  # 可选：是、否": "是否听证: 否"}),
    ("政府公报", "ceshi", "2026年第3期", (), "gazette/2026-03.md",
     "目录，把印刷版存为同一文件夹中的 2026-03.pdf",
     ["9: error: 目录中的每篇文章须写“索引号”（本站已发布的文件）或“标题”"],
     {"  - 索引号:": "  - 索引号: 000000009/2026-00002", "    页码:": "    页码: 1"}),
    ("政策解读", "minzheng", "《测试区临时救助办法》政策解读", (), "statutory/ce-shi-qu-lin-shi-jiu-zhu-ban-fa-zheng-ce-jie-du.md",
     "索引号、解读对象",
     ["3: error: 必填字段“索引号”（index_no）没有填写内容",
      "8: error: “解读对象”没有填写内容：请写被解读的政策文件的索引号（不是政策解读的，删去这一行并填写“类别”）"],
     {"索引号:  # 本单位代码开头，如 000000017/2026-00001（每年按顺序编号，不能重复）": "索引号: 000000017/2026-00090",
      "解读对象:  # 被解读的政策文件的索引号": "解读对象: 000000017/2026-00002", "发布日期: 2026-11-26": "发布日期: 2026-11-05"}),
    ("解读", "minzheng", "临时救助问答", ("--form", "问答"), "statutory/lin-shi-jiu-zhu-wen-da.md",
     "索引号、解读对象、问答",
     ["3: error: 必填字段“索引号”（index_no）没有填写内容",
      "8: error: “解读对象”没有填写内容：请写被解读的政策文件的索引号（不是政策解读的，删去这一行并填写“类别”）"],
     {"索引号:  # 本单位代码开头，如 000000017/2026-00001（每年按顺序编号，不能重复）": "索引号: 000000017/2026-00091",
      "解读对象:  # 被解读的政策文件的索引号": "解读对象: 000000017/2026-00002", "发布日期: 2026-11-26": "发布日期: 2026-11-05",
      "  - 问:": "  - 问: 谁可以申请临时救助？", "    答:": "    答: 遭遇突发困难、基本生活暂时出现严重困难的家庭或个人。"}),
    ("政策解读", "minzheng", "临时救助吹风会", ("--form", "吹风会"), "statutory/lin-shi-jiu-zhu-chui-feng-hui.md",
     "索引号、解读对象、发布会日期、发布人",
     ["3: error: 必填字段“索引号”（index_no）没有填写内容",
      "8: error: “解读对象”没有填写内容：请写被解读的政策文件的索引号（不是政策解读的，删去这一行并填写“类别”）"],
     {"索引号:  # 本单位代码开头，如 000000017/2026-00001（每年按顺序编号，不能重复）": "索引号: 000000017/2026-00092",
      "解读对象:  # 被解读的政策文件的索引号": "解读对象: 000000017/2026-00002", "发布日期: 2026-11-26": "发布日期: 2026-11-05",
      "发布会日期:  # YYYY-MM-DD": "发布会日期: 2026-11-05", "发布人:  # 如 [区民政局局长 张明]": "发布人: [区民政局副局长 李华]"}),
    ("征求意见", "ceshi", "关于《测试区临时救助办法（征求意见稿）》公开征求意见的公告", ("--slug", "linshi-jiuzhu-banfa"),
     "consultations/linshi-jiuzhu-banfa.md", "反馈方式",
     ["7: error: 必填字段“反馈方式”（how_to_comment）没有填写内容"],
     {"反馈方式:  # 电子邮件、信函地址等": "反馈方式: 电子邮件 gk@ceshi.example"}),
]


@pytest.mark.parametrize("kind, agency, title, extra, written, to_fill, errors, edits", KINDS, ids=[k[0] + k[4] for k in KINDS])
def test_new_kind_then_fill_its_placeholders_then_check_passes(tmp_path, run_build, kind, agency, title, extra, written, to_fill,
                                                               errors, edits):
    site = copy_site("cluster", tmp_path / "site")
    made = run_build("new", kind, title, *extra, "--site", site, "--agency", agency, "--today", TODAY)
    path = site / "content" / agency / written
    assert made.code == 0, made.err
    assert made.out == f"已新建 {path}：请填写{to_fill}，再运行 python build.py check 检查。\n"
    unfilled = run_build("check", "--site", site, "--agency", agency, "--today", TODAY)
    assert unfilled.code == 1
    assert unfilled.diagnostics == [f"content/{agency}/{written}:{error}" for error in errors]
    text = path.read_text(encoding="utf-8")
    for placeholder, filled in edits.items():
        assert f"\n{placeholder}\n" in text, placeholder
        text = text.replace(f"\n{placeholder}\n", f"\n{filled}\n", 1)
    path.write_text(text, encoding="utf-8")
    if kind == "政府公报":
        path.with_suffix(".pdf").write_bytes((path.parent / "2026-2.pdf").read_bytes())
    filled = run_build("check", "--site", site, "--agency", agency, "--today", TODAY)
    assert filled.code == 0, filled.err
    assert not [line for line in filled.diagnostics if written in line]
    assert run_build("new", kind, title, *extra, "--site", site, "--agency", agency).code == 1  # never overwrites


def test_new_kind_fields_and_defaults():
    """The defaults a clerk need not change: the agency's name, today's date, a 30-day consultation."""
    from datetime import date

    from generator.scaffold import Request, find_kind, kind_text
    from generator.model import Agency, ColumnFolders

    agency = Agency("测试区民政局", ColumnFolders(*(f"m/{part}" for part in ("guide", "rules", "statutory", "annual-reports"))), (),
                    slug="m", code="000000017", consultations="m/consultations")
    text = kind_text(find_kind("consultation"), Request(agency, "公告", date(2026, 11, 26)))
    assert text.startswith('---\n标题: "公告"\n发布日期: 2026-11-26\n征求意见开始: 2026-11-26\n征求意见截止: 2026-12-26  # 一般不少于 30 天\n'
                           '起草单位: "测试区民政局"\n')


def test_new_kind_usage_errors(tmp_path, run_build):
    site = copy_site("cluster", tmp_path / "site")
    bad_issue = run_build("new", "政府公报", "第三期", "--site", site, "--agency", "ceshi")
    assert bad_issue.code == 2
    assert bad_issue.err == "build.py new: 政府公报的期次应写成“2026年第3期”或“2026-3”，实际为“第三期”\n"
    form_elsewhere = run_build("new", "征求意见", "公告", "--form", "问答", "--site", site, "--agency", "ceshi")
    assert form_elsewhere.code == 2
    assert "--form 只用于政策解读：python build.py new 政策解读 标题 --form 简明问答" in form_elsewhere.err
    unknown_form = run_build("new", "政策解读", "解读", "--form", "图文", "--site", site, "--agency", "ceshi")
    assert unknown_form.code == 2
    assert "没有“图文”这种解读形式；" in unknown_form.err and "可选：文字解读、简明问答、图解、新闻发布会、吹风会、案例说明" in unknown_form.err


def test_new_kind_on_a_one_agency_site_without_its_folder(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    result = run_build("new", "建议提案复文", "答复", "--site", site)
    assert result.code == 2
    assert result.err == ("build.py new: 本网站没有建议提案复文的文件夹；请在 catalog.yaml 的 agency 下加一行 proposals: 文件夹名"
                          "（如 proposals: proposals）\n")
    decision = run_build("new", "重大行政决策", "规划", "--site", site)
    assert decision.err == "build.py new: 本网站没有重大行政决策的文件夹；这一栏目只在各单位共用的门户（catalog.yaml 的 agencies:）中提供\n"
