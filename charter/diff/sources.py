"""The two sides of a diff: an organisation folder, or the same folder at a git revision."""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path

from charter.core.suggest import hint_for

SHOWN = 8  # branch and tag names listed when none is close to what was typed


class SourceError(Exception):
    """A side of the diff cannot be read; the message says why."""


class _NoGit(Exception):
    """git itself could not run: not installed, or it did not answer in time."""


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        # In English whatever the user's locale: a message is recognised by its words.
        env = {**os.environ, "LC_ALL": "C", "LANGUAGE": "C"}
        return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, timeout=120, check=False)
    except FileNotFoundError:
        raise _NoGit("git is not installed (or not on PATH)") from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _NoGit(f"git could not run: {exc}") from None


def _said(done: subprocess.CompletedProcess[bytes]) -> str:
    return done.stderr.decode("utf-8", "replace").strip().removeprefix("fatal: ")


def _refs(top: Path) -> list[str]:
    """Branch, tag and remote-branch names, for a "did you mean"."""
    done = _git(["for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/tags", "refs/remotes"], top)
    return done.stdout.decode("utf-8", "replace").split() if done.returncode == 0 else []


def materialise(spec: str, org_dir: str, workspace: Path) -> tuple[str, str]:
    """(folder to validate, label) for ``spec``: an existing folder as it is, otherwise a git
    revision, whose copy of ``org_dir`` is extracted into ``workspace``."""
    if Path(spec).is_dir():
        return spec, spec
    neither = f"'{spec}' is neither a folder nor a git revision"
    if Path(spec).exists():
        raise SourceError(f"'{spec}' is a file; give an organisation folder or a git revision (main, HEAD~1)")
    org = Path(org_dir).resolve()
    if not org.is_dir():
        raise SourceError(
            f"'{spec}' is not a folder, and there is no organisation folder '{org_dir}' to look it up in git; "
            "run charter diff in the repository's top folder, or name the organisation folder with --org"
        )
    try:
        top_done = _git(["rev-parse", "--show-toplevel"], org)
        if top_done.returncode != 0:
            if "not a git repository" in _said(top_done):
                raise SourceError(
                    f"'{spec}' is not a folder, and '{org_dir}' is not in a git repository, so there are no "
                    "revisions to compare with; run charter diff inside the repository, or compare two folders: "
                    "charter diff OLD NEW"
                )
            raise SourceError(f"git cannot read the repository holding '{org_dir}': {_said(top_done)}")
        top = Path(top_done.stdout.decode().strip())
        # An option-like spec ("-p") would be read by git as an option, not a revision.
        found = None if spec.startswith("-") else _git(["rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}"], top)
        if found is None or found.returncode != 0:
            refs = _refs(top)
            if not refs and _git(["rev-parse", "--verify", "--quiet", "HEAD"], top).returncode != 0:
                raise SourceError(f"{neither}: the repository has no commits yet; commit first, then compare")
            hint = hint_for(spec, refs)
            if not hint:
                listed = ", ".join(refs[:SHOWN]) + (f" and {len(refs) - SHOWN} more" if len(refs) > SHOWN else "")
                hint = f"the branches and tags are: {listed}" if refs else "(git branch and git tag list them)"
            raise SourceError(f"{neither}; {hint}")
        commit = found.stdout.decode().strip()
        rel = org.relative_to(top).as_posix()
        if _git(["cat-file", "-e", f"{commit}:{rel}" if rel != "." else commit], top).returncode != 0:
            # The pull request that adds charter to a repository: everything in it is new.
            return str(Path(tempfile.mkdtemp(prefix="empty-", dir=workspace))), f"{spec} ({commit[:10]}, before {rel}/)"
        archived = _git(["archive", "--format=tar", commit, "--", rel], top)
        if archived.returncode != 0:
            raise SourceError(f"git cannot extract '{rel}' at {spec}: {_said(archived)}")
    except _NoGit as exc:
        raise SourceError(
            f"'{spec}' is not a folder, and {exc}, so charter cannot read revisions; install git "
            "(sudo apt-get install git), or compare two folders: charter diff OLD NEW"
        ) from None
    target = Path(tempfile.mkdtemp(prefix="side-", dir=workspace))
    _extract(archived.stdout, target)
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
