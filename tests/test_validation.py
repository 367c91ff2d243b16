"""Every validation error, each from one defect in the minimal site, with its exact message.

Error messages are API: editors and tools read them. Each case edits a copy of
tests/fixtures/sites/minimal and expects exactly these diagnostic lines, a
non-zero exit, and no output folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import copy_site
from generator.load import SAVE_AS_UTF8

ENTRY = "content/social-assistance/dibao-shenpi.md"
GUIDE = "content/guide/index.md"
STATUTORY = "content/statutory/2026-yusuan-baogao.md"


@dataclass
class Case:
    name: str
    expected: list[str]
    replace: list[tuple[str, str, str]] = field(default_factory=list)  # (file, old, new)
    write: dict[str, str | bytes] = field(default_factory=dict)
    delete: list[str] = field(default_factory=list)
    copy: dict[str, str] = field(default_factory=dict)  # new file ← existing file


ENTRY_FRONT = """---
一级事项: 综合业务
公开内容（要素）: 申请条件
公开依据: 《社会救助暂行办法》
公开时限: 10个工作日内
公开主体: 测试区民政局
公开渠道和载体: 政府网站
公开对象: 全社会
公开方式: 主动
公开层级: 县级
更新日期: 2026-03-15
---
"""

CASES = [
    Case("yaml syntax error points at the line in the file",
         [f"{ENTRY}:8: error: YAML 语法错误：值里有“英文冒号加空格”（: ），被当成了又一个字段；请给整个值加上英文引号，例如 公开时限: \"说明: 20个工作日\"",
          "    （YAML 解析器原文：mapping values are not allowed here）"],
         replace=[(ENTRY, "公开时限: 制定或获取信息之日起10个工作日内", "公开时限: 制定或获取信息: 之日起10个工作日内")]),
    Case("file without front matter",
         ["content/social-assistance/no-front-matter.md:1: error: 缺少前置元数据：文件第一行应为“---”，接着写各字段，再以“---”行结束"],
         write={"content/social-assistance/no-front-matter.md": "# 标题\n\n正文\n"}),
    Case("front matter never closed",
         ["content/social-assistance/open.md:1: error: 前置元数据没有结束的“---”行"],
         write={"content/social-assistance/open.md": "---\n一级事项: 临时救助\n\n正文\n"}),
    Case("folder that is not a domain, with a suggestion",
         ["content/social-asistance/x.md:1: error: 文件夹“social-asistance”既不是 catalog.yaml 中的领域，也不是栏目文件夹，其中 1 个文件不会发布。是否应为“social-assistance”（领域：社会救助）？请把文件夹改名为 social-assistance"],
         write={"content/social-asistance/x.md": ENTRY_FRONT}),
    Case("一级事项 not in the domain's directory",
         [f"{ENTRY}:2: error: 一级事项“低保”不在领域“社会救助”的标准目录中；可选：综合业务、最低生活保障、临时救助"],
         replace=[(ENTRY, "一级事项: 最低生活保障", "一级事项: 低保")]),
    Case("二级事项 not under its 一级事项",
         [f"{ENTRY}:3: error: 二级事项“低保审批”不在一级事项“最低生活保障”之下；是否应为“低保申请审批”？可选：低保标准、低保申请审批"],
         replace=[(ENTRY, "二级事项: 低保申请审批", "二级事项: 低保审批")]),
    Case("二级事项 missing where the directory lists them",
         [f"{ENTRY}:2: error: 一级事项“最低生活保障”下须填写二级事项；可选：低保标准、低保申请审批"],
         replace=[(ENTRY, "二级事项: 低保申请审批\n", "")]),
    Case("missing required column",
         [f"{ENTRY}:14: error: 缺少必填字段“公开时限”（time_limit）"],
         replace=[(ENTRY, "公开时限: 制定或获取信息之日起10个工作日内\n", "")]),
    Case("required column left empty",
         [f"{ENTRY}:9: error: 必填字段“公开主体”（publisher）没有填写内容"],
         replace=[(ENTRY, "公开主体: 测试区民政局", "公开主体:")]),
    Case("value outside its options",
         [f"{ENTRY}:12: error: “公开方式”的值“主动公开”不是可选项；是否应为“主动”？可选：主动、依申请；没有标注的写“未注明”或“不适用”"],
         replace=[(ENTRY, "公开方式: 主动", "公开方式: 主动公开")]),
    Case("a mistyped key gets the field it should be, and is not also reported missing",
         [f"{ENTRY}:8: error: 未知字段“公开时线”，是否应为“公开时限”？请改正字段名",
          f"{ENTRY}:9: error: 未知字段“publsher”，是否应为“公开主体”？请改正字段名"],
         replace=[(ENTRY, "公开时限: 制定", "公开时线: 制定"), (ENTRY, "公开主体: 测试区", "publsher: 测试区")]),
    Case("an option close to an allowed one gets it as a suggestion",
         [f"{ENTRY}:11: error: “公开对象”的值“全社回”不是可选项；是否应为“全社会”？可选：全社会、特定群体；没有标注的写“未注明”或“不适用”",
          f"{ENTRY}:12: error: “公开方式”的值“依申清公开”不是可选项；是否应为“依申请”？可选：主动、依申请；没有标注的写“未注明”或“不适用”"],
         replace=[(ENTRY, "公开对象: 全社会", "公开对象: 全社回"), (ENTRY, "公开方式: 主动", "公开方式: 依申清公开")]),
    Case("unknown key lists the allowed ones",
         [f"{ENTRY}:2: error: 未知字段“作者”；目录条目可用的字段有：标题（title）、序号（seq）、一级事项（item_l1）、二级事项（item_l2）、公开内容（要素）（content）、公开依据（basis）、公开时限（time_limit）、公开主体（publisher）、公开渠道和载体（channels）、公开对象（audience）、公开方式（mode）、公开层级（level）、更新日期（updated）、网址名（slug）"],
         replace=[(ENTRY, "---\n一级事项", "---\n作者: 张三\n一级事项")]),
    Case("date that does not exist",
         [f"{ENTRY}:14: error: “更新日期”“2026-02-30”不是实际存在的日期"],
         replace=[(ENTRY, "更新日期: 2026-03-15", "更新日期: 2026-02-30")]),
    Case("date in another format",
         [f"{ENTRY}:14: error: “更新日期”应为 YYYY-MM-DD 格式的日期（例如 2026-03-15），实际为“2026年3月15日”"],
         replace=[(ENTRY, "更新日期: 2026-03-15", "更新日期: 2026年3月15日")]),
    Case("two entries with the same slug",
         ["content/social-assistance/zz-copy.md:1: error: 条目网址名“dibao-shenpi”与 content/social-assistance/dibao-shenpi.md 重复"],
         write={"content/social-assistance/zz-copy.md": ENTRY_FRONT.replace("---\n一级", "---\nslug: dibao-shenpi\n一级", 1)}),
    Case("the same column written twice, once by its alias",
         [f"{ENTRY}:15: error: 字段“公开主体”重复出现（第 9 行已写过）"],
         replace=[(ENTRY, "更新日期: 2026-03-15\n", "更新日期: 2026-03-15\npublisher: 民政局\n")]),
    Case("a list where text is expected",
         [f"{ENTRY}:8: error: “公开时限”应为一段文本，实际为列表"],
         replace=[(ENTRY, "公开时限: 制定或获取信息之日起10个工作日内", "公开时限: [10个工作日, 20个工作日]")]),
    Case("file name that cannot be a URL",
         ["content/social-assistance/低保.md:1: error: 文件名“低保.md”不能直接用作网址名（只能用小写英文字母、数字和连字符）；请改文件名，或在前置元数据中加一行 slug: 例如 dibao-shenpi"],
         write={"content/social-assistance/低保.md": ENTRY_FRONT}),
    Case("front matter that is not a mapping",
         ["content/social-assistance/list.md:2: error: 目录条目应为“名称: 值”形式的键值映射，实际为列表"],
         write={"content/social-assistance/list.md": "---\n- 一级事项\n- 临时救助\n---\n"}),
    Case("file in GBK, and a file that is not text",
         [f"content/social-assistance/binary.md:1: error: 文件不是 UTF-8 编码的文本，无法读取。{SAVE_AS_UTF8}",
          f"content/social-assistance/gbk.md:2: error: 文件是 GBK/GB18030 编码（记事本的“ANSI”），须为 UTF-8。{SAVE_AS_UTF8}；或运行 iconv -f GB18030 -t UTF-8"],
         write={"content/social-assistance/gbk.md": ENTRY_FRONT.encode("gbk"), "content/social-assistance/binary.md": b"\xc3\x28\xff\xfe"}),
    Case("files saved as UTF-16 or UTF-32 (Notepad's “Unicode”), named by their byte order marks",
         [f"content/social-assistance/utf16be.md:1: error: 文件的编码是 UTF-16（记事本的“Unicode big endian”“UTF-16 BE”），须为 UTF-8。{SAVE_AS_UTF8}",
          f"content/social-assistance/utf16le.md:1: error: 文件的编码是 UTF-16（记事本的“Unicode”“UTF-16 LE”），须为 UTF-8。{SAVE_AS_UTF8}",
          f"content/social-assistance/utf16nomark.md:1: error: 文件的编码是 UTF-16，须为 UTF-8。{SAVE_AS_UTF8}",
          f"content/social-assistance/utf16nomark_chinese.md:1: error: 文件的编码是 UTF-16，须为 UTF-8。{SAVE_AS_UTF8}",
          f"content/social-assistance/utf32.md:1: error: 文件的编码是 UTF-32，须为 UTF-8。{SAVE_AS_UTF8}"],
         write={"content/social-assistance/utf16le.md": ENTRY_FRONT.encode("utf-16"),
                "content/social-assistance/utf16be.md": b"\xfe\xff" + ENTRY_FRONT.encode("utf-16-be"),
                "content/social-assistance/utf16nomark.md": ENTRY_FRONT.encode("utf-16-le"),
                # mostly Chinese, so few zero bytes (iconv -t UTF-16LE writes no mark)
                "content/social-assistance/utf16nomark_chinese.md": ("---\n标题: 最低生活保障审批结果公示与社会救助政策汇编"
                                                                    "（区民政局社会救助科、各镇人民政府、街道办事处）\n---\n").encode("utf-16-be"),
                "content/social-assistance/utf32.md": ENTRY_FRONT.encode("utf-32")}),
    Case("guide missing",
         ["catalog.yaml:13: error: 政府信息公开指南缺失：content/guide/ 中应有一个 .md 文件（如 index.md），并写明更新日期"],
         delete=[GUIDE]),
    Case("guide without its update date",
         [f"{GUIDE}:3: error: 缺少必填字段“更新日期”（updated）"],
         replace=[(GUIDE, "更新日期: 2026-02-10\n", "")]),
    Case("two guides",
         ["content/guide/old.md:1: error: 政府信息公开指南只能有一个文件，content/guide/ 中已有 content/guide/index.md"],
         write={"content/guide/old.md": "---\n标题: 旧指南\n更新日期: 2020-01-01\n---\n"}),
    Case("statutory content in an unknown domain and category",
         [f"{STATUTORY}:6: error: “类别”应为 1 到 15 之间的整数，实际为“16”",
          f"{STATUTORY}:7: error: 领域“fiscal”不是 catalog.yaml 中的领域网址名"],
         replace=[(STATUTORY, "类别: 7", "类别: 16"), (STATUTORY, "领域: fiscal-budgets-final-accounts", "领域: fiscal")]),
    Case("two annual reports for one year, and a report in Markdown",
         ["content/annual-reports/2025-copy.md:1: error: 年度报告应写成 YAML 数据文件（如 2026.yaml），按 2021 年标准格式填写各表数字；可运行 python build.py new-report 2026 生成",
          "content/annual-reports/2025.yaml:1: error: 年度“2025”与 content/annual-reports/2025-copy.yaml 重复"],
         write={"content/annual-reports/2025-copy.md": "---\n标题: 副本\n年度: 2025\n发布日期: 2026-01-21\n---\n"},
         copy={"content/annual-reports/2025-copy.yaml": "content/annual-reports/2025.yaml"}),
    Case("catalog.yaml: duplicate domain, bad base URL, unknown key",
         ["catalog.yaml:8: error: “网站地址”应为以 http:// 或 https:// 开头的网址，例如 https://www.example.gov.cn/gk/，不能含有空格、引号、尖括号、换行或 ? #，实际为“www.example.gov.cn”",
          "catalog.yaml:9: error: 未知字段“logo”；site 可用的字段有：网站名称（name）、主办单位（sponsor）、承办单位（operator）、联系方式（contact）、地址（address）、网站标识码（site_id_code）、ICP备案号（icp_no）、公安机关备案号（psb_no）、网站地址（base_url）、主题（theme）",
          "catalog.yaml:27: error: 领域网址名“social-assistance”重复（第 20 行已有）"],
         replace=[("catalog.yaml", "base_url: https://www.example.gov.cn/gk/", "base_url: www.example.gov.cn\n  logo: x.png"),
                  ("catalog.yaml", "slug: fiscal-budgets-final-accounts", "slug: social-assistance")]),
    Case("catalog.yaml: missing identity and unknown theme",
         ["catalog.yaml:1: error: 缺少必填字段“网站标识码”（site_id_code）",
          "catalog.yaml:5: error: 找不到主题“plain”（应有文件夹 themes/plain/templates/）"],
         replace=[("catalog.yaml", '  site_id_code: "0000000001"\n', "  theme: plain\n")]),
    Case("catalog.yaml: YAML syntax error",
         ["catalog.yaml:3: error: YAML 语法错误：这一行前面多了空格：字段名应从行首写起；若这是上一行的值的一部分，请把整个值写在一行并加上英文引号",
          "    （YAML 解析器原文：mapping values are not allowed here）"],
         replace=[("catalog.yaml", "  sponsor:", "   sponsor:")]),
    Case("link to a file that does not exist",
         [f"{ENTRY}:19: error: 链接的文件不存在：“shenqingbiao.pdf”（应为 content/social-assistance/shenqingbiao.pdf）",
          f"{ENTRY}:21: error: 链接的文件不存在：“../rules/missing.md”（应为 content/rules/missing.md）"],
         replace=[(ENTRY, "共同生活的家庭成员", "申请表见[低保申请表（PDF）](shenqingbiao.pdf)。\n\n另见[办法](../rules/missing.md)。共同生活的家庭成员")]),
    Case("absolute link and image from another site",
         [f"{ENTRY}:19: error: 链接“/gk/rules/”以“/”开头，网站放在子路径下时会失效；请写相对于本文件的路径",
          f"{ENTRY}:21: error: 不能引用站外图片“https://cdn.example.com/map.png”：网站须能离线、在内网访问；请把图片放进内容文件夹"],
         replace=[(ENTRY, "共同生活的家庭成员", "见[制度](/gk/rules/)。\n\n![位置图](https://cdn.example.com/map.png)\n\n共同生活的家庭成员")]),
    Case("an HTML attachment (it would also overwrite a page)",
         ["content/social-assistance/dibao-shenpi.html:1: error: 附件“dibao-shenpi.html”是浏览器会当作网页打开的文件（.html），其中的脚本会以本网站的身份运行，不能发布；请把它转换为 PDF，或压缩成 zip 文件后再链接"],
         write={"content/social-assistance/dibao-shenpi.html": "<p>old</p>"}),
    Case("file named index would replace the folder's list page",
         ["content/rules/index.md:1: error: 网址名“index”留给栏目的列表页；请给文件改名，或写 slug: 另一个名字"],
         write={"content/rules/index.md": "---\n标题: 制度\n发布日期: 2020-01-01\n---\n"}),
    Case("a slug that tries to leave its folder",
         [f"{ENTRY}:15: error: “网址名”“../../etc/x”只能由小写英文字母、数字和连字符组成，例如 dibao-shenpi"],
         replace=[(ENTRY, "更新日期: 2026-03-15\n", "更新日期: 2026-03-15\nslug: ../../etc/x\n")]),
    Case("a file with only front matter is a valid entry; an empty file is not",
         ["content/social-assistance/empty.md:1: error: 缺少前置元数据：文件第一行应为“---”，接着写各字段，再以“---”行结束"],
         write={"content/social-assistance/only-front-matter.md": ENTRY_FRONT, "content/social-assistance/empty.md": ""}),
    Case("names Windows cannot store",
         ["content/social-assistance/con.md:1: error: 名称“con.md”是 Windows 的保留名称，在 Windows 上无法保存；请改名"],
         write={"content/social-assistance/con.md": ENTRY_FRONT}),
    Case("full-width colon or no space after the colon",
         [f"{ENTRY}:8: error: 字段“公开时限”后面应为英文冒号加一个空格，例如“公开时限: 值”",
          f"{ENTRY}:9: error: 字段“公开主体”后面应为英文冒号加一个空格，例如“公开主体: 值”"],
         replace=[(ENTRY, "公开时限: 制定", "公开时限：制定"), (ENTRY, "公开主体: 测试区", "公开主体:测试区")]),
    Case("tab used for indentation",
         [f"{ENTRY}:6: error: YAML 语法错误：这一行有 Tab 字符（Tab 键）；前置元数据只能用空格缩进和分隔：请把 Tab 换成空格",
          "    （YAML 解析器原文：while scanning for the next token；found character '\\t' that cannot start any token）"],
         replace=[(ENTRY, "  - 《社会救助暂行办法》", "\t- 《社会救助暂行办法》")]),
    Case("an unclosed quote is reported where the quote opens",
         [f"{ENTRY}:8: error: YAML 语法错误：引号没有配对：这一行的值以引号开始，却没有结束的引号；请在值的末尾补上同样的引号",
          "    （YAML 解析器原文：while scanning a quoted scalar；found unexpected end of stream）"],
         replace=[(ENTRY, "公开时限: 制定", "公开时限: \"制定")]),
    Case("an unclosed bracket is reported where the list opens",
         [f"{ENTRY}:13: error: YAML 语法错误：括号没有配对：这一行的值缺少结束的“]”；请在值的末尾补上，例如 [县级, 乡级]",
          "    （YAML 解析器原文：while parsing a flow sequence；expected ',' or ']', but got ':'）"],
         replace=[(ENTRY, "公开层级: [县级, 乡级]", "公开层级: [县级, 乡级")]),
    Case("a folder named by its domain's Chinese name gets the folder name",
         ["content/社会救助/x.md:1: error: 文件夹“社会救助”既不是 catalog.yaml 中的领域，也不是栏目文件夹，其中 1 个文件不会发布。是否应为“social-assistance”（领域：社会救助）？请把文件夹改名为 social-assistance"],
         write={"content/社会救助/x.md": ENTRY_FRONT}),
    Case("Markdown saved with .txt (Notepad), by its double extension or its front matter; a plain .txt is an attachment",
         ["content/rules/zhidu.txt:1: error: 文件“zhidu.txt”以“---”开头，是 Markdown 文档，但扩展名是 .txt，不会作为文档发布；"
          "请改名为“zhidu.md”（Windows 默认隐藏扩展名：在文件资源管理器中点“查看”，勾选“文件扩展名”后再改名）",
          "content/social-assistance/linshi.md.txt:1: error: 文件“linshi.md.txt”多了扩展名 .txt（记事本另存时加上的），不会作为文档发布；"
          "请改名为“linshi.md”（Windows 默认隐藏扩展名：在文件资源管理器中点“查看”，勾选“文件扩展名”后再改名）"],
         write={"content/social-assistance/linshi.md.txt": ENTRY_FRONT, "content/rules/zhidu.txt": "\ufeff---\r\n标题: 制度\r\n---\r\n",
                "content/rules/shuoming.txt": "说明：---"}),
    Case("a number too large to be a category",
         [f"{STATUTORY}:6: error: “类别”应为 1 到 15 之间的整数，实际为“{'7' * 5000}”"],
         replace=[(STATUTORY, "类别: 7", "类别: " + "7" * 5000)]),
    Case("YAML nested too deeply",
         [f"{ENTRY}:1: error: YAML 嵌套层数过多，无法读取"],
         replace=[(ENTRY, "公开时限: 制定或获取信息之日起10个工作日内", "公开时限: " + "[" * 5000 + "]" * 5000)]),
    Case("Markdown saved as .markdown, and a file over the size limit",
         ["content/rules/big.md:1: error: 文件过大（2.5 MB，上限 2 MB）；大段数据请另存为附件并在正文中链接",
          "content/rules/note.markdown:1: error: Markdown 文件的扩展名应为 .md，请把“note.markdown”改名为“note.md”"],
         write={"content/rules/note.markdown": "---\n标题: x\n---\n",
                "content/rules/big.md": "---\n标题: 大文件\n发布日期: 2020-01-01\n---\n" + "很长的正文。\n" * 140_000}),
    Case("dates in the future",
         ["content/rules/tiaoli.md:3: error: “发布日期”2030-01-01晚于今天（2026-11-26），不能是将来的日期",
          f"{ENTRY}:14: error: “更新日期”2026-11-27晚于今天（2026-11-26），不能是将来的日期"],
         replace=[(ENTRY, "更新日期: 2026-03-15", "更新日期: 2026-11-27"), ("content/rules/tiaoli.md", "发布日期: 2019-04-15", "发布日期: 2030-01-01")]),
    Case("every problem in every file is reported together, in order",
         ["content/annual-reports/2024.yaml:2: error: “年度”应为 2000 到 2100 之间的整数，实际为“二〇二四”",
          f"{ENTRY}:11: error: “公开对象”的值“群众”不是可选项；是否应为“特定群体”？可选：全社会、特定群体；没有标注的写“未注明”或“不适用”",
          f"{ENTRY}:14: error: “更新日期”应为 YYYY-MM-DD 格式的日期（例如 2026-03-15），实际为“2026/3/15”",
          "content/social-assistance/linshi-jiuzhu.md:11: error: 缺少必填字段“公开主体”（publisher）"],
         replace=[(ENTRY, "公开对象: 全社会", "公开对象: 群众"), (ENTRY, "更新日期: 2026-03-15", "更新日期: 2026/3/15"),
                  ("content/social-assistance/linshi-jiuzhu.md", "公开主体: 测试区民政局\n", ""),
                  ("content/annual-reports/2024.yaml", "年度: 2024", "年度: 二〇二四")]),
]


def apply(case: Case, site: Path) -> None:
    for name, old, new in case.replace:
        path = site / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture no longer contains {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for name, data in case.write.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    for name, source in case.copy.items():
        (site / name).write_bytes((site / source).read_bytes())
    for name in case.delete:
        (site / name).unlink()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_invalid_input_is_reported_exactly(case, tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    apply(case, site)
    result = run_build("--site", site, "--today", "2026-11-26")
    assert result.diagnostics == case.expected
    assert result.code == 1
    assert f"构建失败：{sum(': error: ' in line for line in case.expected)} 个错误" in result.err
    assert not (site / "public").exists()
