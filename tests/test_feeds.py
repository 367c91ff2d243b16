"""Atom feeds: valid for a real feed parser, dated by the content, with ids that survive a move."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest

from conftest import FIXTURE_SITES, copy_site
from generator.feeds import FEED_SIZE

BASE_URL = "https://www.example.gov.cn/gk/"
ATOM_HEADERS = {"content-type": "application/atom+xml; charset=utf-8"}


def parse(built: Path, path: str, address: str = BASE_URL):
    """As a reader that fetched the feed from `address` + `path` would see it."""
    feed = feedparser.parse((built / path).read_bytes(), response_headers={**ATOM_HEADERS, "content-location": address + path})
    assert not feed.bozo, f"{path}: {feed.get('bozo_exception')}"
    return feed


def build(run_build, site: Path, output: Path, *options: str) -> Path:
    assert run_build("--site", site, "--output", output, "--quiet", *options).code == 0
    return output


def page_of(built: Path, link: str, address: str = BASE_URL) -> Path:
    assert link.startswith(address), link
    return built / link[len(address):]


def test_site_feed_is_valid_atom_with_the_newest_items_first(tmp_path, run_build):
    built = build(run_build, FIXTURE_SITES / "minimal", tmp_path / "out")
    feed = parse(built, "feeds/site.xml")
    assert feed.version == "atom10"
    assert feed.feed.title == "测试区政务公开网"
    assert feed.feed.link == BASE_URL + "index.html"
    assert {link.rel: link.href for link in feed.feed.links}["self"] == BASE_URL + "feeds/site.xml"
    entries = feed.entries
    assert 0 < len(entries) <= FEED_SIZE
    assert entries[0].title == "测试区政府信息公开保密审查办法" and entries[0].tags[0].term == "政府信息公开制度"
    assert entries[1].title.startswith("关于《测试区老旧小区改造实施办法") and entries[1].tags[0].term == "征求意见"
    entry = next(entry for entry in entries if entry.title == "低保申请审批")
    assert entry.author == "测试区民政局" and entry.tags[0].term == "社会救助"
    assert "申请条件" in entry.summary
    days = [entry.updated for entry in entries]
    assert days == sorted(days, reverse=True)
    assert feed.feed.updated == days[0] == "2026-11-20T00:00:00+08:00", "the feed must be dated by its newest item, not the clock"
    for entry in entries:
        assert entry.id.startswith("urn:uuid:")
        assert page_of(built, entry.link).is_file(), entry.link
    assert len({entry.id for entry in entries}) == len(entries)


def test_one_feed_per_domain_with_only_its_entries(tmp_path, run_build):
    built = build(run_build, FIXTURE_SITES / "minimal", tmp_path / "out")
    feed = parse(built, "feeds/domains/social-assistance.xml")
    assert feed.feed.title.startswith("社会救助领域政务公开事项标准目录")
    assert feed.feed.link == BASE_URL + "catalog/social-assistance/index.html"
    assert sorted(entry.title for entry in feed.entries) == ["2026年城乡低保标准", "临时救助", "低保申请审批"]
    assert all(entry.link.startswith(BASE_URL + "catalog/social-assistance/") for entry in feed.entries)


class AlternateLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.feeds: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "alternate" and attributes.get("type") == "application/atom+xml":
            self.feeds.append(attributes["href"])


@pytest.mark.parametrize("page, feeds", [
    ("index.html", ["feeds/site.xml"]),
    ("catalog/social-assistance/index.html", ["../../feeds/site.xml", "../../feeds/domains/social-assistance.xml"]),
    ("catalog/social-assistance/dibao-shenpi.html", ["../../feeds/site.xml", "../../feeds/domains/social-assistance.xml"]),
])
def test_pages_announce_their_feeds(tmp_path, run_build, page, feeds):
    built = build(run_build, FIXTURE_SITES / "minimal", tmp_path / "out")
    links = AlternateLinks()
    links.feed((built / page).read_text(encoding="utf-8"))
    assert links.feeds == feeds
    assert all((built / page).parent.joinpath(feed).resolve().is_file() for feed in feeds)


def test_ids_do_not_change_when_the_site_moves(tmp_path, run_build):
    here = parse(build(run_build, FIXTURE_SITES / "minimal", tmp_path / "here"), "feeds/site.xml")
    moved_to = "https://gk.example.org/"
    there = parse(build(run_build, FIXTURE_SITES / "minimal", tmp_path / "there", "--base-url", moved_to), "feeds/site.xml", moved_to)
    assert [entry.id for entry in here.entries] == [entry.id for entry in there.entries]
    assert here.feed.id == there.feed.id
    assert there.entries[0].link.startswith(moved_to)


def test_without_a_base_url_links_are_relative_to_the_feed(tmp_path, run_build):
    site = copy_site("minimal", tmp_path / "site")
    config = site / "catalog.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(f"base_url: {BASE_URL}", 'base_url: ""'), encoding="utf-8")
    built = build(run_build, site, tmp_path / "out")
    raw = (built / "feeds/site.xml").read_text(encoding="utf-8")
    assert "https://" not in raw.replace("http://www.w3.org/2005/Atom", "")
    intranet = "http://gk.intranet.example/"
    feed = parse(built, "feeds/site.xml", intranet)
    assert "self" not in {link.rel for link in feed.feed.links}
    for entry in feed.entries:
        assert page_of(built, entry.link, intranet).is_file(), entry.link


def test_characters_xml_cannot_carry_are_dropped(tmp_path, run_build):
    """Written as such they are refused (tests/test_hostile.py); as character references they must not reach XML."""
    site = copy_site("minimal", tmp_path / "site")
    entry = site / "content/social-assistance/dibao-shenpi.md"
    front, body = entry.read_text(encoding="utf-8").split("\n---\n", 1)
    entry.write_text(f"{front}\n---\n控制&#x01;字符&#8;在正文里\n\n{body}", encoding="utf-8")  # first, so the summary keeps it
    built = build(run_build, site, tmp_path / "out")
    summary = next(e for e in parse(built, "feeds/site.xml").entries if e.title == "低保申请审批").summary
    assert "控制字符在正文里" in summary
