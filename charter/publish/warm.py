"""The live preview's side of the engine kept running between its updates
(:mod:`charter.publish.resident`): started when a whole build is kept, asked to rebuild the pages
an edit changed, stopped with the preview or before the next whole build.

Whatever goes wrong with it — it could not start, it died, it said it cannot (a plugin is at
work), it failed on a page, it took too long — the preview builds the site whole instead: never
worse than without it.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import subprocess
import sys
from pathlib import Path
from typing import Any


class Warm:
    """One engine process over the kept workspace ``workspace`` (its ``mkdocs.yml``)."""

    def __init__(self, engine: str, workspace: Path) -> None:
        self.engine = engine
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
        self._process: subprocess.Popen[str] | None = subprocess.Popen(
            # It arms its own end with this process's (the preview serves from a thread meanwhile,
            # where code run between fork and exec is unsafe).
            [sys.executable, "-m", "charter.publish.resident", engine, str(workspace / "mkdocs.yml"), str(os.getpid())],
            cwd=workspace,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        self._ready: bool | None = None  # not known until its first line is read

    def ready(self, limit: float) -> bool:
        """Whether it has started and can update pages (waiting up to ``limit`` seconds for it to
        say so): asked before the kept workspace is touched, which it reads while it starts."""
        if self._ready is None:
            started = self._line(limit)
            self._ready = bool(started and started.get("ready"))
            if not self._ready:
                self.close()
        return self._ready and self._process is not None

    def update(self, pages: list[str], limit: float) -> str | None:
        """Rebuild ``pages`` (under the docs folder); what the engine said, or None when it could
        not — it stopped, or failed on a page: a whole build follows, which says why in the
        engine's own words if the pages are at fault."""
        if not self.ready(limit) or self._process is None or self._process.stdin is None:
            return None
        try:
            self._process.stdin.write(json.dumps({"pages": pages}) + "\n")
            self._process.stdin.flush()
        except OSError:  # it died since
            self.close()
            return None
        reply = self._line(limit)
        if reply is None or not reply.get("ok"):
            self.close()  # its pages may be half-updated: the next update starts a new one
            return None
        return str(reply.get("said", ""))

    def _line(self, limit: float) -> dict[str, Any] | None:
        """Its next answer, or None when it stopped or said nothing within ``limit`` seconds."""
        process = self._process
        if process is None or process.stdout is None:
            return None
        ready, _, _ = select.select([process.stdout], [], [], limit)
        line = process.stdout.readline() if ready else ""
        try:
            found = json.loads(line) if line else None
        except ValueError:
            found = None
        return found if isinstance(found, dict) else None

    def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if not self._ready:  # still starting (it reads no request until it has): no need to wait
            process.kill()
        if process.stdin is not None:
            with contextlib.suppress(OSError):  # it died with a request unread: the pipe is broken
                process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
