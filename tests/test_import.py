"""`python build.py import`: real catalog tables (.xlsx, .docx, .csv) in, one entry per row, every
cell verbatim; every problem at its cell; nothing written on error or over an existing file.

The tables are made here with openpyxl and python-docx, with what real tables contain: a title
row, the two-row header, cells merged down, every kind of mark, 同上, line breaks, an extra
column, notes rows below."""

from __future__ import annotations

import csv
import html
import re

import docx
import openpyxl
import pytest
import yaml
from hypothesis import given, settings, strategies as st
from openpyxl.utils import range_boundaries

from conftest import copy_site, tree
from generator.importers.yaml_text import value as yaml_value

DOMAIN = "rural-dilapidated-housing-renovation"
FOLDER = f"content/{DOMAIN}"
RURAL_DOMAIN = """
    - slug: rural-dilapidated-housing-renovation
      name: 农村危房改造
      article20: [11]   # 住房安全保障
      directory:
        - 部门文件
        - 条件与标准: [补助对象条件, 补助标准]
        - 补助对象认定: [评议公示, 审批结果]
      表头选项:
        公开对象: [全社会, 特定群众]
        公开方式: [主动, 依申请公开]
        公开层级: [区级, 乡（镇）级]
      自定义列: [过程]
"""

HEADER = [
    ["序号", "公开事项", None, "公开内容\n（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
     "公开对象", None, "公开方式", None, "公开层级", None, "过程"],
    [None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群众", "主动", "依申请公开", "区级", "乡（镇）级", None],
]
HEADER_MERGES = ["A2:A3", "B2:C2", "D2:D3", "E2:E3", "F2:F3", "G2:G3", "H2:H3", "I2:J2", "K2:L2", "M2:N2", "O2:O3"]
BASIS = "《住房和城乡建设部 财政部 民政部 国家乡村振兴局关于做好农村低收入群体等重点对象住房安全保障工作的实施意见》（建村〔2021〕35号）"
DATA = [
    [1, "部门文件", None, "农村危房改造政策文件", "【法律】《中华人民共和国政府信息公开条例》",
     "信息形成或者变更之日起20个工作日内", "青禾区住房和城乡建设局", "政府网站\n政务服务中心", "√", None, "√", None, "√", None, "决策"],
    [2, "条件与标准", "补助对象条件", "补助对象：农村低保户、分散供养特困人员\n# 不含城镇户籍", BASIS,
     "信息形成或者变更之日起20个工作日内", "青禾区住房和城乡建设局", "政府网站、村公示栏", "✓", "●", "是", None, "■", "☑", "执行"],
    [3, None, "补助标准", '"拆除重建"35000元/户：修缮加固15000元/户', None,
     "同上", "同上", "其他（入户宣传）", "√", "□", "√", "否", "√", None, None],
    [4, "补助对象认定", "评议公示", "评议结果", None, "公示7个工作日", "各镇人民政府", "村公示栏（电子屏）",
     None, "√", "√", None, None, "√", "结果"],
    [None, "补助对象认定", "审批结果", "审批结果", "《东陵市农村危房改造补助资金管理办法》", "审批后20个工作日内",
     "青禾区住房和城乡建设局", "政府网站", None, None, None, None, None, None, "结果"],
]
DATA_MERGES = ["B5:B6", "E5:E6"]
TITLE = "青禾区农村危房改造领域基层政务公开标准目录"
NOTES = ["注：1. 表中“√”表示适用。", "2. 本目录自2026年1月1日起执行。"]


def real_rows() -> tuple[list[list], list[str]]:
    """The table as a sheet prints it: title row, two header rows, data, notes; and its merges."""
    rows = [[TITLE], *(list(row) for row in (*HEADER, *DATA)), [NOTES[0]], [NOTES[1]]]
    notes_row = 1 + len(HEADER) + len(DATA) + 1
    merges = ["A1:O1", *HEADER_MERGES, *DATA_MERGES, f"A{notes_row}:O{notes_row}"]
    return rows, merges


def write_xlsx(path, sheets: dict[str, tuple[list[list], list[str]]]):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, (rows, merges) in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for merged in merges:
            sheet.merge_cells(merged)
    workbook.save(path)
    return path


def write_docx(path, rows: list[list], merges: list[str]):
    """A Word table: merges become w:gridSpan and w:vMerge, as Word writes them."""
    document = docx.Document()
    document.add_paragraph(TITLE)
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                table.cell(r, c).text = str(value)
    for merged in merges:
        first_column, first_row, last_column, last_row = range_boundaries(merged)
        anchor = table.cell(first_row - 1, first_column - 1)
        text = anchor.text
        anchor.merge(table.cell(last_row - 1, last_column - 1)).text = text
    document.save(path)
    return path


def write_csv(path, rows: list[list], encoding: str):
    with open(path, "w", encoding=encoding, newline="") as file:
        csv.writer(file).writerows([["" if value is None else value for value in row] for row in rows])
    return path


def filled(rows: list[list], merges: list[str]) -> list[list]:
    """The rows with every merged value written in each cell it covers (what a CSV must hold)."""
    rows = [list(row) + [None] * (15 - len(row)) for row in rows]
    for merged in merges:
        first_column, first_row, last_column, last_row = range_boundaries(merged)
        if first_row == last_row:
            continue  # merged across only: title, group headers, notes
        for r in range(first_row, last_row + 1):
            rows[r - 1][first_column - 1] = rows[first_row - 1][first_column - 1]
    return rows


@pytest.fixture
def site(tmp_path):
    site = copy_site("minimal", tmp_path / "site")
    catalog = site / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8") + RURAL_DOMAIN, encoding="utf-8")
    return site


@pytest.fixture
def run_import(run_build, site):
    def run(*args):
        return run_build("import", *args, "--site", site)

    return run


def entry_files(site) -> dict[str, str]:
    folder = site / FOLDER
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.md"))} if folder.is_dir() else {}


EXPECTED = {
    "bu-men-wen-jian.md": """---
# 由 python build.py import 从 目录.xlsx!农村危房改造!A4 所在的行导入
序号: "1"
一级事项: 部门文件
公开内容（要素）: 农村危房改造政策文件
公开依据: 【法律】《中华人民共和国政府信息公开条例》
公开时限: 信息形成或者变更之日起20个工作日内
公开主体: 青禾区住房和城乡建设局
公开渠道和载体: |-
  政府网站
  政务服务中心
公开对象: 全社会
公开方式: 主动
公开层级: 区级
过程: 决策
更新日期: 2026-11-26
---
""",
    "bu-zhu-dui-xiang-tiao-jian.md": f"""---
# 由 python build.py import 从 目录.xlsx!农村危房改造!A5 所在的行导入
序号: "2"
一级事项: 条件与标准
二级事项: 补助对象条件
公开内容（要素）: |-
  补助对象：农村低保户、分散供养特困人员
  # 不含城镇户籍
公开依据: {BASIS}
公开时限: 信息形成或者变更之日起20个工作日内
公开主体: 青禾区住房和城乡建设局
公开渠道和载体: 政府网站、村公示栏
公开对象: 全社会、特定群众
公开方式: 主动
公开层级: 区级、乡（镇）级
过程: 执行
更新日期: 2026-11-26
---
""",
    "bu-zhu-biao-zhun.md": f"""---
# 由 python build.py import 从 目录.xlsx!农村危房改造!A6 所在的行导入
序号: "3"
一级事项: 条件与标准
二级事项: 补助标准
公开内容（要素）: "\\"拆除重建\\"35000元/户：修缮加固15000元/户"
公开依据: {BASIS}
公开时限: 同上
公开主体: 同上
公开渠道和载体: 其他（入户宣传）
公开对象: 全社会
公开方式: 主动
公开层级: 区级
更新日期: 2026-11-26
---
""",
    "ping-yi-gong-shi.md": """---
# 由 python build.py import 从 目录.xlsx!农村危房改造!A7 所在的行导入
序号: "4"
一级事项: 补助对象认定
二级事项: 评议公示
公开内容（要素）: 评议结果
公开依据: 未注明
公开时限: 公示7个工作日
公开主体: 各镇人民政府
公开渠道和载体: 村公示栏（电子屏）
公开对象: 特定群众
公开方式: 主动
公开层级: 乡（镇）级
过程: 结果
更新日期: 2026-11-26
---
""",
    "shen-pi-jie-guo.md": """---
# 由 python build.py import 从 目录.xlsx!农村危房改造!A8 所在的行导入
一级事项: 补助对象认定
二级事项: 审批结果
公开内容（要素）: 审批结果
公开依据: 《东陵市农村危房改造补助资金管理办法》
公开时限: 审批后20个工作日内
公开主体: 青禾区住房和城乡建设局
公开渠道和载体: 政府网站
公开对象: 未注明
公开方式: 未注明
公开层级: 未注明
过程: 结果
更新日期: 2026-11-26
---
""",
}
SKIPPED = [
    f"跳过 目录.xlsx!农村危房改造!A1（标题行）：{TITLE}",
    f"跳过 目录.xlsx!农村危房改造!A9（注释行）：{NOTES[0]}",
    f"跳过 目录.xlsx!农村危房改造!A10（注释行）：{NOTES[1]}",
]


def without_source_line(files: dict[str, str]) -> dict[str, str]:
    return {name: re.sub(r"^# 由 .*\n", "", text, flags=re.M) for name, text in files.items()}


def test_a_real_table_comes_through_cell_for_cell(tmp_path, site, run_import):
    table = write_xlsx(tmp_path / "目录.xlsx", {"农村危房改造": real_rows()})
    result = run_import(table, "--domain", DOMAIN)
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[:3] == SKIPPED
    assert result.out.splitlines()[-1] == (f"已导入 5 个条目到 {FOLDER}/（来自 目录.xlsx!农村危房改造）。"
                                           "请运行 python build.py check 检查。")
    assert entry_files(site) == EXPECTED


def test_every_front_matter_value_reads_back_as_the_cell(tmp_path, site, run_import):
    run_import(write_xlsx(tmp_path / "目录.xlsx", {"农村危房改造": real_rows()}), "--domain", "农村危房改造")
    meta = yaml.safe_load(entry_files(site)["bu-zhu-dui-xiang-tiao-jian.md"].split("---")[1])
    assert meta["公开内容（要素）"] == DATA[1][3]
    assert meta["公开依据"] == BASIS and meta["序号"] == "2"
    quoted = yaml.safe_load(entry_files(site)["bu-zhu-biao-zhun.md"].split("---\n")[1])
    assert quoted["公开内容（要素）"] == DATA[2][3]


def test_the_same_table_from_word_and_from_csv_gives_the_same_entries(tmp_path, site, run_import, run_build):
    rows, merges = real_rows()
    run_import(write_xlsx(tmp_path / "目录.xlsx", {"农村危房改造": (rows, merges)}), "--domain", DOMAIN)
    from_xlsx = without_source_line(entry_files(site))
    for source, sheet in ((write_docx(tmp_path / "目录.docx", rows, merges), "表1"),
                          (write_csv(tmp_path / "目录.csv", filled(rows, merges), "gb18030"), "目录"),
                          (write_csv(tmp_path / "目录-bom.csv", filled(rows, merges), "utf-8-sig"), "目录-bom"),
                          (write_csv(tmp_path / "目录-utf8.csv", filled(rows, merges), "utf-8"), "目录-utf8")):
        for path in (site / FOLDER).glob("*.md"):
            path.unlink()
        result = run_import(source, "--domain", DOMAIN)
        assert result.code == 0, result.err
        assert without_source_line(entry_files(site)) == from_xlsx, source.name
    assert "# 由 python build.py import 从 目录-utf8.csv:4:1 所在的行导入" in entry_files(site)["bu-men-wen-jian.md"]


def test_word_cells_are_named_by_table_row_and_column(tmp_path, site, run_import):
    rows, merges = real_rows()
    rows[4][8] = "x"
    result = run_import(write_docx(tmp_path / "目录.docx", rows, merges), "--domain", DOMAIN)
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        "目录.docx!表1!R5C9: “公开对象（全社会）”格中的“x”不是勾选标记；选中的格请写 √（或 ✓ ✔ ● 是 ■ ☑），未选中的留空（或写 □、否）"
        )


def test_round_trip_the_domain_page_shows_every_cell_verbatim(tmp_path, site, run_import, run_build):
    imported = run_import(write_xlsx(tmp_path / "目录.xlsx", {"农村危房改造": real_rows()}), "--domain", DOMAIN)
    assert imported.code == 0, imported.err
    checked = run_build("check", "--site", site)
    assert checked.code == 0, checked.err
    built = run_build("build", "--site", site)
    assert built.code == 0, built.err
    page = html.unescape((site / "public/catalog" / DOMAIN / "index.html").read_text(encoding="utf-8"))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    for row in DATA:
        for value in row[1:8]:
            if value and value != "同上":
                for line in str(value).split("\n"):
                    assert line in text, line
    for label in ("特定群众", "依申请公开", "区级", "乡（镇）级", "过程", "执行", "未注明"):
        assert label in text
    table = text[text.index("补助标准"):]
    assert "同上" not in table  # resolved to the row above by the build
