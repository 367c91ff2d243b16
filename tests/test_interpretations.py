"""Interpretations in every form (issue 16): 文字解读, 简明问答, 图解, 新闻发布会 / 吹风会, 案例说明.

The cluster fixture interprets the district's budget report as a text (民政局), as questions and answers
and as a 图解 (the district's 财政局), and the joint 临时救助 document as a press conference with a video
and a transcript and as 案例说明. Every rule has a case below with its exact message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import FIXTURE_SITES, copy_site

CLUSTER = FIXTURE_SITES / "cluster"
TODAY = "2026-11-26"
KNOWN = ("catalog.yaml:45: warning:", "content/renshe/annual-reports/:1: warning:")
WENDA = "content/ceshi/statutory/jiedu-yusuan-wenda.md"
TUJIE = "content/ceshi/statutory/jiedu-yusuan-tujie.md"
FABUHUI = "content/minzheng/statutory/jiedu-linshi-jiuzhu-fabuhui.md"
POLICY = "content/ceshi/statutory/2026-yusuan-baogao.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from generator.cli import main

    output = tmp_path_factory.mktemp("interpretations") / "public"
    assert main(["build", "--site", str(CLUSTER), "--output", str(output), "--quiet", "--no-cache", "--today", TODAY]) == 0
    return output


def read(built: Path, path: str) -> str:
    return (built / path).read_text(encoding="utf-8")


def test_the_policy_lists_its_interpretations_with_their_form(built):
    policy = read(built, "ceshi/xxgk/statutory/2026-yusuan-baogao.html")
    listed = policy.split('<h2 id="interpretations">相关解读</h2>', 1)[1]
    assert '<a href="jiedu-yusuan-wenda.html">《关于测试区2026年预算的报告》问答</a><span class="document-facts">简明问答　测试区财政局' in listed
    assert '<a href="jiedu-yusuan-tujie.html">一图读懂《关于测试区2026年预算的报告》</a><span class="document-facts">图解　' in listed
    assert '<span class="document-facts">文字解读　测试区民政局' in listed
    joint = read(built, "minzheng/xxgk/statutory/linshi-jiuzhu-banfa.html")
    assert "新闻发布会　测试区民政局" in joint and "案例说明　测试区民政局" in joint


def test_questions_and_answers_are_headings_a_screen_reader_moves_between(built):
    page = read(built, "ceshi/xxgk/statutory/jiedu-yusuan-wenda.html")
    assert "<div><dt>解读形式</dt><dd>简明问答</dd></div>" in page
    assert '<section class="qa" aria-labelledby="qa-heading">\n<h2 id="qa-heading">问答</h2>' in page
    assert ('<h3 id="question-1"><span class="qa-mark">问1：</span>2026年预算安排了多少民生支出？</h3>\n'
            '<div class="prose qa-answer"><p class="qa-mark">答：</p>\n<p>民生支出占一般公共预算支出的八成。</p>') in page
    assert '<h3 id="question-2"><span class="qa-mark">问2：</span>预算在哪里可以查阅？</h3>' in page


def test_a_graphic_has_its_full_text_version_on_the_same_page(built):
    page = read(built, "ceshi/xxgk/statutory/jiedu-yusuan-tujie.html")
    assert ('<img src="yusuan-tujie.png" alt="2026年预算收支结构图" aria-describedby="graphic-1-text">') in page
    assert ('<section class="prose graphic-text" id="graphic-1-text" aria-labelledby="graphic-1-text-heading">\n'
            '<h3 id="graphic-1-text-heading">图1文字版</h3>\n<p>2026年一般公共预算收入12亿元，支出15亿元，其中民生支出12亿元。</p>') in page
    assert (built / "ceshi/xxgk/statutory/yusuan-tujie.png").read_bytes() == (CLUSTER / "content/ceshi/statutory/yusuan-tujie.png").read_bytes()


def test_a_press_conference_shows_its_date_speakers_video_and_transcript(built):
    page = read(built, "minzheng/xxgk/statutory/jiedu-linshi-jiuzhu-fabuhui.html")
    assert '<h2 id="briefing-heading">新闻发布会</h2>' in page
    assert '<div><dt>举行日期</dt><dd><time datetime="2026-11-05">2026年11月5日</time></dd></div>' in page
    assert "<div><dt>发布人</dt><dd>测试区民政局局长 某某</dd></div>" in page
    assert '<video controls preload="none" src="linshi-jiuzhu-fabuhui.mp4" aria-describedby="transcript-heading">' in page
    assert '<h3 id="transcript-heading">文字实录</h3>\n<p><strong>某某：</strong> 临时救助实行“先行救助、事后补证”。</p>' in page
    assert (built / "minzheng/xxgk/statutory/linshi-jiuzhu-fabuhui.mp4").is_file()
    case = read(built, "minzheng/xxgk/statutory/jiedu-linshi-jiuzhu-anli.html")
    assert "<div><dt>解读形式</dt><dd>案例说明</dd></div>" in case and '<h2 id="case' not in case


def test_the_answers_and_transcripts_are_searched(built):
    index = "".join(path.read_text(encoding="utf-8") for path in sorted((built / "search/doc").glob("*.js")))
    assert "民生支出占一般公共预算支出的八成" in index and "临时救助实行“先行救助、事后补证”" in index
    assert "其中民生支出12亿元" in index


def test_the_statutory_form_in_the_admin_asks_for_the_form_and_its_parts():
    from generator.cms import collections
    from generator.config import load_config
    from generator.pipeline import theme_dirs

    config, _ = load_config(CLUSTER, theme_dirs(CLUSTER))
    form = next(c for c in collections(config) if c["name"] == "ceshi-statutory")
    fields = {f["name"]: f for f in form["fields"]}
    assert fields["解读形式"]["widget"] == "select" and fields["解读形式"]["options"] == ["文字解读", "简明问答", "图解", "新闻发布会", "吹风会", "案例说明"]
    assert [f["name"] for f in fields["问答"]["fields"]] == ["问", "答"] and all(f["required"] for f in fields["问答"]["fields"])
    assert [(f["name"], f["required"]) for f in fields["图解图片"]["fields"]] == [("图片", True), ("替代文字", True), ("文字版", False)]
    assert fields["发布会日期"]["widget"] == "datetime" and fields["发布人"]["widget"] == "list"
    assert "有视频时必须填写" in fields["文字实录"]["hint"]


def statutory(title: str, index: str, extra: str, published: str = "2026-02-20", body: str = "正文。\n") -> str:
    return f"---\n标题: {title}\n索引号: {index}\n发布机构: 测试区财政局\n发布日期: {published}\n{extra}---\n{body}"


@dataclass(frozen=True)
class Case:
    name: str
    expected: list[str]
    replace: list[tuple[str, str, str]] = field(default_factory=list)
    write: dict[str, str] = field(default_factory=dict)
    code: int = 1


NEW = "content/ceshi/statutory/jiedu-new.md"
INTERPRETS = "解读对象: 000000009/2026-00002\n"

CASES = [
    Case("a form without 解读对象",
         [f"{NEW}:7: error: “解读形式”只用于政策解读；请填写“解读对象”（被解读政策文件的索引号），或删去这一行"],
         write={NEW: statutory("新文件", "000000009/2026-00010", "类别: 2\n解读形式: 简明问答\n")}),
    Case("an unknown form",
         [f"{NEW}:7: error: “解读形式”的值“动漫”不是可选项；可选：文字解读、简明问答、图解、新闻发布会、吹风会、案例说明"],
         write={NEW: statutory("新解读", "000000009/2026-00010", INTERPRETS + "解读形式: 动漫\n")}),
    Case("a part of another form",
         [f"{WENDA}:13: error: “发布人”只用于解读形式为“新闻发布会”或“吹风会”的解读，本文件的解读形式是“简明问答”；请改正“解读形式”，或删去这一项"],
         replace=[(WENDA, "---\n区财政局", "发布人: 某某\n---\n区财政局")]),
    Case("简明问答 without questions",
         [f"{NEW}:7: error: 解读形式为“简明问答”，但没有问答：请写“问答:”列表（每项写“问:”和“答:”），或在正文中每个问题写成一个“## ”小标题，其下写回答"],
         write={NEW: statutory("新问答", "000000009/2026-00010", INTERPRETS + "解读形式: 简明问答\n")}),
    Case("a question in the body without its answer",
         [f"{NEW}:13: error: 问题“第二问？”下面没有回答；请在这个小标题下写出回答"],
         write={NEW: statutory("新问答", "000000009/2026-00010", INTERPRETS + "解读形式: 问答\n",
                               body="## 第一问？\n\n第一答。\n\n## 第二问？\n")}),
    Case("a pair without its answer",
         [f"{WENDA}:9: error: 缺少必填字段“答”（answer）"],  # at the pair
         replace=[(WENDA, "    答: 民生支出占一般公共预算支出的八成。\n", "")]),
    Case("图解 without its images",
         [f"{NEW}:7: error: 解读形式为“图解”，但没有“图解图片”；请逐张列出图片，每张写明“图片”“替代文字”和“文字版”（图片内容的完整文字）"],
         write={NEW: statutory("新图解", "000000009/2026-00010", INTERPRETS + "解读形式: 图表图解\n")}),
    Case("an image without its text version",
         [f"{TUJIE}:9: error: 图解图片“yusuan-tujie.png”缺少“文字版”：图片所表达的全部内容须在同一页面以文字写出"
          "（“替代文字”只是简短说明，读屏软件用户和看不清图片的读者要读的是文字版）"],
         replace=[(TUJIE, "    文字版: |\n      2026年一般公共预算收入12亿元，支出15亿元，其中民生支出12亿元。\n", "")]),
    Case("an image that is not one",
         [f"{TUJIE}:9: error: 图片“yusuan-tujie.svg”应为图片文件（.png、.jpg、.jpeg、.gif、.webp）"],
         replace=[(TUJIE, "图片: yusuan-tujie.png", "图片: yusuan-tujie.svg")]),
    Case("an image file that is missing",
         [f"{TUJIE}:9: error: 图片文件不存在：“yusuan-tu.png”（应为 content/ceshi/statutory/yusuan-tu.png）"],
         replace=[(TUJIE, "图片: yusuan-tujie.png", "图片: yusuan-tu.png")]),
    Case("a press conference without its date and speakers",
         [f"{NEW}:7: error: 解读形式为“吹风会”，须填写“发布会日期”", f"{NEW}:7: error: 解读形式为“吹风会”，须填写“发布人”"],
         write={NEW: statutory("新吹风会", "000000009/2026-00010", INTERPRETS + "解读形式: 吹风会\n")}),
    Case("a video without a transcript",
         [f"{FABUHUI}:10: error: 有视频“linshi-jiuzhu-fabuhui.mp4”时须填写“文字实录”：听不到声音的读者靠文字实录了解新闻发布会的内容"],
         replace=[(FABUHUI, "文字实录: |\n  **某某：** 临时救助实行“先行救助、事后补证”。\n", "")]),
    Case("a video in a format browsers do not play",
         [f"{FABUHUI}:10: error: 视频“linshi-jiuzhu-fabuhui.avi”应为 .mp4、.webm 文件（浏览器能直接播放的格式）"],
         replace=[(FABUHUI, "视频: linshi-jiuzhu-fabuhui.mp4", "视频: linshi-jiuzhu-fabuhui.avi")]),
    Case("a video file that is missing",
         [f"{FABUHUI}:10: error: 视频文件不存在：“fabuhui.mp4”（应为 content/minzheng/statutory/fabuhui.mp4）"],
         replace=[(FABUHUI, "视频: linshi-jiuzhu-fabuhui.mp4", "视频: fabuhui.mp4")]),
    Case("an answer's markup is checked as a body's",
         [f"{WENDA}:10: error: 图片缺少替代文字：请写成 ![图片内容的说明](文件名)"],
         replace=[(WENDA, "答: 民生支出占一般公共预算支出的八成。", "答: 民生支出占八成。![](tu.png)")]),
    Case("an interpretation published later than its policy, within the inspection's 3 working days",
         [f"{WENDA}:5: warning: 解读发布于 2026-02-24，比政策文件“关于测试区2026年预算的报告”（2026-02-20）晚 4 天；解读应与政策文件同步发布"
          "（仍在网站检查允许的 3 个工作日内，最迟 2026-02-26）"],  # the Spring Festival off until the 23rd
         replace=[(WENDA, "发布日期: 2026-02-20", "发布日期: 2026-02-24")], code=0),
    Case("an interpretation published beyond the inspection's 3 working days: one warning, not two",
         [f"{WENDA}:5: warning: 解读发布于 2026-03-02，比政策文件“关于测试区2026年预算的报告”（2026-02-20）晚 10 天；解读应与政策文件同步发布"
          "，已超过网站检查允许的 3 个工作日（2026-02-26），检查时会扣分"],
         replace=[(WENDA, "发布日期: 2026-02-20", "发布日期: 2026-03-02")], code=0),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_interpretation_input_is_reported_exactly(case, tmp_path, run_build):
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


def test_the_inspection_still_scores_an_interpretation_beyond_three_working_days(tmp_path, run_build):
    """The build's warning stands for the inspection's finding (not said twice); `inspect` still lists it."""
    site = copy_site("cluster", tmp_path / "site")
    path = site / WENDA
    path.write_text(path.read_text(encoding="utf-8").replace("发布日期: 2026-02-20", "发布日期: 2026-03-02"), encoding="utf-8")
    result = run_build("inspect", "--site", site, "--today", TODAY)
    assert (f"{WENDA}:5: [政策解读发布时间] 解读发布于 2026-03-02，政策文件“关于测试区2026年预算的报告”发布于 2026-02-20，"
            "晚于 3 个工作日（2026-02-26）；解读应与政策文件同步或在 3 个工作日内发布（期限 2026-02-26）") in result.out
    path.write_text(path.read_text(encoding="utf-8").replace("发布日期: 2026-03-02", "发布日期: 2026-02-24"), encoding="utf-8")
    assert "政策解读发布时间" not in run_build("inspect", "--site", site, "--today", TODAY).out


def test_a_policy_needing_an_interpretation_without_one_stays_a_warning(tmp_path, run_build):
    site = copy_site("cluster", tmp_path / "site")
    (site / "content/ceshi/statutory/new-policy.md").write_text(
        statutory("新政策", "000000009/2026-00011", "类别: 1\n需要解读: 是\n"), encoding="utf-8")
    result = run_build("check", "--site", site, "--today", TODAY)
    assert [line for line in result.diagnostics if not line.startswith(KNOWN)] == [
        "content/ceshi/statutory/new-policy.md:1: warning: 此文件标明需要解读，但还没有解读文件（解读文件中写“解读对象: 本文件索引号”）"]
