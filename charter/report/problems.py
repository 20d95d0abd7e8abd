"""Show problems: as text for people, JSON for programs, annotations for GitHub Actions.

The JSON structure is versioned and documented in the README; fields are only ever added.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from charter.core.problem import Coverage, Problem, Severity
from charter.report.excerpt import Excerpts

if TYPE_CHECKING:
    from charter.ask.index import Asked
    from charter.ask.index import Index as AskIndex
    from charter.interop.backstage import BackstageImported
    from charter.interop.raci import RaciImported
    from charter.report.examples import Example

JSON_VERSION = 1


def _counts(problems: Sequence[Problem]) -> dict[str, int]:
    return {
        "errors": sum(1 for p in problems if p.severity is Severity.ERROR),
        "warnings": sum(1 for p in problems if p.severity is Severity.WARNING),
        "infos": sum(1 for p in problems if p.severity is Severity.INFO),
    }


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary_line(problems: Sequence[Problem], files: int) -> str:
    counts = _counts(problems)
    where = f"in {_plural(files, 'file')}"
    if not problems:
        line = f"no problems {where}"
    else:
        parts = [_plural(counts["errors"], "error"), _plural(counts["warnings"], "warning")]
        if counts["infos"]:
            parts.append(_plural(counts["infos"], "note"))
        line = f"{', '.join(parts)} {where}"
    return line + "".join(f"\n{note}" for note in coverage_notes(files))


def coverage_notes(files: int) -> list[str]:
    """What one run could not check, so that nobody mistakes the count for everything."""
    if not isinstance(files, Coverage):
        return []
    notes = []
    if files.unread:
        notes.append(
            f"{_plural(len(files.unread), 'file')} left out of the other checks until the errors above are fixed: "
            + ", ".join(_line(u) for u in files.unread)
        )
    if files.unchecked:
        notes.append(f"rules not run until the errors above are fixed: {', '.join(files.unchecked)}")
    return notes


def _line(text: str) -> str:
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
        where = _line(location(p))
        lines.append(f"{where}: {paint(p.severity.value, p.severity)} {p.code} {_line(p.message)} [{p.name}]")
        lines.extend(excerpts.at(p.path, p.line, p.column))
        if p.key_path:
            lines.append(f"    key: {_line(p.key_path)}")
        if p.hint:
            lines.append(f"    hint: {_line(p.hint)}")
    lines.append(summary_line(problems, files))
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
    lines.append(summary_line(problems, files))
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


def raci_imported(done: RaciImported, problems: Sequence[Problem]) -> str:
    """What the import did, the matrix's own findings first (at their rows in the file), then
    the stubs in one line, what was merged, kept as notes, and not imported."""
    report = done.report
    out = f"imported {_plural(report.steps, 'step')} from {done.table} into {done.target}\n"
    out += f"read {report.table + ' ' if report.table else ''}as {report.layout}: {report.why}\n"
    if report.others:
        out += "not the matrix:\n" + "".join(f"  {line}\n" for line in report.others)
    outcome = done.target.stem
    own = [
        p
        for p in problems
        if p.code != "CH311"
        and (
            p.target == f"outcome:{outcome}"
            or p.target.startswith(f"step:{outcome}/")
            or p.path.endswith(f"outcomes/{outcome}.yaml")  # a file error, which names no target
        )
    ]
    if own:
        out += "found in the matrix:\n"
        for p in own:
            step = p.target.split("/", 1)[1] if "/" in p.target else ""
            where = report.at.get(step, f"{done.table.name}")
            out += f"  {where}: {p.severity.value} {p.code} {_line(p.message)}\n"
    else:
        out += "found in the matrix: no problems\n"
    if report.new_roles:
        out += f"new roles, as stubs in team '{done.team}': {', '.join(report.new_roles)}\n"
    out += "".join(f"  {p.severity.value} {p.code} {_line(p.message)}\n" for p in problems if p.code == "CH311")
    for title, which in (
        ("merged", report.merged),
        ("kept, as notes", report.notes),
        ("NOT imported — fix the table or the files", report.unmapped),
    ):
        if which:
            out += f"{title}:\n" + "".join(f"  {line}\n" for line in report.lines(which))
    return out


def backstage_imported(done: BackstageImported) -> str:
    out = (
        f"imported {_plural(done.groups, 'group')} as teams and {_plural(done.users, 'user')} as people "
        f"into {done.org_dir}\n"
    )
    there = done.found_groups - done.groups + done.found_users - done.users
    if there:
        total = done.found_groups + done.found_users
        out += f"{there} of the catalog's {_plural(total, 'entity').replace('entitys', 'entities')} "
        out += f"{'was' if there == 1 else 'were'} there already, and not replaced\n"
    if done.skipped:
        out += "skipped (not Group or User): " + ", ".join(f"{n} {k}" for k, n in sorted(done.skipped.items())) + "\n"
    if done.problems:
        out += "NOT imported or not resolved:\n" + "".join(f"  {p}\n" for p in done.problems)
    return out


def example(code: str, failing: Example, passing: Example) -> str:
    """A code's worked example, as ``charter explain`` shows it: the files, what charter reports,
    and the same files put right."""

    def files(example: Example) -> str:
        out = "".join(f"  (delete {rel})\n" for rel in example.removed)
        for rel, text in example.files.items():
            out += f"  org/{rel}\n" + "".join(f"    | {line}\n" for line in text.splitlines())
        return out

    reported = "".join(f"    {line}\n" for line in failing.expected)
    return (
        f"\nExample — reported: (tests/examples/{code}/fail, laid over a small clean organisation)\n"
        f"{files(failing)}  charter validate reports:\n{reported}"
        f"\nPut right: (tests/examples/{code}/pass)\n{files(passing)}  charter validate reports nothing.\n"
    )


def asked(result: Asked, index: AskIndex) -> str:
    """``charter ask``'s answers as a person reads them: the role, who holds it and how to reach
    them, where to ask, and why it matched."""
    if not result.answers:
        out = f"No role's charter mentions '{result.question}'."
        if result.nearest:
            out += " The nearest subjects:\n" + "".join(f"  - {text}\n" for text in result.nearest)
        else:
            out += " Try other words, or the role's title.\n"
        return out
    lines = []
    for number, answer in enumerate(result.answers, start=1):
        card = answer.card
        lines.append(f"{number}. {card.title} ({card.role}) — {card.team_name}")
        for contact in card.holders:
            reach = [x for x in (contact.email, contact.chat, contact.location) if x]
            lines.append(f"   {contact.name}" + (f": {', '.join(reach)}" if reach else ""))
        if not card.holders:
            cover = index.cards.get(card.escalates_to)
            lines.append("   nobody holds this role now" + (f"; ask {cover.title} ({cover.role})" if cover else ""))
        if answer.channel:
            lines.append(f"   where: {answer.channel}")
        lines += [f"   why: {reason.said(index)}" for reason in answer.reasons]
    return "\n".join(lines) + "\n"


def asked_json(result: Asked, index: AskIndex) -> str:
    return json.dumps(asked_document(result, index), ensure_ascii=False, indent=2) + "\n"


def asked_document(result: Asked, index: AskIndex) -> dict[str, object]:
    """``charter ask --format json``, and the MCP server's ask tool."""
    return {
        "version": JSON_VERSION,
        "question": result.question,
        "answers": [
            {
                "role": a.card.role,
                "title": a.card.title,
                "team": a.card.team,
                "team_name": a.card.team_name,
                "channel": a.channel,
                "holders": [
                    {"id": c.person, "name": c.name, "email": c.email, "chat": c.chat, "location": c.location}
                    for c in a.card.holders
                ],
                "score": a.score,
                "why": [
                    {
                        "kind": r.kind,
                        "text": r.text,
                        "about": r.about,
                        "when": r.when,
                        "not_when": r.not_when,
                        "said": r.said(index),
                    }
                    for r in a.reasons
                ],
            }
            for a in result.answers
        ],
        "nearest": list(result.nearest),
    }
