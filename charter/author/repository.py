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
from dataclasses import dataclass
from pathlib import Path

from charter.author.provenance import SET_UP_STEP, Source
from charter.core import writer

WORKFLOW = ".github/workflows/charter.yml"
_USES = re.compile(r"^(?P<lead>\s*uses:\s*)(?P<value>\S+)(?P<tail>.*)$")
_INSTALL = re.compile(r'"charter @ [^"\n]*"')


class PinError(Exception):
    """The workflow cannot be pinned; the message says why and what to do instead."""


def find_repository(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding charter's workflow."""
    for folder in (start, *start.parents):
        if (folder / WORKFLOW).is_file():
            return folder
    return None


def pinned(text: str, action: str) -> tuple[str, int]:
    """The workflow's text with each set-up step's ``uses:`` set to ``action``, and how many."""
    lines = text.splitlines(keepends=True)
    changed = 0
    for number, line in enumerate(lines[:-1]):
        if line.strip().startswith(SET_UP_STEP):
            match = _USES.match(lines[number + 1].rstrip("\n"))
            if match:
                ending = "\n" if lines[number + 1].endswith("\n") else ""
                lines[number + 1] = f"{match['lead']}{action}{match['tail']}{ending}"
                changed += 1
    return "".join(lines), changed


def pin(repo: Path, source: Source) -> list[str]:
    """Pin ``repo``'s workflow (and its README's install line) to ``source``; the files changed."""
    workflow = repo / WORKFLOW
    try:
        text = workflow.read_text(encoding="utf-8")
    except OSError as exc:
        raise PinError(f"cannot read {workflow}: {exc.strerror}") from None
    new_text, steps = pinned(text, source.action)
    if not steps:
        raise PinError(
            f"{workflow} has no step named '{SET_UP_STEP.removeprefix('- name: ')} …' followed by its uses: line; "
            f"change the uses: line that sets charter up by hand, to: uses: {source.action}"
        )
    files = {WORKFLOW: new_text}
    readme = repo / "README.md"
    if readme.is_file():
        from charter.author.scaffold import PIN  # the README's note that the release is not pinned yet

        old = readme.read_text(encoding="utf-8").replace(PIN, "")
        files["README.md"] = _INSTALL.sub(lambda _m: f'"{source.pip}"', old)
    changed = {rel: body for rel, body in files.items() if body != (repo / rel).read_text(encoding="utf-8")}
    if changed:
        writer.write(repo, changed, replace=set(changed))
    return sorted(changed)


@dataclass(frozen=True)
class Committed:
    """What became of the first commit: ``done``, or what to type to finish it."""

    done: bool
    said: str


def first_commit(repo: Path, message: str) -> Committed | None:
    """``git init`` on branch main, every file added, and the first commit; None without git.
    Without a name and e-mail for git, the files are left staged and ``said`` has the commands."""

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", *args], cwd=repo, capture_output=True, text=True, timeout=60, check=False, stdin=subprocess.DEVNULL
        )

    try:
        around = git("rev-parse", "--show-toplevel")  # run in the new folder: finds a repository above it
        if around.returncode == 0 and around.stdout.strip():
            # As cargo new does: a repository inside another is rarely meant (a monorepo's folder).
            return Committed(
                False,
                f"it is inside the git repository {around.stdout.strip()}, so no new one was made; commit it there",
            )
        started = git("init", "--quiet", "--initial-branch=main")
    except (OSError, subprocess.TimeoutExpired):
        return None
    if started.returncode != 0:
        return Committed(False, f"git init failed: {started.stderr.strip()}")
    git("add", "--all")
    done = git("commit", "--quiet", "--message", message)
    if done.returncode == 0:
        return Committed(True, "made the first commit on branch main")
    if "user.email" in done.stderr or "user.name" in done.stderr or "identity" in done.stderr:
        return Committed(
            False,
            "git does not know your name yet, so the files are staged but not committed; run: "
            'git config --global user.name "Your Name" && git config --global user.email you@example.com, then '
            + shlex.join(["git", "-C", str(repo), "commit", "-m", message]),
        )
    return Committed(False, f"the first commit failed ({done.stderr.strip()}); the files are staged")
