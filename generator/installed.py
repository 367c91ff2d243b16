"""The command line's entry, which first makes sure it can run: Python 3.11+ and the packages of
requirements.txt, which a clerk opening a new window has often not activated. Only the standard
library is imported here, so that the message comes instead of a traceback."""

import importlib.util
import os
import sys

# The modules of requirements.txt (and theirs) that the generator imports.
REQUIRED = ("jinja2", "markupsafe", "markdown", "yaml", "frontmatter", "nh3", "livereload", "tornado", "pypinyin", "openpyxl",
            "docx", "chinese_calendar")

MISSING = """build.py: 错误：缺少运行所需的 Python 软件包（{name}）。
  多半是这个命令行窗口还没有激活虚拟环境。每打开一个新窗口，都要先在网站文件夹中激活一次：
    Windows：       .venv\\Scripts\\activate
    Linux、macOS：  . .venv/bin/activate
  激活后行首会显示 (.venv)。如果还没有安装过，激活后运行：
    python -m pip install -r requirements.txt"""


def run() -> int:
    # A Windows console, or output redirected in the local code page (GBK), cannot show every character
    # a title may hold: such a character is printed as \uXXXX rather than stopping the command.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if sys.version_info < (3, 11):
        print(f"build.py: 错误：需要 Python 3.11 或更新的版本，当前是 {sys.version_info[0]}.{sys.version_info[1]}。", file=sys.stderr)
        return 2
    # Looked for, not only imported: `build` with nothing to do imports none of them (see unchanged.py).
    missing = next((name for name in REQUIRED if importlib.util.find_spec(name) is None), None)
    if missing is None:
        try:
            from .cli import main
        except ModuleNotFoundError as error:
            missing = (error.name or "").partition(".")[0]
            if missing not in REQUIRED:
                raise
    if missing is not None:
        print(MISSING.format(name=missing), file=sys.stderr)
        return 2
    try:
        return main()
    except BrokenPipeError:
        # The reader of a pipe (`… | head`) stopped reading: nothing more to say, and nothing to say it to.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the final flush has somewhere to go
        return 1
