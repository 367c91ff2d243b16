"""Shared helpers: fixture sites, building them in-process, golden trees."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.cli import main

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURE_SITES = TESTS / "fixtures" / "sites"
GOLDEN = TESTS / "fixtures" / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/fixtures/golden/ from the current output")


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
TEST_DAY = "2026-11-26"


@pytest.fixture
def run_build(capsys: pytest.CaptureFixture):
    def run(*args: str | Path) -> BuildRun:
        argv = [str(a) for a in args]
        if "--today" not in argv:
            argv += ["--today", TEST_DAY]
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
