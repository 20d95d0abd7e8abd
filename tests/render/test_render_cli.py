"""charter render from the command line: validation first, a folder replaced whole or not at all."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import OrgDir, run_charter


def test_render_writes_every_file(minimal: OrgDir, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    done = run_charter("render", str(minimal.path), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"rendered 44 files into {out} in ")
    assert (out / "docs" / "teams" / "service" / "agent.md").is_file()
    assert (out / "docs" / "api" / "roles" / "agent.json").is_file()
    assert (out / ".charter-generated").is_file()
    assert (out / "docs" / "assets" / "charter" / "charter.js").is_file()  # the ask filter and RACI cues
    assert (out / "theme" / "main.html").is_file()
    assert "docs_dir: docs" in (out / "mkdocs.yml").read_text()
    # Nothing left beside it but .charter/ with the lock file, which is kept (removing a lock file
    # races with its next taker).
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [".charter"]
    assert [p.name for p in (tmp_path / ".charter").iterdir()] == ["docs.lock"]


def test_errors_stop_render_and_leave_the_previous_output(minimal: OrgDir, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    assert run_charter("render", str(minimal.path), "--out", str(out)).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    minimal.replace("roles/agent.yaml", "team: service", "team: servce")
    done = run_charter("render", str(minimal.path), "--out", str(out))
    assert done.returncode == 1
    assert "error CH104 unknown team 'servce'" in done.stdout
    assert done.stderr == "charter: nothing rendered: fix the errors above first\n"
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_rerender_replaces_stale_pages(minimal: OrgDir, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    assert run_charter("render", str(minimal.path), "--out", str(out)).returncode == 0
    minimal.remove("people/bo.yaml")
    minimal.replace("roles/it-engineer.yaml", "holders: [bo]", "holders: [ana]")
    assert run_charter("render", str(minimal.path), "--out", str(out)).returncode == 0
    assert not (out / "docs" / "people" / "bo.md").exists()


def test_refuses_a_folder_of_other_files(minimal: OrgDir, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    done = run_charter("render", str(minimal.path), "--out", str(out))
    assert done.returncode == 2
    assert "holds files charter did not make" in done.stderr
    assert (out / "notes.txt").read_text() == "keep me"


def test_missing_graphviz_fails_cleanly(minimal: OrgDir, tmp_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "docs"
    done = subprocess.run(
        [sys.executable, "-m", "charter", "render", str(minimal.path), "--out", str(out)],
        capture_output=True,
        text=True,
        env={"PATH": "/nonexistent", "CHARTER_TODAY": "2026-11-23"},
        check=False,
    )
    assert done.returncode == 1
    assert "diagram" in done.stderr
    assert "Graphviz 'dot' is not installed" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_an_output_folder_that_cannot_be_written_is_a_failed_run_not_a_usage_error(
    minimal: OrgDir, tmp_path: Path
) -> None:
    """A full disk or a file-size limit: exit 1 (the run failed, nothing changed), as build does."""
    import subprocess
    import sys

    out = tmp_path / "docs"
    done = subprocess.run(
        ["/bin/sh", "-c", 'ulimit -f 2 && exec "$@"', "sh", sys.executable, "-m", "charter", "render",
         str(minimal.path), "--out", str(out)],
        capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "CHARTER_TODAY": "2026-11-23"}, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "which is unchanged: File too large" in done.stderr
    assert not out.exists()


def test_the_engine_alone_builds_what_render_wrote(minimal: OrgDir, tmp_path: Path) -> None:
    """Issue 31: render --out writes the configuration charter build would use, so anyone can
    build the same pages with the engine alone."""
    import os
    import subprocess
    import sys

    out = tmp_path / "rendered"
    assert run_charter("render", str(minimal.path), "--out", str(out)).returncode == 0
    done = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-q", "-f", str(out / "mkdocs.yml"),
         "-d", str(tmp_path / "site")],
        capture_output=True, text=True, check=False, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "site" / "teams" / "service" / "agent" / "index.html").read_text()
    assert "Service Desk Agent" in page
    assert "charter.css" in page  # the configuration charter makes, not the engine's defaults


def test_pages_rendered_by_several_processes_are_the_pages_one_renders(tmp_path: Path) -> None:
    """Issue 31: the pages shared among processes (charter.render.shared) are the same bytes."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    outs = {workers: tmp_path / f"out-{workers}" for workers in ("1", "3")}
    for workers, out in outs.items():
        done = subprocess.run(
            [sys.executable, "-m", "charter", "render", str(ROOT / "org"), "--out", str(out)],
            capture_output=True, text=True, check=False,
            env={**os.environ, "CHARTER_WORKERS": workers, "CHARTER_TODAY": "2026-12-05"},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    one = {p.relative_to(outs["1"]): p.read_bytes() for p in outs["1"].rglob("*") if p.is_file()}
    three = {p.relative_to(outs["3"]): p.read_bytes() for p in outs["3"].rglob("*") if p.is_file()}
    assert len(one) > 150
    assert one == three
