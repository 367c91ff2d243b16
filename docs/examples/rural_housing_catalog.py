"""Writes docs/examples/rural-housing-catalog.xlsx: the fictional 青禾区's 农村危房改造 catalog, laid out
as agencies publish theirs (title row, two-row header, merged 一级事项 and 公开依据, √ marks, 同上,
line breaks in cells, a notes row), from which the demo's entries were imported:

    python docs/examples/rural_housing_catalog.py
    python build.py import docs/examples/rural-housing-catalog.xlsx --domain 农村危房改造 --update-catalog --today 2026-03-25

The same bytes on every run (fixed document dates and zip entry times), so the file is kept in git.
In the cluster demo the imported entries live in content/zhujian/rural-dilapidated-housing-renovation/
(青禾区住房和城乡建设局's folder), and 柳林镇 adds its own town-level entries in content/liulin/.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment

OUTPUT = Path(__file__).with_name("rural-housing-catalog.xlsx")
DAY = datetime(2026, 3, 20)
TITLE = "青禾区农村危房改造领域基层政务公开标准目录"
HEADER = [
    ["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
     "公开对象", None, "公开方式", None, "公开层级", None],
    [None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群众", "主动", "依申请公开", "区级", "乡（镇）级"],
]
REGULATIONS = "【行政法规】《中华人民共和国政府信息公开条例》（国务院令第711号）"
OPINION = ("【部门规范性文件】《住房和城乡建设部 财政部 民政部 国家乡村振兴局关于做好农村低收入群体等重点对象"
           "住房安全保障工作的实施意见》（建村〔2021〕35号）")
FUNDS = "【地方规范性文件】《东陵市农村危房改造补助资金管理办法》"
TWENTY_DAYS = "信息形成或者变更之日起20个工作日内"
HOUSING = "青禾区住房和城乡建设局"
V = "√"
ROWS = [
    [1, "部门文件", None, "农村危房改造有关的部门规范性文件", REGULATIONS, TWENTY_DAYS, HOUSING, "政府网站\n政务服务中心", V, None, V, None, V, None],
    [2, "政策解读", None, "政策文件的解读材料：背景依据、目标任务、主要内容", REGULATIONS, "同上", HOUSING, "政府网站\n两微一端", V, None, V, None, V, None],
    [3, "条件与标准", "补助对象条件", "补助对象范围：农村低保户、农村分散供养特困人员、低保边缘家庭、防止返贫监测对象等，住房经鉴定为C级或D级危房的",
     OPINION, TWENTY_DAYS, HOUSING, "政府网站、村公示栏", V, None, V, None, V, V],
    [4, None, "补助标准", "拆除重建、修缮加固的户均补助标准（元/户）；补助资金拨付方式", None, "同上", "青禾区住房和城乡建设局、青禾区财政局",
     "政府网站\n便民服务站\n入户/现场", V, None, V, None, V, V],
    [5, None, "建设标准", "农房抗震设防要求\n面积标准（1至3人户不低于13平方米/人）\n竣工验收要求", None, "同上", HOUSING,
     "政府网站\n入户/现场", V, None, V, None, V, None],
    [6, "计划实施", "年度任务", "年度改造任务数量及分解到各镇的情况", FUNDS, "任务下达后20个工作日内", HOUSING, "政府网站", V, None, V, None, V, None],
    [7, None, "资金分配", "补助资金分配结果：下达批次、各镇金额", None, "资金下达后20个工作日内", "青禾区财政局", "政府网站", V, None, V, None, V, None],
    [8, "补助对象认定", "申请受理", "申请条件、申请材料、办理流程、受理地点、咨询电话", OPINION, "常年公开", "各镇人民政府",
     "便民服务站\n社区/企事业单位/村公示栏（电子屏）", V, None, V, None, None, V],
    [9, None, "评议公示", "村民代表评议结果（户主姓名、改造方式、补助金额）", None, "评议结束后及时公示，公示期不少于7日", "各村民委员会",
     "村公示栏", None, V, V, None, None, V],
    [10, None, "审批结果", "补助对象审批结果", None, "审批后20个工作日内", HOUSING, "政府网站\n入户/现场", None, V, V, V, V, V],
]
NOTES = "注：1. “√”表示适用。2. 公开时限写“同上”的，与上一行相同。3. 本目录由青禾区住房和城乡建设局编制，自2026年3月起执行。"
# Merged as the agency's table merges them (Excel ranges).
MERGES = ["A1:N1", "A2:A3", "B2:C2", "D2:D3", "E2:E3", "F2:F3", "G2:G3", "H2:H3", "I2:J2", "K2:L2", "M2:N2",
          "B6:B8", "E6:E8", "B9:B10", "E9:E10", "B11:B13", "E11:E13", "A14:N14"]


def workbook_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "农村危房改造"
    for row in [[TITLE], *HEADER, *ROWS, [NOTES]]:
        sheet.append(row)
    for merged in MERGES:
        sheet.merge_cells(merged)
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    for column, width in zip("ABCDEFGHIJKLMN", (5, 10, 12, 30, 36, 18, 16, 20, 6, 6, 6, 6, 6, 6)):
        sheet.column_dimensions[column].width = width
    workbook.properties.creator = "青禾区住房和城乡建设局"
    workbook.properties.created = DAY
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def deterministic(data: bytes) -> bytes:
    """The workbook with its save time and zip entry times fixed: the same bytes on every run."""
    modified = DAY.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                start = content.index(b"<dcterms:modified")
                start = content.index(b">", start) + 1
                content = content[:start] + modified + content[content.index(b"<", start):]
            target.writestr(zipfile.ZipInfo(info.filename, date_time=DAY.timetuple()[:6]), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


if __name__ == "__main__":
    OUTPUT.write_bytes(deterministic(workbook_bytes()))
    print(f"已写入 {OUTPUT}")
