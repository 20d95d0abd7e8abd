"""Run a site engine — MkDocs or Zensical — on a prepared workspace.

Both are run as programs (``python -m mkdocs build``, ``python -m zensical build``), never
imported: charter does not depend on either's Python API, so the same workspace builds with
both, and a crash or a hang in the engine cannot take charter down with it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ENGINES = ("mkdocs", "zensical")
_PR_SET_PDEATHSIG = 1
TIMEOUT_SECONDS = 900.0
SECONDS_A_PAGE = 0.1  # MkDocs takes about 25 ms a page at 20,000 roles: four times that


def time_limit(pages: int) -> float:
    """How long a site program may run before it is taken for hung and stopped: 15 minutes, or a
    tenth of a second a page for a larger site (an organisation of 20,000 roles has 37,000 pages
    and MkDocs alone builds them in about 15 minutes)."""
    return max(TIMEOUT_SECONDS, SECONDS_A_PAGE * pages)


class EngineError(Exception):
    """The site engine failed; the message carries what it said."""


def die_with_parent(parent: int) -> Callable[[], None] | None:
    """On Linux, have the kernel kill the engine when charter dies: a charter killed mid-build
    must not leave an engine running on, writing into a workspace the next build removes."""
    if sys.platform != "linux":
        return None
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)

    def arm() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # charter died before the line above: go now
            os._exit(1)

    return arm


def command(engine: str, config: Path, *, dirty: bool = False) -> list[str]:
    if engine == "mkdocs" and dirty:
        # Only the pages whose source is newer than their output. Not strict: MkDocs warns that
        # a dirty build may leave other pages' navigation stale, which the preview avoids by
        # building whole whenever the navigation changes.
        return [sys.executable, "-m", "mkdocs", "build", "--dirty", "--no-strict", "--config-file", str(config)]
    if engine == "mkdocs":
        return [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config)]
    return [sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(config)]


def available(engine: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(engine) is not None


def run(engine: str, workspace: Path, *, dirty: bool = False) -> str:
    """Build ``workspace/site`` from ``workspace/docs`` (``dirty``: only what changed, into the
    last build's output); returns what the engine printed."""
    if not available(engine):
        raise EngineError(f"the {engine} engine is not installed (pip install {engine})")
    pages = sum(1 for _ in (workspace / "docs").rglob("*.md"))
    done = program(engine, command(engine, workspace / "mkdocs.yml", dirty=dirty), workspace, time_limit(pages))
    output = (done.stdout + done.stderr).strip()
    problems = [line for line in output.splitlines() if "WARNING" in line or "ERROR" in line or "Error" in line]
    if done.returncode != 0 or not (workspace / "site" / "index.html").is_file():
        detail = "\n".join(problems[:20]) or output[-2000:]
        raise EngineError(f"{engine} could not build the site:\n{detail}")
    return output


def program(name: str, args: list[str], cwd: Path, limit: float = TIMEOUT_SECONDS) -> subprocess.CompletedProcess[str]:
    """Run one of the site's build programs: output captured, stopped after ``limit`` seconds,
    killed with charter."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    try:
        return subprocess.run(
            args,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=limit,
            env=env,
            check=False,
            preexec_fn=die_with_parent(os.getpid()),
        )
    except subprocess.TimeoutExpired:
        raise EngineError(f"{name} took longer than {limit:.0f} s and was stopped") from None
