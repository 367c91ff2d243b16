"""`python build.py import`: real catalog tables (.xlsx, .docx, .csv) in, one entry per row, every
cell verbatim; every problem at its cell; nothing written on error or over an existing file.

The tables are made here with openpyxl and python-docx, with what real tables contain: a title
row, the two-row header, cells merged down, every kind of mark, 同上, line breaks, an extra
column, notes rows below."""

from __future__ import annotations

import csv
import html
import importlib.util
import re
from datetime import date

import docx
import openpyxl
import pytest
import yaml
from hypothesis import given, settings, strategies as st
from openpyxl.utils import range_boundaries

from conftest import DEMO_TODAY, REPO, copy_demo, copy_site, tree
from generator.config import load_config
from generator.importers.yaml_text import value as yaml_value
from generator.pipeline import theme_dirs

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
EMPLOYMENT_DOMAIN = """    - slug: employment
      name: 就业
      directory:
        - 就业政策法规
        - 就业服务: [招聘信息]
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
    catalog.write_text(catalog.read_text(encoding="utf-8") + RURAL_DOMAIN + EMPLOYMENT_DOMAIN, encoding="utf-8")
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


def broken_rows() -> tuple[list[list], list[str]]:
    """The real table with one defect of each kind the importer finds in the rows."""
    rows, merges = real_rows()
    rows[3][5] = "同上"  # F4: 同上 in the first row
    rows[4][8] = "x"  # I5: not a mark
    rows[7][1] = None  # B8: no 一级事项
    rows[6][1] = "资金管理"  # B7: not in the directory
    rows[6][2] = "补助申请"  # C7: not under its 一级事项 (now 资金管理: reported once, as new)
    return rows, merges


def test_every_problem_of_the_table_at_its_cell_in_one_run(tmp_path, site, run_import):
    before = tree(site)
    result = run_import(write_xlsx(tmp_path / "目录.xlsx", {"农村危房改造": broken_rows()}), "--domain", DOMAIN)
    where = "目录.xlsx!农村危房改造!"
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{where}F4: 这一格写“同上”，但它在表的第一行，没有可以沿用的内容；请填写实际内容",
        f"{where}I5: “公开对象（全社会）”格中的“x”不是勾选标记；选中的格请写 √（或 ✓ ✔ ● 是 ■ ☑），未选中的留空（或写 □、否）",
        f"{where}B8: 一级事项为空；每一行都须有一级事项（合并的单元格会自动沿用合并的内容；CSV 文件不保留合并，请把空格填上，或改为导入 .xlsx）",
        f"{where}B7: 一级事项“资金管理”不在 catalog.yaml 领域“农村危房改造”的标准目录中；核对名称，或加 --update-catalog 把它加入目录",
        f"{where}C7: 二级事项“补助申请”不在 catalog.yaml 领域“农村危房改造”一级事项“资金管理”之下；核对名称，或加 --update-catalog 把它加入目录",
        "导入失败：5 个问题；没有写入任何文件。",
    ]
    assert tree(site) == before


def test_a_row_with_同上_under_an_empty_cell_is_reported(tmp_path, site, run_import):
    rows, merges = real_rows()
    rows[7][14] = "同上"  # O8, under the empty O7... of row 6 (补助标准 has no 过程)
    rows[6][14], rows[7][14] = None, "同上"
    result = run_import(write_xlsx(tmp_path / "目录.xlsx", {"农村危房改造": (rows, merges)}), "--domain", DOMAIN)
    assert result.err.splitlines()[0] == "目录.xlsx!农村危房改造!O8: 这一格写“同上”，但上一行的这一格是空的，没有可以沿用的内容；请填写实际内容"


def test_columns_are_found_by_their_header_text_not_by_position(tmp_path, site, run_import):
    rows, merges = real_rows()
    for row in rows[1:3 + len(DATA)]:
        row[6], row[7] = row[7], row[6]  # 公开主体 and 公开渠道和载体 swapped round
    rows[1][6] = "公开渠道\n和 载体"  # a line break and a space in a header
    rows[1][3] = "公开内容(要素)"  # half-width brackets
    rows[2][9] = "特定\n群众"
    result = run_import(write_xlsx(tmp_path / "目录.xlsx", {"农村危房改造": (rows, merges)}), "--domain", DOMAIN)
    assert result.code == 0, result.err
    assert entry_files(site) == EXPECTED


def test_an_unknown_column_is_named_with_the_recognised_ones(tmp_path, site, run_import):
    rows, merges = real_rows()
    rows[1].append("责任科室")
    rows[2].append(None)
    rows[3].append("村镇建设科")
    result = run_import(write_xlsx(tmp_path / "目录.xlsx", {"农村危房改造": (rows, merges + ["P2:P3"])}), "--domain", DOMAIN)
    assert result.code == 1
    assert result.err.splitlines() == [
        "目录.xlsx!农村危房改造!P2: 列“责任科室”不是标准目录的列，也没有在 catalog.yaml 领域“农村危房改造”的“自定义列”中声明"
        "（识别的列：序号、一级事项、二级事项、公开内容（要素）、公开依据、公开时限、公开主体、公开渠道和载体、公开对象、公开方式、公开层级、过程）；"
        "若是本地增加的列，加 --update-catalog 把它加入 自定义列",
        "导入失败（catalog.yaml 缺少表中的事项、表头选项或列；核对后可加 --update-catalog 一并添加）：1 个问题；没有写入任何文件。",
    ]


def test_header_problems(tmp_path, site, run_import):
    rows, merges = real_rows()
    rows[1][6] = "主办单位"  # G: 公开主体 missing, an unknown column instead
    rows[1][12], rows[2][12] = "公开对象", "全社会"  # M3: 公开对象（全社会） twice
    rows[1].append(None)
    rows[3].append("没有表头的内容")  # P4
    result = run_import(write_xlsx(tmp_path / "目录.xlsx", {"农村危房改造": (rows, merges)}), "--domain", DOMAIN)
    assert result.code == 1
    assert result.err.splitlines()[:3] == [
        "目录.xlsx!农村危房改造!P2: 这一列有内容，但没有表头；请在表头中写上列名",
        "目录.xlsx!农村危房改造!M3: 列“公开对象（全社会）”出现了两次（目录.xlsx!农村危房改造!I3 已有）；请删去或改名其中一列",
        "目录.xlsx!农村危房改造!A2: 表头中没有“公开主体”列（表头中的列：序号、一级事项、二级事项、公开内容（要素）、公开依据、公开时限、主办单位、"
        "公开渠道和载体、公开对象、公开方式、过程）；请补上这一列或改正列名",
    ]


def test_a_sheet_without_a_header(tmp_path, site, run_import):
    result = run_import(write_xlsx(tmp_path / "目录.xlsx", {"Sheet1": ([["名单"], ["张三", "李四"]], [])}), "--domain", DOMAIN)
    assert (result.code, result.err.splitlines()) == (1, [
        "目录.xlsx!Sheet1!A1: 前 11 行中找不到表头（应有“一级事项”或“公开事项”列）；请确认这是标准目录表",
        "导入失败：1 个问题；没有写入任何文件。",
    ])


def test_a_csv_keeps_no_merges_so_an_empty_一级事项_is_an_error_at_its_row_and_column(tmp_path, site, run_import):
    rows, merges = real_rows()
    result = run_import(write_csv(tmp_path / "目录.csv", rows, "gb18030"), "--domain", DOMAIN)
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        "目录.csv:6:2: 一级事项为空；每一行都须有一级事项（合并的单元格会自动沿用合并的内容；CSV 文件不保留合并，请把空格填上，或改为导入 .xlsx）")


def test_one_domain_per_sheet_chosen_with_sheet(tmp_path, site, run_import):
    # One header row; 公开对象, 公开方式 and 公开层级 printed as words, not as marks.
    social = ([["序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象", "公开方式", "公开层级"],
               ["1", "临时救助", None, "救助结果", "《社会救助暂行办法》", "20个工作日内", "民政局", "政府网站", "全社会", "主动", "县级、乡级"]], [])
    workbook = write_xlsx(tmp_path / "目录.xlsx", {"社会救助": social, "农村危房改造": real_rows(), "Sheet3": ([], [])})
    several = run_import(workbook, "--domain", DOMAIN)
    assert (several.code, several.err) == (2, "build.py import: 目录.xlsx: 文件中有 2 个有内容的工作表（社会救助、农村危房改造）；"
                                              "请用 --sheet 指定要导入的一个，例如 --sheet 社会救助\n")
    unknown = run_import(workbook, "--domain", DOMAIN, "--sheet", "危房")
    assert (unknown.code, unknown.err) == (2, "build.py import: 目录.xlsx: 没有名为“危房”的工作表；有内容的工作表：社会救助、农村危房改造\n")
    assert run_import(workbook, "--domain", DOMAIN, "--sheet", "农村危房改造").code == 0
    assert entry_files(site) == EXPECTED
    assert run_import(workbook, "--domain", "社会救助", "--sheet", "社会救助").code == 0
    assert "公开对象: 全社会\n公开方式: 主动\n公开层级: 县级、乡级\n" in (site / "content/social-assistance/lin-shi-jiu-zhu.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix, message", [
    (".xls", "目录.xls: 旧版 Excel（.xls）文件无法直接读取；请在 Excel 或 WPS 中打开，“另存为” Excel 工作簿（.xlsx），再导入新文件"),
    (".doc", "目录.doc: 旧版 Word（.doc）文件无法直接读取；请在 Word 或 WPS 中打开，“另存为” Word 文档（.docx），再导入新文件"),
    (".pdf", "目录.pdf: 只能导入 .xlsx、.csv 和 .docx 文件"),
])
def test_files_that_cannot_be_read_say_what_to_do(tmp_path, site, run_import, suffix, message):
    path = tmp_path / f"目录{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0 old binary format")
    result = run_import(path, "--domain", DOMAIN)
    assert (result.code, result.err) == (2, f"build.py import: {message}\n")


def test_a_damaged_workbook_and_unknown_arguments(tmp_path, site, run_import):
    damaged = tmp_path / "目录.xlsx"
    damaged.write_bytes(b"not a zip")
    result = run_import(damaged, "--domain", DOMAIN)
    assert result.code == 2 and result.err.startswith("build.py import: 目录.xlsx: 无法作为 Excel（.xlsx）文件读取（")
    assert run_import(tmp_path / "无.xlsx", "--domain", DOMAIN).err == f"build.py import: 找不到文件 {tmp_path / '无.xlsx'}\n"
    unknown = run_import(damaged, "--domain", "危房")
    assert unknown.code == 2 and unknown.err.startswith("build.py import: 没有名为“危房”的领域；可用：social-assistance（社会救助）")


def test_existing_files_are_never_overwritten(tmp_path, site, run_import):
    workbook = write_xlsx(tmp_path / "目录.xlsx", {"农村危房改造": real_rows()})
    assert run_import(workbook, "--domain", DOMAIN).code == 0
    edited = site / FOLDER / "bu-men-wen-jian.md"
    edited.write_text("编辑改过的内容", encoding="utf-8")
    (site / FOLDER / "ping-yi-gong-shi.md").unlink()
    again = run_import(workbook, "--domain", DOMAIN)
    assert again.code == 1
    assert again.err.splitlines() == [
        f"{FOLDER}/{name}: 已存在，未覆盖（来自 目录.xlsx!农村危房改造!{cell} 所在行）；要重新导入，请先删除或改名这个文件"
        for name, cell in (("bu-men-wen-jian.md", "A4"), ("bu-zhu-dui-xiang-tiao-jian.md", "A5"), ("bu-zhu-biao-zhun.md", "A6"),
                           ("shen-pi-jie-guo.md", "A8"))
    ]
    assert again.out.splitlines()[-1] == (f"已导入 1 个条目到 {FOLDER}/（来自 目录.xlsx!农村危房改造）；4 个文件已存在，未覆盖。"
                                          "请运行 python build.py check 检查。")
    assert edited.read_text(encoding="utf-8") == "编辑改过的内容"
    assert entry_files(site)["ping-yi-gong-shi.md"] == EXPECTED["ping-yi-gong-shi.md"]


def test_rows_with_the_same_item_get_numbered_file_names(tmp_path, site, run_import):
    rows, merges = real_rows()
    rows[7][2] = "评议公示"  # two rows under 补助对象认定 / 评议公示
    assert run_import(write_xlsx(tmp_path / "目录.xlsx", {"农村危房改造": (rows, merges)}), "--domain", DOMAIN).code == 0
    assert sorted(entry_files(site)) == ["bu-men-wen-jian.md", "bu-zhu-biao-zhun.md", "bu-zhu-dui-xiang-tiao-jian.md",
                                         "ping-yi-gong-shi-2.md", "ping-yi-gong-shi.md"]


def test_dry_run_prints_what_would_be_written_and_writes_nothing(tmp_path, site, run_import):
    before = tree(site)
    result = run_import(write_xlsx(tmp_path / "目录.xlsx", {"农村危房改造": real_rows()}), "--domain", DOMAIN, "--dry-run")
    assert (result.code, result.err) == (0, "")
    assert tree(site) == before
    out = result.out
    assert out.startswith("\n".join(SKIPPED) + "\n")
    for name, text in EXPECTED.items():
        cell = re.search(r"!(A\d+) 所在的行", text).group(1)
        assert f"将写入 {FOLDER}/{name}（来自 目录.xlsx!农村危房改造!{cell} 所在行）：\n{text}" in out
    assert out.splitlines()[-1] == f"预演（--dry-run）：将写入 5 个条目到 {FOLDER}/（来自 目录.xlsx!农村危房改造）。"


NEW_THINGS_DOMAIN = RURAL_DOMAIN.replace("      自定义列: [过程]\n", "")


def new_things_rows() -> tuple[list[list], list[str]]:
    """The real table naming items, labels and a column catalog.yaml does not have yet."""
    rows, merges = real_rows()
    rows[2][9] = "特定群体"  # J3
    rows[1][12], rows[2][12], rows[2][13] = "公开层级", "县级", "乡级"  # M3, N3
    rows[6][1], rows[6][2] = "资金管理", "资金分配"  # a new 一级事项 with its 二级事项
    rows[7][2] = "补助申请"  # a new 二级事项 under 补助对象认定
    rows[3][2] = "政策文件"  # a 二级事项 under 部门文件, which has none yet
    return rows, merges


def test_update_catalog_adds_items_labels_and_columns_keeping_the_comments(tmp_path, site, run_import, run_build):
    catalog = site / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(RURAL_DOMAIN, NEW_THINGS_DOMAIN), encoding="utf-8")
    before = catalog.read_text(encoding="utf-8")
    workbook = write_xlsx(tmp_path / "目录.xlsx", {"农村危房改造": new_things_rows()})
    refused = run_import(workbook, "--domain", DOMAIN)
    where = "目录.xlsx!农村危房改造!"
    assert refused.code == 1
    assert refused.err.splitlines()[:-1] == [
        f"{where}C4: 二级事项“政策文件”不在 catalog.yaml 领域“农村危房改造”一级事项“部门文件”之下；核对名称，或加 --update-catalog 把它加入目录",
        f"{where}B7: 一级事项“资金管理”不在 catalog.yaml 领域“农村危房改造”的标准目录中；核对名称，或加 --update-catalog 把它加入目录",
        f"{where}C7: 二级事项“资金分配”不在 catalog.yaml 领域“农村危房改造”一级事项“资金管理”之下；核对名称，或加 --update-catalog 把它加入目录",
        f"{where}C8: 二级事项“补助申请”不在 catalog.yaml 领域“农村危房改造”一级事项“补助对象认定”之下；核对名称，或加 --update-catalog 把它加入目录",
        f"{where}J3: 表头选项“特定群体”不在 catalog.yaml 领域“农村危房改造”的“公开对象”选项中（现有：全社会、特定群众）；"
        "加 --update-catalog 把该领域的“公开对象”选项改为表中的：全社会、特定群体",
        f"{where}M3: 表头选项“县级”不在 catalog.yaml 领域“农村危房改造”的“公开层级”选项中（现有：区级、乡（镇）级）；"
        "加 --update-catalog 把该领域的“公开层级”选项改为表中的：县级、乡级",
        f"{where}N3: 表头选项“乡级”不在 catalog.yaml 领域“农村危房改造”的“公开层级”选项中（现有：区级、乡（镇）级）；"
        "加 --update-catalog 把该领域的“公开层级”选项改为表中的：县级、乡级",
        f"{where}O2: 列“过程”不是标准目录的列，也没有在 catalog.yaml 领域“农村危房改造”的“自定义列”中声明"
        "（识别的列：序号、一级事项、二级事项、公开内容（要素）、公开依据、公开时限、公开主体、公开渠道和载体、公开对象、公开方式、公开层级）；"
        "若是本地增加的列，加 --update-catalog 把它加入 自定义列",
    ]
    assert catalog.read_text(encoding="utf-8") == before and entry_files(site) == {}
    preview = run_import(workbook, "--domain", DOMAIN, "--update-catalog", "--dry-run")
    assert preview.code == 0 and "将在 catalog.yaml 中添加（预演，未写入）：" in preview.out
    assert catalog.read_text(encoding="utf-8") == before and entry_files(site) == {}
    updated = run_import(workbook, "--domain", DOMAIN, "--update-catalog")
    assert updated.code == 0, updated.err
    assert catalog.read_text(encoding="utf-8") == before.replace(NEW_THINGS_DOMAIN, """
    - slug: rural-dilapidated-housing-renovation
      name: 农村危房改造
      article20: [11]   # 住房安全保障
      directory:
        - 部门文件: [政策文件]
        - 条件与标准: [补助对象条件, 补助标准]
        - 补助对象认定: [评议公示, 审批结果, 补助申请]
        - 资金管理: [资金分配]
      表头选项:
        公开对象: [全社会, 特定群体]
        公开方式: [主动, 依申请公开]
        公开层级: [县级, 乡级]
      自定义列: [过程]
""")
    assert "已在 catalog.yaml 中添加：" in updated.out
    assert len(entry_files(site)) == 5
    checked = run_build("check", "--site", site)
    assert checked.code == 0, checked.err


def test_update_catalog_gives_a_domain_its_own_labels_and_a_table_without_公开层级(tmp_path, site, run_import, run_build):
    rows = [["青禾区就业领域基层政务公开标准目录"],
            ["序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象", None, "公开方式", None],
            [None, None, None, None, None, None, None, None, "全社会", "特定群众", "主动", "依申请"],
            ["1", "就业服务", "招聘信息", "岗位、人数、条件", "《就业服务与就业管理规定》", "实时", "人力资源和社会保障局", "政府网站", "√", None, "√", None]]
    catalog = site / "catalog.yaml"
    before = catalog.read_text(encoding="utf-8")
    result = run_import(write_csv(tmp_path / "就业.csv", rows, "utf-8"), "--domain", "就业", "--update-catalog")
    assert result.code == 0, result.err
    assert catalog.read_text(encoding="utf-8") == before.replace("""        - 就业服务: [招聘信息]
""", """        - 就业服务: [招聘信息]
      表头选项:
        公开对象: [全社会, 特定群众]
        公开层级: []
""")
    text = (site / "content/employment/zhao-pin-xin-xi.md").read_text(encoding="utf-8")
    assert "公开对象: 全社会\n公开方式: 主动\n更新日期" in text  # no 公开层级 key
    checked = run_build("check", "--site", site)
    assert checked.code == 0, checked.err


TRICKY = ["【法律】《条例》", "：冒号开头", "#不是注释", "a # b", "引号\"和'单引号'", "- 像列表", "* 星号", "& 锚", "! 标签",
          "% 百分号", "@ at", "`反引号`", "[方括号]", "{花括号}", "| 竖线", "> 大于", "? 问号", "yes", "null", "~", "2020",
          "2020-01-01", "0x1F", "1e3", "  前后空格  ", "第一行\n\n第三行", " 缩进的第一行\n第二行", "行尾空格 \n下一行", "制表\t符",
          "a: b", "同上", "√", "\u2028", "\ufeffBOM"]


@pytest.mark.parametrize("text", TRICKY)
def test_front_matter_values_read_back_exactly(text):
    assert yaml.safe_load(f"k: {yaml_value(text)}")["k"] == text


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1))
def test_any_text_reads_back_exactly(text):
    assert yaml.safe_load(f"k: {yaml_value(text)}")["k"] == text


def test_import_has_help(run_build):
    with pytest.raises(SystemExit) as exit_info:
        run_build("import", "--help")
    assert exit_info.value.code == 0


def test_the_workbook_kept_in_the_repository_imports_into_the_demo_configuration(tmp_path, run_build, demo_site):
    """docs/examples/rural-housing-catalog.xlsx is what its script writes, byte for byte, and importing it into
    a copy of the demo without that domain's entries gives its ten entries, which pass `check`. (Not compared
    with the demo's own 农村危房改造 entries: editors may change those any day; see tests/conftest.py.)"""
    spec = importlib.util.spec_from_file_location("rural_housing_catalog", REPO / "docs/examples/rural_housing_catalog.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    workbook = REPO / "docs/examples/rural-housing-catalog.xlsx"
    assert script.deterministic(script.workbook_bytes()) == workbook.read_bytes()
    site = copy_demo(tmp_path / "site", demo_site)
    config, _ = load_config(site, theme_dirs(site))
    # The agency whose catalog has the domain (in a cluster, the first that publishes it).
    agency = next(a for a in config.all_agencies if any(d.slug == DOMAIN for d in a.domains))
    folder = site / "content" / next(d.folder for d in agency.domains if d.slug == DOMAIN)
    for path in folder.glob("*.md"):
        path.unlink()
    chosen = ("--agency", agency.slug) if agency.slug else ()
    result = run_build("import", workbook, "--domain", "农村危房改造", "--update-catalog", "--site", site, "--today", "2026-03-25", *chosen)
    assert result.code == 0, result.err
    assert len(list(folder.glob("*.md"))) == 10
    check = run_build("check", "--site", site, "--today", DEMO_TODAY.isoformat())
    assert check.code == 0, check.err


def test_an_item_that_starts_like_a_note_is_still_a_row(tmp_path, site, run_import):
    rows, merges = real_rows()
    catalog = site / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("        - 部门文件\n", "        - 注销登记\n"), encoding="utf-8")
    rows[3][0], rows[3][1] = None, "注销登记"  # no 序号: the row's text starts with 注
    result = run_import(write_xlsx(tmp_path / "目录.xlsx", {"农村危房改造": (rows, merges)}), "--domain", DOMAIN)
    assert result.code == 0, result.err
    assert "zhu-xiao-deng-ji.md" in entry_files(site)


def test_a_row_without_二级事项_under_an_item_that_has_them(tmp_path, site, run_import):
    rows, merges = real_rows()
    rows[7][2] = None  # C8: 补助对象认定 lists 评议公示, 审批结果
    result = run_import(write_xlsx(tmp_path / "目录.xlsx", {"农村危房改造": (rows, merges)}), "--domain", DOMAIN, "--update-catalog")
    assert result.code == 1
    assert result.err.splitlines() == [
        "目录.xlsx!农村危房改造!C8: 二级事项为空，而一级事项“补助对象认定”在 catalog.yaml 领域“农村危房改造”的标准目录中列有二级事项"
        "（评议公示、审批结果）；请填写其中之一，或在 catalog.yaml 中调整该一级事项",
        "导入失败：1 个问题；没有写入任何文件。",
    ]


WORDS = ["", "", "", "序号", "公开事项", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体",
         "公开渠道和载体", "公开对象", "公开方式", "公开层级", "全社会", "特定群众", "主动", "依申请", "县级", "乡、村级", "过程",
         "√", "●", "□", "否", "x", "同上", "注：说明", "部门文件", "条件与标准", "补助标准", "新事项", "a: b\n# c", "【法律】"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=9), min_size=1, max_size=7),
       st.lists(st.tuples(st.integers(0, 6), st.integers(0, 8), st.integers(0, 2), st.integers(0, 2)), max_size=3))
def test_any_table_gives_entries_or_problems_never_an_exception(grid, merges):
    """Random grids of header words, marks and texts with random merges: the importer's stages, and the
    catalog edit of what they find, always end in a result or in messages."""
    from generator.config import load_config
    from generator.importers.catalog_edit import update_catalog
    from generator.importers.entries import additions, drafts
    from generator.importers.grid import make_sheet
    from generator.importers.table import read_table

    texts = {(r, c): text for r, row in enumerate(grid) for c, text in enumerate(row)}
    anchors = {}
    for r, c, down, across in merges:
        for position in ((r + i, c + j) for i in range(down + 1) for j in range(across + 1)):
            anchors.setdefault(position, (r, c))
    sheet = make_sheet("表", "目录.xlsx!表", texts, anchors, lambda r, c: f"目录.xlsx!表!R{r + 1}C{c + 1}")
    site = REPO / "tests/fixtures/sites/minimal"
    config, _ = load_config(site, (REPO / "themes",))
    domain = config.agency.domains[0]
    table, problems = read_table(sheet, domain.extra_columns)
    assert table is not None or problems
    if table is None:
        return
    found, rows, row_problems = drafts(table, date(2026, 11, 26))
    missing, fixable, errors = additions(table, rows, domain)
    for problem in [*problems, *row_problems, *fixable, *errors]:
        assert problem.where.startswith("目录.xlsx!表") and problem.message
    text = (site / "catalog.yaml").read_text(encoding="utf-8")
    yaml.compose(update_catalog(text, domain.slug, missing, domain.extra_columns))
    for draft in found:
        yaml.safe_load(draft.text().split("---\n")[1])


def test_channels_printed_as_marked_columns_become_the_marked_names(tmp_path, site, run_import):
    rows = [["序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", None, None,
             "公开对象", None, "公开方式", None, "公开层级", None, "过程"],
            [None, None, None, None, None, None, None, "政府网站", "政务服务中心", "村公示栏", "全社会", "特定群众", "主动", "依申请公开",
             "区级", "乡（镇）级", None],
            ["1", "部门文件", None, "文件", "依据", "时限", "主体", "■", "□", "■", "√", None, "√", None, "√", None, "决策"],
            ["2", "政策解读", None, "解读", "依据", "时限", "主体", "□", "□", "□", "√", None, "√", None, "√", None, "决策"]]
    catalog = site / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("        - 部门文件\n", "        - 部门文件\n        - 政策解读\n"),
                       encoding="utf-8")
    result = run_import(write_csv(tmp_path / "目录.csv", rows, "gb18030"), "--domain", DOMAIN)
    assert result.code == 0, result.err
    assert "公开主体: 主体\n公开渠道和载体: 政府网站、村公示栏\n公开对象: 全社会\n" in entry_files(site)["bu-men-wen-jian.md"]
    assert "公开渠道和载体: 未注明\n" in entry_files(site)["zheng-ce-jie-du.md"]
