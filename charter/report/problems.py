"""Show problems: as text for people, JSON for programs, annotations for GitHub Actions.

Each reporter takes a validation's :class:`~charter.core.problem.Findings` and makes the paths a
person reads from the folder the command was given. The JSON structure is versioned and
documented in the README; fields are only ever added.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from charter.core.problem import Coverage, Findings, Problem, Severity, shown_path
from charter.core.words import count
from charter.report.excerpt import Excerpts

JSON_VERSION = 1


def _counts(problems: Sequence[Problem]) -> dict[str, int]:
    return {
        "errors": sum(1 for p in problems if p.severity is Severity.ERROR),
        "warnings": sum(1 for p in problems if p.severity is Severity.WARNING),
        "infos": sum(1 for p in problems if p.severity is Severity.INFO),
    }


def summary_line(findings: Findings) -> str:
    problems, files = findings.problems, findings.coverage.files
    counts = _counts(problems)
    where = f"in {count(files, 'file')}"
    if not problems:
        line = f"no problems {where}"
    else:
        parts = [count(counts["errors"], "error"), count(counts["warnings"], "warning")]
        if counts["infos"]:
            parts.append(count(counts["infos"], "note"))
        line = f"{', '.join(parts)} {where}"
    return line + "".join(f"\n{note}" for note in coverage_notes(findings.coverage, findings.org_dir))


def coverage_notes(coverage: Coverage, org_dir: str) -> list[str]:
    """What one run could not check, so that nobody mistakes the count for everything."""
    notes = []
    partial = set(coverage.partial)
    dropped = [u for u in coverage.unread if u not in partial]
    if dropped:
        notes.append(
            f"{count(len(dropped), 'file')} left out of the other checks until the errors above are fixed: "
            + ", ".join(one_line(shown_path(org_dir, u)) for u in dropped)
        )
    if coverage.partial:
        notes.append(
            f"{count(len(coverage.partial), 'file')} checked without the values above that do not fit; "
            "fixing them may show more: " + ", ".join(one_line(shown_path(org_dir, u)) for u in coverage.partial)
        )
    if coverage.unchecked:
        notes.append(f"rules not run until the errors above are fixed: {', '.join(coverage.unchecked)}")
    return notes


def one_line(text: str) -> str:
    """User text on one line: a newline in a name must not split a problem across lines."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def location(problem: Problem, org_dir: str) -> str:
    path = shown_path(org_dir, problem.path)
    return f"{path}:{problem.line}:{problem.column}" if problem.line else path


def text(findings: Findings, color: bool = False) -> str:
    paint: Callable[[str, Severity], str] = _paint if color else (lambda s, _sev: s)
    lines = []
    excerpts = Excerpts(findings.texts)
    for p in findings.problems:
        where = one_line(location(p, findings.org_dir))
        lines.append(f"{where}: {paint(p.severity.value, p.severity)} {p.code} {one_line(p.message)} [{p.name}]")
        lines.extend(excerpts.at(p.path, p.line, p.column))
        if p.key_path:
            lines.append(f"    key: {one_line(p.key_path)}")
        if p.hint:
            lines.append(f"    hint: {one_line(p.hint)}")
    lines.append(summary_line(findings))
    return "\n".join(lines) + "\n"


_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(word: str, severity: Severity) -> str:
    return f"\x1b[{_COLORS[severity]}m{word}\x1b[0m"


def problem_json(p: Problem, org_dir: str) -> dict[str, object]:
    """One problem as the JSON of validate (and of the MCP server's findings) gives it."""
    return {
        "path": shown_path(org_dir, p.path),
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


def as_json(findings: Findings) -> str:
    coverage = findings.coverage
    document = {
        "version": JSON_VERSION,
        "org": findings.org_dir,
        "summary": {
            **_counts(findings.problems),
            "files": coverage.files,
            "unread": [shown_path(findings.org_dir, u) for u in coverage.unread],
            "unchecked_rules": list(coverage.unchecked),
            "partial": [shown_path(findings.org_dir, u) for u in coverage.partial],
        },
        "problems": [problem_json(p, findings.org_dir) for p in findings.problems],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def github(findings: Findings) -> str:
    """Workflow commands: each problem becomes an annotation on its file and line."""
    lines = []
    for p in findings.problems:
        props = [f"file={escape_property(shown_path(findings.org_dir, p.path))}"]
        if p.line:
            props += [f"line={p.line}", f"col={p.column}"]
        props.append(f"title={escape_property(f'{p.code} {p.name}')}")
        body = p.message + (f"\n{p.hint}" if p.hint else "")
        lines.append(f"::{_GITHUB_LEVEL[p.severity]} {','.join(props)}::{escape_data(body)}")
    lines.append(summary_line(findings))
    return "\n".join(lines) + "\n"


Reporter = Callable[[Findings, bool], str]

# The formats of `charter validate --format`, by name: one place to add a format, and the choices
# the command line offers are read from here. Each takes the findings and whether to colour.
PROBLEM_FORMATS: dict[str, Reporter] = {
    "text": text,
    "json": lambda findings, _color: as_json(findings),
    "github": lambda findings, _color: github(findings),
}
