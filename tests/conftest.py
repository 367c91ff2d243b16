"""Shared helpers: fixture sites, building them in-process, golden trees."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.diagnostics import BuildFailed
from generator.options import build_date
from generator.pipeline import BuildOptions, check_site
from generator.search import INDEX_VARIABLE, LOAD_FUNCTION, SEARCH_INDEX_URL

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURE_SITES = TESTS / "fixtures" / "sites"
GOLDEN = TESTS / "fixtures" / "golden"
# The demo site (catalog.yaml and content/ of the repository) is edited by the people who run it,
# any day: tests use a copy of it only as realistic input, built as of today, and assert what holds
# for any valid content. Its content is judged by `python build.py check --strict` alone (CI runs it).
# DEMO_SITE points the demo-facing tests at another copy (tests/test_demo_edits.py does).
DEMO_SITE = Path(os.environ.get("DEMO_SITE") or REPO)
DEMO_PARTS = ("catalog.yaml", "content", "themes")
DEMO_TODAY = build_date()  # the demo is built as of the day the tests run


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/fixtures/golden/ from the current output")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """`-m demo` selects the tests that take the demo as input."""
    for item in items:
        if "demo_site" in getattr(item, "fixturenames", ()):
            item.add_marker("demo")


def copy_demo(destination: Path, site: Path = DEMO_SITE) -> Path:
    """A writable copy of the demo site: its configuration, content and themes."""
    destination.mkdir(parents=True)
    for part in DEMO_PARTS:
        source = site / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns(".cache", "__pycache__"))
        elif source.is_file():
            shutil.copy2(source, destination / part)
    return destination


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo, checked (not strictly) as of today; when its content has errors, the tests
    that use it are skipped: that is for `python build.py check --strict` to report, not for them."""
    site = copy_demo(tmp_path_factory.mktemp("demo") / "site")
    try:
        check_site(BuildOptions(root=site, output=site / "public", today=DEMO_TODAY))
    except BuildFailed as failure:
        pytest.skip(f"the demo content has errors (python build.py check reports them):\n{failure}")
    return site


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return request.config.getoption("--update-golden")


def copy_site(name: str, destination: Path) -> Path:
    """A writable copy of a fixture site, so a test can break it."""
    shutil.copytree(FIXTURE_SITES / name, destination)
    return destination


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder`, by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class BuildRun:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    @property
    def diagnostics(self) -> list[str]:
        """The `path:line: severity: message` lines (and the indented second line some have, such as
        the YAML parser's own words), without the closing summary."""
        found = []
        for line in self.err.splitlines():
            if ": error: " in line or ": warning: " in line or (found and line.startswith("    ")):
                found.append(line)
        return found


# Tests see the content as of one fixed day, so that no test changes its verdict as time passes
# (guides age, consultations close); a test that is about the date passes its own --today.
# The search index's files (generator/search.py), read back.

def loaded(script: bytes) -> tuple[str, str | int, object]:
    """What a shard, record or filter script hands to GK_SEARCH_LOAD: (kind, name, data)."""
    text = script.decode("utf-8")
    assert text.startswith(f"{LOAD_FUNCTION}(") and text.endswith(");\n")
    return tuple(json.loads(f"[{text[len(LOAD_FUNCTION) + 1:-3]}]"))


def manifest(files: dict[str, bytes]) -> dict:
    script = files[SEARCH_INDEX_URL].decode("utf-8")
    prefix = f"window.{INDEX_VARIABLE} = "
    assert script.startswith(prefix) and script.endswith(";\n")
    return json.loads(script[len(prefix):-2])


def records_of(files: dict[str, bytes]) -> list[dict]:
    """The index's page records, by their numbers."""
    fields = manifest(files)["fields"]
    records = [loaded(content) for url, content in files.items() if url.startswith("search/doc/")]
    assert sorted(number for _, number, _ in records) == list(range(manifest(files)["docs"]))
    return [dict(zip(fields, record)) for _, _, record in sorted(records, key=lambda loaded: loaded[1])]


def built_index(public) -> dict[str, bytes]:
    """The index's files in a built site."""
    return {path.relative_to(public).as_posix(): path.read_bytes() for path in (public / "search").rglob("*.js")}


TEST_DAY = "2026-11-26"


def writes_cache_into_the_repository(argv: list[str]) -> bool:
    """A build of a fixture site in place would leave its cache in tests/fixtures/."""
    command = argv[0] if argv and not argv[0].startswith("-") else "build"
    if command != "build":
        return False
    site = Path(argv[argv.index("--site") + 1] if "--site" in argv else ".").resolve()
    return site.is_relative_to(REPO) and not {"--cache-dir", "--no-cache"} & set(argv)


@pytest.fixture
def run_build(capsys: pytest.CaptureFixture):
    def run(*args: str | Path) -> BuildRun:
        argv = [str(a) for a in args]
        if "--today" not in argv:
            argv += ["--today", TEST_DAY]
        if writes_cache_into_the_repository(argv):
            argv.append("--no-cache")
        code = main(argv)
        captured = capsys.readouterr()
        return BuildRun(code, captured.out, captured.err)

    return run


def unprivileged(command: list[str]) -> list[str]:
    """`command` run as a normal user is: unable to read or write past file permissions.

    Tests run as root here, and root ignores permissions (chmod 000 does not stop it reading). Root's
    Python lives under /root, which other users cannot enter, so instead of another user the command keeps
    root's identity without the capabilities that bypass permission checks (for it and its children).
    """
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv (util-linux): no way to build without root's power over permissions")
    dropped = "-dac_override,-dac_read_search,-fowner"
    return [setpriv, f"--bounding-set={dropped}", f"--inh-caps={dropped}", "--", *command]
