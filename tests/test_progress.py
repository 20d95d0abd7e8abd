"""Progress on long work: a line rewritten in place on a terminal, plain lines in a log, nothing
under --quiet, and nothing at all unless the command line asks for it."""

from __future__ import annotations

import io
import re
import threading
from pathlib import Path

from charter.core import progress
from tests.conftest import ROOT, OrgDir, run_charter


class Recording(progress.Display):
    def __init__(self) -> None:
        self.finished: list[tuple[str, int, int | None]] = []

    def finish(self, label: str, done: int, total: int | None, elapsed: float) -> None:
        self.finished.append((label, done, total))


def test_a_terminal_shows_one_line_in_place_and_erases_it() -> None:
    out = io.StringIO()
    terminal = progress.Terminal(out)
    terminal.update("drawing diagrams", 3, 10, 0.5)
    assert out.getvalue() == ""  # work that ends within a second is not worth a line
    terminal.update("drawing diagrams", 4, 10, 1.6)
    terminal.update("drawing diagrams", 2500, 5000, 12.2)
    assert out.getvalue() == "\r\x1b[2Kdrawing diagrams 4/10 (2 s)\r\x1b[2Kdrawing diagrams 2,500/5,000 (12 s)"
    terminal.finish("drawing diagrams", 5000, 5000, 20.0)
    assert out.getvalue().endswith("\r\x1b[2K")


def test_a_log_gets_a_line_when_a_step_takes_a_second_and_one_when_it_ends() -> None:
    out = io.StringIO()
    log = progress.Log(out)
    log.update("rendering pages", 10, 9351, 0.4)
    log.finish("rendering pages", 9351, 9351, 0.9)
    assert out.getvalue() == ""  # a quick step writes nothing
    log.update("building the site with mkdocs", 0, None, 1.0)
    log.update("building the site with mkdocs", 0, None, 2.0)
    log.finish("building the site with mkdocs", 0, None, 181.64)
    assert out.getvalue() == (
        "charter: building the site with mkdocs …\ncharter: building the site with mkdocs: done in 181.6 s\n"
    )


def test_a_stage_counts_what_every_thread_does() -> None:
    shown = Recording()
    with progress.shown(shown), progress.stage("drawing diagrams", 400) as step:
        threads = [threading.Thread(target=lambda: [step(1) for _ in range(100)]) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert shown.finished == [("drawing diagrams", 400, 400)]


def test_nothing_is_shown_outside_the_command_line() -> None:
    shown = Recording()
    with progress.stage("rendering pages", 1) as step:
        step(1)
    assert shown.finished == []
    with progress.shown(shown), progress.stage("rendering pages", 1) as step:
        step(1)
    with progress.stage("rendering pages", 1) as step:  # the display ends with its block
        step(1)
    assert shown.finished == [("rendering pages", 1, 1)]


def test_quiet_build_writes_nothing_on_standard_error(minimal: OrgDir, tmp_path: Path) -> None:
    done = run_charter(
        "build", str(minimal.path), "--site-dir", str(tmp_path / "site"), "--config", str(ROOT / "mkdocs.yml"), "-q"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == ""


def test_build_progress_in_a_log_is_plain_lines(minimal: OrgDir, tmp_path: Path) -> None:
    done = run_charter(
        "build", str(minimal.path), "--site-dir", str(tmp_path / "site"), "--config", str(ROOT / "mkdocs.yml")
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for line in done.stderr.splitlines():
        assert re.fullmatch(r"charter: [a-z' ]+( \([\d,]+\))? …|charter: [a-z' ]+: ([\d,]+ )?done in \d+\.\d s", line)
    assert "\r" not in done.stderr
    assert "\x1b" not in done.stderr
    assert done.stdout.startswith("built ")
