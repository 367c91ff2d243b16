"""The demo site in this repository is complete and builds cleanly with --strict."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import REPO
from generator.pipeline import BuildOptions, load_catalog

# The demo's dates are checked as of the day it was written: later, its open consultation closes and
# its guide ages, which the build rightly warns about.
DEMO_DAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def demo():
    catalog, diagnostics = load_catalog(BuildOptions(root=REPO, output=REPO / "public", strict=True, today=DEMO_DAY))
    assert diagnostics == []
    return catalog


def test_all_26_pilot_domains_in_the_official_order(demo):
    import yaml

    reference = Path(REPO.parent / "shared" / "reference" / "pilot-domains.yaml")
    names = [domain.spec.name for domain in demo.domains]
    assert len(names) == 26 and len(set(names)) == 26
    if reference.is_file():
        official = [d["name_zh"] for d in yaml.safe_load(reference.read_text(encoding="utf-8"))["domains"]]
        assert names == official


def test_every_domain_has_entries_and_five_have_at_least_three(demo):
    counts = {domain.spec.slug: len(domain.entries) for domain in demo.domains}
    assert min(counts.values()) >= 1, counts
    assert sum(count >= 3 for count in counts.values()) >= 5, counts


def test_all_four_parts_of_the_column_are_filled(demo):
    column = demo.column
    assert column.guide.updated
    assert column.rules and column.statutory and column.annual_reports
    assert len({document.category for document in column.statutory}) >= 10


def test_strict_build_of_the_demo_succeeds(tmp_path, run_build):
    result = run_build("--site", REPO, "--output", tmp_path / "public", "--strict", "--today", DEMO_DAY.isoformat())
    assert result.code == 0, result.err
    assert result.err == ""
