"""The site's search index, made by Pagefind from the built pages.

Staff search for a subject in their own words ("who approves a discount") and must land on the
role that owns it. MkDocs' lunr search cannot do that: it adds a wildcard to every word, which
turns off stemming and stop words, so "a" matches every page and "approves" never finds
"approving"; and it sends the whole index to every reader, which grows with the organisation.
Pagefind stems both the pages and the query, ranks by relevance with page length taken into
account, loads only the index fragments a query needs, and highlights the words on the page
reached. It reads only what the pages mark with ``data-pagefind-body`` (see
``templates/theme/main.html``), so navigation and whole-organisation tables stay out.

Pages are handed to Pagefind one by one, in sorted order, through its service mode (the
protocol its own Python and Node clients speak: base64 JSON messages ended by commas on the
program's standard input and output). Its command line would walk the folder instead, but the
index numbers pages in the order it meets them and the order a folder lists its files in
differs between file systems, so two builds of the same input would differ. Its Python client
waits a tenth of a second per message (7 s for 70 pages), so this small synchronous one is
used: the same messages, each answer read as soon as it is written.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import re
import subprocess
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Any

from pagefind_bin import get_executable

from charter.core.cores import die_with_parent
from charter.publish.engine import TIMEOUT_SECONDS, EngineError, time_limit

EXIT_SECONDS = 60.0  # for the service to finish writing and exit once its input is closed
FOLDER = "pagefind"  # under the site root; the theme loads pagefind/pagefind-ui.js from here
# Never indexed: the "¶" of heading permalinks, and matrices of letters (a step's holders are
# indexed in its own list, in words).
IGNORED = (".headerlink", ".charter-raci")


def url_of(rel: str) -> str:
    """The address a page is reached at, from the site's root: ``teams/x/index.html`` → ``/teams/x/``."""
    return "/" + rel.removesuffix("index.html")


class Service:
    """One ``pagefind --service`` process, asked one question at a time."""

    def __init__(self, limit: float = TIMEOUT_SECONDS) -> None:
        self._limit = limit
        self._process = subprocess.Popen(
            [str(get_executable()), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            # Only prctl() runs before exec, and no thread of ours is running yet.
            preexec_fn=die_with_parent(os.getpid()),  # noqa: PLW1509
        )
        self._sent = 0
        self._pending = bytearray()
        self._expired = False
        self._timer = threading.Timer(limit, self._expire)
        self._timer.start()

    def _expire(self) -> None:
        self._expired = True
        self._process.kill()

    def ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        self._sent += 1
        message = {"message_id": self._sent, "payload": payload}
        stdin: IO[bytes] | None = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
            stdin.flush()
        except OSError:
            raise self._stopped() from None
        while True:
            answer = json.loads(base64.b64decode(self._next()))
            if answer is None or answer.get("message_id") not in (None, self._sent):
                continue
            reply: dict[str, Any] = answer["payload"]
            if reply.get("type") == "Error":
                raise EngineError(f"pagefind could not index the site: {reply.get('message')}")
            return reply

    def _next(self) -> bytes:
        stdout: IO[bytes] | None = self._process.stdout
        assert stdout is not None
        searched = 0
        while (end := self._pending.find(b",", searched)) < 0:
            searched = len(self._pending)
            chunk = stdout.read1(1 << 16)  # type: ignore[attr-defined]
            if not chunk:
                raise self._stopped()
            self._pending += chunk  # a bytearray: appending does not copy what came before
        message = bytes(self._pending[:end])
        del self._pending[: end + 1]
        return message

    def _stopped(self) -> EngineError:
        if self._expired:
            return EngineError(f"pagefind took longer than {self._limit:.0f} s and was stopped")
        return EngineError("pagefind stopped while indexing the site")

    def close(self) -> None:
        """End the service the way it expects: its input closed, it finishes writing and exits.
        Killing it at once could leave a file it answered for still unwritten (seen on a slower
        file system: an empty ``pagefind-entry.json``)."""
        try:
            if self._process.stdin is not None:
                self._process.stdin.close()
        except OSError:
            pass  # it is gone already
        try:
            self._process.wait(timeout=EXIT_SECONDS)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        finally:
            self._timer.cancel()
            if self._process.stdout is not None:
                self._process.stdout.close()


def index(site: Path, pages: Iterable[tuple[str, bytes]] | None = None) -> None:
    """Write the search index into ``site/pagefind``; raises EngineError if Pagefind fails.

    ``pages`` (path from the site's root, what Pagefind reads of the page: :func:`searched`), in
    sorted order, are the pages to index, by default read from ``site``. They are produced on a
    thread of their own while Pagefind indexes the ones before in its process: the build's policy
    pass (:mod:`charter.publish.hardening`) and the index overlap instead of running one after the
    other."""
    try:
        service = Service(time_limit(sum(1 for _ in html_pages(site))))
    except OSError as exc:
        raise EngineError(f"pagefind could not be started: {exc.strerror}") from None
    if pages is None:
        pages = ((rel, searched(path.read_bytes())) for rel, path in sorted(html_pages(site)))
    feed = _Feed(pages)  # started after the service: no thread of ours may run while it forks
    try:
        made = service.ask({"type": "NewIndex", "config": {"exclude_selectors": list(IGNORED)}})
        for rel, page in feed:
            service.ask(
                {
                    "type": "AddFile",
                    "index_id": made["index_id"],
                    "file_path": None,
                    "url": url_of(rel),
                    "file_contents": page.decode("utf-8"),
                }
            )
        # The bundle comes back in the answer and is written here: the service's own WriteFiles
        # answers before its files are on disk, and under load a build was published with an
        # empty pagefind-entry.json.
        bundle = service.ask({"type": "GetFiles", "index_id": made["index_id"]})["files"]
    finally:
        feed.stop()
        service.close()
    write_bundle(site / FOLDER, bundle)
    complete(site / FOLDER)


_BODY = re.compile(rb"<div data-pagefind-body[ >]")
_DIV = re.compile(rb"<(/?)div[\s>]")
_BODY_TAG = re.compile(rb"<body(?:\s[^>]*)?>")


def searched(page: bytes) -> bytes:
    """What Pagefind reads of a page: its ``<head>`` (the language is on ``<html>``), its
    ``<body>`` tag and the element marked ``data-pagefind-body``, without the navigation, header
    and footer around it, which it would parse only to pass over. The index is the same (a test
    compares them); at size M Pagefind is given 103 MB instead of 358 MB and takes 40% less time.
    A page without the mark, or one not as the theme writes it, is given whole."""
    start = _BODY.search(page)
    head_end = page.find(b"</head>")
    body = _BODY_TAG.search(page, head_end) if head_end >= 0 else None
    if start is None or body is None or body.end() > start.start():
        return page
    depth = 0
    for tag in _DIV.finditer(page, start.start()):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            end = page.find(b">", tag.start()) + 1
            return page[: head_end + len(b"</head>")] + body.group() + page[start.start() : end] + b"</body></html>"
    return page


def html_pages(site: Path) -> Iterator[tuple[str, Path]]:
    """Every HTML page of ``site``, as (path from the site's root, path), in no set order."""
    for path in site.rglob("*.html"):
        yield path.relative_to(site).as_posix(), path


_DONE = object()


class _Feed:
    """The pages, produced on a thread of their own a few ahead of their use; an error while
    producing them is raised where they are used."""

    def __init__(self, pages: Iterable[tuple[str, bytes]]) -> None:
        self._queue: queue.Queue[object] = queue.Queue(maxsize=16)
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._produce, args=(pages,), daemon=True)
        self._thread.start()

    def _produce(self, pages: Iterable[tuple[str, bytes]]) -> None:
        try:
            for page in pages:
                if not self._put(page):
                    return
        except BaseException as exc:  # raised again on the consuming thread
            self._put(exc)
            return
        self._put(_DONE)

    def _put(self, item: object) -> bool:
        while not self._stopped.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def __iter__(self) -> Iterator[tuple[str, bytes]]:
        while True:
            item = self._queue.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]

    def stop(self) -> None:
        """Let the producing thread end, whether or not every page was used."""
        self._stopped.set()
        self._thread.join()


def write_bundle(folder: Path, files: list[dict[str, str]]) -> None:
    for entry in sorted(files, key=lambda f: f["path"]):
        rel = PurePosixPath(entry["path"])
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise EngineError(f"pagefind could not index the site: it named a file outside its folder ({rel})")
        target = folder.joinpath(*rel.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(entry["content"]))


def complete(bundle: Path) -> None:
    """Refuse a search bundle that is not whole: the site would publish a search that fails."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        entry = None
    if not isinstance(entry, dict) or "languages" not in entry or not (bundle / "pagefind-ui.js").is_file():
        raise EngineError("pagefind could not index the site: its search bundle is incomplete")
