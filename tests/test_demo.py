"""The demo site as realistic input: it builds as of today, whatever its editors have changed.

Nothing here counts the demo's entries or names its pages: the content is judged by
`python build.py check --strict` (a step of its own in CI), the generator by the other tests.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import yaml

from conftest import DEMO_TODAY, REPO, tree
from generator.config import load_config
from generator.pipeline import theme_dirs


def test_the_demo_configuration_has_the_26_pilot_domains_in_the_official_order(demo_site):
    """catalog.yaml against the State Council's list (the content has no part in this)."""
    config, diagnostics = load_config(demo_site, theme_dirs(demo_site))
    assert config is not None, diagnostics
    names = [domain.name for domain in config.domains or config.agency.domains]
    reference = REPO.parent / "shared" / "reference" / "pilot-domains.yaml"
    if reference.is_file():
        assert names == [d["name_zh"] for d in yaml.safe_load(reference.read_text(encoding="utf-8"))["domains"]]
    else:
        assert len(names) == 26 and len(set(names)) == 26


def test_build_py_runs_in_the_site_folder_as_a_user_would(demo_site, tmp_path):
    """`python build.py` in the site folder builds it into public/; `python -m generator` is the same."""
    today = ("--today", DEMO_TODAY.isoformat())
    site = tmp_path / "site"
    shutil.copytree(demo_site, site)
    completed = subprocess.run([sys.executable, str(REPO / "build.py"), *today], cwd=site, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("已生成网站 public：渲染全部 "), completed.stdout
    assert (site / "public" / "index.html").is_file()
    again = subprocess.run([sys.executable, str(REPO / "build.py"), *today], cwd=site, capture_output=True, text=True, timeout=120)
    assert again.stdout.startswith("网站 public 已是最新："), again.stdout
    module = subprocess.run([sys.executable, "-m", "generator", "build", "--site", str(site), "--output", str(tmp_path / "again"),
                             "--quiet", "--no-cache", *today], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert module.returncode == 0, module.stderr
    assert tree(site / "public") == tree(tmp_path / "again")
