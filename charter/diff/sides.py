"""Check both sides of a diff, the base in a second process while this one checks the head.

Checking is most of a diff's time (at 5,000 roles, 4 s a side): the base's findings and its
collaboration measures are worked out in a forked child and sent back as plain data (problems,
coverage, measures); this process checks the head, then builds the base's model from the files
it has just read (most are the same bytes: :func:`charter.load.discover.reading_alike`) without
running the rules again. Without ``fork`` (not POSIX), or if the child fails, the base is checked
here; the output is the same either way.
"""

from __future__ import annotations

import datetime
import os
import pickle
import signal
from dataclasses import dataclass

from charter.core import progress
from charter.core.memory import no_cyclic_gc
from charter.core.problem import Coverage, Problem
from charter.load.discover import reading_alike
from charter.model.graph import Org
from charter.model.measures import Snapshot, measures
from charter.validate.check import validate


@dataclass(frozen=True)
class Side:
    org: Org | None  # None when the side has errors (as ``validate`` gives it)
    problems: tuple[Problem, ...]
    coverage: Coverage


@dataclass(frozen=True)
class _Sent:
    """What the child sends: the base's findings, and its measures when it has a model."""

    problems: tuple[Problem, ...]
    coverage: Coverage
    complete: bool  # the base has a model: no file dropped out
    snapshot: Snapshot | None


def read_sides(base_dir: str, head_dir: str, today: datetime.date) -> tuple[Side, Side]:
    child = _fork(base_dir, today)
    sent: _Sent | None = None
    try:
        with reading_alike():
            head = validate(head_dir, today)
            if child is not None:
                # The base's model while the child still checks it; its findings are the child's.
                base_org = validate(base_dir, today, rules=False).org
                sent = _receive(child[1])
            if sent is None:  # no fork, or the child failed: the base is checked here
                base = validate(base_dir, today)
                return Side(base.org, base.problems, base.coverage), Side(head.org, head.problems, head.coverage)
    finally:
        if child is not None:
            _reap(child[0], done=sent is not None)
    if not sent.complete:
        base_org = None  # as the child found it: a side with errors has no model
    if base_org is not None and sent.snapshot is not None:
        measures(base_org).adopt(sent.snapshot)
    return Side(base_org, sent.problems, sent.coverage), Side(head.org, head.problems, head.coverage)


def _fork(base_dir: str, today: datetime.date) -> tuple[int, int] | None:
    """(pid, read end of the pipe) of a child checking the base; None where there is no fork."""
    if not hasattr(os, "fork"):
        return None
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the child: never returns
        os.close(read)
        _child(base_dir, today, write)
    os.close(write)
    return pid, read


def _child(base_dir: str, today: datetime.date, write: int) -> None:
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the parent's run and this with it
        with progress.shown(progress.Display()), no_cyclic_gc():  # the parent shows the progress
            result = validate(base_dir, today)
            snapshot = measures(result.org).snapshot() if result.org is not None else None
            sent = _Sent(result.problems, result.coverage, result.org is not None, snapshot)
            data = pickle.dumps(sent, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
        code = 0
    finally:
        os._exit(code)  # no cleanup of the parent's state (temporary folders, buffers) from here


def _receive(read: int) -> _Sent | None:
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    try:
        sent = pickle.loads(data) if data else None  # from our own child, through a pipe
    except (pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return None
    return sent if isinstance(sent, _Sent) else None


def _reap(pid: int, *, done: bool) -> None:
    """Wait for the child; end it first if this process is leaving before it was heard (an
    error, Ctrl-C), so that no check of the base goes on after charter has stopped."""
    try:
        if not done:
            os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass
