"""Where this charter came from, so that a new organisation's CI can use the same release.

``charter init`` writes a workflow that sets charter up with this repository's GitHub Action
(``action.yml``), pinned: ``uses: OWNER/REPO@REF``. The reference is what the user passes with
``--charter-from``, or else what charter can tell about its own installation: a pip install from
a GitHub repository records the repository and revision (PEP 610's ``direct_url.json``); a
checkout of charter knows its ``origin`` remote and the tag or commit it is at.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

_ACTION = re.compile(
    r"(?P<repo>[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+)(?P<path>(?:/[A-Za-z0-9._-]+)*)@(?P<ref>[A-Za-z0-9._/-]+)"
)
_LOCAL = re.compile(r"\./(?:[A-Za-z0-9._-]+/?)*")
_GITHUB = re.compile(r"(?:git\+)?(?:https://|ssh://git@|git@)github\.com[:/](?P<repo>[^/\s]+/[^/\s]+?)(?:\.git)?/?")


class SourceError(ValueError):
    """The release to pin cannot be named or found; the message says what to pass instead."""


@dataclass(frozen=True)
class Source:
    """One release of charter, as a workflow's ``uses:`` and as a pip requirement."""

    action: str
    pip: str


def parse(spec: str) -> Source:
    """``OWNER/REPO@REF`` (a GitHub repository and a tag or commit), or ``./PATH`` (charter
    inside the organisation's own repository)."""
    if _LOCAL.fullmatch(spec):
        return Source(spec, spec)
    match = _ACTION.fullmatch(spec)
    if match is None:
        raise SourceError(
            f"--charter-from {spec!r}: expected OWNER/REPO@REF, a GitHub repository holding charter and a "
            "release tag or commit (for example your-org/charter@v0.1.0), or ./PATH inside the new repository"
        )
    subdirectory = f"#subdirectory={match['path'][1:]}" if match["path"] else ""
    return Source(spec, f"charter @ git+https://github.com/{match['repo']}@{match['ref']}{subdirectory}")


def _git(checkout: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(checkout), *args], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def from_checkout(checkout: Path) -> Source | None:
    """A checkout of charter whose ``origin`` is on GitHub: its tag at HEAD, else HEAD's commit."""
    remote = _git(checkout, "remote", "get-url", "origin")
    match = _GITHUB.fullmatch(remote or "")
    if match is None:
        return None
    ref = _git(checkout, "describe", "--tags", "--exact-match", "HEAD") or _git(checkout, "rev-parse", "HEAD")
    return parse(f"{match['repo']}@{ref}") if ref else None


def from_installation(direct_url: str | None, package_dir: Path) -> Source | None:
    """The release this charter was installed from, where it can be told."""
    data = json.loads(direct_url) if direct_url else {}
    vcs = data.get("vcs_info") or {}
    match = _GITHUB.fullmatch(data.get("url", ""))
    if vcs.get("vcs") == "git" and match is not None:
        ref = vcs.get("requested_revision") or vcs.get("commit_id")
        return parse(f"{match['repo']}@{ref}") if ref else None
    url = urlparse(data.get("url", ""))
    checkout = Path(unquote(url.path)) if url.scheme == "file" else package_dir.parent
    return from_checkout(checkout) if (checkout / ".git").exists() else None


# What a new repository's workflow names while charter's release is unknown: a path inside the
# repository itself, which holds no such folder, so the line can never run anyone's code (an
# account's name could be taken by someone); the step fails saying it cannot find the folder,
# whose name says what to do, until `charter pin` names the release.
UNPINNED = Source("./charter-release-not-pinned--run-charter-pin", "charter @ git+https://github.com/OWNER/charter@TAG")
SET_UP_STEP = "- name: Set up charter"  # the workflow's steps whose uses: line `charter pin` rewrites


def detect() -> Source | None:
    """The release this charter came from, or None when it cannot tell (a clone with no GitHub
    remote, a wheel built locally)."""
    try:
        direct_url = metadata.distribution("charter").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        direct_url = None
    return from_installation(direct_url, Path(__file__).resolve().parents[1])  # the package charter/
