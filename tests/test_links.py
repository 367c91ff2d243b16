"""Links work from disk (file://) and from a sub-path (/gk/), and every page is reachable."""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import DEMO_TODAY, FIXTURE_SITES, TEST_DAY


class LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        for name in ("href", "src", "action"):
            if attributes.get(name) and not (tag == "link" and attributes.get("rel") == "canonical"):
                self.links.append(attributes[name])


def parse(html: str) -> LinkParser:
    parser = LinkParser()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module", params=[pytest.param("demo", marks=pytest.mark.demo), "minimal", "cluster"])
def built_site(request, tmp_path_factory) -> Path:
    from generator.cli import main

    if request.param == "demo":
        site, today = request.getfixturevalue("demo_site"), DEMO_TODAY.isoformat()
    else:
        site, today = FIXTURE_SITES / request.param, TEST_DAY
    output = tmp_path_factory.mktemp(request.param) / "public"
    assert main(["build", "--site", str(site), "--output", str(output), "--quiet", "--no-cache", "--today", today]) == 0
    return output


def test_every_relative_link_resolves_to_a_file_and_anchor(built_site):
    # 404.html is served at any missing address, so its links start from the site's root path (tests/test_hosting.py).
    pages = {path: parse(path.read_text(encoding="utf-8")) for path in built_site.rglob("*.html")}
    problems = []
    for page, parsed in pages.items():
        for link in parsed.links if page.name != "404.html" else ():
            if urlsplit(link).scheme or link.startswith("//"):
                continue
            target_path, _, fragment = link.partition("#")
            target = (page.parent / target_path).resolve() if target_path else page
            if not target.is_file() or not target.is_relative_to(built_site):
                problems.append(f"{page.relative_to(built_site)}: {link}")
            elif fragment and fragment not in pages.get(target, parse("")).ids:
                problems.append(f"{page.relative_to(built_site)}: {link} (no such id)")
            elif target_path.endswith("/") or target.is_dir():
                problems.append(f"{page.relative_to(built_site)}: {link} (points at a folder; file:// needs a file)")
    assert problems == []


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site only below /gk/, as a host with the site under a sub-path would."""

    def translate_path(self, path):
        if not path.startswith("/gk/"):
            return str(Path(self.directory) / "__outside_gk__")
        return super().translate_path(path[len("/gk"):])

    def log_message(self, *args):
        pass


def test_whole_site_is_reachable_under_a_sub_path(built_site):
    handler = functools.partial(SubPathHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        start = f"{origin}/gk/index.html"
        queue, seen, broken = [start], {start}, []
        while queue:
            url = queue.pop()
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    body = response.read()
                    content_type = response.headers.get_content_type()
            except OSError as error:
                broken.append(f"{url}: {error}")
                continue
            if content_type != "text/html":
                continue
            for link in parse(body.decode("utf-8")).links:
                absolute = urljoin(url, link).partition("#")[0]
                if absolute.startswith(origin) and absolute not in seen:
                    seen.add(absolute)
                    queue.append(absolute)
    finally:
        server.shutdown()
        server.server_close()
    assert broken == []
    html_files = {f"{origin}/gk/{p.relative_to(built_site).as_posix()}" for p in built_site.rglob("*.html") if p.name != "404.html"}
    assert html_files <= seen, f"pages no link reaches: {sorted(html_files - seen)}"
