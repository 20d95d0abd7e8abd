"""The diff as Markdown for people (a pull request's job summary) or JSON for programs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from charter.core.problem import Coverage, Problem, shown_path
from charter.diff.compare import Change
from charter.render.escape import md_text as md
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

    @property
    def empty(self) -> bool:
        return not (self.changes or self.introduced or self.fixed or self.unchecked)


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


def markdown(diff: Diff) -> str:
    lines = ["## What this change does to responsibilities", "", f"*{md(diff.base)} → {md(diff.head)}*", ""]
    if diff.empty:
        return "\n".join([*lines, NO_CHANGES, ""])
    for scope, heading in SCOPES:
        mine = [c for c in diff.changes if c.scope == scope]
        if not mine:
            continue
        lines += [f"### {heading}", ""]
        subjects: dict[str, list[Change]] = {}
        for change in mine:
            subjects.setdefault(change.subject, []).append(change)
        for changes in sorted(subjects.values(), key=lambda cs: (cs[0].name.casefold(), cs[0].subject)):
            if scope != "organisation":
                lines += [f"#### {md(changes[0].name)}", ""]
            lines += [f"- {md(c.text)}" for c in changes]
            lines.append("")
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


def as_json(diff: Diff) -> str:
    document: dict[str, Any] = {
        "version": JSON_VERSION,
        "base": diff.base,
        "head": diff.head,
        "changes": [
            {"scope": c.scope, "subject": c.subject, "name": c.name, "kind": c.kind, "text": c.text, **c.data}
            for c in diff.changes
        ],
        "findings": {
            "introduced": [f.__dict__ for f in diff.introduced],
            "fixed": [f.__dict__ for f in diff.fixed],
            "not_checked": [f.__dict__ for f in diff.unchecked],
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
