"""Open data: the catalog exports read back (CSV, JSON, XLSX) equal the content they came from."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from conftest import FIXTURE_SITES
from generator.exports import COLUMNS, LIST_COLUMNS, csv_header, csv_rows
from generator.pipeline import BuildOptions, load_catalog

SITE = FIXTURE_SITES / "minimal"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from generator.cli import main

    output = tmp_path_factory.mktemp("exports") / "public"
    assert main(["build", "--site", str(SITE), "--output", str(output), "--quiet", "--no-cache"]) == 0
    return output


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(BuildOptions(root=SITE, output=SITE / "public"))[0].own


def expected_rows(catalog, domains) -> list[dict]:
    """What the exports must say, straight from the validated content: one row per entry,
    and one with only the item names for each standard item that has no entry."""
    rows = []
    for domain in domains:
        for item in domain.spec.directory:
            for item_l2 in item.sub_items or (None,):
                entries = [e for e in domain.entries if (e.item_l1, e.item_l2) == (item.name, item_l2)]
                for entry in entries:
                    rows.append({
                        "试点领域": domain.spec.name, "一级事项": entry.item_l1, "二级事项": entry.item_l2, "标题": entry.title,
                        "公开内容（要素）": entry.content, "公开依据": list(entry.basis), "公开时限": entry.time_limit,
                        "公开主体": entry.publisher, "公开渠道和载体": entry.channels_text, "公开渠道（规范名称）": list(entry.channels),
                        "公开对象": list(entry.audience.chosen), "公开方式": list(entry.mode.chosen), "公开层级": list(entry.level.chosen),
                        "更新日期": entry.updated.isoformat(),
                        "网址": f"{catalog.config.site.base_url}catalog/{domain.spec.slug}/{entry.slug}.html",
                    })
                if not entries:
                    rows.append({**dict.fromkeys(COLUMNS[1:]), "试点领域": domain.spec.name, "一级事项": item.name, "二级事项": item_l2})
    return rows


def without_numbers(rows: list[dict]) -> list[dict]:
    return [{key: value for key, value in row.items() if key != "序号"} for row in rows]


def split_lists(row: dict) -> dict:
    """A CSV or XLSX row with the list columns split again, and empty cells as None."""
    return {key: (value.split(LIST_COLUMNS[key]) if key in LIST_COLUMNS and value else value or None) for key, value in row.items()}


@pytest.mark.parametrize("domain_slug", [None, "social-assistance", "fiscal-budgets-final-accounts"])
def test_csv_json_and_xlsx_read_back_equal_the_content(built, catalog, domain_slug):
    domains = [d for d in catalog.domains if domain_slug in (None, d.spec.slug)]
    expected = expected_rows(catalog, domains)
    stem = f"data/domains/{domain_slug}" if domain_slug else "data/catalog"

    raw_csv = (built / f"{stem}.csv").read_bytes()
    assert raw_csv.startswith(b"\xef\xbb\xbf"), "CSV without a BOM: Excel would show the Chinese as mojibake"
    table = list(csv.DictReader(io.StringIO(raw_csv.decode("utf-8-sig"), newline="")))
    assert list(table[0]) == list(COLUMNS)
    assert without_numbers([split_lists(row) for row in table]) == expected
    if len(domains) == 1:  # entries numbered in table order; rows of items without an entry are not numbered
        numbered = [row["序号"] for row in table if row["标题"]]
        assert numbered == [str(number) for number in range(1, len(numbered) + 1)]
        assert all(row["序号"] == "" for row in table if not row["标题"])

    data = json.loads((built / f"{stem}.json").read_text(encoding="utf-8"))
    assert data["字段"] == list(COLUMNS)
    assert without_numbers(data["条目"]) == expected
    assert data["发布机构"] == catalog.config.agency.name

    sheet = openpyxl.load_workbook(built / f"{stem}.xlsx").active
    header, *cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header == list(COLUMNS)
    rows = [dict(zip(COLUMNS, [c.date().isoformat() if isinstance(c, datetime) else c for c in row])) for row in cells]
    assert without_numbers([split_lists(row) for row in rows]) == expected
    assert [row["序号"] for row in rows] == [row["序号"] or None for row in table]


def test_xlsx_is_dated_by_the_content_not_the_clock(built, catalog):
    with zipfile.ZipFile(built / "data/catalog.xlsx") as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    newest = max(entry.updated for domain in catalog.domains for entry in domain.entries)
    assert f"<dcterms:created xsi:type=\"dcterms:W3CDTF\">{newest.isoformat()}T00:00:00Z</dcterms:created>" in core


def test_a_value_excel_would_run_as_a_formula_stays_text(catalog):
    record = {**dict.fromkeys(COLUMNS), "序号": "1", "标题": "=HYPERLINK(\"http://evil.example\")", "公开时限": "-1", "公开主体": "民政局"}
    row = next(csv.DictReader(io.StringIO(csv_header(COLUMNS) + csv_rows([record]))))
    assert (row["标题"], row["公开时限"], row["公开主体"]) == ("'=HYPERLINK(\"http://evil.example\")", "'-1", "民政局")


def test_every_catalog_page_links_its_downloads(built, catalog):
    pages = {"catalog/index.html": "data/catalog"}
    pages.update({f"catalog/{d.spec.slug}/index.html": f"data/domains/{d.spec.slug}" for d in catalog.domains})
    for page, stem in pages.items():
        html = (built / page).read_text(encoding="utf-8")
        assert ">下载本目录</h2>" in html, page
        prefix = "../" * page.count("/")
        for extension in ("xlsx", "csv", "json"):
            assert f'href="{prefix}{stem}.{extension}"' in html, (page, extension)
