"""Show problems: as text for people, JSON for programs, annotations for GitHub Actions.

The JSON structure is versioned and documented in the README; fields are only ever added.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from charter.core.problem import Coverage, Problem, Severity
from charter.core.words import count
from charter.report.excerpt import Excerpts

JSON_VERSION = 1


def _counts(problems: Sequence[Problem]) -> dict[str, int]:
    return {
        "errors": sum(1 for p in problems if p.severity is Severity.ERROR),
        "warnings": sum(1 for p in problems if p.severity is Severity.WARNING),
        "infos": sum(1 for p in problems if p.severity is Severity.INFO),
    }


def summaryone_line(problems: Sequence[Problem], files: int) -> str:
    counts = _counts(problems)
    where = f"in {count(files, 'file')}"
    if not problems:
        line = f"no problems {where}"
    else:
        parts = [count(counts["errors"], "error"), count(counts["warnings"], "warning")]
        if counts["infos"]:
            parts.append(count(counts["infos"], "note"))
        line = f"{', '.join(parts)} {where}"
    return line + "".join(f"\n{note}" for note in coverage_notes(files))


def coverage_notes(files: int) -> list[str]:
    """What one run could not check, so that nobody mistakes the count for everything."""
    if not isinstance(files, Coverage):
        return []
    notes = []
    if files.unread:
        notes.append(
            f"{count(len(files.unread), 'file')} left out of the other checks until the errors above are fixed: "
            + ", ".join(one_line(u) for u in files.unread)
        )
    if files.unchecked:
        notes.append(f"rules not run until the errors above are fixed: {', '.join(files.unchecked)}")
    return notes


def one_line(text: str) -> str:
    """User text on one line: a newline in a name must not split a problem across lines."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def location(problem: Problem) -> str:
    if problem.line:
        return f"{problem.path}:{problem.line}:{problem.column}"
    return problem.path


def text(problems: Sequence[Problem], files: int, color: bool = False) -> str:
    paint: Callable[[str, Severity], str] = _paint if color else (lambda s, _sev: s)
    lines = []
    excerpts = Excerpts()
    for p in problems:
        where = one_line(location(p))
        lines.append(f"{where}: {paint(p.severity.value, p.severity)} {p.code} {one_line(p.message)} [{p.name}]")
        lines.extend(excerpts.at(p.path, p.line, p.column))
        if p.key_path:
            lines.append(f"    key: {one_line(p.key_path)}")
        if p.hint:
            lines.append(f"    hint: {one_line(p.hint)}")
    lines.append(summaryone_line(problems, files))
    return "\n".join(lines) + "\n"


_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(word: str, severity: Severity) -> str:
    return f"\x1b[{_COLORS[severity]}m{word}\x1b[0m"


def problem_json(p: Problem) -> dict[str, object]:
    """One problem as the JSON of validate (and of the MCP server's findings) gives it."""
    return {
        "path": p.path,
        "line": p.line,
        "column": p.column,
        "severity": p.severity.value,
        "code": p.code,
        "rule": p.name,
        "message": p.message,
        "hint": p.hint,
        "key_path": p.key_path,
        "target": p.target,
    }


def as_json(problems: Sequence[Problem], files: int, org_dir: str) -> str:
    unread = list(files.unread) if isinstance(files, Coverage) else []
    unchecked = list(files.unchecked) if isinstance(files, Coverage) else []
    document = {
        "version": JSON_VERSION,
        "org": org_dir,
        "summary": {**_counts(problems), "files": int(files), "unread": unread, "unchecked_rules": unchecked},
        "problems": [problem_json(p) for p in problems],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def github(problems: Sequence[Problem], files: int) -> str:
    """Workflow commands: each problem becomes an annotation on its file and line."""
    lines = []
    for p in problems:
        props = [f"file={_escape_property(p.path)}"]
        if p.line:
            props += [f"line={p.line}", f"col={p.column}"]
        props.append(f"title={_escape_property(f'{p.code} {p.name}')}")
        body = p.message + (f"\n{p.hint}" if p.hint else "")
        lines.append(f"::{_GITHUB_LEVEL[p.severity]} {','.join(props)}::{_escape_data(body)}")
    lines.append(summaryone_line(problems, files))
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Shown:
    """How a validation result is shown: what the face knows that the result does not."""

    org_dir: str
    color: bool = False


Reporter = Callable[[Sequence[Problem], int, Shown], str]

# The formats of `charter validate --format`, by name: one place to add a format, and the choices
# the command line offers are read from here.
PROBLEM_FORMATS: dict[str, Reporter] = {
    "text": lambda problems, files, shown: text(problems, files, color=shown.color),
    "json": lambda problems, files, shown: as_json(problems, files, shown.org_dir),
    "github": lambda problems, files, shown: github(problems, files),
}
