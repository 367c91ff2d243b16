"""Real catalogs as agencies print them: open channel lists, their own labels and numbers, 未注明, 同上,
extra columns. Each site is the minimal fixture with catalog.yaml and the 社会救助 entries written here."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import copy_site

ENTRY_DIR = "content/social-assistance"
HEAD = """---
{fields}
公开内容（要素）: {content}
公开依据: 《社会救助暂行办法》
公开时限: 10个工作日内
公开主体: 测试区民政局
"""


def entry(item: str, *, content: str = "申请条件", channels: str = "政府网站", marks: str = "公开对象: 全社会\n公开方式: 主动\n公开层级: 县级",
          extra: str = "") -> str:
    """An entry's file: `item` is its 一级事项/二级事项 (and 序号) lines."""
    text = HEAD.format(fields=item, content=content) + f"公开渠道和载体: {channels}\n{marks}\n"
    return text + (extra + "\n" if extra else "") + "更新日期: 2026-03-15\n---\n正文。\n"


def make_site(tmp_path: Path, entries: dict[str, str], agency_settings: str = "", domain_settings: str = "") -> Path:
    """The minimal fixture with only `entries` in 社会救助, and settings added to catalog.yaml's agency and
    to its 社会救助 domain."""
    site = copy_site("minimal", tmp_path / "site")
    for path in (site / ENTRY_DIR).glob("*.md"):
        path.unlink()
    for name, text in entries.items():
        (site / ENTRY_DIR / f"{name}.md").write_text(text, encoding="utf-8")
    config = site / "catalog.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  consultations: consultations\n", "  consultations: consultations\n" + agency_settings, 1)
    text = text.replace("      name: 社会救助\n", "      name: 社会救助\n" + domain_settings, 1)
    config.write_text(text, encoding="utf-8")
    return site


def build(run_build, site: Path):
    result = run_build("--site", site, "--output", site / "public", "--quiet")
    return result, site / "public"


def page(output: Path, relative: str = "catalog/social-assistance/index.html") -> str:
    return (output / relative).read_text(encoding="utf-8")


def csv_table(output: Path) -> list[dict]:
    text = (output / "data/domains/social-assistance.csv").read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_channels_are_kept_as_printed_and_recognised_beside_it(tmp_path, run_build):
    printed = "区政府门户网站、投资项目在线审批监管平台、村（居）务公开栏、其他（公共资源交易平台、信用中国网站）"
    site = make_site(tmp_path, {"a": entry("一级事项: 临时救助", channels=printed)})
    result, output = build(run_build, site)
    assert result.code == 0, result.err
    assert result.diagnostics == []
    assert f'<td data-label="公开渠道和载体">{printed}</td>' in page(output)
    assert f"<dd>{printed}</dd>" in page(output, "catalog/social-assistance/a.html")
    [row] = [row for row in csv_table(output) if row["标题"]]
    assert row["公开渠道和载体"] == printed
    assert row["公开渠道（规范名称）"] == "政府网站、社区/企事业单位/村公示栏（电子屏）、其他"
    data = json.loads((output / "data/domains/social-assistance.json").read_text(encoding="utf-8"))
    [record] = [record for record in data["条目"] if record["标题"]]
    assert record["公开渠道和载体"] == printed and record["公开渠道（规范名称）"] == ["政府网站", "社区/企事业单位/村公示栏（电子屏）", "其他"]


def test_a_likely_typo_of_a_standard_channel_is_a_warning_with_the_name_meant(tmp_path, run_build):
    site = make_site(tmp_path, {"a": entry("一级事项: 临时救助", channels="[政府服务中心, 12345政务服务热线]")})
    result, _ = build(run_build, site)
    assert result.code == 0
    assert result.diagnostics == [
        f"{ENTRY_DIR}/a.md:7: warning: 公开渠道和载体“政府服务中心”是否应为“政务服务中心”？如确为其他渠道，可忽略此提醒"]


def test_labels_as_the_agency_prints_them_including_a_separator(tmp_path, run_build):
    labels = "  表头选项:\n    公开对象: [全社会, 特定群众]\n    公开方式: [主动, 依申请公开]\n    公开层级: [区级, 乡、村级]\n"
    entries = {
        "a": entry("一级事项: 临时救助", marks="公开对象: 特定群众\n公开方式: 依申请公开\n公开层级: 区级、乡、村级"),
        # The standard names and their variants still mean the agency's labels:
        "b": entry("一级事项: 综合业务", marks="公开对象: 特定群体\n公开方式: 依申请\n公开层级: [县级, 村级]"),
    }
    result, output = build(run_build, make_site(tmp_path, entries, agency_settings=labels))
    assert result.code == 0, result.err
    html = page(output)
    for label in ("特定群众", "依申请公开", "区级", "乡、村级"):
        assert f'<th scope="col">{label}</th>' in html
    assert '<th scope="col">县级</th>' not in html
    rows = [row for row in csv_table(output) if row["标题"]]
    assert [(row["公开对象"], row["公开方式"], row["公开层级"]) for row in rows] == [
        ("特定群众", "依申请公开", "区级、乡、村级"), ("特定群众", "依申请公开", "区级、乡、村级")]


def test_a_value_outside_the_labels_is_named_as_written_with_every_bad_value_at_once(tmp_path, run_build):
    labels = "  表头选项:\n    公开层级: [县级, 乡、村级]\n"
    entries = {"a": entry("一级事项: 临时救助", marks="公开对象: 全民、群众\n公开方式: 主动\n公开层级: 县级、乡、村、组级")}
    result, _ = build(run_build, make_site(tmp_path, entries, agency_settings=labels))
    assert result.code == 1
    assert result.diagnostics == [
        f"{ENTRY_DIR}/a.md:8: error: “公开对象”的值“全民”、“群众”不是可选项；“群众”是否应为“特定群体”？可选：全社会、特定群体；没有标注的写“未注明”或“不适用”",
        f"{ENTRY_DIR}/a.md:10: error: “公开层级”的值“乡”、“村”、“组级”不是可选项；“乡”是否应为“乡、村级”？“村”是否应为“乡、村级”？"
        "可选：县级／乡、村级；没有标注的写“未注明”或“不适用”",
    ]


def test_labels_in_catalog_yaml_are_checked(tmp_path, run_build):
    labels = "  表头选项:\n    公开对象: [全社会, 老百姓]\n    公开方式: [主动, 主动]\n    公开层级: [区级, 县级]\n"
    result, _ = build(run_build, make_site(tmp_path, {"a": entry("一级事项: 临时救助")}, agency_settings=labels))
    assert result.code == 1
    assert result.diagnostics == [
        "catalog.yaml:19: error: “公开对象”中的“老百姓”不是公开对象的选项或其常见写法；可写：全社会、特定群体、特定群众、特定对象",
        "catalog.yaml:20: error: “公开方式”中的“主动”重复",
        "catalog.yaml:21: error: “公开层级”中的“县级”与“区级”是同一个选项的不同写法，只能写一个",
    ]


def test_a_domain_whose_table_has_no_level_column(tmp_path, run_build):
    entries = {"a": entry("一级事项: 临时救助", marks="公开对象: 全社会\n公开方式: 主动"),
               "b": entry("一级事项: 综合业务", marks="公开对象: 全社会\n公开方式: 主动\n公开层级: 县级")}
    site = make_site(tmp_path, entries, domain_settings="      表头选项:\n        公开层级: []\n")
    result, _ = build(run_build, site)
    assert result.diagnostics == [
        f"{ENTRY_DIR}/b.md:10: error: 本领域的目录没有“公开层级”一栏（catalog.yaml 的表头选项中公开层级为空）；请删除这一行"]
    (site / ENTRY_DIR / "b.md").unlink()
    result, output = build(run_build, site)
    assert result.code == 0, result.err
    html = page(output)
    assert "公开层级" not in html.split("<tbody>")[0].split("<caption>")[1]
    assert "本领域目录未设“公开层级”栏。" in html
    [row] = [row for row in csv_table(output) if row["标题"]]
    assert row["公开层级"] == "本目录未设此栏"
    # Other domains keep the column.
    assert '<th scope="colgroup" colspan="2">公开层级</th>' in page(output, "catalog/fiscal-budgets-final-accounts/index.html")


def test_not_stated_is_a_value_of_its_own(tmp_path, run_build, capsys):
    entries = {"a": entry("一级事项: 临时救助", marks="公开对象: 全社会\n公开方式: 主动\n公开层级: 未注明"),
               "b": entry("一级事项: 综合业务", marks="公开对象: 不适用\n公开方式: 主动\n公开层级: 县级")}
    site = make_site(tmp_path, entries)
    result, output = build(run_build, site)
    assert result.code == 0, result.err
    html = page(output)
    assert '<td class="mark unstated" colspan="2" data-label="公开层级">未注明</td>' in html
    assert '<td class="mark unstated" colspan="2" data-label="公开对象">不适用</td>' in html
    assert '<dd class="unstated">未注明</dd>' in page(output, "catalog/social-assistance/a.html")
    rows = {row["一级事项"]: row for row in csv_table(output) if row["标题"]}
    assert (rows["临时救助"]["公开层级"], rows["综合业务"]["公开对象"]) == ("未注明", "不适用")
    data = json.loads((output / "data/domains/social-assistance.json").read_text(encoding="utf-8"))
    assert [record["公开层级"] for record in data["条目"] if record["标题"]] == [["县级"], "未注明"]
    report = run_build("report", "--site", site, "--format", "json")
    assert json.loads(report.out)["unstated"] == [
        {"path": f"{ENTRY_DIR}/b.md", "title": "综合业务", "column": "公开对象", "value": "不适用"},
        {"path": f"{ENTRY_DIR}/a.md", "title": "临时救助", "column": "公开层级", "value": "未注明"},
    ]
    text = run_build("report", "--site", site)
    assert "标为“未注明”或“不适用”的栏目：2 处\n" in text.out
    assert f"  {ENTRY_DIR}/a.md  社会救助：临时救助  公开层级：未注明\n" in text.out


def test_the_agency_s_numbers_and_titles_are_shown_and_gaps_shift_nothing(tmp_path, run_build):
    entries = {
        "x": entry("序号: \"7\"\n标题: 低保审批结果公示\n一级事项: 最低生活保障\n二级事项: 低保申请审批"),
        "y": entry("序号: \"6\"\n标题: 低保申请条件\n一级事项: 最低生活保障\n二级事项: 低保申请审批"),
        "z": entry("一级事项: 临时救助"),
    }
    result, output = build(run_build, make_site(tmp_path, entries))
    assert result.code == 0, result.err
    html = page(output)
    numbers = [row.split('data-label="序号">')[1].split("<")[0] for row in html.split("<tr")[3:]]
    # 综合业务 and 低保标准 have no entry: their rows carry no number and do not count.
    assert numbers == ["", "", "6", "7", "3"]
    assert '<td class="item" data-label="二级事项">低保申请审批<span class="entry-title"><a href="y.html">低保申请条件</a></span></td>' in html
    assert [row["序号"] for row in csv_table(output)] == ["", "", "6", "7", "3"]


def test_same_as_above_takes_the_cell_above_in_the_table_s_order(tmp_path, run_build):
    entries = {
        "a": entry("序号: \"1\"\n一级事项: 最低生活保障\n二级事项: 低保申请审批", content="申请条件、审批结果",
                   channels="政府网站、村务公开栏"),
        "b": entry("序号: \"2\"\n标题: 低保年审\n一级事项: 最低生活保障\n二级事项: 低保申请审批", content="同上", channels="同上"),
        "c": entry("序号: \"3\"\n一级事项: 临时救助", content="同上"),
    }
    result, output = build(run_build, make_site(tmp_path, entries))
    assert result.code == 0, result.err
    rows = {row["标题"]: row for row in csv_table(output) if row["标题"]}
    assert rows["低保年审"]["公开内容（要素）"] == rows["临时救助"]["公开内容（要素）"] == "申请条件、审批结果"
    assert rows["低保年审"]["公开渠道和载体"] == "政府网站、村务公开栏"
    assert rows["低保年审"]["公开渠道（规范名称）"] == "政府网站、社区/企事业单位/村公示栏（电子屏）"
    assert "同上" not in page(output)
    assert "同上" in (tmp_path / "site" / ENTRY_DIR / "b.md").read_text(encoding="utf-8")


def test_same_as_above_under_a_gap_row_or_on_the_first_row_is_an_error(tmp_path, run_build):
    entries = {
        "first": entry("一级事项: 综合业务", content="同上"),
        # 最低生活保障 has no entry: the row above 临时救助 is a gap row.
        "gap": entry("一级事项: 临时救助", extra="公开依据: 同上"),
    }
    entries["gap"] = entries["gap"].replace("公开依据: 《社会救助暂行办法》\n", "")
    result, _ = build(run_build, make_site(tmp_path, entries))
    assert result.code == 1
    assert result.diagnostics == [
        f"{ENTRY_DIR}/first.md:3: error: “公开内容（要素）”写的是“同上”，但这是本领域目录的第一行，没有可沿用的内容；请写出实际内容",
        f"{ENTRY_DIR}/gap.md:10: error: “公开依据”写的是“同上”，但上一行是“暂无公开内容”的空行（最低生活保障、低保申请审批），没有可沿用的内容；请写出实际内容",
    ]


def test_extra_columns_appear_in_the_table_the_entry_page_and_the_exports(tmp_path, run_build):
    entries = {"a": entry("序号: \"1\"\n一级事项: 临时救助", extra="过程: 结果\n责任科室: 社会救助科"),
               "b": entry("序号: \"2\"\n标题: 临时救助审批\n一级事项: 临时救助", extra="责任科室: 同上")}
    site = make_site(tmp_path, entries, agency_settings="  自定义列: [过程, 责任科室]\n")
    result, output = build(run_build, site)
    assert result.code == 0, result.err
    html = page(output)
    assert '<th scope="col" rowspan="2">过程</th>' in html and '<th scope="col" rowspan="2">责任科室</th>' in html
    assert '<td class="" data-label="过程">结果</td>' in html
    assert "<div><dt>责任科室</dt><dd>社会救助科</dd></div>" in page(output, "catalog/social-assistance/a.html")
    table = csv_table(output)
    assert list(table[0])[-4:] == ["过程", "责任科室", "更新日期", "网址"]
    assert [(row["过程"], row["责任科室"]) for row in table if row["标题"]] == [("结果", "社会救助科"), ("", "社会救助科")]


def test_an_undeclared_column_is_an_unknown_field_and_a_declared_one_may_not_shadow_a_standard_one(tmp_path, run_build):
    site = make_site(tmp_path, {"a": entry("一级事项: 临时救助", extra="过程: 结果")})
    result, _ = build(run_build, site)
    assert result.code == 1
    assert result.diagnostics[0].startswith(f"{ENTRY_DIR}/a.md:11: error: 未知字段“过程”；目录条目可用的字段有：")
    site = make_site(tmp_path / "second", {"a": entry("一级事项: 临时救助")}, agency_settings="  自定义列: [过程, 公开时限]\n")
    result, _ = build(run_build, site)
    assert result.diagnostics == ["catalog.yaml:18: error: “自定义列”中的“公开时限”是目录的标准栏目，不能再作为自定义列"]


@pytest.mark.parametrize("text, known, expected", [
    ("县级、乡、村级", {"县级", "乡、村级"}, ["县级", "乡、村级"]),
    ("乡、村级", set(), ["乡", "村级"]),
    ("政府网站；其他（网站、公示栏）", set(), ["政府网站", "其他（网站、公示栏）"]),
    ("《条例》（一、二）、公报", set(), ["《条例》（一、二）", "公报"]),
    ("政府网站\n入户/现场", set(), ["政府网站", "入户/现场"]),  # one per line, as in a table cell
])
def test_lists_split_outside_brackets_and_keep_known_names_whole(text, known, expected):
    from generator.schema import normalize, split_list

    assert split_list(text, frozenset(normalize(name) for name in known)) == expected
