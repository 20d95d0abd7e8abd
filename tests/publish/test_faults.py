"""Fault injection on ``charter build``: kills, a full disk, a broken Graphviz, two builds at once.

Every scenario starts from a built site and checks the same promise: the failed build changes
nothing in ``site/`` (byte for byte), says why without a traceback, and a rerun succeeds and
leaves nothing behind. The faults are real: SIGKILL, an RLIMIT_FSIZE file-size limit, Graphviz
programs on PATH that run the real ``dot`` and then misbehave.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, TODAY, OrgDir
from tests.publish.test_build import EPOCH, leftovers, tree

SEED = 20261123
KILLS_PER_PHASE = 5
DOT = shutil.which("dot") or "/usr/bin/dot"
NEATO = shutil.which("neato") or "/usr/bin/neato"


def environment(**extra: str) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "CHARTER_TODAY": TODAY.isoformat(),
        "SOURCE_DATE_EPOCH": EPOCH,
        **extra,
    }


def command(org: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "charter", "build", str(org), "--site-dir", str(site),
            "--config", str(ROOT / "mkdocs.yml")]  # fmt: skip


def run(org: Path, site: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(org, site), capture_output=True, text=True, timeout=120, env=environment(**extra), check=False
    )


def spawn(org: Path, site: Path, file_size_limit: int | None = None) -> subprocess.Popen[str]:
    """charter build, running; with a limit, under ``ulimit -f`` (RLIMIT_FSIZE, 1 KiB blocks)."""
    limited = ["/bin/sh", "-c", f'ulimit -f {file_size_limit // 1024} && exec "$@"', "sh"] if file_size_limit else []
    return subprocess.Popen(
        [*limited, *command(org, site)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment()
    )


def assert_failed_cleanly(done: subprocess.CompletedProcess[str], *why: str) -> None:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "the site was not built, " in done.stderr
    assert "is unchanged" in done.stderr
    for text in why:
        assert text in done.stderr, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "internal error" not in done.stderr


def assert_rerun_succeeds(org: OrgDir, site: Path) -> None:
    done = run(org.path, site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("built ")
    assert leftovers(site.parent) == []


@pytest.fixture
def built(tmp_path: Path, minimal: OrgDir) -> tuple[OrgDir, Path, dict[str, str]]:
    """A built site, then an edit to the organisation so that the next build has work to do."""
    site = tmp_path / "out" / "site"
    done = run(minimal.path, site)
    assert done.returncode == 0, done.stderr
    before = tree(site)
    # A team's new name: both teams' pictures of their partners change, so Graphviz has work.
    minimal.replace("teams/service.yaml", "name: Customer Service", "name: Front Line Service")
    return minimal, site, before


def engines_writing_into(folder: Path) -> list[int]:
    """Processes (the site engine) whose command line names a workspace under ``folder``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if f"{folder}/.charter/site.build-" in line:
                found.append(int(entry.name))
    return found


def diagrams(site: Path) -> list[Path]:
    """The SVGs in the diagram cache: one appears as each Graphviz run ends."""
    return list((site.parent / ".charter" / "diagrams").rglob("*.svg"))


def workspace(site: Path) -> Path | None:
    return next(iter(sorted((site.parent / ".charter").glob("site.build-*"))), None)


def wait_for(condition: Callable[[], bool], seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


@pytest.mark.parametrize("phase", ["rendering", "site build"])
def test_sigkill_at_random_points_changes_nothing(built: tuple[OrgDir, Path, dict[str, str]], phase: str) -> None:
    """The promise: after a kill, ``site/`` is the complete old site or the complete new one,
    never a mix, and the next build leaves nothing behind. A kill can land after the exchange
    (the commit point: the old site is then being removed from the workspace); the site must then
    be exactly what an uninterrupted build of the same input makes."""
    org, site, before = built
    randomness = random.Random(f"{SEED}-{phase}")
    # One build watched to the end, to learn how many diagrams a new name makes Graphviz draw.
    org.replace("teams/service.yaml", "name: Front Line Service", "name: Service")
    drawn = len(diagrams(site))
    assert run(org.path, site).returncode == 0
    fresh = len(diagrams(site)) - drawn
    assert fresh >= 4
    before = tree(site)
    landed: list[str] = []
    title = "Service"
    attempt = 0
    # Kills until KILLS_PER_PHASE have landed in the phase before the commit point; on a loaded
    # machine some land elsewhere (the build finished first, or was past the exchange).
    while sum(point.endswith(f"in {phase}") for point in landed) < KILLS_PER_PHASE and attempt < 3 * KILLS_PER_PHASE:
        # A new name each time: the diagrams change, so Graphviz really runs while we kill.
        org.replace("teams/service.yaml", f"name: {title}", f"name: Service {attempt}")
        title = f"Service {attempt}"
        started, drawn = time.monotonic(), len(diagrams(site))
        process = spawn(org.path, site)
        if phase == "rendering":
            # Once a random number of the new diagrams are drawn (the pages were rendered before).
            wanted = drawn + 1 + randomness.randrange(fresh - 1)
            wait_for(lambda: len(diagrams(site)) >= wanted or process.poll() is not None)  # noqa: B023
        else:
            assert wait_for(lambda: (w := workspace(site)) is not None and (w / "mkdocs.yml").is_file())
            time.sleep(randomness.uniform(0.0, 0.8))
        running, rendered = process.poll() is None, workspace(site) is not None
        process.send_signal(signal.SIGKILL)  # charter only, as a CI runner cancelling the job would
        process.communicate()
        after = tree(site)
        if after == before:
            where = "site build" if rendered else "rendering"
            landed.append(f"{time.monotonic() - started:.2f}s before the exchange, in {where}")
        else:
            # Past the commit point: the site must be the complete new one, byte for byte.
            reference = site.parent / f"reference-{attempt}"
            assert run(org.path, reference).returncode == 0
            assert after == tree(reference), f"kill {attempt} left a site that is neither the old nor the new one"
            landed.append(f"{time.monotonic() - started:.2f}s " + ("after the exchange" if running else "finished"))
            before = after
        # The engine dies with charter (PR_SET_PDEATHSIG): nothing goes on writing after a kill.
        assert wait_for(lambda: engines_writing_into(site.parent) == [], 10.0), "the site engine outlived charter"
        attempt += 1
    assert sum(point.endswith(f"in {phase}") for point in landed) >= KILLS_PER_PHASE, landed
    assert_rerun_succeeds(org, site)
    assert list((site.parent / ".charter" / "diagrams").glob("*/*.tmp")) == []  # a killed run's partial SVGs
    assert title in (site / "teams/service/index.html").read_text()


@pytest.mark.parametrize(
    ("limit", "where"),
    [
        (2_048, "could not write the site: File too large"),  # the pages charter writes
        (61_440, "properdocs could not build the site"),  # the engine copying the theme's assets
    ],
)
def test_a_full_disk_changes_nothing(built: tuple[OrgDir, Path, dict[str, str]], limit: int, where: str) -> None:
    org, site, before = built
    process = spawn(org.path, site, file_size_limit=limit)
    stdout, stderr = process.communicate(timeout=120)
    assert_failed_cleanly(subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr), where)
    assert tree(site) == before
    assert_rerun_succeeds(org, site)


def graphviz_bin(folder: Path, misbehaviour: str | None) -> Path:
    """A folder for PATH whose ``dot`` and ``neato`` run the real ones, then do ``misbehaviour``."""
    folder.mkdir()
    if misbehaviour is None:
        return folder  # neither program: Graphviz is missing
    for name, real in (("dot", DOT), ("neato", NEATO)):
        script = folder / name
        script.write_text(f"#!/bin/sh\n{misbehaviour.format(real=real)}\n")
        script.chmod(0o755)
    return folder


@pytest.mark.parametrize(
    ("misbehaviour", "why"),
    [
        (None, "Graphviz 'dot' is not installed"),
        ('{real} "$@"; exit 3', "failed: exit code 3"),
        ('{real} "$@"; echo "Error: layout went wrong" >&2', "failed: Error: layout went wrong"),
        ('{real} "$@" >/dev/null; echo "<svg>"', "wrote an incomplete SVG"),
        ("/bin/sleep 60", "took longer than 1 s and was stopped"),  # a grandchild holds the pipes: killed too
    ],
    ids=["missing", "failing", "stderr", "truncated", "hanging"],
)
def test_a_broken_graphviz_changes_nothing(
    built: tuple[OrgDir, Path, dict[str, str]], tmp_path: Path, misbehaviour: str | None, why: str
) -> None:
    org, site, before = built
    path = graphviz_bin(tmp_path / "bin", misbehaviour)
    started = time.monotonic()
    done = run(org.path, site, PATH=f"{path}:/nonexistent", CHARTER_GRAPHVIZ_TIMEOUT="1")
    assert time.monotonic() - started < 50  # the 1 s limit held: no wait for the 60 s sleeps
    assert_failed_cleanly(done, "diagram team-", why)
    assert tree(site) == before
    assert_rerun_succeeds(org, site)


def test_two_builds_at_once_never_mix(tmp_path: Path, minimal: OrgDir) -> None:
    other = OrgDir(tmp_path / "other")
    shutil.copytree(minimal.path, other.path)
    other.replace("roles/agent.yaml", "title: Service Desk Agent", "title: Front Line Agent")
    references = []
    for org in (minimal, other):
        site = tmp_path / f"reference-{org.path.name}" / "site"
        assert run(org.path, site).returncode == 0
        references.append(tree(site))
    assert references[0] != references[1]
    site = tmp_path / "shared" / "site"
    refused = 0
    for delay in (0.0, 0.05, 0.3):
        first = spawn(minimal.path, site)
        time.sleep(delay)
        second = spawn(other.path, site)
        results = [(p.wait(timeout=120), p.communicate()[1]) for p in (first, second)]
        for code, stderr in results:
            assert code in (0, 2), stderr
            if code == 2:
                assert "another charter run is writing" in stderr
                assert "nothing was changed" in stderr
                refused += 1
        assert 0 in [code for code, _ in results]
        assert tree(site) in references  # one build's complete site, never a mix of the two
        assert leftovers(site.parent) == []
        shutil.rmtree(site)  # so the next round builds again rather than finding it up to date
    assert refused >= 1  # the lock was really contended at least once
    assert_rerun_succeeds(minimal, site)


def test_a_hung_site_program_is_stopped_and_a_large_site_is_given_longer(tmp_path: Path) -> None:
    from charter.publish import engine as engines

    started = time.monotonic()
    with pytest.raises(engines.EngineError, match=r"^sleep took longer than 1 s and was stopped$"):
        engines.program("sleep", ["sleep", "30"], tmp_path, 1.0)
    assert time.monotonic() - started < 20
    # MkDocs alone takes about 15 minutes for the 37,000 pages of 20,000 roles: a fixed limit of
    # 15 minutes stopped that build as if it had hung.
    assert engines.time_limit(100) == engines.TIMEOUT_SECONDS
    assert engines.time_limit(37_000) >= 3 * 900
