"""Publishing: sitemap.xml and robots.txt with a base URL only, and a site built for /gk/ served under /gk/
(with its 404 page for missing addresses, as nginx's `error_page 404` does) has no broken link."""

from __future__ import annotations

import functools
import http.server
import io
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest

from conftest import DEMO_TODAY, FIXTURE_SITES, copy_site
from test_links import parse

BASE_URL = "https://www.example.gov.cn/gk/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_lists_every_page_with_its_content_date(tmp_path, run_build):
    built = tmp_path / "out"
    assert run_build("--site", FIXTURE_SITES / "minimal", "--output", built, "--quiet").code == 0
    root = ET.fromstring((built / "sitemap.xml").read_bytes())
    listed = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root.iter(f"{SITEMAP}url")}
    pages = {BASE_URL + p.relative_to(built).as_posix() for p in built.rglob("*.html")}
    assert set(listed) == pages - {BASE_URL + "404.html", BASE_URL + "search/index.html"}
    assert listed[BASE_URL + "catalog/social-assistance/dibao-shenpi.html"] == "2026-03-15"
    assert listed[BASE_URL + "catalog/social-assistance/index.html"] == "2026-03-15"
    assert listed[BASE_URL + "index.html"] is None
    assert (built / "robots.txt").read_text(encoding="utf-8") == f"User-agent: *\nAllow: /\n\nSitemap: {BASE_URL}sitemap.xml\n"


def test_no_sitemap_or_robots_without_a_base_url(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    config = site / "catalog.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(f"base_url: {BASE_URL}", 'base_url: ""'), encoding="utf-8")
    assert run_build("--site", site, "--output", tmp_path / "out", "--quiet").code == 0
    assert not (tmp_path / "out/sitemap.xml").exists() and not (tmp_path / "out/robots.txt").exists()
    assert (tmp_path / "out/404.html").is_file()
    assert "canonical" not in (tmp_path / "out/index.html").read_text(encoding="utf-8")


class NginxLikeHandler(http.server.SimpleHTTPRequestHandler):
    """The site only below /gk/; a missing file gets 404.html with status 404 (`error_page 404 /gk/404.html`)."""

    def send_head(self):
        relative = self.path.split("?")[0].removeprefix("/gk/") if self.path.startswith("/gk/") else None
        if relative is not None and (Path(self.directory) / relative).is_file():
            self.path = "/" + relative
            return super().send_head()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served_under_gk(tmp_path_factory, demo_site):
    """The demo site built for https://…/gk/ and served at http://127.0.0.1:PORT/gk/."""
    from generator.cli import main

    built = tmp_path_factory.mktemp("gk") / "public"
    options = ["--base-url", BASE_URL, "--quiet", "--no-cache", "--today", DEMO_TODAY.isoformat()]
    assert main(["build", "--site", str(demo_site), "--output", str(built), *options]) == 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(NginxLikeHandler, directory=str(built)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield built, f"http://127.0.0.1:{server.server_address[1]}/gk/"
    server.shutdown()
    server.server_close()


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def test_every_link_works_under_gk_including_feeds_downloads_and_search(served_under_gk):
    built, start = served_under_gk
    queue, seen, broken = [start + "index.html"], {start + "index.html"}, []
    while queue:
        url = queue.pop()
        status, content_type, body = fetch(url)
        if status != 200:
            broken.append(f"{url}: {status}")
            continue
        if content_type == "text/html":
            for link in parse(body.decode("utf-8")).links:
                absolute = urljoin(url, link).partition("#")[0]
                if absolute.startswith(start) and absolute not in seen:
                    seen.add(absolute)
                    queue.append(absolute)
    assert broken == []
    for path in ("search/index.html", "static/search.js", "feeds/site.xml"):
        assert start + path in seen, path
    # Each agency's downloads (at the root of a one-agency site, under each agency's path in a cluster).
    downloads = [*built.glob("data/catalog.xlsx"), *built.glob("*/data/catalog.xlsx"), *built.glob("data/domains/*.csv"),
                 *built.glob("*/data/domains/*.csv"), *built.glob("*/feeds/site.xml")]
    assert downloads and [p for p in downloads if start + p.relative_to(built).as_posix() not in seen] == []
    for path in ("search/index.js", "sitemap.xml", "robots.txt"):  # loaded by search.js / read by crawlers
        assert fetch(start + path)[0] == 200, path


def test_the_404_page_works_at_any_depth(served_under_gk):
    built, start = served_under_gk
    for missing in ("nothing.html", "catalog/no-such-domain/gone.html", "a/b/c/d/"):
        status, _, body = fetch(start + missing)
        assert status == 404
        html = body.decode("utf-8")
        assert "<h1>页面不存在</h1>" in html
        links = parse(html).links
        assert "#main" in links, "the skip link must stay on the page"
        for link in links:
            target = urljoin(start + missing, link)
            if target.startswith(start) and "#" not in link:
                assert fetch(target)[0] == 200, f"{missing}: {link} → {target}"


def test_the_404_page_names_no_canonical_address(tmp_path, run_build):
    from conftest import FIXTURE_SITES

    assert run_build("--site", FIXTURE_SITES / "minimal", "--output", tmp_path / "out", "--quiet", "--today", "2026-11-26").code == 0
    assert "canonical" not in (tmp_path / "out/404.html").read_text(encoding="utf-8")
    assert "canonical" in (tmp_path / "out/index.html").read_text(encoding="utf-8")
