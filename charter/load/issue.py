"""The loader's one value before a problem's file is known: what is wrong, and where in the text.

Every part of the loader (decoding, parsing, the plain-words YAML errors of :mod:`charter.load.syntax`)
says what it finds with a :class:`FileIssue`; :mod:`charter.load.discover` ties each to its file as
a :class:`~charter.core.problem.Problem`, the only kind of problem that leaves the load stage.
"""

from __future__ import annotations

from dataclasses import dataclass

from charter.core.codes import CodeId


@dataclass(slots=True)
class FileIssue:
    """A loader problem before it is tied to a path: code, 1-based position, message, hint."""

    code: CodeId
    line: int
    column: int
    message: str
    hint: str = ""
    key_path: str = ""
    # A fatal issue leaves no data to check; the others are reported and the file is still read
    # (the first of two duplicate keys, a value that YAML took for a comment), so that one run
    # reports the file's other mistakes too.
    fatal: bool = True
