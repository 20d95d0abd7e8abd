"""Turn a place in a source file into a :class:`Problem` with its line and column."""

from __future__ import annotations

from charter.core.codes import CodeId
from charter.core.problem import Problem, Severity, format_key_path
from charter.load.discover import SourceFile
from charter.load.tree import locate

KeyPath = tuple[str | int, ...]


def problem_at(
    source: SourceFile,
    key_path: KeyPath,
    *,
    code: str,
    name: str,
    severity: Severity,
    message: str,
    hint: str = "",
    target: str = "",
    at_key: bool = False,
) -> Problem:
    line, column = locate(source.data, key_path, at_key=at_key)
    return Problem(
        source.rel,
        line,
        column,
        code,
        name,
        severity,
        message,
        hint,
        format_key_path(key_path),
        target,
    )


def coded(
    source: SourceFile, key_path: KeyPath, code: CodeId, message: str, hint: str = "", *, at_key: bool = False
) -> Problem:
    """A problem with one of the fixed loader/structure codes."""
    return problem_at(
        source,
        key_path,
        code=code,
        name=code.slug,
        severity=code.severity,
        message=message,
        hint=hint,
        at_key=at_key,
    )
