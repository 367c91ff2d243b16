"""Command line: `python build.py [command] [options]`, also `python -m generator`.

Commands: build (the default), check, report, inspect, new, new-report, import, serve, admin; `--help` on each.
Exit codes: 0 success; 1 the content has errors (or, for `new`, the file exists);
2 the command itself is wrong, or the output folder cannot be used;
3 a file could not be read or written, or a worker process died (the previous output is left as it was).
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from .cache import CACHE_DIR
from .diagnostics import BuildFailed, Diagnostic, io_problem
from .options import BuildOptions, BuildResult, UsageError, WorkerLost, available_cores, build_date
from .standard import INTERPRETATION_FORMS
from .suggest import did_you_mean
from .unchanged import build

# The stages (generator.pipeline and what it imports) are imported only by the commands that need them,
# inside them: `build` with nothing to do never does, and importing them would take most of its time.

EXIT_OK, EXIT_CONTENT_ERRORS, EXIT_USAGE, EXIT_WRITE_FAILED = 0, 1, 2, 3
EXIT_CODES = "退出码：0 成功；1 内容有错误（已全部列出）；2 命令用法错误或输出文件夹不可用；3 文件读写失败或并行进程意外退出。"


def base_url_argument(value: str) -> str:
    from .config import normalize_base_url
    from .schema import FieldError

    try:
        return normalize_base_url(value, "--base-url ")
    except FieldError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def date_argument(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为 YYYY-MM-DD 格式的日期，实际为“{value}”") from None


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


# argparse's own messages (Python 3.11–3.13), in Chinese; anything else is shown as it is.
ARGPARSE_MESSAGES = (
    (r"argument (\S+): (.*)", lambda m: f"参数 {m[1]}：{translate(m[2])}"),
    (r"the following arguments are required: (.*)", lambda m: f"缺少参数：{m[1]}"),
    (r"unrecognized arguments: (.*)", lambda m: f"无法识别的参数：{m[1]}"),
    (r"invalid choice: '?(.*?)'? \(choose from (.*)\)", lambda m: f"没有“{m[1]}”这个选项；可选：{m[2]}"),
    (r"invalid (\w+) value: '?(.*?)'?", lambda m: f"“{m[2]}”不是{ {'int': '整数'}.get(m[1], '有效的值')}"),
    (r"expected one argument", lambda m: "后面须写一个值"),
    (r"expected at least one argument", lambda m: "后面须写至少一个值"),
    (r"expected at most one argument", lambda m: "后面最多写一个值"),
    (r"not allowed with argument (.*)", lambda m: f"不能与 {m[1]} 同时使用"),
    (r"ambiguous option: (\S+) could match (.*)", lambda m: f"选项 {m[1]} 不明确，可能是：{m[2]}"),
    (r"one of the arguments (.*) is required", lambda m: f"须指定以下参数之一：{m[1]}"),
    (r"ignored explicit argument (.*)", lambda m: f"这个选项不接受值：{m[1]}"),
)


def translate(message: str) -> str:
    for pattern, chinese in ARGPARSE_MESSAGES:
        match = re.fullmatch(pattern, message)
        if match:
            return chinese(match)
    return message


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its headings, help and usage errors in Chinese (editors read them)."""

    def __init__(self, *args, add_help: bool = True, **kwargs):
        super().__init__(*args, add_help=False, formatter_class=ChineseHelpFormatter, **kwargs)
        self._positionals.title, self._optionals.title = "位置参数", "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        hint = ""
        if message.startswith("unrecognized arguments: "):
            options = option_strings(self)
            hint = "".join(f"“{word}”{did_you_mean(word, options)}" for word in message.split(": ", 1)[1].split()
                           if word.startswith("--") and did_you_mean(word, options))
        self.exit(EXIT_USAGE, f"{self.prog}: 错误：{translate(message)}{'；' + hint if hint else ''}\n")


def option_strings(parser: argparse.ArgumentParser) -> list[str]:
    """Every option of `parser` and of its commands: an option may be mistyped before the command is known."""
    found = []
    for action in parser._actions:
        found += action.option_strings
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                found += option_strings(command)
    return sorted(set(found))


def make_parser() -> argparse.ArgumentParser:
    site = argparse.ArgumentParser(add_help=False)
    site.add_argument("--site", type=Path, default=Path("."), metavar="文件夹", help="网站文件夹（含 catalog.yaml），默认当前文件夹")
    site.add_argument("--today", type=date_argument, default=None, metavar="YYYY-MM-DD",
                      help="以此日期（YYYY-MM-DD）为今天：检查“不能是将来的日期”、计算更新期限；默认今天，或 SOURCE_DATE_EPOCH")
    strict = argparse.ArgumentParser(add_help=False)
    strict.add_argument("--strict", action="store_true", help="把警告也当作错误")
    output_format = argparse.ArgumentParser(add_help=False)
    output_format.add_argument("--format", choices=("text", "json"), default="text", help="输出格式，默认 text")
    agency = argparse.ArgumentParser(add_help=False)
    agency.add_argument("--agency", metavar="单位", help="各单位共用的门户中的一个单位（网址名或全称，如 minzheng 或 青禾区民政局）")

    parser = ChineseArgumentParser(prog="build.py", description="从 catalog.yaml 和 content/ 生成政务公开静态网站。", epilog=EXIT_CODES)
    commands = parser.add_subparsers(dest="command", metavar="命令")
    build_parser = commands.add_parser("build", parents=[site, strict], help="校验全部内容并生成网站（默认命令）",
                                       description="校验 catalog.yaml 和 content/ 中的全部内容，生成网站。", epilog=EXIT_CODES)
    build_parser.add_argument("--output", type=Path, metavar="文件夹", help="输出文件夹，默认 <网站文件夹>/public")
    build_parser.add_argument("--base-url", type=base_url_argument, metavar="网址", help="网站的完整地址，如 https://www.example.gov.cn/gk/，覆盖 catalog.yaml")
    cache = build_parser.add_mutually_exclusive_group()
    cache.add_argument("--cache-dir", type=Path, metavar="文件夹", help="构建缓存文件夹，默认 <网站文件夹>/.cache；可随时删除")
    cache.add_argument("--no-cache", action="store_true", help="不读也不写构建缓存（完整重建）")
    build_parser.add_argument("--jobs", type=int, metavar="N", help=f"并行进程数，默认为处理器核数（本机 {available_cores()}）")
    noise = build_parser.add_mutually_exclusive_group()
    noise.add_argument("--quiet", action="store_true", help="成功时不输出摘要")
    noise.add_argument("--verbose", action="store_true", help="输出各阶段的用时")
    commands.add_parser("check", parents=[site, strict, output_format, agency], help="只校验，不写任何文件（适合 git pre-commit）",
                        description="校验全部内容（与 build 相同的检查），不写任何文件。--agency 只读取并校验一个单位的文件夹（快，适合该单位的 pre-commit）。",
                        epilog=EXIT_CODES)
    report_parser = commands.add_parser("report", parents=[site, output_format, agency], help="目录覆盖情况报告",
                                        description="对照标准目录，列出各领域已有和缺少条目的标准事项、覆盖率、超期未更新的条目和指南的更新日期。",
                                        epilog=EXIT_CODES)
    report_parser.add_argument("--stale-after", type=int, metavar="天数", help="超过多少天未更新算超期，覆盖 catalog.yaml 中的 stale_after_days")
    inspect_parser = commands.add_parser("inspect", parents=[site, output_format, agency], help="政府网站检查（单项否决和扣分项）",
                                         description="按政府网站检查指标检查网站：单项否决项、扣分项和各栏目的更新期限。",
                                         epilog="退出码：0 没有单项否决项；1 有单项否决项（或内容有错误）；2 参数错误；3 --html 的文件无法写入。")
    inspect_parser.add_argument("--html", type=Path, metavar="文件", help="另把结果写成网页（供办公室内部使用，不能放在输出文件夹或 content/ 里）")
    new_parser = commands.add_parser("new", parents=[site, agency], help="新建一个目录条目文件（或建议提案复文、重大行政决策、政府公报、政策解读、征求意见）",
                                     description="在 content/<领域>/ 中新建一个条目文件，列出全部字段和该领域的一级事项；"
                                                 "第一个参数写建议提案复文、重大行政决策、政府公报、政策解读或征求意见时，新建这一类文件。不会覆盖已有文件。",
                                     epilog="退出码：0 已创建；1 文件已存在；2 领域不存在或参数错误。")
    new_parser.add_argument("domain", metavar="领域或类型", help="领域的网址名或中文名，如 social-assistance 或 社会救助；"
                                                              "或 建议提案复文、重大行政决策、政府公报、政策解读、征求意见")
    new_parser.add_argument("title", metavar="标题", help="标题（政府公报写期次，如 2026年第3期）")
    new_parser.add_argument("--slug", metavar="网址名", help="文件名（网址名），默认由标题的拼音生成")
    new_parser.add_argument("--form", metavar="解读形式", help="政策解读的解读形式：" + "、".join(option.name for option in INTERPRETATION_FORMS))
    report_new_parser = commands.add_parser("new-report", parents=[site, agency], help="新建某一年度的政府信息公开工作年度报告数据文件",
                                            description="按 2021 年标准格式生成年度报告数据文件（YAML），列出全部表格行；上年结转等数字取自上一年度报告。",
                                            epilog="退出码：0 已创建；1 文件已存在；2 参数错误。")
    report_new_parser.add_argument("year", type=int, metavar="年度", help="报告年度，如 2026")
    import_parser = commands.add_parser("import", parents=[site, agency], help="从 Excel、Word 或 CSV 目录表导入条目",
                                        description="读取标准目录表（.xlsx、.csv 或 .docx 中的表格），每一行写成 content/<领域>/ 中的一个条目文件，"
                                                    "单元格内容原样保留；不会覆盖已有文件。表格有问题时全部列出，不写入任何文件。",
                                        epilog="退出码：0 已导入；1 表格有问题（未写入任何文件），或有文件已存在、未覆盖；2 参数错误或文件无法作为表格读取；"
                                               "3 条目文件无法写入。")
    import_parser.add_argument("file", type=Path, metavar="文件", help="目录表文件：.xlsx、.csv 或 .docx")
    import_parser.add_argument("--domain", required=True, metavar="领域", help="领域的网址名或中文名，如 social-assistance 或 社会救助")
    import_parser.add_argument("--sheet", metavar="工作表", help="要导入的工作表名称（.docx 中为 表1、表2……）；文件中有多个有内容的工作表时必须指定")
    import_parser.add_argument("--dry-run", action="store_true", help="只显示将写入的文件和内容，不写入任何文件")
    import_parser.add_argument("--update-catalog", action="store_true",
                               help="把表中有而 catalog.yaml 中没有的一级/二级事项、表头选项和自定义列添加到 catalog.yaml（保留原有注释）")
    serve_parser = commands.add_parser("serve", parents=[site], help="本地预览，修改后自动重建并刷新浏览器",
                                       description="生成网站并在本机提供预览；content/、themes/、catalog.yaml 变化时自动重建，浏览器自动刷新。")
    serve_parser.add_argument("--port", type=int, default=8000, metavar="端口", help="端口，默认 8000")
    serve_parser.add_argument("--host", default="127.0.0.1", metavar="地址", help="监听的地址，默认 127.0.0.1；只回应发往本机名（localhost、127.0.0.1）或这个地址本身的请求，以防其他网页借用预览；"
                                                                      "0.0.0.0 时局域网内的其他电脑也能打开预览（回应任何地址和名称）")
    serve_parser.add_argument("--admin", action="store_true", help="同时提供内容管理（表单编辑）：http://127.0.0.1:端口/admin/，并在 127.0.0.1 上启动保存用的本地代理")
    serve_parser.add_argument("--proxy-port", type=int, default=8081, metavar="端口", help="内容管理本地代理（decap-server）的端口，默认 8081")
    admin_parser = commands.add_parser("admin", parents=[site, agency], help="生成内容管理（表单编辑）文件夹 admin/",
                                       description="按 catalog.yaml 和本程序的字段规则生成基于 Git 的内容管理（Decap CMS）文件夹，"
                                                   "所需文件全部在文件夹内，不从外网加载。默认供本机使用（python build.py serve --admin）；"
                                                   "办公室共用时用 --backend 指定内网的 Gitea、Forgejo 或 GitLab。",
                                       epilog="退出码：0 已生成；1 catalog.yaml 有错误；2 参数错误或缺少 node_modules；3 文件夹无法写入。")
    admin_parser.add_argument("--output", type=Path, metavar="文件夹", help="写到哪个文件夹，默认 <网站文件夹>/admin（整个替换）")
    admin_parser.add_argument("--backend", choices=("local", "gitea", "forgejo", "gitlab"), default="local",
                              help="保存到哪里：local 本机工作副本（经本地代理），或内网的 gitea、forgejo、gitlab；默认 local")
    admin_parser.add_argument("--git-url", type=base_url_argument, metavar="网址", help="Git 服务的地址，如 https://git.qinghe.example/")
    admin_parser.add_argument("--repo", metavar="所有者/仓库", help="网站仓库在 Git 服务上的路径，如 gk/qinghe-site")
    admin_parser.add_argument("--app-id", metavar="客户端ID", help="在 Git 服务上登记的 OAuth 应用的客户端 ID（Client ID）")
    admin_parser.add_argument("--branch", default="main", metavar="分支", help="发布分支，默认 main")
    admin_parser.add_argument("--proxy-port", type=int, default=8081, metavar="端口", help="local：本地代理的端口，默认 8081（与 serve --proxy-port 相同）")
    return parser


def print_failure(failure: BuildFailed, verdict: str, consequence: str = "") -> int:
    """Every problem, then one summary line: `构建失败：2 个错误，0 个警告；public 未改动。`"""
    for diagnostic in failure.diagnostics:
        print(diagnostic, file=sys.stderr)
    errors = sum(d.is_error for d in failure.diagnostics)
    print(f"{verdict}：{errors} 个错误，{len(failure.diagnostics) - errors} 个警告{consequence}。", file=sys.stderr)
    return EXIT_CONTENT_ERRORS


def options_from(args: argparse.Namespace, output: Path | None = None, **more) -> BuildOptions:
    if not (args.site / "catalog.yaml").is_file():
        where = "" if args.site.is_dir() else "（这个文件夹不存在）"
        raise UsageError(f"在 {args.site.resolve()} 中找不到 catalog.yaml{where}：请在网站文件夹（有 catalog.yaml 的文件夹）中运行，"
                         f"或用 --site 指定网站文件夹，例如 python build.py --site D:\\gk 或 --site ~/gk")
    return BuildOptions(root=args.site, output=output or args.site / "public", today=args.today or build_date(), **more)


def run_build(args: argparse.Namespace) -> int:
    cache_dir = None if args.no_cache else args.cache_dir or args.site / CACHE_DIR
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs 应为正整数")
    jobs = {"jobs": args.jobs} if args.jobs else {}
    options = options_from(args, args.output, strict=args.strict, base_url=args.base_url, cache_dir=cache_dir, **jobs)
    output = options.output
    show_progress = args.verbose or (not args.quiet and sys.stderr.isatty())
    progress = (lambda message: print(message, file=sys.stderr, flush=True)) if show_progress else None
    try:
        result = build(options, progress)
    except BuildFailed as failure:
        return print_failure(failure, "构建失败", f"；{output} 未改动")
    except OSError as error:
        print(f"{io_problem(error, options.root)}；{output} 未改动。", file=sys.stderr)
        return EXIT_WRITE_FAILED
    except WorkerLost as error:
        print(f"build.py: 错误：{error}；{output} 未改动。", file=sys.stderr)
        return EXIT_WRITE_FAILED
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    if not args.quiet:
        print(summary(result, output))
    return EXIT_OK


def summary(result: BuildResult, output: Path) -> str:
    """What the build did: pages rendered, and pages kept because nothing they show has changed."""
    kept = result.pages - result.rendered
    if result.rendered == 0:
        done = f"网站 {output} 已是最新：{result.pages} 个页面都没有变化，未重新渲染"
    elif kept == 0:
        done = f"已生成网站 {output}：渲染全部 {result.pages} 个页面（共 {result.files} 个文件）"
    else:
        done = f"已生成网站 {output}：渲染 {result.rendered} 个页面，{kept} 个页面没有变化、沿用（共 {result.pages} 个页面、{result.files} 个文件）"
    return f"{done}；{len(result.warnings)} 个警告，用时 {result.seconds:.2f} 秒。"


def diagnostics_json(diagnostics: tuple[Diagnostic, ...]) -> str:
    errors = sum(d.is_error for d in diagnostics)
    return json.dumps({
        "ok": errors == 0,
        "errors": errors,
        "warnings": len(diagnostics) - errors,
        "diagnostics": [{"path": d.path, "line": d.line, "severity": d.severity, "message": d.message, **({"detail": d.detail} if d.detail else {})}
                        for d in diagnostics],
    }, ensure_ascii=False, indent=2)


def run_check(args: argparse.Namespace) -> int:
    from .incremental import check_cache
    from .parallel import Workers
    from .pipeline import check_site

    options = options_from(args, strict=args.strict, agency=args.agency)
    # The build's cache, read and never written: files unchanged since the last build are not checked again.
    cache = check_cache(args.site / CACHE_DIR)
    try:
        with Workers(options.jobs) as workers:
            checked = check_site(options, cache, workers)
    except BuildFailed as failure:
        if args.format == "json":
            print(diagnostics_json(failure.diagnostics))
            return EXIT_CONTENT_ERRORS
        return print_failure(failure, "检查未通过")
    if args.format == "json":
        print(diagnostics_json(checked.warnings))
        return EXIT_OK
    for warning in checked.warnings:
        print(warning, file=sys.stderr)
    entries = sum(len(domain.entries) for catalog in checked.portal.catalogs for domain in catalog.domains)
    whose = f"{checked.portal.own.config.agency.name}：" if args.agency else ""
    print(f"检查通过：{whose}{entries} 个条目、{len(checked.pages)} 个页面，{len(checked.warnings)} 个警告。")
    return EXIT_OK


def run_report(args: argparse.Namespace) -> int:
    from .pipeline import agency_slug, load_catalog
    from .report import compliance_report, report_as_json, report_as_text

    options = options_from(args)
    if args.stale_after is not None and args.stale_after < 1:
        raise UsageError("--stale-after 应为正整数")
    try:
        portal, _ = load_catalog(options)
    except BuildFailed as failure:
        return print_failure(failure, "内容有错误，无法生成报告")
    slug = agency_slug(portal.config, args.agency) if args.agency is not None else None
    catalogs = [c for c in portal.catalogs if slug is None or c.config.agency.slug == slug]
    reports = [(catalog.config.agency, compliance_report(catalog, options.today, args.stale_after)) for catalog in catalogs]
    if args.format == "json":
        shown = [report_as_json(report) | ({"单位": agency.name} if agency.slug else {}) for agency, report in reports]
        print(json.dumps(shown[0] if not portal.config.is_cluster else shown, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join((f"【{agency.name}】\n" if agency.slug else "") + report_as_text(report) for agency, report in reports))
    return EXIT_OK


def is_inspection_page(path: Path) -> bool:
    """A page `inspect --html` wrote earlier (it may be replaced), not some other file of the same name."""
    from .inspection import INSPECTION_PAGE_MARK

    try:
        with open(path, "rb") as file:
            return INSPECTION_PAGE_MARK.encode("utf-8") in file.read(4096)
    except OSError:
        return False


def run_inspect(args: argparse.Namespace) -> int:
    from .incremental import check_cache
    from .inspection import inspect_failed, inspect_portal, inspection_as_html, inspection_as_json, inspection_as_text
    from .parallel import Workers
    from .pipeline import agency_slug, check_site

    options = options_from(args)
    html = args.html.resolve() if args.html else None
    for folder in (options.output.resolve(), (options.root / "content").resolve(), (options.root / "themes").resolve()):
        if html is not None and html.is_relative_to(folder):
            raise UsageError(f"--html 的文件不能放在 {folder} 里：那里的文件会被发布；请放在网站文件夹之外或网站文件夹根目录")
    if html is not None and html.suffix.lower() != ".html":
        raise UsageError(f"--html 的文件名应以 .html 结尾，例如 inspection.html；实际为 {html.name}")
    if html is not None and html.exists() and not is_inspection_page(html):
        raise UsageError(f"{html} 已存在，且不是以前写出的网站检查结果，不会覆盖；请换一个文件名")
    cache = check_cache(args.site / CACHE_DIR)
    try:
        with Workers(options.jobs) as workers:
            portal = check_site(options, cache, workers).portal
        slug = agency_slug(portal.config, args.agency) if args.agency else None
        result, site_name = inspect_portal(portal, options.today, slug), portal.config.site.name
    except BuildFailed as failure:
        result, site_name = inspect_failed(failure.diagnostics, options.today), "本网站"
    print(json.dumps(inspection_as_json(result), ensure_ascii=False, indent=2) if args.format == "json" else inspection_as_text(result))
    if html is not None:
        try:
            html.write_text(inspection_as_html(result, site_name), encoding="utf-8")
        except OSError as error:
            print(f"build.py inspect: 错误：无法写入 {html}（{error}）", file=sys.stderr)
            return EXIT_WRITE_FAILED
    return EXIT_OK if result.ok else EXIT_CONTENT_ERRORS


def run_new(args: argparse.Namespace) -> int:
    from .config import load_config
    from .pipeline import theme_dirs
    from .scaffold import Request, ScaffoldError, find_kind, new_entry, new_of_kind, to_fill as fields_to_fill

    options = options_from(args)
    config, diagnostics = load_config(options.root, theme_dirs(options.root))
    if config is None:
        return print_failure(BuildFailed(diagnostics), "catalog.yaml 有错误")
    config = chosen_agency(config, args.agency, "new")
    kind = find_kind(args.domain)
    form = interpretation_form(args.form, kind)
    try:
        if kind is None:
            path = new_entry(options.root, config, args.domain, args.title, options.today, args.slug)
            to_fill = "一级事项、公开内容（要素）、公开依据等字段"
        else:
            request = Request(config.agency, args.title.strip(), options.today, form)
            path = new_of_kind(options.root, config, kind, request, args.slug)
            to_fill = fields_to_fill(kind, request)
    except ScaffoldError as error:
        print(f"build.py new: {error}", file=sys.stderr)
        exists = "已存在" in str(error)
        return EXIT_CONTENT_ERRORS if exists else EXIT_USAGE
    print(f"已新建 {path}：请填写{to_fill}，再运行 python build.py check 检查。")
    return EXIT_OK


def interpretation_form(written: str | None, kind) -> str | None:
    """`--form`: one of the 解读形式, and only for a 政策解读."""
    from .schema import normalize

    if written is None:
        return None
    if kind is None or kind.name != "政策解读":
        raise UsageError("--form 只用于政策解读：python build.py new 政策解读 标题 --form 简明问答")
    form = next((option.name for option in INTERPRETATION_FORMS if normalize(written) in map(normalize, (option.name, *option.variants))), None)
    if form is None:
        names = [option.name for option in INTERPRETATION_FORMS]
        raise UsageError(f"没有“{written}”这种解读形式；{did_you_mean(written, names)}可选：{'、'.join(names)}")
    return form


def run_new_report(args: argparse.Namespace) -> int:
    from .config import load_config
    from .pipeline import load_catalog, theme_dirs
    from .scaffold import ScaffoldError, new_report

    options = options_from(args)
    if not 2000 <= args.year <= 2100:
        raise UsageError("年度应在 2000 到 2100 之间")
    config, diagnostics = load_config(options.root, theme_dirs(options.root))
    if config is None:
        return print_failure(BuildFailed(diagnostics), "catalog.yaml 有错误")
    config = chosen_agency(config, args.agency, "new-report")
    existing = options.root / "content" / config.agency.column.annual_reports / f"{args.year}.yaml"
    if existing.exists():
        print(f"build.py new-report: {existing.relative_to(options.root).as_posix()} 已存在，不会覆盖", file=sys.stderr)
        return EXIT_CONTENT_ERRORS
    try:
        portal, _ = load_catalog(options)
    except BuildFailed as failure:
        return print_failure(failure, "内容有错误，请先改正再新建年度报告")
    catalog = portal.catalog_of(config.agency.slug)
    previous = next((r for r in catalog.column.annual_reports if r.year == args.year - 1), None)
    try:
        path = new_report(options.root, catalog.config, args.year, options.today, previous)
    except ScaffoldError as error:
        print(f"build.py new-report: {error}", file=sys.stderr)
        return EXIT_CONTENT_ERRORS
    carried = f"（上年结转、现行有效件数已取自 {previous.year} 年报告）" if previous else ""
    print(f"已新建 {path}{carried}：请填写各部分文字和各表数字，合计数也要填写，运行 python build.py check 会核对每一个合计。")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from .config import load_config
    from .importers.command import ImportRequest, ImportUsageError, run_import as import_table
    from .pipeline import theme_dirs

    options = options_from(args)
    config, diagnostics = load_config(options.root, theme_dirs(options.root))
    if config is None:
        return print_failure(BuildFailed(diagnostics), "catalog.yaml 有错误")
    config = chosen_agency(config, args.agency, "import")
    request = ImportRequest(options.root, args.file, args.domain, args.sheet, args.dry_run, args.update_catalog, options.today)
    try:
        return import_table(request, config)
    except ImportUsageError as error:
        print(f"build.py import: {error}", file=sys.stderr)
        return EXIT_USAGE


def chosen_agency(config, named: str | None, command: str):
    """The configuration as the agency named by --agency sees it: a cluster's commands that write into
    one agency's folder need it; a one-agency site's do not take it."""
    from .pipeline import agency_slug

    if named is None and config.is_cluster:
        known = "、".join(f"{agency.slug}（{agency.name}）" for agency in config.agencies)
        raise UsageError(f"这个网站有多个单位，请用 --agency 指明写入哪个单位的文件夹，例如 python build.py {command} … --agency "
                         f"{config.agencies[-1].slug}；可用的单位：{known}")
    if named is None:
        return config
    agency_slug(config, named)  # an agency that does not exist is a usage error, with the ones that do
    return config.for_agency(config.agency_named(named))


def run_serve(args: argparse.Namespace) -> int:
    from .admin import AdminUnavailable
    from .serve import serve

    with socket.socket() as probe:
        if probe.connect_ex((args.host, args.port)) == 0:
            raise UsageError(f"端口 {args.port} 已被占用；请用 --port 换一个端口")
    try:
        serve(options_from(args), args.host, args.port, args.proxy_port if args.admin else None)
    except AdminUnavailable as error:
        raise UsageError(str(error)) from None
    return EXIT_OK


def run_admin(args: argparse.Namespace) -> int:
    from .admin import AdminUnavailable, admin_files, write_admin
    from .cms import Backend
    from .config import load_config
    from .pipeline import agency_slug, theme_dirs
    from .write import OutputRefused

    options = options_from(args)
    if args.backend != "local":
        missing = [name for name, value in (("--git-url", args.git_url), ("--repo", args.repo), ("--app-id", args.app_id)) if not value]
        if missing:
            raise UsageError(f"--backend {args.backend} 还须指定 {'、'.join(missing)}（见 README“内容管理”一节）")
    config, diagnostics = load_config(options.root, theme_dirs(options.root))
    if config is None:
        return print_failure(BuildFailed(diagnostics), "catalog.yaml 有错误")
    if args.agency:  # one office's admin: only its own collections
        config = replace(config, only=agency_slug(config, args.agency))
    backend = Backend(args.backend, args.repo or "", args.git_url or "", args.app_id or "", args.branch, args.proxy_port)
    output = args.output or args.site / ("admin" if config.only is None else f"admin-{config.only}")
    try:
        write_admin(output, admin_files(options.root, config, backend))
    except (AdminUnavailable, OutputRefused) as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        print(f"{io_problem(error, options.root)}；{output} 未改动。", file=sys.stderr)
        return EXIT_WRITE_FAILED
    where = "运行 python build.py serve --admin 后打开 http://127.0.0.1:8000/admin/" if args.backend == "local" else "把它放到内网网站的 /admin/ 下"
    print(f"已生成内容管理文件夹 {output}：{where}。")
    return EXIT_OK


COMMANDS = {"build": run_build, "check": run_check, "report": run_report, "inspect": run_inspect, "new": run_new,
            "new-report": run_new_report, "import": run_import, "serve": run_serve, "admin": run_admin}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        print(f"build.py: 错误：没有“{argv[0]}”这个命令；{did_you_mean(argv[0], list(COMMANDS))}"
              f"可用的命令：{'、'.join(COMMANDS)}（不写命令即为 build）；python build.py --help 显示用法", file=sys.stderr)
        return EXIT_USAGE
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv.insert(0, "build")  # the default command
    args = make_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except UsageError as error:
        print(f"build.py: 错误：{error}", file=sys.stderr)
        return EXIT_USAGE
