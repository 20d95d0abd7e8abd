"""The one value every stage returns: a problem found in the organisation's files.

Stages never print; they return problems, and only the command line decides how to show them
and which exit code they mean.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


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

    ``path`` is the file as the user would type it (relative to where charter runs when
    possible); ``line`` and ``column`` are 1-based, 0 when the problem concerns a whole file
    or directory. ``key_path`` is the dotted path of the key inside the file
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
        return (self.path, self.line, self.column, self.code, self.message)


def format_key_path(parts: tuple[str | int, ...]) -> str:
    """``("steps", 2, "accountable")`` → ``steps[2].accountable``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


class Coverage(int):
    """How many files were read (it is that number), and what one run could not check: the
    files that dropped out (they did not parse or fit their model), and the rules left out
    because they draw conclusions from those files or from ids that do not resolve."""

    unread: tuple[str, ...]
    unchecked: tuple[str, ...]

    def __new__(cls, files: int, unread: tuple[str, ...] = (), unchecked: tuple[str, ...] = ()) -> Coverage:
        made = super().__new__(cls, files)
        made.unread = unread
        made.unchecked = unchecked
        return made
