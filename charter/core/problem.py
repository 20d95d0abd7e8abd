"""The one value every stage returns: a problem found in the organisation's files.

Stages never print; they return problems, and only the command line decides how to show them
and which exit code they mean. A problem names its file inside the organisation folder
(``roles/agent.yaml``); the path a person reads (``org/roles/agent.yaml``) is made where it is
shown (:func:`shown_path`), from the folder the command was given.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding, located in a file.

    ``path`` is the file inside the organisation folder, with forward slashes (``roles/x.yaml``;
    a folder ends in ``/``); ``line`` and ``column`` are 1-based, 0 when the problem concerns a
    whole file or folder. ``key_path`` is the dotted path of the key inside the file
    (``steps[2].accountable``). ``target`` names the thing the problem is about
    (``role:service-lead``) so that a waiver can silence it.
    """

    path: str
    line: int
    column: int
    code: str
    name: str
    severity: Severity
    message: str
    hint: str = ""
    key_path: str = ""
    target: str = ""

    def sort_key(self) -> tuple[str, int, int, str, str]:
        # In the order they are shown: a file name that is not UTF-8 sorts by its escaped bytes.
        return (shown_path(".", self.path), self.line, self.column, self.code, self.message)


def format_key_path(parts: tuple[str | int, ...]) -> str:
    """``("steps", 2, "accountable")`` → ``steps[2].accountable``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def shown_path(org_dir: str, rel: str) -> str:
    """A path inside the organisation folder as the user would type it: the folder they named,
    then the path (a file name that is not UTF-8 shows its bytes as escapes)."""
    base = org_dir.rstrip("/\\") or "."
    shown = rel if base == "." else f"{base}/{rel}"
    return shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass(frozen=True)
class Coverage:
    """How many files were read, and what one run could not check: the files not wholly checked
    (``unread``: those that dropped out, as they could not be read or nothing of them fitted
    their model, and those checked only in part, as some of their values did not: ``partial``;
    paths inside the organisation folder), and the rules left out because they draw
    conclusions from those files or from ids that do not resolve."""

    files: int
    unread: tuple[str, ...] = ()
    unchecked: tuple[str, ...] = ()
    partial: tuple[str, ...] = ()  # among ``unread``: checked without the values that do not fit


@dataclass(frozen=True)
class Findings:
    """A validation's problems as a reporter shows them: with what was covered, the folder the
    paths are inside, and the text of each file a problem is in (as the loader read it, for the
    excerpt under the problem)."""

    problems: tuple[Problem, ...]
    coverage: Coverage
    org_dir: str
    texts: Mapping[str, str] = field(default_factory=dict)

    def shown(self, problem: Problem) -> str:
        return shown_path(self.org_dir, problem.path)
