"""Run Graphviz on DOT source: with a timeout, and nothing on stderr tolerated.

Graphviz prints warnings (a label that does not fit, an attribute it ignores) and still exits
0; a diagram that came with a warning is not trusted, so any stderr output fails the diagram
with a message that names it. Nothing is ever written to disk here: the SVG comes back as bytes,
so a failure can never leave a half-written file.
"""

from __future__ import annotations

import math
import os
import shutil
import signal
import subprocess
from contextlib import suppress

TIMEOUT_SECONDS = 30.0  # one diagram; CHARTER_GRAPHVIZ_TIMEOUT (seconds) overrides it


class DiagramError(Exception):
    """A diagram could not be drawn; the message names it and says why."""


def timeout() -> float:
    try:
        seconds = float(os.environ.get("CHARTER_GRAPHVIZ_TIMEOUT", ""))
    except ValueError:
        return TIMEOUT_SECONDS
    return seconds if 0 < seconds < math.inf else TIMEOUT_SECONDS  # not 0, negative, nan or inf


def complete(svg: bytes) -> bool:
    """Whether an SVG was written to its end (Graphviz cut short, or a damaged cache entry)."""
    return svg.rstrip().endswith(b"</svg>")


def svg(name: str, source: str, *, engine: str = "dot", fixed_positions: bool = False) -> bytes:
    executable = shutil.which(engine)
    if executable is None:
        raise DiagramError(
            f"diagram {name}: Graphviz '{engine}' is not installed (Debian/Ubuntu: sudo apt-get install graphviz)"
        )
    command = [executable, "-Tsvg"]
    if fixed_positions:
        command.append("-n2")
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    limit = timeout()
    try:
        # A session of its own, so a timeout stops whatever the program started too: a
        # grandchild holding the pipes open would otherwise keep us waiting past the limit.
        with subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
        ) as process:
            try:
                stdout, stderr_bytes = process.communicate(source.encode("utf-8"), timeout=limit)
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                raise DiagramError(f"diagram {name}: {engine} took longer than {limit:g} s and was stopped") from None
    except OSError as exc:
        raise DiagramError(f"diagram {name}: could not run {engine}: {exc.strerror}") from None
    stderr = stderr_bytes.decode("utf-8", "replace").strip()
    if process.returncode != 0 or stderr:
        why = stderr.splitlines()[0] if stderr else f"exit code {process.returncode}"
        raise DiagramError(f"diagram {name}: {engine} failed: {why}")
    if not complete(stdout):
        raise DiagramError(f"diagram {name}: {engine} wrote an incomplete SVG")
    return stdout
