"""Progress on long work: what charter is doing, shown as the command line chooses.

Like :mod:`logging`, the stages only say what they do (``with progress.stage("rendering pages",
9351) as step: … step()``) and the command line decides how it is shown: one line rewritten in
place on a terminal, a plain line as each stage starts when the output is a log (CI), nothing
under ``--quiet``, and nothing at all for library use and tests, which is the default.
Progress goes to standard error, so that standard output stays the report a program reads.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TextIO

SHOW_AFTER = 1.0  # seconds: work that ends sooner is not worth a line
REFRESH = 0.1  # seconds between redraws of the terminal line


class Display:
    """Shows nothing: the default, for tests and library use, and for ``--quiet``."""

    def start(self, label: str, total: int | None) -> None:
        return

    def update(self, label: str, done: int, total: int | None, elapsed: float) -> None:
        return

    def finish(self, label: str, done: int, total: int | None, elapsed: float) -> None:
        return


class Terminal(Display):
    """One line on a terminal, rewritten in place, erased when the stage ends."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = False

    def update(self, label: str, done: int, total: int | None, elapsed: float) -> None:
        if elapsed < SHOW_AFTER:
            return
        count = f" {done:,}/{total:,}" if total else (f" {done:,}" if done else "")
        self.stream.write(f"\r\x1b[2K{label}{count} ({elapsed:.0f} s)")
        self.stream.flush()
        self.shown = True

    def finish(self, label: str, done: int, total: int | None, elapsed: float) -> None:
        if self.shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.shown = False


class Log(Display):
    """Plain lines for logs (CI), where a rewritten line is noise: one when a stage has taken a
    second, one when it ends; a quick stage writes nothing."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown: set[str] = set()

    def update(self, label: str, done: int, total: int | None, elapsed: float) -> None:
        if elapsed >= SHOW_AFTER and label not in self.shown:
            self.shown.add(label)
            self.stream.write(f"charter: {label}" + (f" ({total:,})" if total else "") + " …\n")
            self.stream.flush()

    def finish(self, label: str, done: int, total: int | None, elapsed: float) -> None:
        if label in self.shown:
            self.shown.discard(label)
            count = f"{done:,} " if done else ""
            self.stream.write(f"charter: {label}: {count}done in {elapsed:.1f} s\n")
            self.stream.flush()


_NOTHING = Display()
_display: ContextVar[Display | None] = ContextVar("display", default=None)
_lock = threading.Lock()


@contextmanager
def shown(display: Display) -> Iterator[None]:
    """Show the progress of the work done inside this block on ``display``."""
    token = _display.set(display)
    try:
        yield
    finally:
        _display.reset(token)


def for_stream(stream: TextIO, *, quiet: bool = False) -> Display:
    """How progress is shown on ``stream``: a line in place on a terminal, plain lines otherwise."""
    if quiet:
        return Display()
    isatty = getattr(stream, "isatty", None)
    return Terminal(stream) if isatty is not None and isatty() else Log(stream)


@contextmanager
def stage(label: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """A stage of work; the function it gives counts what is done (safe from any thread). Work
    without a count (the site engine) is shown with the time it has taken so far."""
    display = _display.get() or _NOTHING
    started = time.monotonic()
    done = 0
    last = 0.0
    ticking = threading.Event()
    display.start(label, total)

    def advance(n: int = 1) -> None:
        nonlocal done, last
        with _lock:
            done += n
            now = time.monotonic()
            if now - last >= REFRESH:
                last = now
                display.update(label, done, total, now - started)

    def tick() -> None:  # keeps the elapsed time moving while nothing is counted
        while not ticking.wait(1.0):
            with _lock:
                display.update(label, done, total, time.monotonic() - started)

    clock = threading.Thread(target=tick, daemon=True) if type(display) is not Display else None
    if clock is not None:
        clock.start()
    try:
        yield advance
    finally:
        ticking.set()
        if clock is not None:
            clock.join()
        with _lock:
            display.finish(label, done, total, time.monotonic() - started)
