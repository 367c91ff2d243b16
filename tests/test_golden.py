"""Whole-site output compared with a reviewed golden tree (Pelican's functional tests).

After an intended change of output, run `pytest --update-golden` and review the diff.
"""

from __future__ import annotations

import difflib
import shutil

import pytest

from conftest import FIXTURE_SITES, GOLDEN, tree

SITES = ["minimal", "cluster"]


@pytest.mark.parametrize("name", SITES)
def test_site_matches_golden(name, tmp_path, run_build, update_golden):
    output = tmp_path / "public"
    result = run_build("build", "--site", FIXTURE_SITES / name, "--output", output, "--today", "2026-11-26")
    assert result.code == 0, result.err
    expected_dir = GOLDEN / name
    if update_golden:
        shutil.rmtree(expected_dir, ignore_errors=True)
        shutil.copytree(output, expected_dir)
    actual, expected = tree(output), tree(expected_dir)
    assert sorted(actual) == sorted(expected), "files missing or extra"
    for path, data in expected.items():
        if actual[path] != data:
            diff = difflib.unified_diff(
                data.decode(errors="replace").splitlines(), actual[path].decode(errors="replace").splitlines(),  # .xlsx is binary
                f"expected/{path}", f"actual/{path}", lineterm="",
            )
            pytest.fail("\n".join(diff))
