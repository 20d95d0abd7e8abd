"""The line a problem is on, with a caret under its column, as compilers known for their
messages (Elm, rustc) show it: the manager sees what charter saw without opening the file.
The text is the one the loader read (never a second read of a file that may have changed)."""

from __future__ import annotations

import re
from collections.abc import Mapping

WIDTH = 100  # characters of a long line shown around the column
_TOKEN = re.compile(r"[^\s,\]}]+")


class Excerpts:
    """The lines of each file a problem is in, split once, from the text the loader read."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self._texts = texts
        self._lines: dict[str, list[str] | None] = {}

    def at(self, path: str, line: int, column: int) -> list[str]:
        """Two lines to print under a problem: the source line and the caret; none when the file
        cannot be shown (unreadable, too large, or the problem concerns the whole file)."""
        if line < 1 or column < 1:
            return []
        lines = self._read(path)
        if lines is None or line > len(lines):
            return []
        text = lines[line - 1]
        start = max(0, min(column - 1 - WIDTH // 2, len(text) - WIDTH))
        shown = text[start : start + WIDTH]
        at = min(column - 1 - start, len(shown))
        token = _TOKEN.match(shown, at)
        width = max(1, len(token.group()) if token is not None else 1)
        gutter = f"{line:>5} | "
        return [
            gutter + _visible(("…" if start else "") + shown),
            " " * (len(gutter) - 2) + "| " + " " * (at + (1 if start else 0)) + "^" * width,
        ]

    def _read(self, path: str) -> list[str] | None:
        if path not in self._lines:
            text = self._texts.get(path)  # "" for an empty file: its one line is shown, empty
            self._lines[path] = text.split("\n") if text is not None else None
        return self._lines[path]


def _visible(text: str) -> str:
    """A line safe to print: a tab as one arrow (so the caret stays under its column), and any
    control, bidirectional or invisible character as a replacement mark, never raw."""
    from charter.load.yamlfile import FORBIDDEN  # here: the loader's imports are not a report's

    text = text.rstrip("\r").replace("\t", "→")
    return FORBIDDEN.sub("\ufffd", text)
