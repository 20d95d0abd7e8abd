"""Know when the files behind the site change: the operating system's file events (watchdog,
which MkDocs already uses), with polling kept for where those cannot be had.

Polling stats every file twice a second: at 5,000 roles that is 160 ms a poll, a quarter of a
core spent while nobody edits anything. File events cost nothing until a file changes. They
fail where the system runs out of watches (Linux's ``max_user_watches``) or on some network
filesystems; there the same interface polls instead, so ``serve`` behaves the same either way.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, Protocol

POLL_SECONDS = 0.5
# Editors save in bursts (a temporary file, a rename, a change of permissions): wait until the
# burst is over, so that one save is one rebuild.
SETTLE_SECONDS = 0.2
# Only what changes a file's content; not "opened" or "closed without writing", which every
# build causes when it reads the files and which would set off the next build for ever.
CHANGES = frozenset(("created", "modified", "deleted", "moved", "closed"))


class Changes(Protocol):
    how: str  # "events" or "polling", for the message serve shows

    def wait(self) -> None:
        """Return once something watched has changed since the last return (or since start)."""

    def close(self) -> None: ...


def watch(roots: list[Path], ignore: Path | None = None, *, events: bool = True) -> Changes:
    """Changes to the files under ``roots`` (folders, or single files), but for hidden ones (charter
    reads none; its cache, locks and workspaces are hidden) and those under ``ignore`` (the site,
    should it be inside a watched folder): a build must not set off the next one."""
    if events:
        try:
            return _Events(roots, ignore)
        except (OSError, RuntimeError):  # out of inotify watches, or no events on this filesystem
            pass
    return _Polling(roots, ignore)


def _relevant(path: Path, roots: list[Path], ignore: Path | None) -> bool:
    if ignore is not None and path.is_relative_to(ignore):
        return False
    for root in roots:
        if path == root:
            return True
        if root.is_dir() and path.is_relative_to(root):
            return not any(part.startswith(".") for part in path.relative_to(root).parts)
    return False


def _writes(events: Any) -> list[type[Any]]:
    """The events of ``CHANGES``, asked of the system by kind: a build reads every file of the
    organisation twice, and without a filter each read is three events (opened, read, closed)
    that watchdog's thread decodes in Python, only for the handler to drop them — at 5,000 roles
    55,000 events a build, seconds of the interpreter that the build waits for."""
    return [
        events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent, events.FileMovedEvent,
        events.FileClosedEvent, events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent,
    ]  # fmt: skip


class _Events:
    how = "events"

    def __init__(self, roots: list[Path], ignore: Path | None) -> None:
        # Imported here: validate and build never need it.
        from watchdog import events
        from watchdog.events import FileSystemEvent, FileSystemEventHandler
        from watchdog.observers import Observer

        self._roots = [root.absolute() for root in roots]
        self._ignore = ignore.absolute() if ignore is not None else None
        self._changed = threading.Event()
        outer = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                if event.event_type not in CHANGES:
                    return
                if event.is_directory and event.event_type == "modified":
                    return  # a folder's entries changed: each of them has an event of its own
                paths = [event.src_path, getattr(event, "dest_path", "")]
                if any(p and outer._concerns(Path(str(p))) for p in paths):
                    outer._changed.set()

        self._observer = Observer()
        handler = Handler()
        folders: set[Path] = set()
        for root in self._roots:
            # A single file (the site configuration) is watched through its folder, unrecursively.
            folder = root if root.is_dir() else root.parent
            if folder in folders or not folder.is_dir():
                continue
            folders.add(folder)
            self._observer.schedule(handler, str(folder), recursive=root.is_dir(), event_filter=_writes(events))
        self._observer.start()

    def _concerns(self, path: Path) -> bool:
        return _relevant(path, self._roots, self._ignore)

    def wait(self) -> None:
        self._changed.wait()
        while True:  # until the burst of events is over
            self._changed.clear()
            if not self._changed.wait(SETTLE_SECONDS):
                return

    def close(self) -> None:
        self._observer.stop()
        self._observer.join(timeout=5)


class _Polling:
    how = "polling"

    def __init__(self, roots: list[Path], ignore: Path | None) -> None:
        self._roots = roots
        self._ignore = ignore
        self._last = snapshot(roots, ignore)

    def wait(self) -> None:
        while True:
            time.sleep(POLL_SECONDS)
            current = snapshot(self._roots, self._ignore)
            if current != self._last:
                # The state before the build is the one remembered: an edit saved while the site
                # builds differs from it, and sets off another build instead of being lost.
                self._last = current
                return

    def close(self) -> None:
        return


def snapshot(roots: list[Path], ignore: Path | None = None) -> dict[str, tuple[int, int]]:
    """Modification time and size of every watched file."""
    state: dict[str, tuple[int, int]] = {}
    ignore = ignore.absolute() if ignore is not None else None
    for root in roots:
        paths = [root] if root.is_file() else (sorted(root.rglob("*")) if root.is_dir() else [])
        for path in paths:
            if path != root and any(part.startswith(".") for part in path.relative_to(root).parts):
                continue
            if ignore is not None and path.absolute().is_relative_to(ignore):
                continue
            try:
                info = path.stat()
            except OSError:
                continue
            if path.is_file():
                state[str(path)] = (info.st_mtime_ns, info.st_size)
    return state
