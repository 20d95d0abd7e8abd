"""Shared fixtures: small organisations on disk, and charter run as a user would run it."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, settings

from charter.core.problem import Problem
from charter.load.tree import plain
from charter.load.yamlfile import parse
from charter.validate.check import Result, validate

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = datetime.date(2026, 11, 23)

# Fuzzing profiles (tests/fuzz). "ci", the default, is bounded and derandomised: the same examples
# on every run, so CI is repeatable and quick. "long" (pytest --hypothesis-profile=long) draws
# fifty times as many, at random, and keeps failures in .hypothesis/ to replay them first.
settings.register_profile(
    "ci", max_examples=100, derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("long", max_examples=5000, print_blob=True, deadline=None)
settings.load_profile("ci")


def examples(ci: int) -> int:
    """``ci`` examples under the ci profile, scaled with the profile in use."""
    return max(1, ci * settings().max_examples // 100)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden/ from the current output (review the diff)"
    )


@pytest.hookimpl(tryfirst=True)  # before xdist's, which reads the group into each test's id
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The suite runs on every core (pytest-xdist, ./dev test). The browser tests share one built
    # example site, one hostile site and one Chromium per process: kept on one worker, those are
    # built once instead of once per worker.
    browser = Path(__file__).resolve().parent / "browser"
    for item in items:
        if browser in item.path.parents:
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


class OrgDir:
    """A copy of a fixture organisation that a test may change one thing in."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def write(self, rel: str, text: str) -> Path:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def read(self, rel: str) -> str:
        return (self.path / rel).read_text(encoding="utf-8")

    def edit(self, rel: str, change: Callable[[dict[str, Any]], object]) -> None:
        """Load a file, let ``change`` modify the data, and write it back (comment kept)."""
        text = self.read(rel)
        first = text.splitlines()[0] if text.startswith("#") else ""
        parsed = parse(text)  # charter's reader: "on:" stays the key "on", unlike PyYAML's
        assert parsed.data is not None, parsed.issues
        data = plain(parsed.data)
        change(data)
        body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        self.write(rel, (first + "\n" if first else "") + body)

    def replace(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, 1))

    def remove(self, rel: str) -> None:
        (self.path / rel).unlink()

    def validate(self, today: datetime.date = TODAY) -> Result:
        return validate(str(self.path), today)

    def codes(self, today: datetime.date = TODAY) -> list[str]:
        return [p.code for p in self.validate(today).problems]

    def problems(self, code: str, today: datetime.date = TODAY) -> list[Problem]:
        return [p for p in self.validate(today).problems if p.code == code]


def copy_fixture(name: str, tmp_path: Path) -> OrgDir:
    target = tmp_path / name
    shutil.copytree(FIXTURES / name, target)
    return OrgDir(target)


@pytest.fixture
def minimal(tmp_path: Path) -> OrgDir:
    """A small, clean organisation: two teams, three roles, one outcome."""
    return copy_fixture("minimal", tmp_path)


@pytest.fixture
def example(tmp_path: Path) -> OrgDir:
    """A copy of the example organisation in org/."""
    target = tmp_path / "org"
    shutil.copytree(ROOT / "org", target)
    return OrgDir(target)


def run_charter(
    *args: str, cwd: Path | None = None, path: str = "/usr/bin:/bin", unprivileged: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run charter in a separate process, exactly as a user or CI would (``path``: another PATH,
    to find out what charter does without a program such as git; ``unprivileged``: under the
    file permissions an ordinary user has, see :func:`run_charter_unprivileged`)."""
    import os

    return subprocess.run(
        [sys.executable, "-m", "charter", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": path, "CHARTER_TODAY": TODAY.isoformat(), "PYTHONPATH": str(ROOT)},
        check=False,
        preexec_fn=_drop_permission_override if unprivileged and os.geteuid() == 0 else None,
    )


def run_json(*args: str, cwd: Path | None = None) -> tuple[int, dict[str, Any], str]:
    done = run_charter(*args, "--format", "json", cwd=cwd)
    return done.returncode, json.loads(done.stdout), done.stderr


# Linux capabilities that let the administrator read and search what permissions forbid.
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _PR_CAPBSET_DROP = 1, 2, 24


def _drop_permission_override() -> None:
    """In the child, before charter starts: root loses the power to ignore file permissions (a
    test machine's root reads a mode-000 file; an ordinary user, which the test stands for, does not)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "cannot drop a capability")


def run_charter_unprivileged(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``run_charter`` under the file permissions an ordinary user has: as root (many CI and test
    machines), without the capabilities that override them; as anyone else, as is. Charter's
    files stay reachable (root still owns them), so only the files a test made unreadable are."""
    return run_charter(*args, cwd=cwd, unprivileged=True)
