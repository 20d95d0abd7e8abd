"""What ``charter init`` does to a new repository after writing its files, and what ``charter
pin`` does later: the first git commit, and the release of charter its CI sets up.

A workflow names charter's Action on the ``uses:`` line of each step named "Set up charter …";
``charter pin`` rewrites those lines, and the install line of the README ``init`` wrote, so the
first pin and every later upgrade are one command and one reviewed commit.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from charter.author.provenance import SET_UP_STEP, UNPINNED, Source
from charter.core import writer
from charter.core.files import nearest_holding

WORKFLOW = ".github/workflows/charter.yml"
_USES = re.compile(r"^(?P<lead>\s*uses:\s*)(?P<value>\S+)(?P<tail>.*)$")
_INSTALL = re.compile(r'(pip install )"[^"\n]*"')  # the README's install line


class PinError(Exception):
    """The workflow cannot be pinned; the message says why and what to do instead."""


def find_repository(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding charter's workflow, looking no higher
    than the repository's top folder (charter's own checkout holds a workflow too)."""
    return nearest_holding(start, WORKFLOW)


def pinned(text: str, action: str) -> tuple[str, int]:
    """The workflow's text with the ``uses:`` of each step named "Set up charter …" set to
    ``action`` — wherever it stands among the step's keys — and how many steps were pinned."""
    lines = text.splitlines(keepends=True)
    changed = 0
    for number, line in enumerate(lines):
        if not line.strip().startswith(SET_UP_STEP):
            continue
        dash = len(line) - len(line.lstrip())
        for below in range(number + 1, len(lines)):
            body = lines[below]
            indent = len(body) - len(body.lstrip())
            if body.strip() and (indent <= dash):  # the next step, or the end of the steps
                break
            match = _USES.match(body.rstrip("\r\n"))
            if match:
                ending = body[len(body.rstrip("\r\n")) :]
                lines[below] = f"{match['lead']}{action}{match['tail']}{ending}"
                changed += 1
                break
    return "".join(lines), changed


def pin(repo: Path, source: Source) -> list[str]:
    """Pin ``repo``'s workflow (and its README's install line) to ``source``; the files changed.
    Refused, with nothing written, when a step would be left unpinned."""
    workflow = repo / WORKFLOW
    try:
        text = workflow.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PinError(f"cannot read {workflow}: {getattr(exc, 'strerror', None) or exc}") from None
    new_text, steps = pinned(text, source.action)
    if not steps:
        raise PinError(
            f"{workflow} has no step named '{SET_UP_STEP.removeprefix('- name: ')} …' with a uses: line; "
            f"change the uses: line that sets charter up by hand, to: uses: {source.action}"
        )
    left = [n for n, line in enumerate(new_text.splitlines(), start=1) if UNPINNED.action in line]
    if left:
        raise PinError(
            f"{workflow}:{left[0]} still says {UNPINNED.action} outside a 'Set up charter' step; change "
            f"{'that line' if len(left) == 1 else f'those {len(left)} lines'} by hand to: uses: {source.action}"
        )
    files = {WORKFLOW: new_text}
    readme = repo / "README.md"
    if readme.is_file():
        from charter.author.scaffold import PIN  # the README's note that the release is not pinned yet

        old = readme.read_bytes().decode("utf-8", "replace")
        crlf = "\r\n" in old
        updated = _INSTALL.sub(lambda m: f'{m[1]}"{source.pip}"', old.replace("\r\n", "\n").replace(PIN, ""))
        files["README.md"] = updated.replace("\n", "\r\n") if crlf else updated
    changed = {rel: body for rel, body in files.items() if body.encode() != (repo / rel).read_bytes()}
    if changed:
        writer.write(repo, changed, replace=set(changed))
    return sorted(changed)


@dataclass(frozen=True)
class Committed:
    """What became of the first commit: ``done``, or what to type to finish it."""

    done: bool
    said: str


def first_commit(repo: Path, message: str) -> Committed | None:
    """``git init`` on branch main (or the empty clone ``repo`` already is), every file added, and
    the first commit; None without git. Without a name and e-mail for git, or when the commit
    does not finish (a hook, signing that waits for a passphrase), the files are left staged and
    ``said`` has the commands."""

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", *args], cwd=repo, capture_output=True, text=True, timeout=60, check=False, stdin=subprocess.DEVNULL
        )

    commit = shlex.join(["git", "-C", str(repo), "commit", "-m", message])
    try:
        made = _repository(repo, git)
        if isinstance(made, Committed):
            return made
        added = git("add", "--all")
        if added.returncode != 0:
            return Committed(False, f"git add failed ({_said(added)}); add and commit the files yourself")
        done = git("commit", "--quiet", "--message", message)
    except OSError:
        return None
    except subprocess.TimeoutExpired:
        return Committed(
            False, f"the first commit did not finish within 60 s (a hook, or signing?); the files are staged: {commit}"
        )
    if done.returncode == 0:
        return Committed(True, f"made the first commit on branch {made}")
    if "user.email" in done.stderr or "user.name" in done.stderr or "identity" in done.stderr:
        return Committed(
            False,
            "git does not know your name yet, so the files are staged but not committed; run: "
            'git config --global user.name "Your Name" && git config --global user.email you@example.com, then '
            + commit,
        )
    return Committed(False, f"the first commit failed ({_said(done)}); the files are staged: {commit}")


def _said(done: subprocess.CompletedProcess[str]) -> str:
    return (done.stderr.strip() or done.stdout.strip() or f"exit status {done.returncode}").splitlines()[-1]


def _repository(repo: Path, git: Callable[..., subprocess.CompletedProcess[str]]) -> str | Committed:
    """The branch the first commit goes on, after ``git init`` where needed; a Committed saying
    why there is none (``repo`` inside another repository)."""
    around = git("rev-parse", "--show-toplevel")
    if around.returncode == 0 and around.stdout.strip():
        top = Path(around.stdout.strip())
        if top.resolve() == repo.resolve():  # an empty clone: "create it on GitHub, clone, charter init"
            branch = git("symbolic-ref", "--short", "HEAD")
            return branch.stdout.strip() or "main"
        # As cargo new does: no repository inside another. GitHub reads workflows and CODEOWNERS
        # only at a repository's top, so say how to make this one a repository of its own.
        return Committed(
            False,
            f"it is inside the git repository {top}, so no new one was made; GitHub runs its workflow only from "
            f"a repository's top folder: make it one with git -C {shlex.quote(str(repo))} init -b main, or move it",
        )
    started = git("init", "--quiet", "--initial-branch=main")
    if started.returncode != 0 and "initial-branch" in started.stderr:  # git before 2.28
        started = git("init", "--quiet")
        if started.returncode == 0:
            git("symbolic-ref", "HEAD", "refs/heads/main")
    if started.returncode != 0:
        return Committed(False, f"git init failed ({_said(started)}); make the repository with git init")
    return "main"
