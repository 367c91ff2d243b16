"""Command line: `python build.py [build] [options]`.

Exit codes: 0 success; 1 the content has errors; 2 the command itself is wrong;
3 a file could not be read or written (the previous output is left as it was)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from .config import normalize_base_url
from .diagnostics import BuildFailed
from .pipeline import BuildOptions, UsageError, build
from .schema import FieldError

EXIT_OK, EXIT_CONTENT_ERRORS, EXIT_USAGE, EXIT_WRITE_FAILED = 0, 1, 2, 3
COMMANDS = ("build",)


def base_url_argument(value: str) -> str:
    try:
        return normalize_base_url(value, "--base-url ")
    except FieldError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def date_argument(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为 YYYY-MM-DD 格式的日期，实际为“{value}”") from None


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="从 catalog.yaml 和 content/ 生成政务公开静态网站。")
    commands = parser.add_subparsers(dest="command", metavar="命令")
    build_parser = commands.add_parser(
        "build", help="校验全部内容并生成网站（默认命令）", description="校验 catalog.yaml 和 content/ 中的全部内容，生成网站。",
        epilog="退出码：0 成功；1 内容有错误（已全部列出，未写入任何文件）；2 命令用法错误或输出文件夹不可写；3 文件读写失败。",
    )
    build_parser.add_argument("--site", type=Path, default=Path("."), help="网站文件夹（含 catalog.yaml），默认当前文件夹")
    build_parser.add_argument("--output", type=Path, help="输出文件夹，默认 <网站文件夹>/public")
    build_parser.add_argument("--base-url", type=base_url_argument, help="网站的完整地址，如 https://www.example.gov.cn/gk/，覆盖 catalog.yaml")
    build_parser.add_argument("--strict", action="store_true", help="把警告也当作错误")
    build_parser.add_argument("--today", type=date_argument, default=date.today(), help="按此日期（YYYY-MM-DD）检查“不能是将来的日期”，默认今天")
    build_parser.add_argument("--quiet", action="store_true", help="成功时不输出摘要")
    return parser


def run_build(args: argparse.Namespace) -> int:
    output = args.output or args.site / "public"
    options = BuildOptions(root=args.site, output=output, base_url=args.base_url, strict=args.strict, today=args.today)
    try:
        result = build(options)
    except BuildFailed as failure:
        for diagnostic in failure.diagnostics:
            print(diagnostic, file=sys.stderr)
        errors = sum(d.is_error for d in failure.diagnostics)
        warnings = len(failure.diagnostics) - errors
        print(f"构建失败：{errors} 个错误，{warnings} 个警告；{output} 未改动。", file=sys.stderr)
        return EXIT_CONTENT_ERRORS
    except UsageError as error:
        print(f"build.py: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"build.py: error: 文件读写失败（{error}）；{output} 未改动。", file=sys.stderr)
        return EXIT_WRITE_FAILED
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    if not args.quiet:
        print(f"已生成 {result.pages} 个页面（共 {result.files} 个文件）到 {output}，"
              f"{len(result.warnings)} 个警告，用时 {result.seconds:.2f} 秒。")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS:
        argv.insert(0, "build")  # the default command, also for --help
    args = make_parser().parse_args(argv)
    return run_build(args)
