"""The diff as Markdown for people (a pull request's job summary) or JSON for programs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from charter.core.problem import Coverage, Problem, shown_path
from charter.diff.compare import Change
from charter.diff.consequences import BETTER, WORSE, Consequence, worse_first
from charter.render.escape import md_text as md
from charter.report.problems import escape_data, escape_property
from charter.schema.kinds import KINDS

# The order of a review: what the customer is promised first, then who does it.
SCOPES = tuple((kind.key, kind.heading) for kind in sorted(KINDS.values(), key=lambda kind: kind.review))
NO_CHANGES = "No changes to responsibilities."
JSON_VERSION = 1  # fields are only ever added
NOT_CHECKED = "Not checked, because of the errors this change introduces (fix them, and these are checked again)"


@dataclass(frozen=True)
class DiffFinding:
    code: str
    name: str
    severity: str
    message: str
    where: str  # the file, relative to the organisation folder

    @classmethod
    def of(cls, problem: Problem) -> DiffFinding:
        where = shown_path(".", problem.path)  # inside the folder, a name that is not UTF-8 escaped
        return cls(problem.code, problem.name, problem.severity.value, problem.message, where)


@dataclass(frozen=True)
class Diff:
    base: str
    head: str
    changes: list[Change]
    introduced: list[DiffFinding]
    fixed: list[DiffFinding]
    unchecked: list[DiffFinding] = field(default_factory=list)  # gone only because not checked
    consequences: list[Consequence] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.changes or self.introduced or self.fixed or self.unchecked or self.consequences)


@dataclass(frozen=True)
class FindingsDiff:
    introduced: list[DiffFinding]
    fixed: list[DiffFinding]
    unchecked: list[DiffFinding]


def findings_diff(base: Sequence[Problem], head: Sequence[Problem], head_coverage: Coverage) -> FindingsDiff:
    """The findings the change introduces, those it fixes, and those gone only because the head
    did not check them: their rule was left out, or their file dropped out, because of an error
    (a finding that was not checked must never be reported as fixed)."""
    # Line numbers move with every edit; a finding is the same if its code, file and words are.
    before = {DiffFinding.of(p) for p in base}
    after = {DiffFinding.of(p) for p in head}
    order = lambda f: (f.where, f.code, f.message)  # noqa: E731
    left_out = set(head_coverage.unchecked)
    unread = {shown_path(".", rel) for rel in head_coverage.unread}
    gone = before - after
    unchecked = {f for f in gone if f.name in left_out or f.where in unread}
    return FindingsDiff(
        sorted(after - before, key=order), sorted(gone - unchecked, key=order), sorted(unchecked, key=order)
    )


SUMMARY = ((WORSE, "What gets worse"), (BETTER, "What gets better"))
SUMMARY_MOST = 15  # a reorganisation's summary stays a summary: the rest is in the detail
MARK = {WORSE: "**Worse:** ", BETTER: "**Better:** "}


def markdown(diff: Diff) -> str:
    lines = ["## What this change does to responsibilities", "", f"*{md(diff.base)} → {md(diff.head)}*", ""]
    if diff.empty:
        return "\n".join([*lines, NO_CHANGES, ""])
    lines += _summary(diff.consequences)
    for scope, heading in SCOPES:
        lines += _scope(scope, heading, diff)
    if diff.introduced or diff.fixed or diff.unchecked:
        lines += ["### Rule findings", ""]
        groups = (
            ("Introduced by this change", diff.introduced),
            ("Fixed by this change", diff.fixed),
            (NOT_CHECKED, diff.unchecked),
        )
        for label, group in groups:
            if group:
                lines += [f"**{label}**", ""]
                lines += [f"- {f.severity} {f.code} {f.name}: {md(f.message)} ({md(f.where)})" for f in group]
                lines.append("")
    return "\n".join(lines)


def _summary(found: list[Consequence]) -> list[str]:
    """One sentence a consequence, worse first, each naming its promise, role or person."""
    lines: list[str] = []
    shown = list(worse_first(found))
    for effect, heading in SUMMARY:
        mine = [c for c in shown if c.effect == effect]
        if mine:
            lines += [f"### {heading}", ""]
            lines += [f"- **{md(c.name)}**: {md(c.text)}" for c in mine[:SUMMARY_MOST]]
            if len(mine) > SUMMARY_MOST:
                lines.append(f"- … and {len(mine) - SUMMARY_MOST} more, under each promise, role and person below.")
            lines.append("")
    return lines


def _scope(scope: str, heading: str, diff: Diff) -> list[str]:
    """The detail for one kind of subject: under each, what follows from the change, then the edits."""
    subjects: dict[str, tuple[str, list[str]]] = {}
    for c in diff.consequences:
        if c.scope == scope:
            subjects.setdefault(c.subject, (c.name, []))[1].append(MARK.get(c.effect, "") + md(c.text))
    for change in diff.changes:
        if change.scope == scope:
            subjects.setdefault(change.subject, (change.name, []))[1].append(md(change.text))
    if not subjects:
        return []
    lines = [f"### {heading}", ""]
    for _subject, (name, items) in sorted(subjects.items(), key=lambda s: (s[1][0].casefold(), s[0])):
        if scope != "organisation":
            lines += [f"#### {md(name)}", ""]
        lines += [f"- {item}" for item in items]
        lines.append("")
    return lines


def as_json(diff: Diff) -> str:
    document: dict[str, Any] = {
        "version": JSON_VERSION,
        "base": diff.base,
        "head": diff.head,
        "changes": [
            {"scope": c.scope, "subject": c.subject, "name": c.name, "kind": c.kind, "text": c.text, **c.data}
            for c in diff.changes
        ],
        "consequences": [
            {
                "kind": c.kind,
                "scope": c.scope,
                "subject": c.subject,
                "name": c.name,
                "effect": c.effect,
                "text": c.text,
                **c.data,
                **({"file": c.at[0], "line": c.at[1]} if c.at else {}),
            }
            for c in diff.consequences
        ],
        "findings": {
            "introduced": [f.__dict__ for f in diff.introduced],
            "fixed": [f.__dict__ for f in diff.fixed],
            "not_checked": [f.__dict__ for f in diff.unchecked],
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def github(diff: Diff, folder: str) -> str:
    """Workflow commands: what gets worse is a warning and what gets better a notice, each on the
    line of the head's file that causes it (``folder``: the organisation folder in the repository)."""
    lines = []
    for c in worse_first(diff.consequences):
        props = []
        if c.at is not None:
            path = folder.rstrip("/") + "/" + c.at[0]
            props += [f"file={escape_property(path)}", f"line={c.at[1]}", f"col={c.at[2]}"]
        props.append(f"title={escape_property(f'charter diff: {c.kind} ({c.effect})')}")
        level = "warning" if c.effect == WORSE else "notice"
        lines.append(f"::{level} {','.join(props)}::{escape_data(f'{c.name}: {c.text}')}")
    return "".join(f"{line}\n" for line in lines)
