"""Every file charter writes outside the site goes through one writer (:mod:`charter.core.writer`):
it never writes through a link, never outside its folder, and writes all of its files or none.

The attacks are real: symbolic links planted in ``org/`` (dangling or pointing outside the
repository), names with ``..`` and line breaks, a small real file system that fills up (a tmpfs
where the machine lets root mount one, else a real RLIMIT_FSIZE limit), and real signals.
"""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from charter.core import writer
from charter.core.writer import WriteError
from tests.conftest import ROOT, TODAY, OrgDir, run_charter, run_charter_unprivileged


def files(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` that a reader sees (hidden ones apart), with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*charter-*"))


# --- the writer itself ----------------------------------------------------------------------


def test_a_batch_with_one_bad_path_writes_nothing(tmp_path: Path) -> None:
    for bad in ("../escaped.yaml", "/etc/x.yaml", "roles//x.yaml", "roles/./x.yaml", "roles/x\n* @a.yaml", ""):
        with pytest.raises(WriteError):
            writer.write(tmp_path, {"roles/a.yaml": "id: a\n", "teams/b.yaml": "id: b\n", bad: "x"})
        assert list(tmp_path.iterdir()) == [], bad  # not even the folders made for the good ones
    assert not (tmp_path.parent / "escaped.yaml").exists()


def test_a_link_anywhere_below_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_text("kept")
    org = tmp_path / "org"
    (org / "roles").mkdir(parents=True)
    (org / "roles" / "dangling.yaml").symlink_to(outside / "created-by-charter")
    (org / "roles" / "pointing.yaml").symlink_to(outside / "secret")
    (org / "teams").symlink_to(outside)
    for rel in ("roles/dangling.yaml", "roles/pointing.yaml", "teams/new.yaml"):
        with pytest.raises(WriteError, match="symbolic link"):
            writer.write(org, {rel: "id: x\n"}, replace={rel})
    assert sorted(p.name for p in outside.iterdir()) == ["secret"]
    assert (outside / "secret").read_text() == "kept"


def test_a_file_there_is_replaced_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("mine")
    with pytest.raises(WriteError, match="already exists"):
        writer.write(tmp_path, {"b.yaml": "new", "a.yaml": "theirs"})
    assert sorted(os.listdir(tmp_path)) == ["a.yaml"]
    assert (tmp_path / "a.yaml").read_text() == "mine"
    writer.write(tmp_path, {"a.yaml": "theirs"}, replace={"a.yaml"})
    assert (tmp_path / "a.yaml").read_text() == "theirs"


def test_a_temporary_file_a_killed_run_left_is_swept(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    left = tmp_path / f".a.yaml.charter-{dead.stdout.strip()}-0123abcd.tmp"
    left.write_text("half")
    writer.write(tmp_path, {"b.yaml": "whole"})
    assert sorted(os.listdir(tmp_path)) == ["b.yaml"]


# --- the commands, with planted links ---------------------------------------------------------


def test_new_never_creates_a_file_through_a_dangling_link(minimal: OrgDir, tmp_path: Path) -> None:
    target = tmp_path / "outside.yaml"
    (minimal.path / "roles" / "spy.yaml").symlink_to(target)
    done = run_charter("new", "role", "spy", "--team", "it", "--org", str(minimal.path))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "symbolic link" in done.stderr
    assert not target.exists()
    assert "Traceback" not in done.stderr


def test_schema_write_never_overwrites_a_file_outside_through_a_link(minimal: OrgDir, tmp_path: Path) -> None:
    outside = tmp_path / "victim.txt"
    outside.write_text("precious")
    assert run_charter("schema", "--write", "--org", str(minimal.path)).returncode == 0
    schema = minimal.path / ".schema" / "role.schema.json"
    before = files(minimal.path)
    schema.unlink()
    schema.symlink_to(outside)
    done = run_charter("schema", "--write", "--org", str(minimal.path))
    assert done.returncode == 2
    assert "symbolic link" in done.stderr
    assert outside.read_text() == "precious"
    # ... and validate reports the link before anyone runs the command.
    validated = run_charter("validate", str(minimal.path))
    assert validated.returncode == 1
    assert ".schema/role.schema.json: error CH014 is a symbolic link" in validated.stdout
    schema.unlink()
    assert run_charter("schema", "--write", "--org", str(minimal.path)).returncode == 0
    assert files(minimal.path) == before


def test_import_refuses_a_linked_roles_folder_and_writes_nothing(minimal: OrgDir, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    matrix = tmp_path / "m.csv"
    matrix.write_text("Activity,Agent,Newcomer\nTake the call,R,A\nFix it,A,R\n")
    (minimal.path / "outcomes").rename(tmp_path / "kept-outcomes")
    (minimal.path / "outcomes").symlink_to(outside)
    done = run_charter("import", "raci", str(matrix), "--outcome", "new-one", "--into", str(minimal.path))
    assert done.returncode == 2, done.stdout + done.stderr
    assert list(outside.iterdir()) == []
    assert not (minimal.path / "roles" / "newcomer.yaml").exists()  # its stub goes with the outcome or not at all


def test_init_never_replaces_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "repo").symlink_to(real)
    done = run_charter("init", str(tmp_path / "repo"), "--charter-from", "acme/charter@v1")
    assert done.returncode == 2
    assert "symbolic link" in done.stderr
    assert list(real.iterdir()) == []


# --- interrupted and killed ---------------------------------------------------------------------


def wide_matrix(path: Path, rows: int = 150, roles: int = 80) -> Path:
    """A matrix naming ``roles`` roles the organisation lacks: as many stubs to write."""
    rng = random.Random(20261205)
    with path.open("w", newline="") as handle:
        table = csv.writer(handle)
        table.writerow(["Activity", *[f"Specialist {n}" for n in range(roles)]])
        for n in range(rows):
            letters = [rng.choice(["", "", "", "R", "C", "I"]) for _ in range(roles)]
            letters[n % roles] = "A"
            table.writerow([f"Activity number {n}", *letters])
    return path


def spawn(*args: str, limit: int | None = None) -> subprocess.Popen[str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "CHARTER_TODAY": TODAY.isoformat()}
    prefix = ["/bin/sh", "-c", f'ulimit -f {limit // 1024} && exec "$@"', "sh"] if limit else []
    return subprocess.Popen(
        [*prefix, sys.executable, "-m", "charter", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


KILLS = [signal.SIGKILL, signal.SIGTERM, signal.SIGINT] * 3


def assert_no_traceback_of_charter(err: str) -> None:
    """No traceback through charter's code. An interrupt while the interpreter itself is still
    starting (its ``site`` module, before any line of charter runs) is Python's to report."""
    frames = [line for line in err.splitlines() if line.startswith('  File "')]
    assert not any("/charter/" in frame for frame in frames), err


def test_an_import_killed_at_any_moment_leaves_all_of_it_or_none(minimal: OrgDir, tmp_path: Path) -> None:
    matrix = wide_matrix(tmp_path / "wide.csv")
    args = ("import", "raci", str(matrix), "--outcome", "wide", "--into", str(minimal.path), "-q")
    before = files(minimal.path)
    pristine = tmp_path / "pristine"
    os.rename(minimal.path, pristine)
    os.system(f"cp -a {pristine} {minimal.path}")
    whole = spawn(*args)
    whole.communicate(timeout=120)
    after = files(minimal.path)
    assert len(after) > len(before) + 50  # the outcome and its stubs
    rng = random.Random(20261205)
    outcomes = []
    for sig in KILLS:
        os.system(f"rm -rf {minimal.path} && cp -a {pristine} {minimal.path}")
        process = spawn(*args)
        time.sleep(rng.uniform(0.3, 2.0))
        process.send_signal(sig)
        _out, err = process.communicate(timeout=120)
        now = files(minimal.path)
        assert now in (before, after), f"{sig.name}: a part of the import is there ({len(now)} files)"
        assert_no_traceback_of_charter(err)
        if sig is not signal.SIGKILL:
            assert hidden(minimal.path) == [], sig.name  # what was staged is removed
        outcomes.append(now == after)
        if now == before:  # a re-run completes it, and sweeps what a SIGKILL left
            rerun = spawn(*args)
            rerun.communicate(timeout=120)
            assert files(minimal.path) == after
            assert hidden(minimal.path) == []
    assert not all(outcomes), "no kill landed before the import was written: the test tried nothing"


def test_init_interrupted_leaves_no_repository(tmp_path: Path) -> None:
    rng = random.Random(7)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGKILL) * 2:
        target = tmp_path / "new-org"
        process = spawn("init", str(target), "--charter-from", "acme/charter@v1")
        time.sleep(rng.uniform(0.2, 1.0))
        process.send_signal(sig)
        process.communicate(timeout=60)
        if target.exists():  # it had finished: the whole repository, which validates
            assert (target / ".github" / "CODEOWNERS").is_file()
            assert run_charter("validate", str(target / "org")).returncode == 0
            os.system(f"rm -rf {target}")
        leftovers = [p.name for p in tmp_path.iterdir() if p.name != "new-org"]
        assert sig is signal.SIGKILL or leftovers == [], leftovers
        os.system(f"rm -rf {tmp_path}/.new-org.charter-*")


# --- a full disk ------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[tuple[Path, int | None]]:
    """A 2 MiB tmpfs (a real small file system), or, where the machine lets nobody mount one,
    the folder with a real file-size limit for the command instead: (folder, limit or None)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    mounted = (
        os.geteuid() == 0
        and not os.environ.get("CHARTER_TEST_NO_MOUNT")  # to try the other way here
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True, check=False
        ).returncode
        == 0
    )
    try:
        yield mount, None if mounted else 1024
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> Path:
    """Fill the file system ``folder`` is on to the last byte."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for size in (1 << 16, 1 << 12, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                continue
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_writes_no_empty_file_and_a_retry_works(
    small_disk: tuple[Path, int | None], tmp_path: Path
) -> None:
    disk, limit = small_disk
    org = disk / "org"
    os.system(f"cp -a {ROOT / 'tests' / 'fixtures' / 'minimal'} {org}")
    matrix = wide_matrix(tmp_path / "wide.csv", rows=40, roles=30)
    before = files(org)
    filler = fill(disk) if limit is None else None
    for args in (
        ("new", "role", "newcomer", "--team", "it", "--org", str(org)),
        ("import", "raci", str(matrix), "--outcome", "wide", "--into", str(org), "-q"),
    ):
        process = spawn(*args, limit=limit)
        out, err = process.communicate(timeout=120)
        assert process.returncode == 1, out + err
        assert "nothing was written" in err
        assert "Traceback" not in err
        assert files(org) == before
        assert hidden(org) == []
        assert [p for p in org.rglob("*") if p.is_file() and p.stat().st_size == 0] == []
    if filler is not None:
        filler.unlink()
    for args in (
        ("new", "role", "newcomer", "--team", "it", "--org", str(org)),
        ("import", "raci", str(matrix), "--outcome", "wide", "--into", str(org), "-q"),
    ):
        process = spawn(*args, limit=None if limit is None else 1 << 30)
        out, err = process.communicate(timeout=120)
        assert "already exists" not in err
        assert "nothing was written" not in err
    assert (org / "roles" / "newcomer.yaml").is_file()
    assert (org / "outcomes" / "wide.yaml").is_file()


# --- a folder of the organisation that cannot be read --------------------------------------------


def test_a_linked_roles_folder_is_one_error_not_a_hundred(example: OrgDir, tmp_path: Path) -> None:
    (example.path / "roles").rename(tmp_path / "roles-elsewhere")
    (example.path / "roles").symlink_to(tmp_path / "roles-elsewhere")
    result = example.validate()
    assert [(p.code, p.path) for p in result.problems if p.severity.value == "error"] == [("CH014", "roles")]
    assert result.warnings == 0  # no waiver reported as silencing nothing: its target may be in there


def test_an_unreadable_teams_folder_is_one_error_not_a_hundred(example: OrgDir) -> None:
    (example.path / "teams").chmod(0)
    try:
        done = run_charter_unprivileged("validate", str(example.path), "--format", "json")
    finally:
        (example.path / "teams").chmod(0o755)
    problems = json.loads(done.stdout)["problems"]
    assert [(p["code"], p["path"]) for p in problems if p["severity"] == "error"] == [
        ("CH014", f"{example.path}/teams")
    ]
