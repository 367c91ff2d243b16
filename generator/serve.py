"""`serve`: live preview. Rebuilds when content/, themes/ or catalog.yaml change, and reloads
the open page (livereload). While the content is invalid every page shows an accessible
list of the problems instead of a stale page; the next good build brings the site back."""

from __future__ import annotations

import atexit
import mimetypes
import posixpath
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import unquote

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .cache import BuildCache, generator_version
from .diagnostics import BuildFailed, Diagnostic
from .parallel import WorkerLost
from .pipeline import BUILTIN_THEMES, BuildOptions, UsageError, build

ERROR_TEMPLATE = "preview-error.html"


class Preview:
    """The preview site in a temporary folder, and the problems of the last build, if any."""

    def __init__(self, options: BuildOptions, log: Callable[[str], None]):
        self.folder = Path(tempfile.mkdtemp(prefix="gk-preview-"))
        atexit.register(shutil.rmtree, self.folder, ignore_errors=True)
        # Kept in memory between rebuilds, so a rebuild after one edit redoes only what the edit touched.
        self.options = replace(options, output=self.folder / "site", cache_dir=None)
        self.cache = BuildCache(generator_version())
        self.log = log
        self.problems: tuple[Diagnostic, ...] = ()
        environment = Environment(loader=FileSystemLoader(str(BUILTIN_THEMES / "default" / "templates")), autoescape=select_autoescape())
        self.error_template = environment.get_template(ERROR_TEMPLATE)

    def rebuild(self) -> None:
        try:
            result = build(self.options, cache=self.cache)
        except BuildFailed as failure:
            self.problems = failure.diagnostics
            for diagnostic in failure.diagnostics:
                self.log(str(diagnostic))
            self.log(f"构建失败：{sum(d.is_error for d in failure.diagnostics)} 个错误；浏览器中显示问题列表。")
            return
        except (UsageError, OSError, WorkerLost) as error:
            self.problems = (Diagnostic("build.py", 1, str(error)),)
            self.log(f"build.py: error: {error}")
            return
        self.problems = ()
        for warning in result.warnings:
            self.log(str(warning))
        self.log(f"已生成 {result.pages} 个页面，{len(result.warnings)} 个警告，用时 {result.seconds:.2f} 秒。")

    def error_page(self) -> bytes:
        return self.error_template.render(problems=self.problems, errors=sum(d.is_error for d in self.problems)).encode("utf-8")

    def app(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        """WSGI: files of the last good build, or the problem list while the content is invalid."""
        path = unquote(environ.get("PATH_INFO", "/"))
        if path.endswith("/"):
            path += "index.html"
        relative = posixpath.normpath(path).lstrip("/")
        wants_page = relative.endswith(".html") or "." not in posixpath.basename(relative)
        if self.problems and wants_page:
            return respond(start_response, "500 Internal Server Error", "text/html; charset=utf-8", self.error_page())
        site = self.options.output.resolve()
        target = (site / relative).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(site) or not target.is_file():
            not_found = site / "404.html"
            if not_found.is_file():
                return respond(start_response, "404 Not Found", "text/html; charset=utf-8", not_found.read_bytes())
            return respond(start_response, "404 Not Found", "text/plain; charset=utf-8", "找不到该页面。".encode())
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type in ("application/javascript", "image/svg+xml"):
            content_type += "; charset=utf-8"
        return respond(start_response, "200 OK", content_type, target.read_bytes())


def respond(start_response: Callable, status: str, content_type: str, body: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
    return [body]


def watched_paths(root: Path) -> list[Path]:
    return [path for path in (root / "catalog.yaml", root / "content", root / "themes") if path.exists()]


def serve(options: BuildOptions, host: str, port: int) -> None:
    from livereload import Server  # imported here: only `serve` needs tornado

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    preview = Preview(options, log)
    preview.rebuild()
    server = Server(app=preview.app)
    for path in watched_paths(options.root):
        server.watch(str(path), preview.rebuild)
    log(f"预览地址：http://{host}:{port}/ （按 Ctrl+C 结束）")
    server.serve(host=host, port=port, debug=False, restart_delay=0)
