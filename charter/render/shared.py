"""Pages rendered by several processes at once: each a share of the pages, dealt out in turn
(pages of every kind in each share), while the process that asked makes the site's other files.

A page is a pure function of the model, so a forked process renders it as this one would: the
files are the same bytes (a test compares). A small organisation is rendered here, in order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Protocol

from charter.core.cores import answer, die_with_parent, send_failure, workers
from charter.render.page_data import Page
from charter.render.pages import PageRenderer

PAGES_A_WORKER = 500  # fewer pages than this a process are not worth one


class Pending(Protocol):
    def result(self) -> dict[str, bytes]: ...


class _Done:
    def __init__(self, files: dict[str, bytes]) -> None:
        self._files = files

    def result(self) -> dict[str, bytes]:
        return self._files


class _Running:
    """Shares being rendered in other processes."""

    def __init__(self, shares: Sequence[tuple[Connection, BaseProcess, int]], step: Callable[[int], None]) -> None:
        self._shares = shares
        self._step = step

    def result(self) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        try:
            for conn, _process, count in self._shares:
                files.update(answer(conn, "a process rendering pages"))
                self._step(count)
        finally:
            for conn, process, _count in self._shares:
                conn.close()
                process.join(timeout=5)
                if process.is_alive():
                    process.kill()
                    process.join()
        return files


def _render(renderer: PageRenderer, makers: Sequence[Callable[[], Page]]) -> dict[str, bytes]:
    return {path: text.encode("utf-8") for path, text in (renderer.render(make()) for make in makers)}


def _share(renderer: PageRenderer, makers: Sequence[Callable[[], Page]], conn: Connection, parent: int) -> None:
    arm = die_with_parent(parent)
    if arm is not None:
        arm()
    try:
        conn.send(_render(renderer, makers))
    except BaseException as exc:
        send_failure(conn, exc)
    finally:
        conn.close()


def start(renderer: PageRenderer, makers: Sequence[Callable[[], Page]], step: Callable[[int], None]) -> Pending:
    """The pages of ``makers`` rendered: here and now for a few, else begun in other processes;
    ``result()`` gives them, ``step`` counting them as they come."""
    count = workers(len(makers), PAGES_A_WORKER)
    if count < 2 or not hasattr(os, "fork"):
        files = {}
        for make in makers:
            path, text = renderer.render(make())
            files[path] = text.encode("utf-8")
            step(1)
        return _Done(files)
    context = multiprocessing.get_context("fork")
    shares = []
    for first in range(count):
        mine, theirs = context.Pipe(duplex=False)
        share = makers[first::count]
        process = context.Process(target=_share, args=(renderer, share, theirs, os.getpid()), daemon=True)
        process.start()
        theirs.close()
        shares.append((mine, process, len(share)))
    return _Running(shares, step)
