"""Stage 1: read catalog.yaml and content/ from disk into YAML nodes and bodies.

Nothing here judges the values; it only makes sure every file is readable text
with a parseable front-matter block, and remembers where every line came from.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import yaml
from frontmatter.default_handlers import YAMLHandler
from yaml.nodes import MappingNode, Node, ScalarNode

from .diagnostics import Diagnostic
from .model import RawDocument
from .schema import WINDOWS_RESERVED, normalize
from .suggest import closest

# python-frontmatter's own delimiter rule, so files it accepts are the files we accept.
FRONT_MATTER_BOUNDARY = YAMLHandler.FM_BOUNDARY
UTF8_BOM = b"\xef\xbb\xbf"
MAX_MARKDOWN_BYTES = 2 * 1024 * 1024
DATA_SUFFIXES = (".yaml", ".yml")  # data files: the annual reports
# Attachments a browser would open as a document that can run script (refused: see attachment_problem).
ACTIVE_ATTACHMENTS = {".html", ".htm", ".xhtml", ".xht", ".shtml", ".shtm", ".mht", ".mhtml", ".svg", ".svgz", ".xml",
                      ".xsl", ".xslt", ".rdf", ".js", ".mjs", ".swf", ".hta", ".php", ".asp", ".aspx", ".jsp"}
# Far above a district's site cluster; a tree beyond it is refused before anything is read.
MAX_CONTENT_FILES = 100_000
# Files that Windows, macOS and Office leave beside documents; never content.
SYSTEM_FILES = {"thumbs.db", "desktop.ini", "ehthumbs.db"}
WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*\x00-\x1f\\]')
MAP_TAG = "tag:yaml.org,2002:map"


@dataclass(frozen=True)
class SourceFile:
    """A Markdown or YAML file found under content/. Its bytes are read only when needed:
    a rebuild knows an unchanged file by its size, times and inode."""

    path: str  # shown in messages: content/…
    stem: str  # file name without its extension
    location: str  # where it is on disk
    size: int
    mtime_ns: int
    inode: int
    ctime_ns: int
    data: bytes | None = None  # the file's bytes, once read

    @property
    def is_data_file(self) -> bool:
        return self.path.lower().endswith(DATA_SUFFIXES)

    @property
    def too_large(self) -> bool:
        return self.size > MAX_MARKDOWN_BYTES

    def read(self) -> "SourceFile":
        """This file with its bytes (none when it is too large or cannot be read: `decode_text` says which)."""
        if self.data is not None or self.too_large:
            return self
        try:
            with open(self.location, "rb") as file:
                return replace(self, data=file.read())
        except OSError:
            return self


@dataclass
class LoadedContent:
    sources: dict[str, list[SourceFile]] = field(default_factory=dict)  # by folder
    assets: list[str] = field(default_factory=list)  # relative to content/
    diagnostics: list[Diagnostic] = field(default_factory=list)
    complete: bool = True  # False when content/ could not be read at all: nothing else is worth checking


def find_source(path: Path | str, shown_path: str) -> SourceFile:
    status = os.stat(path)
    return SourceFile(shown_path, os.path.splitext(os.path.basename(path))[0], str(path), status.st_size, status.st_mtime_ns,
                      status.st_ino, status.st_ctime_ns)


def read_text(path: Path, shown_path: str) -> tuple[str | None, list[Diagnostic]]:
    return decode_text(find_source(path, shown_path))


def decode_text(source: SourceFile) -> tuple[str | None, list[Diagnostic]]:
    """File bytes → text with LF line ends; a BOM and CRLF are accepted."""
    shown_path, data = source.path, source.read().data
    if data is None and not source.too_large:
        return None, [Diagnostic(shown_path, 1, UNREADABLE_FILE)]
    if data is None:
        size = source.size
        message = f"文件过大（{size / 1024 / 1024:.1f} MB，上限 {MAX_MARKDOWN_BYTES // 1024 // 1024} MB）；大段数据请另存为附件并在正文中链接"
        return None, [Diagnostic(shown_path, 1, message)]
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    wide = wide_encoding(data)
    if wide:
        return None, [Diagnostic(shown_path, 1, f"文件的编码是 {wide}，须为 UTF-8。{SAVE_AS_UTF8}")]
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, [Diagnostic(shown_path, line, "文件含有空字节（NUL），不是文本文件")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [Diagnostic(shown_path, line, encoding_message(data))]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems = invisible_characters(text, shown_path)
    return (None if problems else text), problems


# Control characters (tab and line ends aside), DEL, the non-characters U+FFFE/U+FFFF and lone
# surrogates (which YAML's "\ud800" escape makes): invisible, refused by XML, and not writable as UTF-8.
INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
MAX_REPORTED_LINES = 10


def invisible_characters(text: str, shown_path: str, first_line: int = 1) -> list[Diagnostic]:
    """One problem per line that holds such a character (the first ten lines): they are refused, never
    stripped silently, so the editor sees what was pasted."""
    problems: list[Diagnostic] = []
    line, counted = first_line, 0  # lines counted up to `counted`: once over the text, not once per match
    for match in INVISIBLE.finditer(text):
        line, counted = line + text.count("\n", counted, match.start()), match.start()
        if problems and problems[-1].line == line:
            continue
        if len(problems) == MAX_REPORTED_LINES:
            break
        code = f"U+{ord(match.group()):04X}"
        if "\ud800" <= match.group() <= "\udfff":
            message = f"含有无法保存为 UTF-8 的字符 {code}（单独的代理项，多半是“\\u”转义写错了）；请删除或改正它"
        else:
            message = f"含有不可见的控制字符 {code}（常见于从网页、Word 或 PDF 复制的文字），无法发布；请删除它"
        problems.append(Diagnostic(shown_path, line, message))
    return problems


def scalar_problems(node: Node | None, shown_path: str) -> list[Diagnostic]:
    """The same characters in YAML values and keys, where escapes such as "\\x01" or "\\ud800" put them."""
    problems: list[Diagnostic] = []
    pending = [node] if node is not None else []
    while pending:
        item = pending.pop()
        if isinstance(item, ScalarNode):
            problems += invisible_characters(item.value, shown_path, item.start_mark.line + 1)[:1]
        elif isinstance(item, MappingNode):
            pending += [part for pair in item.value for part in pair]
        elif item is not None:
            pending += item.value
    return sorted(set(problems), key=lambda d: d.line)


# How to fix any encoding, in the two editors Chinese offices use.
SAVE_AS_UTF8 = ("改法：记事本中点“文件”→“另存为”，“编码”选“UTF-8”，保存；"
                "WPS 中点“文件”→“另存为”，文件类型选“纯文本”，编码选“UTF-8”，文件名仍以 .md 结尾")
# Byte order marks, longest first (UTF-32 LE begins with UTF-16 LE's mark).
WIDE_MARKS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
              (b"\xff\xfe", "UTF-16（记事本的“Unicode”“UTF-16 LE”）"), (b"\xfe\xff", "UTF-16（记事本的“Unicode big endian”“UTF-16 BE”）"))


def wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32, by the byte order mark Notepad and Word write (or, without one, by the
    zero byte beside every ASCII character)."""
    for mark, name in WIDE_MARKS:
        if data.startswith(mark):
            return name
    head = data[:200]
    if len(head) >= 8 and max(head[1::2].count(0), head[0::2].count(0)) > len(head) // 8:  # a quarter of the characters
        return "UTF-16"
    if b"\x00" in head:  # mostly Chinese text has few zero bytes: does it read as UTF-16 text?
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                text = data[: len(data) // 2 * 2].decode(codec)[:500]
            except UnicodeDecodeError:
                continue
            # Any bytes read as some UTF-16 text: only front matter's opening `---` says it was meant as such.
            if text.startswith("---") and "\x00" not in text:
                return "UTF-16"
    return None


def encoding_message(data: bytes) -> str:
    """Name the encoding when it is the usual one from older Chinese Windows tools."""
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return f"文件不是 UTF-8 编码的文本，无法读取。{SAVE_AS_UTF8}"
    return f"文件是 GBK/GB18030 编码（记事本的“ANSI”），须为 UTF-8。{SAVE_AS_UTF8}；或运行 iconv -f GB18030 -t UTF-8"


def compose_yaml(text: str, shown_path: str, first_line: int = 1) -> tuple[Node | None, list[Diagnostic]]:
    """Parse YAML into nodes whose marks are line numbers of the whole file.

    `first_line` is the file line on which `text` begins; padding the text with
    that many newlines makes PyYAML's own marks file-relative, errors included.
    """
    padded = "\n" * (first_line - 1) + text
    if fast_loader_is_safe(text):
        try:
            return yaml.compose(padded, Loader=FAST_LOADER), []
        except yaml.YAMLError:
            pass  # parse again below: the pure-Python parser's messages are the ones editors are told about
    try:
        return yaml.compose(padded, Loader=yaml.SafeLoader), []
    except yaml.MarkedYAMLError as error:
        misplaced = colon_mistakes(text, shown_path, first_line)
        if misplaced:
            return None, misplaced
        return None, [yaml_problem(error, padded, shown_path, first_line)]
    except yaml.YAMLError as error:
        position = getattr(error, "position", 0)
        line = padded[:position].count("\n") + 1
        return None, [Diagnostic(shown_path, line, f"YAML 无法读取：{error}")]
    except RecursionError:
        return None, [Diagnostic(shown_path, first_line, "YAML 嵌套层数过多，无法读取")]


# libyaml (when PyYAML was built with it) composes about ten times faster, but recurses in C:
# a pathologically nested document would crash the process instead of raising. Such input goes
# to the pure-Python parser, which raises RecursionError and gets a message.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_FAST_NESTING = 200


def fast_loader_is_safe(text: str) -> bool:
    if text.count("[") + text.count("{") > MAX_FAST_NESTING:
        return False
    return all(len(line) - len(line.lstrip(" ")) <= MAX_FAST_NESTING for line in text.split("\n"))


def yaml_problem(error: yaml.MarkedYAMLError, padded: str, shown_path: str, first_line: int) -> Diagnostic:
    """The common YAML mistakes explained in Chinese, with the fix, at the line to change; the
    parser's own words follow on a second line, for whoever knows YAML."""
    problem, context = error.problem or "", error.context or ""
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else first_line
    text = padded.split("\n")[line - 1] if 0 < line <= padded.count("\n") + 1 else ""
    if "'\\t'" in problem:
        message = "这一行有 Tab 字符（Tab 键）；前置元数据只能用空格缩进和分隔：请把 Tab 换成空格"
    elif context == "while scanning a quoted scalar":
        line = error.context_mark.line + 1
        message = "引号没有配对：这一行的值以引号开始，却没有结束的引号；请在值的末尾补上同样的引号"
    elif context.startswith("while parsing a flow"):
        line = error.context_mark.line + 1
        bracket = "]" if "sequence" in context else "}"
        message = f"括号没有配对：这一行的值缺少结束的“{bracket}”；请在值的末尾补上，例如 [县级, 乡级]"
    elif problem == "mapping values are not allowed here" and text[:1] in (" ", "\t"):
        message = "这一行前面多了空格：字段名应从行首写起；若这是上一行的值的一部分，请把整个值写在一行并加上英文引号"
    elif problem == "mapping values are not allowed here":
        message = "值里有“英文冒号加空格”（: ），被当成了又一个字段；请给整个值加上英文引号，例如 公开时限: \"说明: 20个工作日\""
    elif "that cannot start any token" in problem or "found undefined alias" in problem:
        message = "值以 YAML 的特殊符号（@ ` % * & ! 等）开头；请给整个值加上英文引号"
    else:
        message = "这一行无法解析；请检查冒号后的空格、引号和括号是否成对、缩进是否一致"
    original = "；".join(filter(None, (context, problem))) or str(error)
    return Diagnostic(shown_path, line, f"YAML 语法错误：{message}", detail=f"（YAML 解析器原文：{original}）")


def colon_mistakes(text: str, shown_path: str, first_line: int) -> list[Diagnostic]:
    """The commonest slip of Chinese editors: `字段：值` or `字段:值` instead of `字段: 值`."""
    found = []
    for offset, line in enumerate(text.split("\n")):
        if not line or line[0] in " \t#-" or ": " in line or line.rstrip().endswith(":"):
            continue
        key, colon, _ = min(line.partition("："), line.partition(":"), key=lambda parts: len(parts[0]))
        if colon and key.strip() and len(key) <= 20:
            message = f"字段“{key.strip()}”后面应为英文冒号加一个空格，例如“{key.strip()}: 值”"
            found.append(Diagnostic(shown_path, first_line + offset, message))
    return found


def empty_mapping(line: int) -> MappingNode:
    mark = yaml.Mark("", 0, line - 1, 0, None, None)
    return MappingNode(MAP_TAG, [], mark, mark)


def parse_document(text: str, shown_path: str, stem: str) -> tuple[RawDocument | None, list[Diagnostic]]:
    opening = FRONT_MATTER_BOUNDARY.match(text)
    if not opening:
        message = "缺少前置元数据：文件第一行应为“---”，接着写各字段，再以“---”行结束"
        return None, [Diagnostic(shown_path, 1, message)]
    closing = FRONT_MATTER_BOUNDARY.search(text, opening.end())
    if not closing:
        return None, [Diagnostic(shown_path, 1, "前置元数据没有结束的“---”行")]
    first_line = text.count("\n", 0, opening.end()) + 1
    node, diagnostics = compose_yaml(text[opening.end() : closing.start()], shown_path, first_line)
    diagnostics = diagnostics or scalar_problems(node, shown_path)
    if diagnostics:
        return None, diagnostics
    body = text[closing.end() :]
    body_line = text.count("\n", 0, closing.end()) + 1
    if body.startswith("\n"):
        body, body_line = body[1:], body_line + 1
    meta = node if node is not None else empty_mapping(text.count("\n", 0, closing.start()) + 1)  # fields go before the closing ---
    return RawDocument(shown_path, stem, meta, body, body_line), []


def parse_data_file(text: str, shown_path: str, stem: str) -> tuple[RawDocument | None, list[Diagnostic]]:
    """A YAML data file (an annual report): all of it is what a front matter would be."""
    node, diagnostics = compose_yaml(text, shown_path)
    diagnostics = diagnostics or scalar_problems(node, shown_path)
    if diagnostics:
        return None, diagnostics
    return RawDocument(shown_path, stem, node if node is not None else empty_mapping(1), "", 1), []


def parse_source(source: SourceFile) -> tuple[RawDocument | None, list[Diagnostic]]:
    text, problems = decode_text(source)
    if text is None:
        return None, problems
    parse = parse_data_file if source.is_data_file else parse_document
    return parse(text, source.path, source.stem)


def is_ignored(path: Path) -> bool:
    return ignored_name(path.name)


def ignored_name(name: str) -> bool:
    """Hidden files, Office lock files and system thumbnails are not content."""
    return name.startswith((".", "~$")) or name.lower() in SYSTEM_FILES


CONTENT_LABEL = " content/ "  # where links in content/ may lead, as messages name it
UNREADABLE_FILE = "无法读取此文件（权限不足）；请修改它的权限或所有者，让运行生成程序的用户可以读取"
UNREADABLE_FOLDER = "无法读取此文件夹（权限不足），其中的文件都无法发布；请修改它的权限或所有者，让运行生成程序的用户可以读取"


def site_files(base: str, top: str, inside: str, label: str) -> tuple[list[str], list[Diagnostic]]:
    """Every file under base/`top`, relative to `base` with `/`, in name order folder by folder, leaving
    out ignored files and folders; and a problem for each link or folder that cannot be used. Links are
    never followed into folders, and are followed to files only inside `inside` (a real path, named
    `label` in messages): nothing outside the site is ever read, whatever the link's level. An unreadable
    folder is a problem, never a silent gap; an unreadable file is listed, for its reader to report
    (`readable`, or `decode_text`). Strings, not Paths: this runs over every file."""
    found: list[str] = []
    problems: list[Diagnostic] = []

    def visit(relative: str) -> None:
        try:
            with os.scandir(os.path.join(base, relative)) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            problems.append(Diagnostic(relative, 1, UNREADABLE_FOLDER))
            return
        folders = []
        for entry in entries:
            if ignored_name(entry.name):
                continue
            child = f"{relative}/{entry.name}"
            if entry.is_symlink():
                problem = link_problem(entry.path, inside, label)
            elif entry.is_dir():
                problem = None if os.access(entry.path, os.R_OK | os.X_OK) else UNREADABLE_FOLDER
                if problem is None:
                    folders.append(child)
                    continue
            else:
                problem = None
            if problem:
                problems.append(Diagnostic(child, 1, problem))
            else:
                found.append(child)
        for folder in folders:
            visit(folder)

    visit(top)
    return found, problems


def link_problem(path: str, inside: str, label: str) -> str | None:
    """None for a link to a readable file inside `inside`; otherwise why it is not used."""
    target = os.path.realpath(path)
    if not os.path.exists(target):
        return "符号链接指向的文件不存在"
    kind = "文件夹" if os.path.isdir(target) else "文件"
    if not is_inside(target, inside):
        return f"符号链接指向{label}以外的{kind}，不会读取也不会发布；请把{kind}复制进来"
    if kind == "文件夹":
        return "这是指向文件夹的符号链接，不会读取；请把文件夹本身（而不是链接）放在这里"
    return None


def readable(path: str) -> bool:
    return os.access(path, os.R_OK)


def load_content(root: Path, folders: dict[str, str], skip: frozenset[str] = frozenset()) -> LoadedContent:
    """Read content/; `folders` maps each known folder name to what it holds, for messages; the
    folders in `skip` (other agencies', when `check --agency` checks one) are not read."""
    loaded = LoadedContent()
    content_dir = root / "content"
    if not content_dir.is_dir():
        loaded.diagnostics.append(Diagnostic("content", 1, "找不到内容文件夹 content/"))
        loaded.complete = False
        return loaded
    file_count = sum(len(files) for _, _, files in os.walk(content_dir))
    if file_count > MAX_CONTENT_FILES:
        message = f"content/ 中有 {file_count} 个文件，超过上限 {MAX_CONTENT_FILES} 个；请检查是否误放了大量文件"
        loaded.diagnostics.append(Diagnostic("content", 1, message))
        loaded.complete = False
        return loaded
    real_content_dir = os.path.realpath(content_dir)
    if not is_inside(real_content_dir, os.path.realpath(root)):
        loaded.diagnostics.append(Diagnostic("content", 1, "content/ 是指向网站文件夹以外的符号链接，不会读取；请把内容文件夹复制进来"))
        loaded.complete = False
        return loaded
    try:
        tops = sorted(content_dir.iterdir())
    except OSError:
        loaded.diagnostics.append(Diagnostic("content", 1, UNREADABLE_FOLDER))
        loaded.complete = False
        return loaded
    agencies = {folder.partition("/")[0] for folder in folders if "/" in folder}  # a cluster's content/<agency>/
    for top in tops:
        if is_ignored(top) or top.name in skip:
            continue
        shown_top = f"content/{top.name}"
        misplaced = IN_AN_AGENCY_FOLDER if agencies else NOT_IN_A_FOLDER
        if top.is_symlink():
            problem = link_problem(str(top), real_content_dir, CONTENT_LABEL)
            loaded.diagnostics.append(Diagnostic(shown_top, 1, problem or misplaced))
        elif not top.is_dir():
            loaded.diagnostics.append(Diagnostic(shown_top, 1, misplaced))
        elif top.name in agencies:
            load_agency_folder(loaded, content_dir, real_content_dir, top, folders)
        elif agencies:
            files, _ = site_files(str(content_dir), top.name, real_content_dir, CONTENT_LABEL)
            first = f"content/{files[0]}" if files else shown_top
            loaded.diagnostics.append(undeclared_agency(top.name, len(files), agencies, first))
        else:
            load_folder(loaded, content_dir, real_content_dir, top.name, folders)
    return loaded


NOT_IN_A_FOLDER = "内容文件应放在某个领域或栏目的文件夹里，不能直接放在 content/ 下"
IN_AN_AGENCY_FOLDER = "内容文件应放在本单位文件夹（content/<单位网址名>/）下某个领域或栏目的文件夹里，不能直接放在 content/ 下"


def load_agency_folder(loaded: LoadedContent, content_dir: Path, real_content_dir: str, top: Path,
                       folders: dict[str, str]) -> None:
    """content/<agency>/: each folder in it is one of the agency's, as content/ holds a one-agency site's."""
    try:
        children = sorted(top.iterdir())
    except OSError:
        loaded.diagnostics.append(Diagnostic(f"content/{top.name}", 1, UNREADABLE_FOLDER))
        return
    for child in children:
        if is_ignored(child):
            continue
        shown = f"content/{top.name}/{child.name}"
        if child.is_symlink() or not child.is_dir():
            problem = link_problem(str(child), real_content_dir, CONTENT_LABEL) if child.is_symlink() else None
            message = f"内容文件应放在 content/{top.name}/ 下某个领域或栏目的文件夹里，不能直接放在 content/{top.name}/ 下"
            loaded.diagnostics.append(Diagnostic(shown, 1, problem or message))
        else:
            load_folder(loaded, content_dir, real_content_dir, f"{top.name}/{child.name}", folders)


def load_folder(loaded: LoadedContent, content_dir: Path, real_content_dir: str, folder: str, folders: dict[str, str]) -> None:
    """One folder of content (a domain's entries, a column part): its Markdown and data files to read,
    its attachments to copy; `folder` is its path under content/."""
    shown_top = f"content/{folder}"
    files, problems = site_files(str(content_dir), folder, real_content_dir, CONTENT_LABEL)
    loaded.diagnostics += [replace(problem, path=f"content/{problem.path}") for problem in problems]
    if folder not in folders:
        first = f"content/{files[0]}" if files else shown_top
        loaded.diagnostics.append(unknown_folder(folder, len(files), folders, first))
        return
    sources = loaded.sources.setdefault(folder, [])
    loaded.diagnostics.extend(name_clashes(files))
    for relative in files:
        shown = f"content/{relative}"
        path = os.path.join(content_dir, relative)
        problem = path_problem(relative)
        if problem:
            loaded.diagnostics.append(Diagnostic(shown, 1, problem))
            continue
        name = relative.rpartition("/")[2]
        if not name.lower().endswith((".md", *DATA_SUFFIXES)):
            problem = wrong_extension(name, path) or attachment_problem(name) or (None if readable(path) else UNREADABLE_FILE)
            if problem:
                loaded.diagnostics.append(Diagnostic(shown, 1, problem))
            else:
                loaded.assets.append(relative)
            continue
        if relative.count("/") > folder.count("/") + 1:
            message = f"Markdown 文件应直接放在 {shown_top}/ 下，不能放在子文件夹里"
            loaded.diagnostics.append(Diagnostic(shown, 1, message))
            continue
        sources.append(find_source(path, shown))


def is_inside(path: str, folder: str) -> bool:
    """Both real paths."""
    return os.path.commonpath([path, folder]) == folder


def path_problem(relative: str) -> str | None:
    """Names that cannot be stored as UTF-8 or on Windows."""
    *folders, name = relative.split("/")
    for part in folders:
        problem = folder_name_problem(part)
        if problem:
            return problem
    return name_problem(name)


@cache
def folder_name_problem(part: str) -> str | None:
    """A folder's name recurs in every path below it: judged once."""
    return name_problem(part)


def name_problem(part: str) -> str | None:
    if INVISIBLE.search(part) or any(character in part for character in "\t\n\r"):
        return f"名称“{part.encode('utf-8', 'backslashreplace').decode('utf-8')}”不是 UTF-8 编码的文字，或含有控制字符；请改名"
    if WINDOWS_FORBIDDEN.search(part) or part.rstrip(" .") != part:
        return f"名称“{part}”含有 Windows 不允许的字符（< > : \" | ? * 或结尾的空格、句点）；请改名"
    if part.split(".")[0].lower() in WINDOWS_RESERVED:
        return f"名称“{part}”是 Windows 的保留名称，在 Windows 上无法保存；请改名"
    return None


SHOW_EXTENSIONS = "（Windows 默认隐藏扩展名：在文件资源管理器中点“查看”，勾选“文件扩展名”后再改名）"


def wrong_extension(name: str, path: str) -> str | None:
    """Markdown saved under another extension: `.markdown`, or `.txt` added by Notepad (`x.md.txt`,
    or a `.txt` that opens with a front matter). Such a file would be published raw as an attachment."""
    stem, extension = os.path.splitext(name)
    if extension.lower() in (".markdown", ".mdown", ".mkd"):
        return f"Markdown 文件的扩展名应为 .md，请把“{name}”改名为“{stem}.md”"
    if extension.lower() != ".txt":
        return None
    if stem.lower().endswith(".md"):
        return f"文件“{name}”多了扩展名 .txt（记事本另存时加上的），不会作为文档发布；请改名为“{stem}”{SHOW_EXTENSIONS}"
    try:
        with open(path, "rb") as file:
            opening = file.read(len(UTF8_BOM) + 4).removeprefix(UTF8_BOM)
    except OSError:
        return None  # reported as unreadable by the caller
    if opening.startswith(b"---") and opening[3:4] in (b"\n", b"\r", b" "):
        return f"文件“{name}”以“---”开头，是 Markdown 文档，但扩展名是 .txt，不会作为文档发布；请改名为“{stem}.md”{SHOW_EXTENSIONS}"
    return None


def attachment_problem(name: str) -> str | None:
    """Attachments are published under the site's own address: a file a browser would run as a page
    there (HTML, SVG, XML …) could run script as the site, so it is refused, never published."""
    extension = os.path.splitext(name)[1].lower()
    if extension not in ACTIVE_ATTACHMENTS:
        return None
    return (f"附件“{name}”是浏览器会当作网页打开的文件（{extension}），其中的脚本会以本网站的身份运行，不能发布；"
            "请把它转换为 PDF，或压缩成 zip 文件后再链接")


def name_clashes(files: list[str]) -> list[Diagnostic]:
    """Names that differ only in case or in full-width/half-width forms would overwrite
    each other on Windows and macOS, or confuse readers: `Form.pdf`, `form.pdf`, `ｆｏｒｍ.pdf`."""
    seen: dict[str, str] = {}
    clashes = []
    for relative in files:
        first = seen.setdefault(normalize(relative), relative)
        if first != relative:
            message = f"文件名与 content/{first} 只差大小写或全角/半角；请改名"
            clashes.append(Diagnostic(f"content/{relative}", 1, message))
    return clashes


def unknown_folder(folder: str, file_count: int, folders: dict[str, str], shown: str) -> Diagnostic:
    """One message per unknown folder, pointed at its first file, with a likely fix (a folder named
    by its domain's Chinese name, as `new` accepts it, gets the domain's folder name). In a cluster
    only the folders of the same agency are offered."""
    parent, _, name = folder.rpartition("/")
    siblings = {key: what for key, what in folders.items() if key.rpartition("/")[0] == parent}
    spellings = {key.rpartition("/")[2]: key for key in siblings} | {what.rpartition("：")[2]: key for key, what in siblings.items()}
    guess = closest(name, spellings)
    known = "、".join(f"{key.rpartition('/')[2]}（{what}）" for key, what in siblings.items())
    hint = (f"是否应为“{guess.rpartition('/')[2]}”（{siblings[guess]}）？请把文件夹改名为 {guess.rpartition('/')[2]}" if guess
            else f"可用的文件夹：{known}")
    whose = f"{parent} 在 catalog.yaml 中声明的领域" if parent else "catalog.yaml 中的领域"
    message = f"文件夹“{name}”既不是 {whose}，也不是栏目文件夹，其中 {file_count} 个文件不会发布。{hint}"
    return Diagnostic(shown, 1, message)


def undeclared_agency(name: str, file_count: int, agencies: set[str], shown: str) -> Diagnostic:
    """A folder under a cluster's content/ that no agency of catalog.yaml owns."""
    guess = closest(name, sorted(agencies))
    hint = (f"是否应为“{guess}”？请把文件夹改名为 {guess}" if guess else
            f"已声明的单位网址名：{'、'.join(sorted(agencies))}。新增单位请先在 catalog.yaml 的 agencies: 下声明（slug: {name}）")
    message = f"文件夹“{name}”不是 catalog.yaml 的 agencies 中声明的单位，其中 {file_count} 个文件不会发布。{hint}"
    return Diagnostic(shown, 1, message)
