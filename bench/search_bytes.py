"""What the search page downloads for a reader's first query, measured in Chromium with its network log.

    python bench/search_bytes.py OUTPUT_FOLDER [--query 救助 --query "低保 标准" ...]

Serves OUTPUT_FOLDER (a built site) over HTTP on 127.0.0.1, and for each query opens the search page in a fresh
browser context (nothing cached), types the query, presses Enter and waits for the results. Counts every response
from the page's load to the results: the bytes of their bodies as served (no compression: a host that gzips
sends less) and, among them, those of the search index (search/*.js). Prints JSON:

    {"queries": {"救助": {"bytes": …, "index_bytes": …, "requests": …, "index_requests": …, "results": "找到 … 条…",
                        "seconds": …}, …}, "index_total_bytes": …, "index_files": …}

`seconds` (page opened to results shown) depends on the machine's load; the bytes do not. Needs playwright and
Chromium at /usr/bin/chromium (what the accessibility tests use).
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import sys
import threading
import time
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
QUERIES = ("救助", "低保 标准", "临时救助")
BOX = "搜索本站的公开事项和文件"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def first_query(browser, url: str, query: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    sizes: list[tuple[str, int]] = []
    page.on("requestfinished", lambda request: sizes.append((request.url, request.sizes()["responseBodySize"])))
    start = time.perf_counter()
    page.goto(url)
    box = page.get_by_role("searchbox", name=BOX)
    box.fill(query)
    box.press("Enter")
    page.wait_for_function("() => { const s = document.getElementById('search-status').textContent;"
                           " return s && !s.startsWith('正在'); }", timeout=120_000)
    seconds = time.perf_counter() - start
    status = page.locator("#search-status").inner_text()
    context.close()
    index = [size for address, size in sizes if "/search/" in address and address.endswith(".js")]
    return {"bytes": sum(size for _, size in sizes), "index_bytes": sum(index), "requests": len(sizes),
            "index_requests": len(index), "results": status, "seconds": round(seconds, 2)}


def measure(output: Path, queries: tuple[str, ...]) -> dict:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(output)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/search/index.html"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
            results = {query: first_query(browser, url, query) for query in queries}
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    index_files = [path for path in (output / "search").rglob("*.js")]
    return {"queries": results, "index_total_bytes": sum(path.stat().st_size for path in index_files),
            "index_files": len(index_files)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--query", action="append", help=f"a query (repeat; default: {', '.join(QUERIES)})")
    args = parser.parse_args()
    print(json.dumps(measure(args.output, tuple(args.query or QUERIES)), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
