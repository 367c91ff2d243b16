"""Reading files: encodings, line ends, and line numbers that match the file."""

from __future__ import annotations

from generator.load import parse_document, read_text
from generator.schema import line_of


def test_bom_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\nbody\r\n")
    text, diagnostics = read_text(path, "a.md")
    assert diagnostics == []
    assert text == "---\ntitle: x\n---\nbody\n"


def test_nul_bytes_are_refused_with_their_line(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: x\n\x00---\n")
    text, diagnostics = read_text(path, "a.md")
    assert text is None
    assert [str(d) for d in diagnostics] == ["a.md:3: error: 文件含有空字节（NUL），不是文本文件"]


def test_key_lines_count_from_the_top_of_the_file():
    text = "---\n\n# a comment\ntitle: x\n\nupdated: 2026-01-01\n---\n\nFirst paragraph.\n"
    document, diagnostics = parse_document(text, "a.md", "a")
    assert diagnostics == []
    lines = {key.value: line_of(key) for key, _ in document.meta.value}
    assert lines == {"title": 4, "updated": 6}
    assert document.body_line == 9
    assert document.body == "First paragraph.\n"


def test_yaml_error_line_is_the_file_line():
    text = "---\ntitle: x\nbasis: [a, b\n---\n"
    document, diagnostics = parse_document(text, "a.md", "a")
    assert document is None
    assert len(diagnostics) == 1 and diagnostics[0].line == 3 and "YAML 语法错误：括号没有配对" in diagnostics[0].message


def test_empty_front_matter_reports_missing_fields(tmp_path, run_build):
    from conftest import copy_site

    site = copy_site("minimal", tmp_path / "site")
    (site / "content/guide/index.md").write_text("---\n---\n正文\n", encoding="utf-8")
    result = run_build("--site", site)
    assert result.diagnostics == [
        "content/guide/index.md:2: error: 缺少必填字段“标题”（title）",
        "content/guide/index.md:2: error: 缺少必填字段“更新日期”（updated）",
    ]


def test_hidden_and_office_lock_files_are_not_content(tmp_path, run_build):
    from conftest import copy_site

    site = copy_site("minimal", tmp_path / "site")
    (site / "content/guide/.DS_Store").write_bytes(b"\x00\x01")
    (site / "content/guide/~$index.md").write_bytes(b"\x00\x01")
    assert run_build("--site", site, "--quiet").code == 0


def test_markdown_in_a_subfolder_is_an_error_but_attachments_are_published(tmp_path, run_build):
    from conftest import copy_site

    site = copy_site("minimal", tmp_path / "site")
    (site / "content/rules/files").mkdir()
    (site / "content/rules/files/form.pdf").write_bytes(b"%PDF-1.4")
    assert run_build("--site", site, "--quiet").code == 0
    assert (site / "public/xxgk/rules/files/form.pdf").read_bytes() == b"%PDF-1.4"
    (site / "content/rules/files/note.md").write_text("---\n标题: x\n---\n", encoding="utf-8")
    result = run_build("--site", site)
    assert result.diagnostics == ["content/rules/files/note.md:1: error: Markdown 文件应直接放在 content/rules/ 下，不能放在子文件夹里"]


def test_symlinks_leading_outside_content_or_nowhere_are_refused(tmp_path, run_build):
    from conftest import copy_site

    site = copy_site("minimal", tmp_path / "site")
    secret = tmp_path / "secret.txt"
    secret.write_text("password", encoding="utf-8")
    (site / "content/social-assistance/passwd.txt").symlink_to(secret)
    (site / "content/social-assistance/gone.pdf").symlink_to(tmp_path / "missing.pdf")
    (site / "content/rules/tiaoli-copy.pdf").symlink_to(site / "content/fiscal-budgets-final-accounts/budget-2026.csv")
    (site / "content/guide/Thumbs.db").write_bytes(b"\x00")
    result = run_build("--site", site)
    assert result.diagnostics == [
        "content/social-assistance/gone.pdf:1: error: 符号链接指向的文件不存在",
        "content/social-assistance/passwd.txt:1: error: 符号链接指向 content/ 以外的文件，不会读取也不会发布；请把文件复制进来",
    ]
    (site / "content/social-assistance/passwd.txt").unlink()
    (site / "content/social-assistance/gone.pdf").unlink()
    assert run_build("--site", site, "--quiet").code == 0
    assert (site / "public/xxgk/rules/tiaoli-copy.pdf").read_bytes().startswith("项目".encode())
    assert not (site / "public/xxgk/guide/Thumbs.db").exists()


def test_names_that_clash_or_that_windows_cannot_store_are_refused(tmp_path, run_build):
    from conftest import copy_site

    site = copy_site("minimal", tmp_path / "site")
    folder = site / "content/fiscal-budgets-final-accounts"
    (folder / "Budget-2026.csv").write_text("x", encoding="utf-8")
    (folder / "ｂｕｄｇｅｔ-2026.csv").write_text("x", encoding="utf-8")
    (folder / "aux.pdf").write_bytes(b"%PDF")
    (folder / "a?b.pdf").write_bytes(b"%PDF")
    (site / "content/Social-Assistance").mkdir()
    (site / "content/Social-Assistance/x.md").write_text("---\n---\n", encoding="utf-8")
    result = run_build("--site", site)
    assert result.diagnostics == [
        "content/Social-Assistance/x.md:1: error: 文件夹“Social-Assistance”既不是 catalog.yaml 中的领域，也不是栏目文件夹，其中 1 个文件不会发布。是否应为“social-assistance”（领域：社会救助）？请把文件夹改名为 social-assistance",
        "content/fiscal-budgets-final-accounts/a?b.pdf:1: error: 名称“a?b.pdf”含有 Windows 不允许的字符（< > : \" | ? * 或结尾的空格、句点）；请改名",
        "content/fiscal-budgets-final-accounts/aux.pdf:1: error: 名称“aux.pdf”是 Windows 的保留名称，在 Windows 上无法保存；请改名",
        "content/fiscal-budgets-final-accounts/budget-2026.csv:1: error: 文件名与 content/fiscal-budgets-final-accounts/Budget-2026.csv 只差大小写或全角/半角；请改名",
        "content/fiscal-budgets-final-accounts/ｂｕｄｇｅｔ-2026.csv:1: error: 文件名与 content/fiscal-budgets-final-accounts/Budget-2026.csv 只差大小写或全角/半角；请改名",
    ]


def test_a_tree_with_too_many_files_is_refused_before_reading(tmp_path, run_build, monkeypatch):
    from conftest import copy_site
    from generator import load

    site = copy_site("minimal", tmp_path / "site")
    monkeypatch.setattr(load, "MAX_CONTENT_FILES", 20)
    for number in range(12):
        (site / f"content/rules/form-{number}.pdf").write_bytes(b"%PDF")
    result = run_build("--site", site)
    assert result.code == 1
    assert result.diagnostics == ["content:1: error: content/ 中有 26 个文件，超过上限 20 个；请检查是否误放了大量文件"]


def test_a_detail_is_one_indented_second_line_whatever_it_holds():
    from generator.diagnostics import Diagnostic

    forged = Diagnostic("a.md", 3, "YAML 语法错误：x", detail="（YAML 解析器原文：a\nb.md:1: error: forged）")
    assert str(forged).splitlines() == ["a.md:3: error: YAML 语法错误：x", "    （YAML 解析器原文：a\\x0ab.md:1: error: forged）"]
    assert str(Diagnostic("a.md", 3, "x")) == "a.md:3: error: x"
