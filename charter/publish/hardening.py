"""The policy pass over a freshly built site, on every core, feeding the search index.

Every page the engine wrote is compacted (:mod:`charter.publish.compact`), given its policy
(:func:`charter.publish.csp.protect`), written back, and cut to what Pagefind reads
(:func:`charter.publish.search.searched`). That is about 3.5 ms of Python a page: 33 s at
5,000 roles, which ran on one core while Pagefind, indexing the pages as they came, had the other
for 18 s. Now forked processes share the pages, dealt out in turn (page ``i`` to process ``i mod
n``), and each sends back what the index reads of each page in its share's order; this process
hands them on in the order of their paths, so the index is the one a single process makes (a test
compares). A small site is done here, in order.

The processes are started before the search's own program (``with`` this pass, then
:func:`charter.publish.search.index`), so none of them holds that program's pipes, and before the
progress line's thread. A forked copy runs only this module's code, which takes no lock another
thread of charter's could hold (in ``charter serve`` the web server and the watcher run on), as
for the rendering's processes (:mod:`charter.render.shared`). Each dies with charter
(:func:`charter.core.cores.die_with_parent`), and holds no reading end of any pipe, so where the
kernel cannot kill it with charter, its next page fails to send and it ends.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import TracebackType

from charter.core.cores import answer, die_with_parent, send_failure, workers
from charter.publish import csp, search
from charter.publish.engine import EngineError

PAGES_A_WORKER = 200  # a process takes about 10 ms to start and 3.5 ms a page: fewer are not worth one

Pages = Sequence[tuple[str, Path]]


def _done(rel: str, path: Path, styles_inserted: list[str]) -> bytes:
    """One page protected, written back, and what the index reads of it."""
    return search.searched(csp.harden_page(rel, path, styles_inserted))


def _share(pages: Pages, styles_inserted: list[str], conn: Connection, reading: list[Connection], parent: int) -> None:
    arm = die_with_parent(parent)
    if arm is not None:
        arm()
    for end in reading:  # the reading ends, this share's among them: a write fails once charter is gone
        end.close()
    try:
        for rel, path in pages:
            conn.send(_done(rel, path, styles_inserted))
    except BaseException as exc:
        send_failure(conn, exc)
    finally:
        conn.close()
        # Gone at once: the usual exit flushes standard output and error, whose lock a thread of
        # charter's may have held at the fork (serve's web server), and would wait for ever.
        os._exit(0)


class Hardening:
    """``with Hardening(site) as pages:`` each page of ``site`` protected and written back, as
    (path from the site's root, what the search index reads of it), in the order of those paths.
    Leaving the ``with`` stops every process still at work, whether or not every page was used."""

    def __init__(self, site: Path) -> None:
        self._pages = sorted(search.html_pages(site))
        self._styles = csp.inserted_styles(site)
        self._count = workers(len(self._pages), PAGES_A_WORKER) if hasattr(os, "fork") else 1
        self._shares: list[tuple[Connection, BaseProcess]] = []
        self._all_sent = False

    def __enter__(self) -> Iterator[tuple[str, bytes]]:
        if self._count < 2:
            return ((rel, _done(rel, path, self._styles)) for rel, path in self._pages)
        context = multiprocessing.get_context("fork")
        try:
            for first in range(self._count):
                mine, theirs = context.Pipe(duplex=False)
                reading = [conn for conn, _process in self._shares] + [mine]
                share = self._pages[first :: self._count]
                process = context.Process(
                    target=_share, args=(share, self._styles, theirs, reading, os.getpid()), daemon=True
                )
                try:
                    process.start()
                except BaseException:
                    mine.close()
                    raise
                finally:
                    theirs.close()
                self._shares.append((mine, process))
        except BaseException:  # no process could be started (too many): none of the others waits on
            self.__exit__(None, None, None)
            raise
        return self._gathered()

    def _gathered(self) -> Iterator[tuple[str, bytes]]:
        for number, (rel, _path) in enumerate(self._pages):
            conn, _process = self._shares[number % self._count]
            try:
                page = answer(conn, "the process putting the policy into it")
            except RuntimeError as exc:  # it died (killed, out of memory) or failed in a way it could not send
                raise EngineError(f"the security policy could not be put into {rel}: {exc}") from None
            yield rel, page
        self._all_sent = True

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        for conn, process in self._shares:
            conn.close()
            if not self._all_sent:  # left early: its process may be waiting to send more, for ever
                process.kill()
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
        self._shares = []


def harden(site: Path) -> int:
    """Put a policy into every HTML page of ``site``; returns how many pages it went into.
    Applying it twice is refused: the second pass finds a policy it cannot vouch for."""
    with Hardening(site) as pages:
        return sum(1 for _ in pages)
