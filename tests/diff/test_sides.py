"""Both sides of a diff checked in two processes give what one process gives."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

from charter.diff.consequences import compared
from charter.diff.sides import _reap, _receive, read_sides
from charter.model.measures import measures
from charter.validate.check import validate
from tests.conftest import ROOT, TODAY


def head_with(tmp_path: Path, rel: str, old: str, new: str) -> Path:
    head = tmp_path / "head"
    shutil.copytree(ROOT / "org", head)
    text = (head / rel).read_text(encoding="utf-8")
    assert text.count(old) == 1
    (head / rel).write_text(text.replace(old, new), encoding="utf-8")
    return head


def test_the_base_checked_in_a_second_process_is_the_base_checked_here(tmp_path: Path) -> None:
    head = head_with(tmp_path, "roles/support-engineer.yaml", "holders: [seun-adeyemi, elena-petrova]", "holders: []")
    base, after = read_sides(str(ROOT / "org"), str(head), TODAY)
    alone, here = validate(str(ROOT / "org"), TODAY), validate(str(head), TODAY)
    assert (base.problems, base.coverage) == (alone.problems, alone.coverage)
    assert (after.problems, after.coverage) == (here.problems, here.coverage)
    assert base.org is not None
    assert after.org is not None
    assert alone.org is not None
    assert here.org is not None
    assert measures(base.org).snapshot() == measures(alone.org).snapshot()  # adopted from the child
    assert compared(base.org, after.org) == compared(alone.org, here.org)
    assert any(c.kind == "step-cover" for c in compared(base.org, after.org)[1])  # the comparison sees the change


def test_a_base_with_errors_has_no_model_and_keeps_its_findings(tmp_path: Path) -> None:
    broken = head_with(tmp_path, "roles/support-engineer.yaml", "team: it", "team: [it")
    base, head = read_sides(str(broken), str(ROOT / "org"), TODAY)
    assert base.org is None
    assert head.org is not None
    assert base.problems == validate(str(broken), TODAY).problems
    assert any(p.path == "roles/support-engineer.yaml" for p in base.problems)


def test_a_child_that_sends_nothing_is_no_answer() -> None:
    read, write = os.pipe()
    os.close(write)
    assert _receive(read) is None


def test_a_child_not_heard_from_is_ended() -> None:
    pid = os.fork()
    if pid == 0:  # a child that would check for a long time; never back into pytest from here
        try:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            time.sleep(60)
        finally:
            os._exit(0)
    started = time.monotonic()
    _reap(pid, done=False)
    assert time.monotonic() - started < 30
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        pass  # gone, and waited for: no zombie left either
    else:
        raise AssertionError(f"child {pid} still exists")
