"""The processes charter starts beside itself.

How many a piece of work is shared among (:func:`workers`): one for each core this process may
use, never more than the work has shares worth a process; ``CHARTER_WORKERS`` (a number) decides
instead (1: no process besides this one). The site engine's page loop
(:mod:`charter.publish.parallel`) and the rendering of pages (:mod:`charter.render.shared`) ask
it. Each process started dies with charter (:func:`die_with_parent`)."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the command line imports this module: multiprocessing only when work is shared
    from multiprocessing.connection import Connection

_PR_SET_PDEATHSIG = 1


def workers(items: int, per_worker: int) -> int:
    """The processes for ``items`` things to do, each worth ``per_worker`` of them at least."""
    chosen = os.environ.get("CHARTER_WORKERS", "").strip()
    if chosen.isdigit() and int(chosen) > 0:
        return int(chosen)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, items // per_worker))


def die_with_parent(parent: int) -> Callable[[], None] | None:
    """On Linux, have the kernel kill a process charter starts (a site program, a worker) when
    charter dies: a charter killed mid-build must not leave one running on, writing into a
    workspace the next build removes. Called in the child, before it does anything else."""
    if sys.platform != "linux":
        return None
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)

    def arm() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # charter died before the line above: go now
            os._exit(1)

    return arm


def send_failure(conn: Connection, exc: BaseException) -> None:
    """In a process started to share the work: what it raised, sent to charter whole when it
    pickles, else in words; :func:`answer` raises it there."""
    try:
        conn.send(exc)
    except Exception:
        conn.send(RuntimeError(f"{type(exc).__name__}: {exc}"))


def answer(conn: Connection, who: str) -> Any:
    """What a process started to share the work sends back; what it raised, raised here; a
    process that died before it answered, said so (``who`` it was)."""
    try:
        sent = conn.recv()
    except EOFError:
        raise RuntimeError(f"{who} stopped without a word") from None
    if isinstance(sent, BaseException):
        raise sent
    return sent
