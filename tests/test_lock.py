"""The lock files are what ./dev installs from: they must be complete, hashed, and current."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

LOCKS = ("requirements.lock", "requirements-dev.lock")


def pins(lock: str) -> dict[str, str]:
    return dict(re.findall(r"^([a-z0-9-]+)==(\S+)", (ROOT / lock).read_text(), re.MULTILINE))


def test_every_pin_has_a_hash_and_the_runtime_agrees_with_development() -> None:
    for lock in LOCKS:
        entries = re.split(r"\n(?=[a-z0-9])", (ROOT / lock).read_text().split("\n", 2)[2])
        assert entries
        for entry in entries:
            assert "==" in entry.split()[0], entry
            assert "--hash=sha256:" in entry, entry
    runtime, development = pins("requirements.lock"), pins("requirements-dev.lock")
    assert {name: development.get(name) for name in runtime} == runtime
    assert "setuptools" in runtime  # the build backend: charter itself installs without reaching the index


def test_the_lock_is_current_with_pyproject(tmp_path: Path) -> None:
    """./dev lock in a copy changes nothing: nobody changed pyproject.toml's dependencies without
    re-resolving (this asks the package index, as ./dev lock does)."""
    for name in ("dev", "pyproject.toml", *LOCKS):
        shutil.copy2(ROOT / name, tmp_path / name)
    (tmp_path / ".venv").symlink_to(Path(sys.prefix))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin"}
    done = subprocess.run(["./dev", "lock"], cwd=tmp_path, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    for lock in LOCKS:
        assert (tmp_path / lock).read_text() == (ROOT / lock).read_text(), f"run ./dev lock and commit {lock}"
