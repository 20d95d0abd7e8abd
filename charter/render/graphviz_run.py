"""Run Graphviz on DOT source: with a timeout, and nothing on stderr tolerated.

Graphviz prints warnings (a label that does not fit, an attribute it ignores) and still exits
0; a diagram that came with a warning is not trusted, so any stderr output fails the diagram
with a message that names it. Nothing is ever written to disk here: the SVG comes back as bytes,
so a failure can never leave a half-written file.
"""

from __future__ import annotations

import os
import shutil
import subprocess

TIMEOUT_SECONDS = 30.0


class DiagramError(Exception):
    """A diagram could not be drawn; the message names it and says why."""


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
    try:
        done = subprocess.run(
            command,
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise DiagramError(
            f"diagram {name}: {engine} took longer than {TIMEOUT_SECONDS:.0f} s and was stopped"
        ) from None
    except OSError as exc:
        raise DiagramError(f"diagram {name}: could not run {engine}: {exc.strerror}") from None
    stderr = done.stderr.decode("utf-8", "replace").strip()
    if done.returncode != 0 or stderr:
        why = stderr.splitlines()[0] if stderr else f"exit code {done.returncode}"
        raise DiagramError(f"diagram {name}: {engine} failed: {why}")
    if not done.stdout.rstrip().endswith(b"</svg>"):
        raise DiagramError(f"diagram {name}: {engine} wrote an incomplete SVG")
    return done.stdout
