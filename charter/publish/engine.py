"""Run a site engine — ProperDocs, MkDocs or Zensical — on a prepared workspace.

- **ProperDocs** (the default): the maintained continuation of MkDocs 1.x by its maintainers.
  It reads the same ``mkdocs.yml`` and runs Material unchanged; its pages are MkDocs's, byte for
  byte, but for the generator named in each page's head.
- **MkDocs** 1.6: unmaintained since August 2024 ("MkDocs 2.0" cannot run Material). Installed
  while Material's package requires it.
- **Zensical**: the Material team's successor, for small sites (see README, "Engines").

Each is run as a program (``python -m properdocs build``), never imported here: the same
workspace builds with every one, and a crash or a hang in the engine cannot take charter down
with it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from charter.core import cores
from charter.core.cores import die_with_parent

if TYPE_CHECKING:  # the command line reads ENGINES from here: subprocess only when a build runs
    import subprocess

ENGINES = ("properdocs", "mkdocs", "zensical")
DEFAULT = "properdocs"
MKDOCS_LIKE = ("properdocs", "mkdocs")  # one command line, one Python API (charter.publish.parallel)
TIMEOUT_SECONDS = 900.0
SECONDS_A_PAGE = 0.1  # MkDocs takes about 25 ms a page at 20,000 roles: four times that


def time_limit(pages: int) -> float:
    """How long a site program may run before it is taken for hung and stopped: 15 minutes, or a
    tenth of a second a page for a larger site (an organisation of 20,000 roles has 37,000 pages
    and MkDocs alone builds them in about 15 minutes)."""
    return max(TIMEOUT_SECONDS, SECONDS_A_PAGE * pages)


class EngineError(Exception):
    """The site engine failed; the message carries what it said."""


PAGES_A_WORKER = 250  # fewer pages a process than this are not worth a process of their own


def workers(pages: int) -> int:
    """How many processes build the pages: one a core this process may use, one for a small
    site (:func:`charter.core.cores.workers`)."""
    return cores.workers(pages, PAGES_A_WORKER)


def command(engine: str, config: Path, *, pages: int = 0) -> list[str]:
    if engine in MKDOCS_LIKE and (share := workers(pages)) > 1:
        # The page loop on every core (charter.publish.parallel), the site byte for byte the same.
        return [sys.executable, "-m", "charter.publish.parallel", engine, str(config), str(share)]
    return [sys.executable, "-m", engine, "build", "--strict", "--config-file", str(config)]


def available(engine: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(engine) is not None


def run(engine: str, workspace: Path) -> str:
    """Build ``workspace/site`` from ``workspace/docs``; returns what the engine printed."""
    if not available(engine):
        raise EngineError(f"the {engine} engine is not installed (pip install {engine})")
    pages = sum(1 for _ in (workspace / "docs").rglob("*.md"))
    args = command(engine, workspace / "mkdocs.yml", pages=pages)
    done = program(engine, args, workspace, time_limit(pages))
    output = (done.stdout + done.stderr).strip()
    problems = [line for line in output.splitlines() if "WARNING" in line or "ERROR" in line or "Error" in line]
    if done.returncode != 0 or not (workspace / "site" / "index.html").is_file():
        detail = "\n".join(problems[:20]) or output[-2000:]
        raise EngineError(f"{engine} could not build the site:\n{detail}")
    return output


def program(name: str, args: list[str], cwd: Path, limit: float = TIMEOUT_SECONDS) -> subprocess.CompletedProcess[str]:
    """Run one of the site's build programs: output captured, stopped after ``limit`` seconds,
    killed with charter."""
    import subprocess

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
