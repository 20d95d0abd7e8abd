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
    _extract(archive, target)
    folder = target / rel
    if not folder.is_dir():
        raise SourceError(f"'{rel}' does not exist at {spec}")
    return str(folder), f"{spec} ({commit[:10]})"


def _extract(archive: bytes, target: Path) -> None:
    """Unpack ``git archive`` output: folders, files and links, each kept inside ``target``.

    By hand rather than ``extractall(filter="data")``, which Python gained only in 3.11.4 (Debian
    12 has 3.11.2). A link is made as a link, never followed, so the loader reports it as it does
    in a working tree; nothing is written through one."""
    root = target.resolve()
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar:
            dest = (root / member.name).resolve() if not member.issym() else root / member.name
            parent = dest.parent.resolve()
            if Path(member.name).is_absolute() or ".." in Path(member.name).parts or not parent.is_relative_to(root):
                raise SourceError(f"git archive holds a path outside the folder: {member.name!r}")
            if member.isdir():
                dest.mkdir(parents=True, exist_ok=True)
            elif member.isfile():
                parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                assert source is not None  # a regular file always has content
                dest.write_bytes(source.read())
            elif member.issym():
                parent.mkdir(parents=True, exist_ok=True)
                dest.symlink_to(member.linkname)
