"""Reproducible builds: one commit, two machines' worth of differences, byte-identical sites.

The two builds of the example organisation differ in everything that should not matter: the
order the file system lists the files in (one copy on disk, the other created in reverse order
on a tmpfs, which lists newest first), the folders' paths, locale, time zone, Python's hash seed
and the umask. With SOURCE_DATE_EPOCH set, every byte and every file mode must be the same.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, TODAY
from tests.publish.test_build import EPOCH

SHM = Path("/dev/shm")


def tree_with_modes(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.relative_to(folder).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder",
            p.stat().st_mode & 0o7777,
        )
        for p in sorted(folder.rglob("*"))
    }


def copy_in_order(source: Path, target: Path, *, reverse: bool) -> None:
    paths = sorted(source.rglob("*"), reverse=reverse)
    for path in sorted((p for p in paths if p.is_dir()), key=lambda p: len(p.parts)):
        (target / path.relative_to(source)).mkdir(parents=True, exist_ok=True)
    for path in (p for p in paths if p.is_file()):
        shutil.copyfile(path, target / path.relative_to(source))


def build(org: Path, site: Path, umask: str, **env: str) -> None:
    done = subprocess.run(
        ["/bin/sh", "-c", f'umask {umask} && exec "$@"', "sh", sys.executable, "-m", "charter", "build", str(org),
         "--site-dir", str(site), "--config", str(ROOT / "mkdocs.yml")],
        capture_output=True, text=True, timeout=300, check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "CHARTER_TODAY": TODAY.isoformat(),
             "SOURCE_DATE_EPOCH": EPOCH, **env},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(not SHM.is_dir(), reason="no tmpfs at /dev/shm to list files in another order")
def test_two_builds_on_different_machines_are_byte_identical(tmp_path: Path) -> None:
    first = tmp_path / "checkout-a" / "org"
    copy_in_order(ROOT / "org", first, reverse=False)
    elsewhere = SHM / f"charter-repro-{os.getpid()}"
    try:
        second = elsewhere / "checkout-b" / "org"
        copy_in_order(ROOT / "org", second, reverse=True)
        assert os.listdir(first / "roles") != os.listdir(second / "roles")  # the orders really differ
        build(first, tmp_path / "a" / "site", "022", LC_ALL="C.UTF-8", TZ="UTC", PYTHONHASHSEED="0")
        build(second, elsewhere / "b" / "public", "077", LC_ALL="C", LANG="tr_TR.UTF-8", TZ="Pacific/Kiritimati",
              PYTHONHASHSEED="4242")  # fmt: skip
        a, b = tree_with_modes(tmp_path / "a" / "site"), tree_with_modes(elsewhere / "b" / "public")
    finally:
        shutil.rmtree(elsewhere, ignore_errors=True)
    assert len(a) > 100
    assert [path for path in a.keys() | b.keys() if a.get(path) != b.get(path)] == []
    assert {mode for _digest, mode in a.values()} == {0o644, 0o755}
