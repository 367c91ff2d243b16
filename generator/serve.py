"""`serve`: live preview. Rebuilds when content/, themes/ or catalog.yaml change, and reloads
the open page (livereload). While the content is invalid every page shows an accessible
list of the problems instead of a stale page; the next good build brings the site back."""

from __future__ import annotations

import logging
import mimetypes
import posixpath
import signal
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import unquote

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .cache import BuildCache, generator_version
from .diagnostics import BuildFailed, Diagnostic, io_problem
from .options import BUILTIN_THEMES, BuildOptions, UsageError, WorkerLost
from .unchanged import build
from .write import remove_tree

ERROR_TEMPLATE = "preview-error.html"


class Preview:
    """The preview site in a temporary folder, and the problems of the last build, if any.
    Used as a context manager: the folder is removed when the preview ends, however it ends."""

    def __init__(self, options: BuildOptions, log: Callable[[str], None], host: str = "127.0.0.1", proxy_port: int | None = None):
        self.hosts = answered_hosts(host)
        self.folder = Path(tempfile.mkdtemp(prefix="gk-preview-"))
        self.proxy_port = proxy_port  # with the admin at /admin/, saving through the local proxy on this port
        # Kept in memory between rebuilds, so a rebuild after one edit redoes only what the edit touched.
        self.options = replace(options, output=self.folder / "site", cache_dir=None)
        self.cache = BuildCache(generator_version())
        self.log = log
        self.problems: tuple[Diagnostic, ...] = ()
        environment = Environment(loader=FileSystemLoader(str(BUILTIN_THEMES / "default" / "templates")), autoescape=select_autoescape())
        self.error_template = environment.get_template(ERROR_TEMPLATE)

    def __enter__(self) -> "Preview":
        return self

    def __exit__(self, *exc: object) -> None:
        remove_tree(self.folder)

    def rebuild(self) -> None:
        if self.proxy_port is not None:
            from .admin import refresh_admin
            from .cms import Backend

            refresh_admin(self.folder / "admin", self.options.root, Backend("local", proxy_port=self.proxy_port))
        try:
            result = build(self.options, cache=self.cache)
        except BuildFailed as failure:
            self.problems = failure.diagnostics
            for diagnostic in failure.diagnostics:
                self.log(str(diagnostic))
            self.log(f"构建失败：{sum(d.is_error for d in failure.diagnostics)} 个错误；浏览器中显示问题列表。")
            return
        except OSError as error:
            self.problems = (io_problem(error, self.options.root),)
            self.log(str(self.problems[0]))
            return
        except (UsageError, WorkerLost) as error:
            self.problems = (Diagnostic("build.py", 1, str(error)),)
            self.log(f"build.py: 错误：{error}")
            return
        self.problems = ()
        for warning in result.warnings:
            self.log(str(warning))
        self.log(f"已生成 {result.pages} 个页面，{len(result.warnings)} 个警告，用时 {result.seconds:.2f} 秒。")

    def error_page(self) -> bytes:
        return self.error_template.render(problems=self.problems, errors=sum(d.is_error for d in self.problems)).encode("utf-8")

    def app(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        """WSGI: files of the last good build, or the problem list while the content is invalid.

        Only requests addressed to this machine by name are answered: a page elsewhere on the internet
        could otherwise read the preview through a name of its own that resolves to 127.0.0.1 (DNS rebinding).
        Listening on every interface (0.0.0.0, ::) is a choice to show the preview to the network, which reaches
        it by whatever address or name it knows this machine by: then every Host is answered.
        """
        host = host_name(environ.get("HTTP_HOST", ""))
        if self.hosts is not None and host not in self.hosts:
            message = f"预览只接受发往本机的请求（如 http://127.0.0.1/）；此请求的 Host 是“{host}”，不予回答。"
            return respond(start_response, "403 Forbidden", "text/plain; charset=utf-8", message.encode("utf-8"))
        path = unquote(environ.get("PATH_INFO", "/"))
        if "\x00" in path:  # no file has such a name; the file system would refuse it with an exception
            return self.not_found(start_response)
        if path.endswith("/"):
            path += "index.html"
        relative = posixpath.normpath(path).lstrip("/")
        admin = self.proxy_port is not None and relative.split("/")[0] == "admin"
        if relative and (self.folder if admin else self.options.output).joinpath(relative).is_dir():
            return redirect(start_response, environ.get("SCRIPT_NAME", "") + path + "/")  # so its relative links resolve in it
        if admin:  # the admin works while the content has errors
            return self.file(self.folder, relative, start_response)
        wants_page = relative.endswith(".html") or "." not in posixpath.basename(relative)
        if self.problems and wants_page:
            return respond(start_response, "500 Internal Server Error", "text/html; charset=utf-8", self.error_page())
        return self.file(self.options.output, relative, start_response)

    def file(self, folder: Path, relative: str, start_response: Callable) -> list[bytes]:
        site = folder.resolve()
        target = (site / relative).resolve()
        if not target.is_relative_to(site) or not target.is_file():
            return self.not_found(start_response)
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type in ("application/javascript", "image/svg+xml"):
            content_type += "; charset=utf-8"
        return respond(start_response, "200 OK", content_type, target.read_bytes())

    def not_found(self, start_response: Callable) -> list[bytes]:
        not_found = self.options.output / "404.html"
        if not_found.is_file():
            return respond(start_response, "404 Not Found", "text/html; charset=utf-8", not_found.read_bytes())
        return respond(start_response, "404 Not Found", "text/plain; charset=utf-8", "找不到该页面。".encode())


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
EVERY_INTERFACE = ("0.0.0.0", "::", "[::]", "")


def listens_everywhere(host: str) -> bool:
    return host.strip().lower() in EVERY_INTERFACE


def answered_hosts(host: str) -> frozenset[str] | None:
    """The loopback names and addresses, and the address the preview was told to listen on;
    None (any) when it listens on every interface."""
    if listens_everywhere(host):
        return None
    return frozenset((*LOOPBACK_NAMES, host_name(f"[{host}]" if ":" in host else host)))


def host_name(header: str) -> str:
    """A Host header without its port, lower case: `[::1]:8000` → `[::1]`, `LocalHost.:80` → `localhost`."""
    name = header.strip().lower()
    name = name[: name.index("]") + 1] if name.startswith("[") and "]" in name else name.partition(":")[0]
    return name.rstrip(".")


def respond(start_response: Callable, status: str, content_type: str, body: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
    return [body]


def redirect(start_response: Callable, location: str) -> list[bytes]:
    """A folder asked for without its final `/` (`/admin`): the browser is sent to `/admin/`."""
    start_response("301 Moved Permanently", [("Location", location), ("Content-Length", "0"), ("Cache-Control", "no-store")])
    return []


def watched_paths(root: Path) -> list[Path]:
    return [path for path in (root / "catalog.yaml", root / "content", root / "themes") if path.exists()]


# What a service manager, a closed terminal window (SIGHUP; CTRL_CLOSE on Windows arrives as SIGBREAK)
# or `kill` sends: each stops the preview as Ctrl+C does, so that its temporary folder is removed.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGBREAK") if hasattr(signal, name))


def stop_on_signal(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # livereload ends its loop on it, as on Ctrl+C


def preview_server(preview: Preview):
    """livereload's server for `preview`. The admin's files go out untouched: livereload writes its script
    before every `</head>` of what the app returns, which Decap's script contains as text (and a reload
    would lose a form being filled in)."""
    from livereload import Server  # imported here: only `serve` needs tornado
    from tornado.web import FallbackHandler
    from tornado.wsgi import WSGIContainer

    class PreviewServer(Server):
        def _setup_logging(self):
            """Only problems reach the clerk's window: livereload's and tornado's progress lines are English
            and say nothing a clerk needs (Serving on …, Start watching changes, a line per 404)."""
            super()._setup_logging()
            logging.getLogger("livereload").setLevel(logging.WARNING)
            logging.getLogger("tornado.access").setLevel(logging.ERROR)

        def get_web_handlers(self, script):
            untouched = [(r"/admin(?:/.*)?", FallbackHandler, {"fallback": WSGIContainer(preview.app)})]
            return (untouched if preview.proxy_port is not None else []) + super().get_web_handlers(script)

    return PreviewServer(app=preview.app)


def serve(options: BuildOptions, host: str, port: int, proxy_port: int | None = None) -> None:
    """With `proxy_port`, also the admin at /admin/ and its local proxy (stopped with the preview)."""
    from .admin import local_proxy

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    for number in STOP_SIGNALS:
        signal.signal(number, stop_on_signal)
    try:
        with Preview(options, log, host, proxy_port) as preview, local_proxy(options.root, proxy_port):
            preview.rebuild()
            server = preview_server(preview)
            for path in watched_paths(options.root):
                server.watch(str(path), preview.rebuild)
            shown = "127.0.0.1" if listens_everywhere(host) else host  # a browser cannot open http://0.0.0.0/ on Windows
            log(f"预览地址：http://{shown}:{port}/ （按 Ctrl+C 结束）")
            if listens_everywhere(host):
                log(f"同一局域网的其他电脑可以打开 http://本机IP地址:{port}/（本机 IP 地址可用 ipconfig 查看）")
            if proxy_port is not None:
                log(f"内容管理：http://{shown}:{port}/admin/ （保存到 {options.root.resolve() / 'content'}）")
            server.serve(host=host, port=port, debug=False, restart_delay=0)
    except KeyboardInterrupt:
        pass  # stopped before the server ran (during the first build): the folder is removed all the same
    log("预览已结束，临时文件夹已删除。")
