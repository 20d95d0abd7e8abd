"""The two sides of a diff: an organisation folder, or the same folder at a git revision."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from pathlib import Path


class SourceError(Exception):
    """A side of the diff cannot be read; the message says why."""


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SourceError(f"git could not run: {exc}") from None
    if done.returncode != 0:
        raise SourceError(done.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return done.stdout


def materialise(spec: str, org_dir: str, workspace: Path) -> tuple[str, str]:
    """(folder to validate, label) for ``spec``: an existing folder as it is, otherwise a git
    revision, whose copy of ``org_dir`` is extracted into ``workspace``."""
    if Path(spec).is_dir():
        return spec, spec
    org = Path(org_dir).resolve()
    if not org.is_dir():
        raise SourceError(
            f"'{spec}' is not a folder, and there is no organisation folder '{org_dir}' to look up in git"
        )
    top = Path(_git(["rev-parse", "--show-toplevel"], org).decode().strip())
    rel = org.relative_to(top).as_posix()
    commit = _git(["rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}"], top).decode().strip()
    archive = _git(["archive", "--format=tar", commit, "--", rel], top)
    target = Path(tempfile.mkdtemp(prefix="side-", dir=workspace))
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    folder = target / rel
    if not folder.is_dir():
        raise SourceError(f"'{rel}' does not exist at {spec}")
    return str(folder), f"{spec} ({commit[:10]})"
