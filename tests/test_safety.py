"""Hostile input: known XSS payloads in every field and in bodies never reach the page as markup."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from conftest import copy_site, tree

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\" alt=\"x\" onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '"><script>alert(1)</script>',
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<div style=\"position:fixed;top:0;left:0;width:100%;height:100%\">x</div>",
    "<body onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<form action=\"https://evil.example\"><input name=q></form>",
    "<object data=\"x.swf\"></object>",
    "<base href=\"https://evil.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
    "<link rel=stylesheet href=\"https://evil.example/x.css\">",
    "[链接](javascript:alert(1))",
    "<details open ontoggle=alert(1)>",
]
ALLOWED_SCRIPTS = {"reading-mode.js", "search.js"}


def theme_search_form(tag: str, attributes: dict) -> bool:
    """The theme's own search box (a GET form to search/index.html), not a payload's form."""
    if tag == "form":
        return attributes.get("role") == "search" and (attributes.get("action") or "").endswith("index.html")
    return tag == "input" and attributes.get("type") == "search" and attributes.get("name") == "q"


class Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            source = dict(attrs).get("src") or ""
            if not any(source.endswith(name) for name in ALLOWED_SCRIPTS):
                self.problems.append(f"<script src={source!r}>")
        if tag in {"iframe", "object", "embed", "form", "input", "base", "math", "style"} and not theme_search_form(tag, dict(attrs)):
            self.problems.append(f"<{tag}>")
        if tag == "meta" and "http-equiv" in dict(attrs):
            self.problems.append("<meta http-equiv>")
        if tag == "link" and dict(attrs).get("rel") != "canonical" and dict(attrs).get("href", "").startswith(("http:", "https:", "//")):
            self.problems.append("<link> to another site")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name == "style":
                self.problems.append(f"{tag} style=")
            if name in {"href", "src", "action", "data"} and value and value.strip().lower().replace("\x00", "").startswith("javascript"):
                self.problems.append(f"{tag} {name}={value}")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_every_field_and_the_body_is_neutralised(payload, tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    entry = site / "content/social-assistance/linshi-jiuzhu.md"
    text = entry.read_text(encoding="utf-8")
    for key in ("公开内容(要素)", "公开依据", "公开时限", "公开主体"):
        line = next(line for line in text.splitlines() if line.startswith(f"{key}:"))
        text = text.replace(line, f"{key}: {quoted(payload)}")
    text = text.replace("---\n一级事项", f"---\n标题: {quoted(payload)}\n一级事项", 1)
    entry.write_text(text + f"\n{payload}\n\n段落 {payload} 结束\n", encoding="utf-8")
    guide = site / "content/guide/index.md"
    guide_text = guide.read_text(encoding="utf-8")
    title_line = next(line for line in guide_text.splitlines() if line.startswith("标题:"))
    guide.write_text(guide_text.replace(title_line, f"标题: {quoted(payload)}") + f"\n{payload}\n", encoding="utf-8")

    result = run_build("--site", site, "--quiet")
    if result.code != 0:
        # Refusing is safe too, as long as it is a reported content problem and nothing is published.
        assert result.code == 1 and result.diagnostics, result.err
        assert not (site / "public").exists()
        return
    output = tree(site / "public")
    problems = []
    for path, data in output.items():
        if path.endswith(".html"):
            inspector = Inspector()
            inspector.feed(data.decode("utf-8"))
            problems += [f"{path}: {problem}" for problem in inspector.problems]
    assert problems == []
    entry_page = output["catalog/social-assistance/linshi-jiuzhu.html"].decode("utf-8")
    assert "<h1>" + payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;").replace("'", "&#39;") + "</h1>" in entry_page
