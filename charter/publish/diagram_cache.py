"""The diagram cache on disk: SVGs that Graphviz drew, kept for the next build.

``charter build`` keeps it in ``.charter/diagrams/`` beside the site (:mod:`charter.publish.swap`)
and hands it to the render stage as its :class:`~charter.render.drawing.DiagramCache`. Each SVG
is a file named by the hash of its key, ``ab/ab12….svg``, written whole or not at all; the
partial files of runs killed while writing are swept away by the next build.
"""

from __future__ import annotations

import hashlib
import os
import threading
from contextlib import suppress
from pathlib import Path


class DiskCache:
    """Drawn SVGs in ``folder``, by the hash of their key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        digest = hashlib.sha256(key.encode()).hexdigest()
        return self.folder / digest[:2] / f"{digest}.svg"

    def get(self, key: str) -> bytes | None:
        path = self._path(key)
        return path.read_bytes() if path.is_file() else None

    def put(self, key: str, svg: bytes) -> None:
        """Keep an SVG: complete or not at all. The cache only saves time, so a full disk or a
        file-size limit costs the next build some Graphviz runs, never this build."""
        path = self._path(key)
        partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(svg)
            os.replace(partial, path)
        except OSError:
            with suppress(OSError):
                partial.unlink()

    def sweep(self) -> None:
        """Remove the partial SVGs of runs that were killed while writing them
        (``KEY.PID.THREAD.tmp``, whose process is gone): they would never be read, only pile up."""
        for partial in self.folder.glob("*/*.tmp"):
            pid = partial.name.split(".")[1]
            if pid.isdigit() and not _alive(int(pid)):
                with suppress(OSError):
                    partial.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True
